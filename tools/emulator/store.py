"""In-memory state and the resource rules of the emulated Cloudflare API.

Everything here runs under ``Store.lock``; the HTTP layer calls the public
methods and turns :class:`ApiError` into an error envelope.  Objects are kept
exactly in the shape the API returns them, so ``GET`` and the control
``state`` endpoint hand out (copies of) what is stored.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
import threading
import uuid
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from . import plans
from .errors import ApiError, invalid, not_found, not_unique, referenced  # noqa: F401 (re-exported)
from .groups import build_members, judge
from .lb_rules import POOL_MAPS, build_pool_sets, build_rules, check_pool_map, check_weights, lb_pool_refs, \
    pop_steering_fields

DEFAULT_ACCOUNT_ID = "01a7362d577a6c3019a474fd6f485823"
DEFAULT_ACCOUNT_NAME = "Example Account"

KINDS = ("monitors", "monitor_groups", "pools", "load_balancers", "spectrum_apps")

# What a health check reports for an origin address marked unhealthy through the control API.
UNHEALTHY_ORIGIN = {"healthy": False, "failure_reason": "Connection timed out", "response_code": 0, "rtt": "0ms"}
HEALTHY_ORIGIN = {"healthy": True, "failure_reason": "No failure reasons", "response_code": 200, "rtt": "12.3ms"}
HEALTH_POPS = ("Amsterdam, NL", "Los Angeles, CA")
# GETs of a new preview's result that answer {} (still running) before the result.
DEFAULT_PREVIEW_PENDING_POLLS = 1

MAX_ORIGINS = 64
DEFAULT_NETWORKS = ["cloudflare"]  # of pools and load balancers
NAME_SERVERS = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]


# --------------------------------------------------------------------------- helpers


def now_ts() -> str:
    """RFC 3339 UTC with microseconds, e.g. ``2026-11-25T13:20:00.123456Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def zone_id_for(name: str) -> str:
    return hashlib.md5(f"zone:{name}".encode()).hexdigest()


def new_id() -> str:
    return uuid.uuid4().hex


_LABEL_RE = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


def is_hostname(name: Any, allow_wildcard: bool = False) -> bool:
    if not isinstance(name, str) or not name or len(name) > 253:
        return False
    labels = name.lower().split(".")
    if len(labels) < 2:
        return False
    for i, label in enumerate(labels):
        if allow_wildcard and i == 0 and label == "*":
            continue
        if not _LABEL_RE.match(label):
            return False
    return True


def in_zone(name: str, zone_name: str) -> bool:
    n, z = name.lower(), zone_name.lower()
    return n == z or n.endswith("." + z)


def _fill(value: Optional[dict], defaults: dict) -> dict:
    out = dict(defaults)
    if isinstance(value, dict):
        out.update(value)
    return out


def build_networks(fields: dict) -> List[str]:
    """A pool's or load balancer's ``networks``: as sent (names must not be empty), else the default."""
    networks = fields.get("networks", DEFAULT_NETWORKS)
    if not all(isinstance(n, str) and n.strip() for n in networks):
        raise invalid(f"networks: network names must not be empty, got {networks!r}")
    return list(networks)


def result_info(page: int, per_page: int, count: int, total: int) -> dict:
    return {
        "page": page,
        "per_page": per_page,
        "count": count,
        "total_count": total,
        "total_pages": int(math.ceil(total / per_page)) if per_page else 1,
    }


def _reference(kind: str, oid: str, name: str, resource_type: str) -> dict:
    """One entry of a references list (``kind``: referrer = uses the object, referral = used by it)."""
    return {"reference_type": kind, "resource_id": oid, "resource_name": name, "resource_type": resource_type}


def unpaged_info(total: int) -> dict:
    per_page = max(total, 20)
    return {"page": 1, "per_page": per_page, "count": total, "total_count": total, "total_pages": 1}


# --------------------------------------------------------------------------- monitors

HTTP_TYPES = ("http", "https")
PORT_REQUIRED_TYPES = ("tcp", "udp_icmp", "smtp")
MONITOR_FIELDS = (
    "type", "description", "method", "path", "header", "port", "timeout", "retries", "interval",
    "expected_codes", "expected_body", "follow_redirects", "allow_insecure", "probe_zone",
    "consecutive_up", "consecutive_down",
)
HTTP_ONLY_FIELDS = ("path", "header", "expected_codes", "expected_body", "follow_redirects", "allow_insecure",
                    "probe_zone")
# Values of http-only fields that a non-http monitor may carry (they mean "unset").
_NEUTRAL = {
    "path": ("", "/"),
    "header": ({},),
    "expected_codes": ("",),
    "expected_body": ("",),
    "follow_redirects": (False,),
    "allow_insecure": (False,),
    "probe_zone": ("",),
}


def monitor_defaults(mtype: str) -> dict:
    http = mtype in HTTP_TYPES
    return {
        "type": mtype,
        "description": "",
        "method": "GET" if http else ("connection_established" if mtype == "tcp" else ""),
        "path": "/",
        "header": {},
        "port": 0,
        "timeout": 5,
        "retries": 2,
        "interval": 60,
        "expected_codes": "200" if http else "",
        "expected_body": "",
        "follow_redirects": False,
        "allow_insecure": False,
        "probe_zone": "",
        "consecutive_up": 0,
        "consecutive_down": 0,
    }


