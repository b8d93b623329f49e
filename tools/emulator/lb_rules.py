"""The parts of a load balancer that route to pools: pool maps, custom rules and pool sets.

Pure checks of shape and the documented rules; whether a pool id exists is checked by the store
over every reference :func:`lb_pool_refs` finds. Pool-set refusals carry the API's symbolic codes
(``POOL_SET_NO_INTENT``, ...) at the start of a 400 / 1002 message.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .errors import ApiError, invalid

REGIONS = (
    "WNAM", "ENAM", "WEU", "EEU", "NSAM", "SSAM", "OC", "ME", "NAF", "SAF", "SAS", "SEAS", "NEAS", "ALL_REGIONS",
)
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
POP_RE = re.compile(r"^[A-Za-z]{3}$")
# field -> (key pattern, allowed keys) of the maps from a region / country / PoP to pool ids
POOL_MAPS: Dict[str, Tuple[Optional[re.Pattern], Optional[tuple]]] = {
    "region_pools": (None, REGIONS),
    "country_pools": (COUNTRY_RE, None),
    "pop_pools": (POP_RE, None),
}
TOPOLOGY_KEYS: Dict[str, Tuple[Optional[re.Pattern], Optional[tuple]]] = {
    "regions": (None, REGIONS),
    "countries": (COUNTRY_RE, None),
    "pops": (POP_RE, None),
}

MAX_POOL_SETS = 1000
MAX_LIST_ENTRIES = 1000  # pools of an override, pops / countries / regions of a topology


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _key_problem(key: Any, key_re: Optional[re.Pattern], keys: Optional[tuple]) -> Optional[str]:
    if keys is not None and key not in keys:
        return f"unknown region {key!r}"
    if key_re is not None and not (isinstance(key, str) and key_re.match(key)):
        return f"invalid key {key!r}"
    return None


def check_pool_map(field: str, value: dict) -> dict:
    """A ``region_pools`` / ``country_pools`` / ``pop_pools`` map (``field`` ends with its name)."""
    key_re, keys = POOL_MAPS[field.rsplit(".", 1)[-1]]
    for key, pids in value.items():
        problem = _key_problem(key, key_re, keys)
        if problem:
            raise invalid(f"{field}: {problem}")
        if not isinstance(pids, list) or not pids or not all(isinstance(p, str) for p in pids):
            raise invalid(f"{field}.{key}: must be a non-empty list of pool ids")
    return value


def check_weights(field: str, weights: dict) -> None:
    for pid, w in weights.items():
        if not _is_num(w) or not 0 <= w <= 1:
            raise invalid(f"{field}.{pid}: weight must be between 0 and 1")


def check_list(field: str, values: Sequence[Any], too_large: Optional[str] = None) -> None:
    """At most MAX_LIST_ENTRIES entries, none twice (``too_large``: the symbolic code of the size refusal)."""
    if len(values) > MAX_LIST_ENTRIES:
        text = f"{len(values)} entries, more than {MAX_LIST_ENTRIES}"
        raise pool_set_error(too_large, field, text) if too_large else invalid(f"{field}: {text}")
    seen = set()
    for value in values:
        if value in seen:
            raise invalid(f"{field}: duplicate entry {value!r}")
        seen.add(value)


def check_overrides(field: str, ov: dict) -> dict:
    """The overrides of a custom rule or a pool set (``field``: where they are, e.g. ``rules[0].overrides``)."""
    for name in POOL_MAPS:
        if name in ov:
            check_pool_map(f"{field}.{name}", ov[name] or {})
    if "fallback_pool" in ov and not isinstance(ov["fallback_pool"], str):
        raise invalid(f"{field}.fallback_pool: must be a pool id")
    if "pools" in ov:
        check_list(f"{field}.pools", ov["pools"] or [])
    check_weights(f"{field}.pool_weights", ov.get("pool_weights") or {})
    rs = ov.get("random_steering")
    if isinstance(rs, dict):
        check_weights(f"{field}.random_steering.pool_weights", rs.get("pool_weights") or {})
    if rs is not None and ("pool_weights" in ov or "pool_default_weight" in ov):
        raise invalid(f"{field}: pool_weights and pool_default_weight cannot be combined with random_steering")
    return ov


def build_rules(rules: List[dict]) -> List[dict]:
    """Custom rules with their defaults; ``fixed_response`` forces ``terminates``."""
    out = []
    for i, rule in enumerate(rules):
        r = {"name": rule.get("name", ""), "condition": rule.get("condition", ""),
             "disabled": rule.get("disabled", False), "priority": rule.get("priority", 0)}
        if r["priority"] < 0:
            raise invalid(f"rules[{i}].priority: must not be negative")
        if "fixed_response" in rule:
            r["fixed_response"] = rule["fixed_response"]
            r["terminates"] = True
        else:
            r["terminates"] = rule.get("terminates", False)
        if "overrides" in rule:
            r["overrides"] = check_overrides(f"rules[{i}].overrides", rule["overrides"])
        out.append(r)
    return out


# --------------------------------------------------------------------------- pool sets


# Refusals the schema makes before the emulator's own checks, with the symbolic code the API gives them:
# (where, JSON-schema keyword) -> symbol.
_SCHEMA_SYMBOLS = ((re.compile(r"^body\.pool_sets\[\d+\]\.match\.topology\.(pops|countries|regions)$"), "maxItems",
                    "POOL_SET_TOPOLOGY_TOO_LARGE"),)


def schema_symbol(where: str, keyword: Optional[str]) -> Optional[str]:
    """The symbolic code of a schema refusal at ``where`` (``body.pool_sets[0]...``), or None."""
    for pattern, kw, symbol in _SCHEMA_SYMBOLS:
        if kw == keyword and pattern.match(where):
            return symbol
    return None


def pool_set_error(symbol: str, field: str, text: str) -> ApiError:
    """400 / 1002 ``<SYMBOL>: <field>: <text>: validation failed``."""
    return ApiError(400, 1002, f"{symbol}: {field}: {text}: validation failed")


def _check_match(field: str, match: dict) -> dict:
    default, topology = match.get("default"), match.get("topology")
    if default and topology is not None:
        raise pool_set_error("POOL_SET_DEFAULT_WITH_MATCH", field,
                             "default: true and topology are mutually exclusive")
    if not default and topology is None:
        raise pool_set_error("POOL_SET_EMPTY_MATCH", field,
                             "a match needs default: true or a topology (leave match out to match everything)")
    if topology is not None:
        if not any(topology.get(k) for k in TOPOLOGY_KEYS):
            raise pool_set_error("POOL_SET_EMPTY_TOPOLOGY", f"{field}.topology",
                                 "a topology needs at least one of pops, countries, regions")
        for key, (key_re, keys) in TOPOLOGY_KEYS.items():
            values = topology.get(key) or []
            check_list(f"{field}.topology.{key}", values, too_large="POOL_SET_TOPOLOGY_TOO_LARGE")
            for value in values:
                problem = _key_problem(value, key_re, keys)
                if problem:
                    raise invalid(f"{field}.topology.{key}: {problem}")
    return match


def build_pool_sets(sets: List[dict]) -> List[dict]:
    """Pool sets in the order sent, each with ``name`` ("") and ``disabled`` (false) filled in."""
    if len(sets) > MAX_POOL_SETS:
        raise pool_set_error("POOL_SETS_TOO_LARGE", "pool_sets", f"{len(sets)} pool sets, more than {MAX_POOL_SETS}")
    out = []
    for i, ps in enumerate(sets):
        field = f"pool_sets[{i}]"
        item = {"name": ps.get("name", ""), "disabled": ps.get("disabled", False)}
        if ps.get("match") is not None:
            item["match"] = _check_match(f"{field}.match", ps["match"])
        overrides, fixed = ps.get("overrides"), ps.get("fixed_response")
        routes = bool((overrides or {}).get("pools"))
        if not routes and not fixed:
            raise pool_set_error("POOL_SET_NO_INTENT", field, "a pool set needs overrides.pools or fixed_response")
        if routes and fixed:
            raise invalid(f"{field}: overrides.pools and fixed_response are mutually exclusive")
        if overrides is not None:
            item["overrides"] = check_overrides(f"{field}.overrides", overrides)
        if fixed is not None:
            item["fixed_response"] = fixed
        out.append(item)
    return out


# --------------------------------------------------------------------------- references


def lb_pool_refs(lb: dict) -> List[Tuple[str, str]]:
    """(field, pool id) for every pool an LB references: its own fields, its rules' overrides and its
    pool sets' overrides."""
    refs: List[Tuple[str, str]] = []

    def scan(src: dict, prefix: str) -> None:
        for field in ("default_pools", "pools"):
            for pid in src.get(field) or ():
                refs.append((prefix + field, pid))
        if src.get("fallback_pool"):
            refs.append((prefix + "fallback_pool", src["fallback_pool"]))
        for field in POOL_MAPS:
            for key, pids in (src.get(field) or {}).items():
                for pid in pids if isinstance(pids, list) else ():
                    refs.append((f"{prefix}{field}.{key}", pid))
        for pid in ((src.get("random_steering") or {}).get("pool_weights") or {}):
            refs.append((prefix + "random_steering.pool_weights", pid))
        for pid in src.get("pool_weights") or {}:
            refs.append((prefix + "pool_weights", pid))

    scan(lb, "")
    for i, rule in enumerate(lb.get("rules") or ()):
        scan(rule.get("overrides") or {}, f"rules[{i}].overrides.")
    for i, ps in enumerate(lb.get("pool_sets") or ()):
        scan(ps.get("overrides") or {}, f"pool_sets[{i}].overrides.")
    return refs


def pop_steering_fields(lb: dict) -> List[str]:
    """The fields of an LB that steer by PoP (a non-empty ``pop_pools``, its own or a rule's)."""
    fields = ["pop_pools"] if lb.get("pop_pools") else []
    fields += [f"rules[{i}].overrides.pop_pools" for i, rule in enumerate(lb.get("rules") or ())
               if (rule.get("overrides") or {}).get("pop_pools")]
    return fields
