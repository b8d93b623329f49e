"""Sparse responses: answer like an older server that leaves default-valued fields out of objects.

Only responses are thinned (stored state, ``/__emulator__/state`` and ``/__emulator__/objects`` stay
full). A key is left out when its value equals the documented default (tools/emulator/README.md, "Resources");
nested objects are left out only when they equal their default as a whole, except for the few
sub-keys listed under ``NESTED`` (origins, rules, ``origin_dns.type``). Ids and timestamps are
never left out.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Optional, Tuple

_FILTER = {"disable": False, "healthy": None}

MONITOR_DEFAULTS: Dict[str, Tuple[Any, ...]] = {
    "description": ("",),
    "path": ("/",),
    "header": ({},),
    "port": (0,),
    "timeout": (5,),
    "retries": (2,),
    "interval": (60,),
    "expected_body": ("",),
    "follow_redirects": (False,),
    "allow_insecure": (False,),
    "probe_zone": ("",),
    "consecutive_up": (0,),
    "consecutive_down": (0,),
}

POOL_DEFAULTS: Dict[str, Tuple[Any, ...]] = {
    "description": ("",),
    "enabled": (True,),
    "minimum_origins": (1,),
    "notification_email": ("",),
    "origin_steering": ({"policy": "random"},),
    "load_shedding": ({"default_percent": 0, "default_policy": "random", "session_percent": 0,
                       "session_policy": "hash"},),
    "notification_filter": ({"origin": _FILTER, "pool": _FILTER}, None),
    "check_regions": (None,),
    "health_sources": (None,),
    "networks": (["cloudflare"],),
}

ORIGIN_DEFAULTS: Dict[str, Tuple[Any, ...]] = {
    "enabled": (True,),
    "weight": (1,),
    "port": (0,),
    "flatten_cname": (True,),
}

LB_DEFAULTS: Dict[str, Tuple[Any, ...]] = {
    "description": ("",),
    "enabled": (True,),
    "proxied": (False,),
    "steering_policy": ("",),
    "region_pools": ({},),
    "country_pools": ({},),
    "pop_pools": ({},),
    "rules": ([],),
    "pool_sets": ([],),
    "random_steering": ({"default_weight": 1},),
    "adaptive_routing": ({"failover_across_pools": False},),
    "location_strategy": ({"mode": "pop", "prefer_ecs": "proximity"},),
    "session_affinity": ("none", ""),
    "session_affinity_attributes": ({"samesite": "Auto", "secure": "Auto", "drain_duration": 0,
                                     "zero_downtime_failover": "none"},),
    "networks": (["cloudflare"],),
    "zone_name": None,  # server-set, unknown to older servers: always left out
}

RULE_DEFAULTS: Dict[str, Tuple[Any, ...]] = {
    "condition": ("",),
    "disabled": (False,),
    "priority": (0,),
    "terminates": (False,),
}

APP_DEFAULTS: Dict[str, Tuple[Any, ...]] = {
    "tls": ("off",),
    "proxy_protocol": ("off",),
    "ip_firewall": (False,),
    "argo_smart_routing": (False,),
    "traffic_type": ("direct",),
    "edge_ips": ({"type": "dynamic", "connectivity": "all"},),
}

ORIGIN_DNS_DEFAULTS: Dict[str, Tuple[Any, ...]] = {"type": ("",)}

# Never left out, whatever their value.
KEEP = frozenset(("id", "created_on", "modified_on"))


def _same(a: Any, b: Any) -> bool:
    """JSON equality where 1 == 1.0 but True != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _drop(obj: dict, defaults: Dict[str, Optional[Tuple[Any, ...]]]) -> dict:
    out = {}
    for key, value in obj.items():
        if key not in KEEP and key in defaults:
            allowed = defaults[key]
            if allowed is None or any(_same(value, d) for d in allowed):
                continue
        out[key] = value
    return out


def thin_monitor(obj: dict) -> dict:
    return _drop(obj, MONITOR_DEFAULTS)


def thin_pool(obj: dict) -> dict:
    out = _drop(obj, POOL_DEFAULTS)
    if isinstance(out.get("origins"), list):
        out["origins"] = [_drop(o, ORIGIN_DEFAULTS) if isinstance(o, dict) else o for o in out["origins"]]
    return out


def thin_lb(obj: dict) -> dict:
    out = _drop(obj, LB_DEFAULTS)
    if isinstance(out.get("rules"), list):
        out["rules"] = [_drop(r, RULE_DEFAULTS) if isinstance(r, dict) else r for r in out["rules"]]
    return out


def thin_app(obj: dict) -> dict:
    out = _drop(obj, APP_DEFAULTS)
    if isinstance(out.get("origin_dns"), dict):
        out["origin_dns"] = _drop(out["origin_dns"], ORIGIN_DNS_DEFAULTS)
    return out


# handler name prefix -> thinning function (only object-returning handlers are listed)
THINNERS = {
    "monitors": thin_monitor,
    "pools": thin_pool,
    "lbs": thin_lb,
    "apps": thin_app,
}
OBJECT_ACTIONS = frozenset(("list", "create", "get", "put", "patch"))


def transform_result(transforms: Dict[str, Any], handler_name: str, result: Any) -> Any:
    """The API ``result`` of handler ``handler_name``, each object passed through ``transforms[kind]``.

    ``transforms`` maps a handler name prefix (``monitors``, ``pools``, ``lbs``, ``apps``) to a function of
    one object; only handlers that return objects (``OBJECT_ACTIONS``) are transformed, each object a copy.
    """
    kind, _, action = handler_name.partition("_")
    transform = transforms.get(kind)
    if transform is None or action not in OBJECT_ACTIONS:
        return result
    if isinstance(result, list):
        return [transform(copy.deepcopy(o)) if isinstance(o, dict) else o for o in result]
    if isinstance(result, dict):
        return transform(copy.deepcopy(result))
    return result


def thin_result(handler_name: str, result: Any) -> Any:
    """The API ``result`` of handler ``handler_name`` with default-valued keys left out."""
    return transform_result(THINNERS, handler_name, result)