def build_monitor(body: dict, existing: Optional[dict], plan: str = plans.DEFAULT_PLAN) -> dict:
    """Return the monitor fields after defaults (POST/PUT: existing=None) or merge (PATCH), checked against
    the account's ``plan`` (interval floor, monitor types)."""
    sent = {k: body[k] for k in MONITOR_FIELDS if k in body}
    if existing is None:
        obj = monitor_defaults(sent.get("type", "http"))
        obj.update(sent)
    else:
        obj = {k: existing.get(k) for k in MONITOR_FIELDS}
        new_type = sent.get("type", obj["type"])
        if new_type != obj["type"]:
            d = monitor_defaults(new_type)
            for k in HTTP_ONLY_FIELDS + ("method",):
                obj[k] = d[k]
        obj.update(sent)
    mtype = obj["type"]
    if mtype not in plans.BASIC_MONITOR_TYPES:
        plans.require_enterprise(plan, "type", f"{mtype} monitors")
    if mtype not in HTTP_TYPES:
        for k in HTTP_ONLY_FIELDS:
            if k in sent and sent[k] not in _NEUTRAL[k]:
                raise invalid(f"{k}: only valid for http and https monitors, not {mtype}")
    if mtype in PORT_REQUIRED_TYPES and not obj["port"]:
        raise invalid(f"port: port is required for {mtype} monitors")
    if not 0 <= obj["port"] <= 65535:
        raise invalid("port: must be between 0 and 65535")
    header = obj.get("header") or {}
    for hname, hval in header.items():
        if hname.lower() == "user-agent":
            raise invalid("header: the User-Agent header cannot be overridden")
        if not isinstance(hval, list) or not all(isinstance(v, str) for v in hval):
            raise invalid(f"header.{hname}: must be a list of strings")
    plans.check_interval(plan, obj["interval"])
    if obj["timeout"] < 1:
        raise invalid("timeout: must be at least 1")
    if obj["timeout"] >= obj["interval"]:
        raise invalid("timeout: timeout must be less than interval")
    if obj["retries"] < 0:
        raise invalid("retries: must not be negative")
    for k in ("consecutive_up", "consecutive_down"):
        if obj[k] < 0:
            raise invalid(f"{k}: must not be negative")
    return obj


# --------------------------------------------------------------------------- pools

POOL_FIELDS = (
    "name", "description", "enabled", "minimum_origins", "monitor", "monitor_group", "check_regions",
    "health_sources", "latitude", "longitude", "notification_email", "notification_filter", "origin_steering",
    "load_shedding", "origins", "networks",
)
POOL_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
FILTER_DEFAULT = {"disable": False, "healthy": None}
LOAD_SHEDDING_DEFAULT = {"default_percent": 0, "default_policy": "random", "session_percent": 0,
                         "session_policy": "hash"}
ORIGIN_FIELDS = ("name", "address", "enabled", "weight", "port", "header", "virtual_network_id", "flatten_cname")
# The one health_sources value a pool may have besides null (unset, which behaves like ["local", "global"]).
REGIONAL_HEALTH = ["regional", "global"]

# --------------------------------------------------------------------------- load balancers

LB_FIELDS = (
    "name", "description", "enabled", "ttl", "proxied", "fallback_pool", "default_pools", "region_pools",
    "country_pools", "pop_pools", "steering_policy", "random_steering", "adaptive_routing", "location_strategy",
    "session_affinity", "session_affinity_ttl", "session_affinity_attributes", "rules", "pool_sets", "networks",
)
AFFINITY_TTL = {"cookie": (82800, 1800, 604800), "ip_cookie": (82800, 1800, 604800), "header": (1800, 30, 3600)}
SAA_DEFAULT = {"samesite": "Auto", "secure": "Auto", "drain_duration": 0, "zero_downtime_failover": "none"}

# --------------------------------------------------------------------------- spectrum

PROTOCOL_RE = re.compile(r"^(tcp|udp)/(\d+)(?:-(\d+))?$")
PORT_RANGE_RE = re.compile(r"^(\d+)(?:-(\d+))?$")
ORIGIN_DIRECT_RE = re.compile(r"^(tcp|udp)://[^\s/]+:(\d+)$")
ORIGIN_INVALID = "The origin configuration is invalid."
APP_HOSTNAME_TAKEN = "An application with this hostname already exists."


def _port_span(start: str, end: Optional[str]) -> Optional[Tuple[int, int]]:
    a = int(start)
    b = int(end) if end is not None else a
    if not (1 <= a <= 65535 and 1 <= b <= 65535 and a <= b):
        return None
    return a, b


# --------------------------------------------------------------------------- the store


class Store:
    def __init__(self, zones: Optional[List[str]] = None, zone_count: int = 0,
                 account_id: str = DEFAULT_ACCOUNT_ID, account_name: str = DEFAULT_ACCOUNT_NAME,
                 unique_app_hostnames: bool = False, plan: str = plans.DEFAULT_PLAN):
        problem = plans.check_plan(plan)
        if problem:
            raise ValueError(problem)
        self.lock = threading.RLock()
        # --plan: the plan of every account and zone after a reset (set_plan changes it until the next reset)
        self.initial_plan = plan
        # --unique-app-hostnames: a Spectrum app's dns.name must not be another app's in the zone (11000)
        self.unique_app_hostnames = unique_app_hostnames
        self.default_account_id = account_id
        self.default_account_name = account_name
        names = list(zones) if zones is not None else ["example.com"]
        names += [f"zone-{i:04d}.example.net" for i in range(1, zone_count + 1)]
        self.initial_zone_names = names
        self._zone_created: Dict[str, str] = {}
        self.reset()

    # ----------------------------------------------------------------- setup

    def reset(self) -> None:
        with self.lock:
            self.accounts: Dict[str, dict] = {}
            self.zones: Dict[str, dict] = {}
            self.plan = self.initial_plan
            self.monitors: Dict[str, Dict[str, dict]] = {}
            self.monitor_groups: Dict[str, Dict[str, dict]] = {}
            self.pools: Dict[str, Dict[str, dict]] = {}
            self.load_balancers: Dict[str, Dict[str, dict]] = {}
            self.spectrum_apps: Dict[str, Dict[str, dict]] = {}
            self.previews: Dict[str, Dict[str, dict]] = {}
            # Health checks: the origin addresses every check reports unhealthy, those one monitor reports
            # unhealthy ({monitor id: addresses}), and how many GETs of a new preview's result answer
            # "not ready yet" ({}) before the result.
            self.unhealthy: set = set()
            self.unhealthy_by_monitor: Dict[str, set] = {}
            self.preview_pending_polls = DEFAULT_PREVIEW_PENDING_POLLS
            self.ensure_account(self.default_account_id, self.default_account_name)
            for name in self.initial_zone_names:
                self.add_zone(name)

    def ensure_account(self, account_id: str, name: Optional[str] = None) -> dict:
        with self.lock:
            acct = self.accounts.get(account_id)
            if acct is None:
                acct = {"id": account_id, "name": name or f"Account {account_id[:8]}"}
                self.accounts[account_id] = acct
                self.monitors[account_id] = {}
                self.monitor_groups[account_id] = {}
                self.pools[account_id] = {}
                self.previews[account_id] = {}
            return acct

    def add_zone(self, name: str, account_id: Optional[str] = None, account_name: Optional[str] = None) -> dict:
        with self.lock:
            acct = self.ensure_account(account_id or self.default_account_id, account_name)
            zid = zone_id_for(name)
            if zid in self.zones:
                return self.zones[zid]
            ts = self._zone_created.setdefault(name, now_ts())
            zone = {
                "id": zid,
                "name": name,
                "status": "active",
                "paused": False,
                "type": "full",
                "development_mode": 0,
                "name_servers": list(NAME_SERVERS),
                "original_name_servers": None,
                "original_registrar": None,
                "original_dnshost": None,
                "vanity_name_servers": [],
                "created_on": ts,
                "modified_on": ts,
                "activated_on": ts,
                "meta": {"step": 2, "custom_certificate_quota": 0, "page_rule_quota": 125,
                         "phishing_detected": False, "cdn_only": False, "dns_only": False,
                         "foundation_dns": False},
                "owner": {"id": acct["id"], "type": "organization", "name": acct["name"]},
                "account": {"id": acct["id"], "name": acct["name"]},
                "permissions": ["#zone:read", "#zone:edit", "#load_balancer:edit"],
                "plan": plans.zone_plan(self.plan),
            }
            self.zones[zid] = zone
            self.load_balancers[zid] = {}
            self.spectrum_apps[zid] = {}
            return zone

    def set_plan(self, plan: str) -> dict:
        """Play ``plan`` (enterprise, business, pro) from now on: every zone shows it, writes are checked
        against it. Objects already stored stay as they are."""
        problem = plans.check_plan(plan)
        if problem:
            raise ValueError(problem)
        with self.lock:
            self.plan = plan
            for zone in self.zones.values():
                zone["plan"] = plans.zone_plan(plan)
            return {"plan": plan}

    # ----------------------------------------------------------------- scope

    def account(self, account_id: Optional[str]) -> str:
        aid = account_id or self.default_account_id
        if aid not in self.accounts:
            raise ApiError(403, 9109, "Unauthorized to access requested resource")
        return aid

    def zone(self, zone_id: str, path: str = "") -> dict:
        zone = self.zones.get(zone_id)
        if zone is None:
            raise ApiError(404, 7003, f"Could not route to {path or '/zones/' + zone_id}, "
                                      "perhaps your object identifier is invalid?")
        return zone

    # ----------------------------------------------------------------- zones

    def list_zones(self, q: Dict[str, str]) -> Tuple[List[dict], dict]:
        def match_op(value: str, raw: str) -> bool:
            ops = ("starts_with_case_sensitive", "ends_with_case_sensitive", "contains_case_sensitive",
                   "not_equal", "starts_with", "ends_with", "contains", "equal")
            op, arg = "equal", raw
            head, sep, tail = raw.partition(":")
            if sep and head in ops:
                op, arg = head, tail
            if not op.endswith("_case_sensitive"):
                value, arg = value.lower(), arg.lower()
            base = op.replace("_case_sensitive", "")
            return {
                "equal": value == arg, "not_equal": value != arg, "starts_with": value.startswith(arg),
                "ends_with": value.endswith(arg), "contains": arg in value,
            }[base]

        checks = []
        if "name" in q:
            checks.append(lambda z: match_op(z["name"], q["name"]))
        if "status" in q:
            checks.append(lambda z: z["status"] == q["status"])
        if "account.id" in q:
            checks.append(lambda z: z["account"]["id"] == q["account.id"])
        if "account.name" in q:
            checks.append(lambda z: match_op(z["account"]["name"], q["account.name"]))
        combine = any if q.get("match") == "any" else all
        with self.lock:
            zones = [z for z in self.zones.values() if not checks or combine(c(z) for c in checks)]
            order = q.get("order", "name")
            keyf = {
                "name": lambda z: z["name"], "status": lambda z: (z["status"], z["name"]),
                "account.id": lambda z: (z["account"]["id"], z["name"]),
                "account.name": lambda z: (z["account"]["name"], z["name"]),
            }.get(order, lambda z: z["name"])
            zones.sort(key=keyf, reverse=q.get("direction") == "desc")
            page = int(float(q.get("page", 1)))
            per_page = int(float(q.get("per_page", 20)))
            chunk = zones[(page - 1) * per_page: page * per_page]
            return copy.deepcopy(chunk), result_info(page, per_page, len(chunk), len(zones))

    # ----------------------------------------------------------------- generic lookups

    def _get(self, table: Dict[str, Dict[str, dict]], scope: str, oid: str, kind: str) -> dict:
        obj = table[scope].get(oid)
        if obj is None:
            raise not_found(kind)
        return obj

    def find(self, kind: str, oid: str) -> Tuple[Dict[str, dict], dict]:
        table = getattr(self, kind)
        for objs in table.values():
            if oid in objs:
                return objs, objs[oid]
        raise KeyError(oid)

    # ----------------------------------------------------------------- monitors

    def _monitor_out(self, oid: str, created: str, modified: str, fields: dict) -> dict:
        out = {"id": oid, "created_on": created, "modified_on": modified}
        out.update(fields)
        return out

    def list_monitors(self, account_id: Optional[str]) -> Tuple[List[dict], dict]:
        with self.lock:
            aid = self.account(account_id)
            items = copy.deepcopy(list(self.monitors[aid].values()))
        return items, unpaged_info(len(items))

    def get_monitor(self, account_id: Optional[str], mid: str) -> dict:
        with self.lock:
            aid = self.account(account_id)
            return copy.deepcopy(self._get(self.monitors, aid, mid, "monitor"))

    def write_monitor(self, account_id: Optional[str], body: dict, mid: Optional[str] = None,
                      patch: bool = False) -> dict:
        with self.lock:
            aid = self.account(account_id)
            existing = self._get(self.monitors, aid, mid, "monitor") if mid else None
            fields = build_monitor(body, existing if patch else None, self.plan)
            ts = now_ts()
            if existing is None:
                mid = new_id()
                obj = self._monitor_out(mid, ts, ts, fields)
            else:
                obj = self._monitor_out(mid, existing["created_on"], ts, fields)
            self.monitors[aid][mid] = obj
            return copy.deepcopy(obj)

    def _pools_using(self, aid: str, field: str, oid: str) -> List[dict]:
        """The pools whose ``field`` (monitor, monitor_group) is ``oid``."""
        return [p for p in self.pools[aid].values() if p.get(field) == oid]

    def _groups_using(self, aid: str, mid: str) -> List[dict]:
        return [g for g in self.monitor_groups[aid].values() if any(m["monitor_id"] == mid for m in g["members"])]

    def delete_monitor(self, account_id: Optional[str], mid: str) -> dict:
        with self.lock:
            aid = self.account(account_id)
            self._get(self.monitors, aid, mid, "monitor")
            users = [f'referenced by pool "{p["name"]}" (id {p["id"]})' for p in self._pools_using(aid, "monitor", mid)]
            users += [f'referenced by monitor group "{g["description"]}" (id {g["id"]})'
                      for g in self._groups_using(aid, mid)]
            if users:
                raise referenced(users)
            del self.monitors[aid][mid]
            return {"id": mid}

    def monitor_references(self, account_id: Optional[str], mid: str) -> List[dict]:
        with self.lock:
            aid = self.account(account_id)
            self._get(self.monitors, aid, mid, "monitor")
            return ([_reference("referrer", p["id"], p["name"], "pool") for p in self._pools_using(aid, "monitor", mid)]
                    + [_reference("referrer", g["id"], g["description"], "monitor_group")
                       for g in self._groups_using(aid, mid)])

    def preview_monitor(self, account_id: Optional[str], mid: str, body: dict) -> dict:
        with self.lock:
            aid = self.account(account_id)
            self._get(self.monitors, aid, mid, "monitor")
            build_monitor(body, None, self.plan)
            pools = self._pools_using(aid, "monitor", mid)
            pid = new_id()
            # the result is taken now; it is handed out after the pending polls
            self.previews[aid][pid] = {
                "pending": self.preview_pending_polls if pools else 0,
                "result": {p["id"]: self._pool_check(aid, p) for p in pools},
            }
            return {"preview_id": pid, "pools": {p["id"]: p["name"] for p in pools}}

    def preview_result(self, account_id: Optional[str], preview_id: str) -> dict:
        with self.lock:
            aid = self.account(account_id)
            res = self.previews[aid].get(preview_id)
            if res is None:
                raise not_found("preview")
            if res["pending"] > 0:
                res["pending"] -= 1
                return {}
            return copy.deepcopy(res["result"])

    # ----------------------------------------------------------------- monitor groups

    def list_groups(self, account_id: Optional[str]) -> Tuple[List[dict], dict]:
        with self.lock:
            aid = self.account(account_id)
            items = copy.deepcopy(list(self.monitor_groups[aid].values()))
        return items, unpaged_info(len(items))

    def get_group(self, account_id: Optional[str], gid: str) -> dict:
        with self.lock:
            aid = self.account(account_id)
            return copy.deepcopy(self._get(self.monitor_groups, aid, gid, "monitor group"))

    def write_group(self, account_id: Optional[str], body: dict, gid: Optional[str] = None,
                    patch: bool = False) -> dict:
        """POST / PUT (the whole group) / PATCH (the keys sent; ``members`` is taken whole)."""
        with self.lock:
            aid = self.account(account_id)
            existing = self._get(self.monitor_groups, aid, gid, "monitor group") if gid else None
            plans.require_enterprise(self.plan, "monitor_groups", "monitor groups")
            fields = {k: existing[k] for k in ("description", "members")} if patch else {}
            fields.update((k, body[k]) for k in ("description", "members") if k in body)
            ts = now_ts()
            members = build_members(fields.get("members"), existing and existing["members"], self.monitors[aid], ts)
            obj = {"id": gid or new_id(), "description": fields.get("description", ""), "members": members,
                   "created_on": existing["created_on"] if existing else ts, "modified_on": ts}
            self.monitor_groups[aid][obj["id"]] = obj
            return copy.deepcopy(obj)

    def delete_group(self, account_id: Optional[str], gid: str) -> dict:
        """Refused (412) while a pool uses the group; answers the deleted group."""
        with self.lock:
            aid = self.account(account_id)
            group = self._get(self.monitor_groups, aid, gid, "monitor group")
            users = self._pools_using(aid, "monitor_group", gid)
            if users:
                raise referenced([f'referenced by pool "{p["name"]}" (id {p["id"]})' for p in users])
            del self.monitor_groups[aid][gid]
            return copy.deepcopy(group)

    def group_references(self, account_id: Optional[str], gid: str) -> List[dict]:
        """The pools using the group (referrers) and its member monitors (referrals)."""
        with self.lock:
            aid = self.account(account_id)
            group = self._get(self.monitor_groups, aid, gid, "monitor group")
            refs = [_reference("referrer", p["id"], p["name"], "pool")
                    for p in self._pools_using(aid, "monitor_group", gid)]
            for member in group["members"]:
                monitor = self.monitors[aid].get(member["monitor_id"])
                if monitor is not None:
                    refs.append(_reference("referral", monitor["id"], monitor["description"], "monitor"))
            return refs

    # ----------------------------------------------------------------- health checks

    def set_origin_health(self, unhealthy: Optional[List[str]] = None, preview_pending_polls: Optional[int] = None,
                          by_monitor: Optional[Dict[str, List[str]]] = None) -> dict:
        """``unhealthy`` replaces the addresses every monitor finds unhealthy; ``by_monitor`` replaces, for each
        monitor id it names, the addresses that monitor alone finds unhealthy (an empty list: none)."""
        with self.lock:
            if unhealthy is not None:
                self.unhealthy = set(a.lower() for a in unhealthy)
            for mid, addresses in (by_monitor or {}).items():
                self.unhealthy_by_monitor[mid] = set(a.lower() for a in addresses)
                if not addresses:
                    del self.unhealthy_by_monitor[mid]
            if preview_pending_polls is not None:
                self.preview_pending_polls = preview_pending_polls
            return self.origin_health()

    def origin_health(self) -> dict:
        with self.lock:
            return {"unhealthy": sorted(self.unhealthy),
                    "by_monitor": {mid: sorted(a) for mid, a in sorted(self.unhealthy_by_monitor.items())},
                    "preview_pending_polls": self.preview_pending_polls}

    def _says_down(self, address: str, monitor_id: Optional[str]) -> bool:
        """Whether the checks of ``monitor_id`` (None: a pool without a monitor) find ``address`` unhealthy."""
        address = address.lower()
        return address in self.unhealthy or address in self.unhealthy_by_monitor.get(monitor_id, ())

    def _origin_check(self, aid: str, pool: dict, address: str) -> dict:
        """What a check of one origin of ``pool`` reports; under a monitor group, with each member's word."""
        group = self.monitor_groups[aid].get(pool.get("monitor_group") or "")
        if group is None:
            return dict(UNHEALTHY_ORIGIN if self._says_down(address, pool.get("monitor")) else HEALTHY_ORIGIN)
        healthy, reason, reports = judge(group["members"], lambda mid: self._says_down(address, mid))
        data = dict(HEALTHY_ORIGIN if healthy else UNHEALTHY_ORIGIN, failure_reason=reason)
        data["monitors"] = {mid: dict(HEALTHY_ORIGIN if r["healthy"] else UNHEALTHY_ORIGIN, **r)
                            for mid, r in reports.items()}
        return data

    def _pool_check(self, aid: str, pool: dict) -> dict:
        """One check of every origin of ``pool``: ``{"healthy", "origins": [{address: data}]}``."""
        origins = [{o["address"]: self._origin_check(aid, pool, o["address"])} for o in pool["origins"]]
        healthy = sum(1 for o in origins if next(iter(o.values()))["healthy"])
        return {"healthy": healthy >= pool.get("minimum_origins", 1), "origins": origins}

    # ----------------------------------------------------------------- pools

    def list_pools(self, account_id: Optional[str], monitor: Optional[str] = None) -> Tuple[List[dict], dict]:
        with self.lock:
            aid = self.account(account_id)
            items = [p for p in self.pools[aid].values() if monitor is None or p.get("monitor") == monitor]
            items = copy.deepcopy(items)
        return items, unpaged_info(len(items))

    def get_pool(self, account_id: Optional[str], pid: str) -> dict:
        with self.lock:
            aid = self.account(account_id)
            return copy.deepcopy(self._get(self.pools, aid, pid, "pool"))

    def _build_pool(self, aid: str, body: dict, existing: Optional[dict], patch: bool, ts: str) -> dict:
        sent = {k: body[k] for k in POOL_FIELDS if k in body}
        if patch and existing is not None:
            f = {k: existing[k] for k in POOL_FIELDS if k in existing}
            f.update(sent)
        else:
            f = dict(sent)
        name = f.get("name")
        if not isinstance(name, str) or not name:
            raise invalid("name: a pool name is required")
        if not POOL_NAME_RE.match(name):
            raise invalid(f"name: {name!r} may only contain letters, digits, '-' and '_'")
        for other in self.pools[aid].values():
            if other["name"] == name and (existing is None or other["id"] != existing["id"]):
                raise not_unique(f'a pool named "{name}" already exists (id {other["id"]})')

        origins = f.get("origins")
        if not isinstance(origins, list) or not 1 <= len(origins) <= MAX_ORIGINS:
            raise invalid(f"origins: origin list length must be in range [1, {MAX_ORIGINS}]")
        old_origins = {o["name"]: o for o in (existing or {}).get("origins", ())}
        seen = set()
        out_origins = []
        for i, o in enumerate(origins):
            if not isinstance(o, dict):
                raise invalid(f"origins[{i}]: must be an object")
            oname, addr = o.get("name"), o.get("address")
            if not isinstance(oname, str) or not oname:
                raise invalid(f"origins[{i}].name: an origin name is required")
            if not isinstance(addr, str) or not addr:
                raise invalid(f"origins[{i}].address: an origin address is required")
            if oname in seen:
                raise invalid(f"origins[{i}].name: duplicate origin name {oname!r}")
            seen.add(oname)
            no = {"name": oname, "address": addr, "enabled": o.get("enabled", True),
                  "weight": o.get("weight", 1), "port": o.get("port", 0), "flatten_cname": o.get("flatten_cname", True)}
            if "header" in o:
                hdr = o["header"]
                bad = [k for k in hdr if k != "Host"]
                if bad:
                    raise invalid(f"origins[{i}].header: only the Host header is supported, not {bad[0]!r}")
                if "Host" in hdr and (not isinstance(hdr["Host"], list) or len(hdr["Host"]) != 1):
                    raise invalid(f"origins[{i}].header.Host: exactly one value is supported")
                no["header"] = hdr
            if o.get("virtual_network_id"):
                no["virtual_network_id"] = o["virtual_network_id"]
            if not no["enabled"]:
                prev = old_origins.get(oname)
                no["disabled_at"] = prev["disabled_at"] if prev and prev.get("disabled_at") else ts
            out_origins.append(no)
        out_origins.sort(key=lambda o: o["name"])

        monitor, group = self._pool_monitor(aid, f)
        sources = f.get("health_sources")
        if sources is not None and sources != REGIONAL_HEALTH:
            raise invalid(f'health_sources: must be null or exactly ["regional", "global"], not {sources!r}')
        if sources and not f.get("check_regions"):
            raise invalid("health_sources: regional health needs at least one region in check_regions")

        lat, lon = f.get("latitude"), f.get("longitude")
        if (lat is None) != (lon is None):
            raise invalid("latitude: latitude and longitude must be set together")
        if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise invalid("latitude: coordinates out of range")

        minimum = f.get("minimum_origins", 1)
        if minimum < 0:
            raise invalid("minimum_origins: must not be negative")

        enabled = f.get("enabled", True)
        nf = f.get("notification_filter")
        nf = nf if isinstance(nf, dict) else {}
        out = {
            "name": name,
            "description": f.get("description", ""),
            "enabled": enabled,
            "minimum_origins": minimum,
        }
        if monitor is not None:
            out["monitor"] = monitor
        if group is not None:
            out["monitor_group"] = group
        out["check_regions"] = f.get("check_regions")
        out["health_sources"] = sources
        if lat is not None:
            out["latitude"] = lat
            out["longitude"] = lon
        out["notification_email"] = f.get("notification_email", "")
        out["notification_filter"] = {
            "origin": _fill(nf.get("origin"), FILTER_DEFAULT),
            "pool": _fill(nf.get("pool"), FILTER_DEFAULT),
        }
        out["origin_steering"] = _fill(f.get("origin_steering"), {"policy": "random"})
        out["load_shedding"] = _fill(f.get("load_shedding"), LOAD_SHEDDING_DEFAULT)
        out["origins"] = out_origins
        out["networks"] = build_networks(f)
        if not enabled:
            out["disabled_at"] = (existing or {}).get("disabled_at") or ts
        return out

    def _pool_monitor(self, aid: str, f: dict) -> Tuple[Optional[str], Optional[str]]:
        """The pool's monitor and monitor group (each None when unset, null or ""); never both."""
        monitor, group = (None if f.get(k) in (None, "") else f[k] for k in ("monitor", "monitor_group"))
        if monitor is not None and group is not None:
            raise invalid("monitor_group: a pool can have either a monitor or a monitor group, not both")
        if monitor is not None and (not isinstance(monitor, str) or monitor not in self.monitors[aid]):
            raise invalid(f"monitor: unknown monitor id {monitor!r}")
        if group is not None and (not isinstance(group, str) or group not in self.monitor_groups[aid]):
            raise invalid(f"monitor_group: unknown monitor group id {group!r}")
        return monitor, group

    def write_pool(self, account_id: Optional[str], body: dict, pid: Optional[str] = None,
                   patch: bool = False) -> dict:
        with self.lock:
            aid = self.account(account_id)
            existing = self._get(self.pools, aid, pid, "pool") if pid else None
            ts = now_ts()
            fields = self._build_pool(aid, body, existing, patch, ts)
            if existing is None:
                pid = new_id()
                obj = {"id": pid, "created_on": ts, "modified_on": ts}
            else:
                obj = {"id": pid, "created_on": existing["created_on"], "modified_on": ts}
            obj.update(fields)
            self.pools[aid][pid] = obj
            return copy.deepcopy(obj)

    def _lbs_using_pool(self, aid: str, pid: str) -> List[dict]:
        users = []
        for zid, lbs in self.load_balancers.items():
            if self.zones[zid]["account"]["id"] != aid:
                continue
            for lb in lbs.values():
                if any(ref == pid for _, ref in lb_pool_refs(lb)):
                    users.append(lb)
        return users

    def delete_pool(self, account_id: Optional[str], pid: str) -> dict:
        with self.lock:
            aid = self.account(account_id)
            self._get(self.pools, aid, pid, "pool")
            users = self._lbs_using_pool(aid, pid)
            if users:
                raise referenced([f'referenced by load balancer "{lb["name"]}" (id {lb["id"]})' for lb in users])
            del self.pools[aid][pid]
            return {"id": pid}

    def pool_references(self, account_id: Optional[str], pid: str) -> List[dict]:
        with self.lock:
            aid = self.account(account_id)
            pool = self._get(self.pools, aid, pid, "pool")
            refs = [_reference("referrer", lb["id"], lb["name"], "load_balancer")
                    for lb in self._lbs_using_pool(aid, pid)]
            monitor = self.monitors[aid].get(pool.get("monitor") or "")
            if monitor is not None:
                refs.append(_reference("referral", monitor["id"], monitor["description"], "monitor"))
            group = self.monitor_groups[aid].get(pool.get("monitor_group") or "")
            if group is not None:
                refs.append(_reference("referral", group["id"], group["description"], "monitor_group"))
            return refs

    def pool_health(self, account_id: Optional[str], pid: str) -> dict:
        with self.lock:
            aid = self.account(account_id)
            pool = self._get(self.pools, aid, pid, "pool")
            return {"pool_id": pid, "pop_health": {pop: self._pool_check(aid, pool) for pop in HEALTH_POPS}}

    # ----------------------------------------------------------------- load balancers

    def list_lbs(self, zone_id: str) -> Tuple[List[dict], dict]:
        with self.lock:
            self.zone(zone_id)
            items = copy.deepcopy(list(self.load_balancers[zone_id].values()))
        return items, unpaged_info(len(items))

    def get_lb(self, zone_id: str, lid: str) -> dict:
        with self.lock:
            self.zone(zone_id)
            return copy.deepcopy(self._get(self.load_balancers, zone_id, lid, "load balancer"))

    def _build_lb(self, zone: dict, body: dict, existing: Optional[dict], patch: bool) -> dict:
        aid = zone["account"]["id"]
        sent = {k: body[k] for k in LB_FIELDS if k in body}
        if sent.get("pool_sets", []) is None:
            del sent["pool_sets"]  # null leaves a PATCH's pool sets as they are (a POST or PUT has none)
        if patch and existing is not None:
            f = {k: existing[k] for k in LB_FIELDS if k in existing}
            if "session_affinity" in sent and "session_affinity_ttl" not in sent:
                f.pop("session_affinity_ttl", None)
            f.update(sent)
        else:
            f = dict(sent)

        name = f.get("name")
        if not is_hostname(name, allow_wildcard=True) or not in_zone(name, zone["name"]):
            raise invalid(f"name: invalid hostname {name!r} (must be a hostname inside zone {zone['name']})")
        for other in self.load_balancers[zone["id"]].values():
            if other["name"].lower() == name.lower() and (existing is None or other["id"] != existing["id"]):
                raise not_unique(f'a load balancer named "{name}" already exists (id {other["id"]})')
        if f.get("pool_sets"):
            plans.require_enterprise(self.plan, "pool_sets", "pool sets", "POOL_SET_STEERING_ENTITLEMENT")
        for field in pop_steering_fields(f):
            plans.require_enterprise(self.plan, field, "PoP pools")

        default_pools = f.get("default_pools")
        if not isinstance(default_pools, list) or not default_pools or \
                not all(isinstance(p, str) for p in default_pools):
            raise invalid("default_pools: at least one pool id is required")
        fallback = f.get("fallback_pool")
        if not isinstance(fallback, str) or not fallback:
            raise invalid("fallback_pool: a pool id is required")

        pool_maps = {field: check_pool_map(field, f.get(field) or {}) for field in POOL_MAPS}
        rs = _fill(f.get("random_steering"), {"default_weight": 1})
        check_weights("random_steering.pool_weights", rs.get("pool_weights") or {})

        affinity = f.get("session_affinity") or "none"
        saa = _fill(f.get("session_affinity_attributes"), SAA_DEFAULT)
        out = {
            "name": name,
            "description": f.get("description", ""),
            "enabled": f.get("enabled", True),
            "ttl": f.get("ttl", 30),
            "proxied": f.get("proxied", False),
            "fallback_pool": fallback,
            "default_pools": list(default_pools),
            **pool_maps,
            "steering_policy": f.get("steering_policy", ""),
            "random_steering": rs,
            "adaptive_routing": _fill(f.get("adaptive_routing"), {"failover_across_pools": False}),
            "location_strategy": _fill(f.get("location_strategy"), {"mode": "pop", "prefer_ecs": "proximity"}),
            "session_affinity": affinity,
        }
        if affinity in AFFINITY_TTL:
            default_ttl, lo, hi = AFFINITY_TTL[affinity]
            ttl = f.get("session_affinity_ttl", default_ttl)
            if not lo <= ttl <= hi:
                raise invalid(f"session_affinity_ttl: must be in range [{lo}, {hi}] for {affinity} affinity")
            out["session_affinity_ttl"] = ttl
        if affinity == "header" and not saa.get("headers"):
            raise invalid("session_affinity_attributes.headers: required when session_affinity is header")
        out["session_affinity_attributes"] = saa

        out["rules"] = build_rules(f.get("rules") or [])
        out["pool_sets"] = build_pool_sets(f.get("pool_sets") or [])
        for field, pid in lb_pool_refs(out):
            if not isinstance(pid, str) or pid not in self.pools[aid]:
                raise invalid(f"{field}: unknown pool id {pid!r}")
        out["networks"] = build_networks(f)
        out["zone_name"] = zone["name"]
        return out

    def write_lb(self, zone_id: str, body: dict, lid: Optional[str] = None, patch: bool = False) -> dict:
        with self.lock:
            zone = self.zone(zone_id)
            existing = self._get(self.load_balancers, zone_id, lid, "load balancer") if lid else None
            fields = self._build_lb(zone, body, existing, patch)
            ts = now_ts()
            if existing is None:
                lid = new_id()
                obj = {"id": lid, "created_on": ts, "modified_on": ts}
            else:
                obj = {"id": lid, "created_on": existing["created_on"], "modified_on": ts}
            obj.update(fields)
            self.load_balancers[zone_id][lid] = obj
            return copy.deepcopy(obj)

    def delete_lb(self, zone_id: str, lid: str) -> dict:
        with self.lock:
            self.zone(zone_id)
            self._get(self.load_balancers, zone_id, lid, "load balancer")
            del self.load_balancers[zone_id][lid]
            return {"id": lid}

    # ----------------------------------------------------------------- spectrum

    def list_apps(self, zone_id: str, q: Dict[str, str]) -> Tuple[List[dict], dict]:
        with self.lock:
            self.zone(zone_id)
            apps = copy.deepcopy(list(self.spectrum_apps[zone_id].values()))
        order = q.get("order", "dns")
        keyf = {
            "dns": lambda a: (a["dns"].get("name", ""), a["created_on"], a["id"]),
            "protocol": lambda a: (a["protocol"], a["created_on"], a["id"]),
            "app_id": lambda a: a["id"],
            "created_on": lambda a: (a["created_on"], a["id"]),
            "modified_on": lambda a: (a["modified_on"], a["id"]),
        }[order]
        apps.sort(key=keyf, reverse=q.get("direction", "asc") == "desc")
        if "page" not in q:
            return apps, unpaged_info(len(apps))
        page = int(float(q["page"]))
        per_page = int(float(q.get("per_page", 20)))
        chunk = apps[(page - 1) * per_page: page * per_page]
        return chunk, result_info(page, per_page, len(chunk), len(apps))

    def get_app(self, zone_id: str, app_id: str) -> dict:
        with self.lock:
            self.zone(zone_id)
            return copy.deepcopy(self._get(self.spectrum_apps, zone_id, app_id, "app"))

    def _build_app(self, zone: dict, body: dict) -> dict:
        protocol = body.get("protocol")
        m = PROTOCOL_RE.match(protocol or "")
        span = _port_span(m.group(2), m.group(3)) if m else None
        if span is None:
            raise invalid(f"protocol: invalid protocol {protocol!r} (expected tcp/<port> or udp/<start>-<end>)")
        proto_kind = m.group(1)
        proto_count = span[1] - span[0] + 1

        dns = body.get("dns") or {}
        if dns.get("type") not in ("CNAME", "ADDRESS"):
            raise invalid("dns.type: required (CNAME or ADDRESS)")
        dname = dns.get("name")
        if not is_hostname(dname, allow_wildcard=True):
            raise invalid(f"dns.name: invalid hostname {dname!r}")
        if not in_zone(dname, zone["name"]):
            raise invalid(f"dns.name: {dname!r} is not inside zone {zone['name']}")

        has_direct = "origin_direct" in body
        has_dns = "origin_dns" in body
        has_port = "origin_port" in body
        if has_direct == (has_dns or has_port) or (has_dns != has_port):
            raise ApiError(400, 11000, ORIGIN_INVALID,
                           ["use either origin_direct or origin_dns together with origin_port"])
        out: Dict[str, Any] = {"protocol": protocol, "dns": {"type": dns["type"], "name": dname}}
        if has_direct:
            direct = body["origin_direct"]
            if not direct or not all(isinstance(u, str) and ORIGIN_DIRECT_RE.match(u) for u in direct):
                raise ApiError(400, 11000, ORIGIN_INVALID, ["origin_direct entries must look like tcp://host:port"])
            for u in direct:
                port = int(u.rsplit(":", 1)[1])
                if not 1 <= port <= 65535 or not u.startswith(proto_kind + "://"):
                    raise ApiError(400, 11000, ORIGIN_INVALID, [f"origin_direct entry {u!r} does not match protocol"])
            out["origin_direct"] = list(direct)
        else:
            odns = body["origin_dns"] or {}
            oname = odns.get("name")
            if not is_hostname(oname):
                raise ApiError(400, 11000, ORIGIN_INVALID, [f"origin_dns.name: invalid hostname {oname!r}"])
            od = {"name": oname, "type": odns.get("type", "")}
            if "ttl" in odns:
                od["ttl"] = odns["ttl"]
            port = body["origin_port"]
            if isinstance(port, bool):
                raise ApiError(400, 11000, ORIGIN_INVALID, ["origin_port must be a port or a range"])
            if isinstance(port, int):
                if not 1 <= port <= 65535:
                    raise ApiError(400, 11000, ORIGIN_INVALID, ["origin_port out of range"])
            else:
                pm = PORT_RANGE_RE.match(str(port))
                ospan = _port_span(pm.group(1), pm.group(2)) if pm else None
                if ospan is None:
                    raise ApiError(400, 11000, ORIGIN_INVALID, [f"origin_port {port!r} is not a port or a range"])
                ocount = ospan[1] - ospan[0] + 1
                if ocount != 1 and ocount != proto_count:
                    raise ApiError(400, 11000, ORIGIN_INVALID,
                                   [f"origin_port range has {ocount} ports but protocol has {proto_count}"])
            out["origin_dns"] = od
            out["origin_port"] = port

        traffic_type = body.get("traffic_type", "direct")
        argo = body.get("argo_smart_routing", False)
        if argo and (proto_kind != "tcp" or traffic_type != "direct"):
            raise invalid("argo_smart_routing: only available for tcp applications with traffic_type direct")
        edge = body.get("edge_ips")
        if edge is None:
            if dns["type"] == "ADDRESS":
                raise invalid("edge_ips: static edge IPs are required with dns type ADDRESS")
            edge = {"type": "dynamic", "connectivity": "all"}
        etype = edge.get("type", "dynamic")
        if etype == "dynamic":
            if dns["type"] != "CNAME":
                raise invalid("edge_ips: dynamic edge IPs are only valid with dns type CNAME")
            edge = {"type": "dynamic", "connectivity": edge.get("connectivity", "all")}
        else:
            if dns["type"] != "ADDRESS":
                raise invalid("edge_ips: static edge IPs are only valid with dns type ADDRESS")
            if not edge.get("ips"):
                raise invalid("edge_ips.ips: at least one IP is required for static edge IPs")
            edge = {"type": "static", "ips": list(edge["ips"])}
        out.update({
            "ip_firewall": body.get("ip_firewall", False),
            "proxy_protocol": body.get("proxy_protocol", "off"),
            "tls": body.get("tls", "off"),
            "traffic_type": traffic_type,
            "edge_ips": edge,
            "argo_smart_routing": argo,
        })
        if body.get("virtual_network_id") is not None:
            out["virtual_network_id"] = body["virtual_network_id"]
        return out

    def write_app(self, zone_id: str, body: dict, app_id: Optional[str] = None) -> dict:
        with self.lock:
            zone = self.zone(zone_id)
            existing = self._get(self.spectrum_apps, zone_id, app_id, "app") if app_id else None
            fields = self._build_app(zone, body)
            if self.unique_app_hostnames:
                hostname = fields["dns"]["name"].lower().rstrip(".")
                for other in self.spectrum_apps[zone_id].values():
                    if other["id"] != app_id and other["dns"]["name"].lower().rstrip(".") == hostname:
                        raise ApiError(400, 11000, APP_HOSTNAME_TAKEN,
                                       [f'dns.name {fields["dns"]["name"]!r} is used by app {other["id"]}'])
            ts = now_ts()
            if existing is None:
                app_id = new_id()
                obj = {"id": app_id, "created_on": ts, "modified_on": ts}
            else:
                obj = {"id": app_id, "created_on": existing["created_on"], "modified_on": ts}
            obj.update(fields)
            self.spectrum_apps[zone_id][app_id] = obj
            return copy.deepcopy(obj)

    def delete_app(self, zone_id: str, app_id: str) -> dict:
        with self.lock:
            self.zone(zone_id)
            self._get(self.spectrum_apps, zone_id, app_id, "app")
            del self.spectrum_apps[zone_id][app_id]
            return {"id": app_id}

    # ----------------------------------------------------------------- control

    def state(self) -> dict:
        with self.lock:
            return copy.deepcopy({
                "zones": list(self.zones.values()),
                "monitors": {a: list(v.values()) for a, v in self.monitors.items()},
                "monitor_groups": {a: list(v.values()) for a, v in self.monitor_groups.items()},
                "pools": {a: list(v.values()) for a, v in self.pools.items()},
                "load_balancers": {z: list(v.values()) for z, v in self.load_balancers.items()},
                "spectrum_apps": {z: list(v.values()) for z, v in self.spectrum_apps.items()},
            })

    def control_edit(self, kind: str, oid: str, fields: dict) -> dict:
        with self.lock:
            _, obj = self.find(kind, oid)
            obj.update(fields)
            obj["modified_on"] = now_ts()
            return copy.deepcopy(obj)

    def control_get(self, kind: str, oid: str) -> dict:
        with self.lock:
            _, obj = self.find(kind, oid)
            return copy.deepcopy(obj)

    def control_delete(self, kind: str, oid: str) -> dict:
        with self.lock:
            objs, _ = self.find(kind, oid)
            del objs[oid]
            return {"id": oid}
