# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The load balancer resource (zone level), used by cf_load_balancer."""

from __future__ import annotations

import copy
import re

from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field, Variants, compare
from ansible_collections.edgeops.cloudflare.plugins.module_utils._lookup import (
    pool_index,
    resolve_pool,
    spectrum_apps_by_host,
    spectrum_apps_using_origin,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import READ_ONLY_FIELDS, Resource, is_cf_id

# Region codes a load balancer's region_pools may use (ALL_REGIONS is a pool check region, not a
# steering region: default_pools already serve every region not listed).
REGION_CODES = ("WNAM", "ENAM", "WEU", "EEU", "NSAM", "SSAM", "OC", "ME", "NAF", "SAF", "SAS", "SEAS", "NEAS")
STEERING_POLICIES = ("off", "geo", "random", "dynamic_latency", "proximity", "least_outstanding_requests",
                     "least_connections", "")
SESSION_AFFINITIES = ("none", "cookie", "ip_cookie", "header", "")
AFFINITY_TTL_RANGES = {"cookie": (1800, 604800), "ip_cookie": (1800, 604800), "header": (30, 3600)}
# session_affinity_ttl when none is set, per affinity (Cloudflare documents 23 hours for cookies).
AFFINITY_TTL_DEFAULTS = {"cookie": {"session_affinity_ttl": 82800}, "ip_cookie": {"session_affinity_ttl": 82800},
                         "header": {"session_affinity_ttl": 1800}}
POOL_MAP_FIELDS = ("region_pools", "country_pools", "pop_pools")
LB_FIELDS = ("name", "description", "enabled", "proxied", "ttl", "default_pools", "fallback_pool",
             "region_pools", "country_pools", "pop_pools", "steering_policy", "random_steering",
             "adaptive_routing", "location_strategy", "session_affinity", "session_affinity_ttl",
             "session_affinity_attributes", "rules")
# Changes after which the steering prerequisites are checked again.
STEERING_INPUTS = ("steering_policy", "default_pools", "fallback_pool", "region_pools", "country_pools", "pop_pools",
                   "random_steering", "rules")
RULE_DEFAULTS = {"condition": "", "disabled": False, "priority": 0, "terminates": False}
FIXED_RESPONSE_LIMITS = {"content_type": 32, "location": 2048, "message_body": 1024}

LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
POOL_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")
POP_RE = re.compile(r"^[A-Za-z]{3}$")
HEADER_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def host(name):
    """A hostname in canonical form: no trailing dot, lower case."""
    return name.strip().rstrip(".").lower() if isinstance(name, str) else name


def is_hostname(name):
    """A fully qualified hostname (at least two labels); a leading ``*`` label is allowed."""
    if not isinstance(name, str) or not 3 <= len(name) <= 253:
        return False
    labels = name.split(".")
    if len(labels) < 2:
        return False
    return all(LABEL_RE.match(label) or (index == 0 and label == "*") for index, label in enumerate(labels))


def in_zone(name, zone):
    return name == zone or name.endswith("." + zone)


def strip_none(value):
    """Drop the ``None`` values argspec fills in for suboptions that were not given."""
    if isinstance(value, dict):
        return dict((k, strip_none(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [strip_none(v) for v in value]
    return value


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _normalise_affinity(value):
    # Newer servers answer "none" where the 2024 schema (and older servers) say "" (or nothing).
    return "none" if value in ("", None) else value


def _normalise_random_steering(value):
    # Compared as a whole with the API's defaults filled in (PATCH replaces the object).
    if not isinstance(value, dict):
        return value
    return {"default_weight": value.get("default_weight", 1), "pool_weights": value.get("pool_weights") or {}}


def _normalise_rules(value):
    """Rules keyed by name, each with the API's defaults and its place in the evaluation order.

    Cloudflare runs rules by ``priority`` (lower first) and, between equal priorities, in list
    order; ``_rank`` is that place, so reordering rules of equal priority is a change and
    reordering rules with distinct priorities is not. ``overrides`` / ``fixed_response`` are
    present (``None`` when unset) so that removing them is detected too.
    """
    if not isinstance(value, list):
        return value
    items = []
    for index, rule in enumerate(value):
        if not isinstance(rule, dict):
            return value
        item = dict(rule)
        item.setdefault("priority", 0)
        item.setdefault("overrides", None)
        item.setdefault("fixed_response", None)
        items.append((item.get("priority") or 0, index, item))
    ordered = sorted(items, key=lambda t: (t[0], t[1]))
    for rank, (_priority, _index, item) in enumerate(ordered):
        item["_rank"] = rank
    return [item for _p, _i, item in items]


def pool_refs(obj, prefix=""):
    """``(option, pool id)`` for every pool an LB (or a rule's overrides) refers to."""
    refs = []
    for pid in obj.get("default_pools") or ():
        refs.append((prefix + "default_pools", pid))
    if obj.get("fallback_pool"):
        refs.append((prefix + "fallback_pool", obj["fallback_pool"]))
    for field in POOL_MAP_FIELDS:
        for key, pids in (obj.get(field) or {}).items():
            for pid in pids or ():
                refs.append(("%s%s.%s" % (prefix, field, key), pid))
    for pid in ((obj.get("random_steering") or {}).get("pool_weights") or {}):
        refs.append((prefix + "random_steering.pool_weights", pid))
    return refs


class LoadBalancerResource(Resource):
    kind = "load balancer"
    result_key = "load_balancer"
    id_param = "load_balancer_id"
    key_param = "name"
    key_field = "name"
    read_only = READ_ONLY_FIELDS + ("zone_name", "networks")
    # Cloudflare's documented load-balancer defaults, for servers that leave them out of a GET. The session
    # TTL's default depends on the affinity; with none ("" or "none") there is no TTL.
    server_defaults = Variants("session_affinity", AFFINITY_TTL_DEFAULTS, common={
        "description": "", "enabled": True, "proxied": False, "steering_policy": "", "region_pools": {},
        "country_pools": {}, "pop_pools": {}, "rules": [], "session_affinity": "none",
        "random_steering": {"default_weight": 1}, "adaptive_routing": {"failover_across_pools": False},
        "location_strategy": {"mode": "pop", "prefer_ecs": "proximity"},
        "session_affinity_attributes": {"samesite": "Auto", "secure": "Auto", "drain_duration": 0,
                                        "zero_downtime_failover": "none"},
    })
    fields = {
        "name": Field(normalize=host),
        "default_pools": Field("exact"),
        "region_pools": Field("exact"),
        "country_pools": Field("exact"),
        "pop_pools": Field("exact"),
        "session_affinity": Field(normalize=_normalise_affinity),
        "session_affinity_attributes": Field("subset"),
        "adaptive_routing": Field("subset"),
        "location_strategy": Field("subset"),
        "random_steering": Field("exact", normalize=_normalise_random_steering),
        "rules": Field("keyed", key="name", item_defaults=RULE_DEFAULTS, normalize=_normalise_rules),
    }

    def comparable(self, current, desired):
        current = super(LoadBalancerResource, self).comparable(current, desired)
        if current.get("ttl") is None and current.get("proxied") and desired.get("proxied", True) and "ttl" in desired:
            # A proxied load balancer's TTL is Cloudflare's own; a server may leave it out.
            current["ttl"] = desired["ttl"]
        return current

    def collection_path(self):
        return "/zones/%s/load_balancers" % self.cf.zone_id

    def matches_key(self, obj, key):
        return host(obj.get(self.key_field)) == host(key)

    # -- input checks (no API call) -------------------------------------------------
    def validate(self):
        p = self.params
        fail = self.cf.fail
        if p.get("load_balancer_id") is not None and not is_cf_id(p["load_balancer_id"]):
            fail("load_balancer_id must be a 32-character lowercase hexadecimal id, got %r." % p["load_balancer_id"])
        if p.get("name") is not None:
            name = host(p["name"])
            if not is_hostname(name):
                fail("name must be the load balancer's fully qualified hostname, such as lb.example.com, got %r."
                     % p["name"])
            zone = host(p.get("zone"))
            if zone and not in_zone(name, zone):
                fail("name %r is not inside zone %r: use the zone name itself or a hostname ending in '.%s'."
                     % (p["name"], zone, zone))
            p["name"] = name
        elif p.get("load_balancer_id") is None:
            fail("name is required (the load balancer's hostname), or give load_balancer_id.")
        if p.get("description") is not None and len(p["description"]) > 1024:
            fail("description must be at most 1024 characters.")
        values = dict((k, p.get(k)) for k in LB_FIELDS if k not in ("name", "rules", "description"))
        checked = self._check_fields(strip_none(values), "")
        p.update(checked)
        if p.get("rules") is not None:
            p["rules"] = self._check_rules(strip_none(p["rules"]))

    def _check_fields(self, values, prefix):
        """Check the LB-level fields (top level, or a rule's overrides); returns them normalised."""
        fail = self.cf.fail
        out = dict(values)
        if "default_pools" in values:
            pools = values["default_pools"]
            if not pools:
                fail("%sdefault_pools must list at least one pool (name or id), in failover order." % prefix)
            self._check_pool_list(pools, prefix + "default_pools")
        if "fallback_pool" in values:
            self._check_pool_ref(values["fallback_pool"], prefix + "fallback_pool")
        for field in POOL_MAP_FIELDS:
            if field in values:
                out[field] = self._check_pool_map(values[field], field, prefix + field)
        if values.get("ttl") is not None and (not _is_number(values["ttl"]) or values["ttl"] < 0):
            fail("%sttl must be a number of seconds, 0 or more, got %r." % (prefix, values["ttl"]))
        if values.get("steering_policy") is not None and values["steering_policy"] not in STEERING_POLICIES:
            fail("%ssteering_policy must be one of %s (or an empty string), got %r."
                 % (prefix, ", ".join(s for s in STEERING_POLICIES if s), values["steering_policy"]))
        affinity = values.get("session_affinity")
        if affinity is not None and affinity not in SESSION_AFFINITIES:
            fail("%ssession_affinity must be one of none, cookie, ip_cookie, header (or an empty string), got %r."
                 % (prefix, affinity))
        ttl = values.get("session_affinity_ttl")
        if ttl is not None:
            if not _is_number(ttl):
                fail("%ssession_affinity_ttl must be a number of seconds, got %r." % (prefix, ttl))
            if affinity in ("none", ""):
                fail("%ssession_affinity_ttl cannot be used with session_affinity=%r: Cloudflare drops it. Remove "
                     "session_affinity_ttl or choose cookie, ip_cookie or header affinity." % (prefix, affinity))
            self._check_affinity_ttl(affinity, ttl, prefix)
        if "session_affinity_attributes" in values:
            self._check_affinity_attributes(values["session_affinity_attributes"], prefix)
        if "random_steering" in values:
            out["random_steering"] = self._check_random_steering(values["random_steering"], prefix)
        for option, choices in (("mode", ("pop", "resolver_ip")),
                                ("prefer_ecs", ("always", "never", "proximity", "geo"))):
            value = (values.get("location_strategy") or {}).get(option)
            if value is not None and value not in choices:
                fail("%slocation_strategy.%s must be one of %s, got %r." % (prefix, option, ", ".join(choices), value))
        return out

    def _check_pool_ref(self, ref, option):
        if not isinstance(ref, str) or not ref.strip():
            self.cf.fail("%s: a pool is given by its name or id, got %r." % (option, ref))
        if not (is_cf_id(ref) or POOL_NAME_RE.match(ref)):
            self.cf.fail("%s: %r is neither a pool id (32 hexadecimal characters) nor a pool name (letters, "
                         "digits, '-' and '_')." % (option, ref))

    def _check_pool_list(self, refs, option):
        if not isinstance(refs, list) or not refs:
            self.cf.fail("%s must be a non-empty list of pool names or ids, got %r." % (option, refs))
        for ref in refs:
            self._check_pool_ref(ref, option)
        if len(set(refs)) != len(refs):
            self.cf.fail("%s lists the same pool more than once: %r." % (option, refs))

    def _check_pool_map(self, value, field, option):
        if not isinstance(value, dict):
            self.cf.fail("%s must be a mapping of %s to lists of pool names or ids." % (option, field[:-6]))
        out = {}
        for key, refs in value.items():
            code = str(key).upper()
            if field == "region_pools" and code not in REGION_CODES:
                self.cf.fail("%s: unknown region code %r; use one of %s." % (option, key, ", ".join(REGION_CODES)))
            if field == "country_pools" and not COUNTRY_RE.match(str(key)):
                self.cf.fail("%s: %r is not a two-letter ISO 3166-1 country code (such as US)." % (option, key))
            if field == "pop_pools" and not POP_RE.match(str(key)):
                self.cf.fail("%s: %r is not a three-letter Cloudflare data centre (PoP) code (such as LAX)."
                             % (option, key))
            if code in out:
                self.cf.fail("%s lists %r twice (codes are not case-sensitive)." % (option, code))
            if isinstance(refs, str):
                refs = [refs]
            self._check_pool_list(refs, "%s.%s" % (option, code))
            out[code] = list(refs)
        return out

    def _check_affinity_ttl(self, affinity, ttl, prefix):
        if affinity in AFFINITY_TTL_RANGES:
            low, high = AFFINITY_TTL_RANGES[affinity]
            if not low <= ttl <= high:
                self.cf.fail("%ssession_affinity_ttl must be between %s and %s seconds for %s affinity, got %s."
                             % (prefix, low, high, affinity, ttl))
        elif not 30 <= ttl <= 604800:
            self.cf.fail("%ssession_affinity_ttl must be between 30 and 604800 seconds, got %s." % (prefix, ttl))

    def _check_affinity_attributes(self, attrs, prefix):
        fail = self.cf.fail
        option = prefix + "session_affinity_attributes"
        if not isinstance(attrs, dict):
            fail("%s must be a mapping." % option)
        choices = {"samesite": ("Auto", "Lax", "None", "Strict"), "secure": ("Auto", "Always", "Never"),
                   "zero_downtime_failover": ("none", "temporary", "sticky")}
        for key, allowed in choices.items():
            if attrs.get(key) is not None and attrs[key] not in allowed:
                fail("%s.%s must be one of %s, got %r." % (option, key, ", ".join(allowed), attrs[key]))
        drain = attrs.get("drain_duration")
        if drain is not None and (not _is_number(drain) or drain < 0):
            fail("%s.drain_duration must be a number of seconds, 0 or more, got %r." % (option, drain))
        headers = attrs.get("headers")
        if headers is not None:
            if not isinstance(headers, list):
                fail("%s.headers must be a list of header names." % option)
            for name in headers:
                if not isinstance(name, str) or not HEADER_NAME_RE.match(name):
                    fail("%s.headers: %r is not a header name (1-100 letters, digits, '-' or '_')." % (option, name))
            if len(set(headers)) != len(headers):
                fail("%s.headers lists a header more than once." % option)
        if attrs.get("require_all_headers") is not None and not isinstance(attrs["require_all_headers"], bool):
            fail("%s.require_all_headers must be a boolean." % option)

    def _check_random_steering(self, value, prefix):
        fail = self.cf.fail
        option = prefix + "random_steering"
        if not isinstance(value, dict):
            fail("%s must be a mapping." % option)
        out = dict(value)
        weight = value.get("default_weight")
        if weight is not None:
            if not _is_number(weight) or not 0 <= weight <= 1:
                fail("%s.default_weight must be between 0 and 1, got %r." % (option, weight))
            if abs(round(weight * 10) - weight * 10) > 1e-9:
                fail("%s.default_weight must be a multiple of 0.1 (0, 0.1, ... 1), got %r." % (option, weight))
        weights = value.get("pool_weights")
        if weights is not None:
            if not isinstance(weights, dict):
                fail("%s.pool_weights must be a mapping of pool name or id to a weight between 0 and 1." % option)
            for ref, w in weights.items():
                self._check_pool_ref(ref, option + ".pool_weights")
                if not _is_number(w) or not 0 <= w <= 1:
                    fail("%s.pool_weights: the weight of pool %r must be between 0 and 1, got %r." % (option, ref, w))
        return out

    def _check_rules(self, rules):
        fail = self.cf.fail
        out = []
        names = set()
        for index, rule in enumerate(rules):
            where = "rules[%d]" % index
            name = rule.get("name")
            if not isinstance(name, str) or not name.strip():
                fail("%s.name must be a non-empty string: rules are matched by name." % where)
            if len(name) > 200:
                fail("%s.name must be at most 200 characters." % where)
            if name in names:
                fail("rules: two rules are named %r; rule names must be unique (rules are matched by name)." % name)
            names.add(name)
            where = "rules[%d] (%r)" % (index, name)
            if rule.get("priority") is not None and rule["priority"] < 0:
                fail("%s.priority must be 0 or more, got %s." % (where, rule["priority"]))
            item = dict(rule)
            fixed = rule.get("fixed_response")
            if fixed is not None:
                if rule.get("terminates") is False:
                    fail("%s.terminates cannot be false with fixed_response: a fixed response always ends "
                         "rule evaluation. Remove terminates or fixed_response." % where)
                item["terminates"] = True
                for key, limit in FIXED_RESPONSE_LIMITS.items():
                    if fixed.get(key) is not None and len(fixed[key]) > limit:
                        fail("%s.fixed_response.%s must be at most %d characters." % (where, key, limit))
                code = fixed.get("status_code")
                if code is not None and not 100 <= code <= 599:
                    fail("%s.fixed_response.status_code must be an HTTP status code (100-599), got %s." % (where, code))
            if rule.get("overrides") is not None:
                item["overrides"] = self._check_fields(rule["overrides"], "%s.overrides." % where)
            out.append(item)
        return out

    # -- desired state ---------------------------------------------------------------
    def desired(self):
        want = {}
        for key in LB_FIELDS:
            value = self.params.get(key)
            if value is not None:
                want[key] = strip_none(copy.deepcopy(value))
        return want

    def resolve(self, desired):
        """Pool names become ids (one read of the pool list, only when a name is given)."""
        want = self._resolve_fields(desired, "")
        for rule in want.get("rules") or ():
            if rule.get("overrides"):
                rule["overrides"] = self._resolve_fields(rule["overrides"], "rules[%r].overrides." % rule["name"])
        return want

    def _ref(self, ref, option):
        return ref if is_cf_id(ref) else resolve_pool(self.cf, ref, option)

    def _resolve_fields(self, values, prefix):
        out = copy.deepcopy(values)
        if "default_pools" in out:
            out["default_pools"] = [self._ref(r, prefix + "default_pools") for r in out["default_pools"]]
            if len(set(out["default_pools"])) != len(out["default_pools"]):
                self.cf.fail("%sdefault_pools names the same pool twice (by name and by id)." % prefix)
        if "fallback_pool" in out:
            out["fallback_pool"] = self._ref(out["fallback_pool"], prefix + "fallback_pool")
        for field in POOL_MAP_FIELDS:
            if field in out:
                out[field] = dict((key, [self._ref(r, "%s%s.%s" % (prefix, field, key)) for r in refs])
                                  for key, refs in out[field].items())
        weights = (out.get("random_steering") or {}).get("pool_weights")
        if weights:
            resolved = {}
            for ref, weight in weights.items():
                pid = self._ref(ref, prefix + "random_steering.pool_weights")
                if pid in resolved:
                    self.cf.fail("%srandom_steering.pool_weights gives pool %r twice (by name and by id)."
                                 % (prefix, ref))
                resolved[pid] = weight
            out["random_steering"]["pool_weights"] = resolved
        return out

    def create_body(self, desired):
        body = copy.deepcopy(desired)
        if not body.get("default_pools"):
            self.cf.fail("default_pools is required to create %s: list its pools in failover order."
                         % self.describe())
        if "name" not in body:
            self.cf.fail("name is required to create a load balancer.")
        if not body.get("fallback_pool"):
            # The API requires a fallback pool; the last pool of the failover order is the natural one.
            body["fallback_pool"] = body["default_pools"][-1]
        return body

    def update_request(self, changes, desired, current):
        body = copy.deepcopy(changes)
        if "session_affinity" in changes and "session_affinity_ttl" in desired:
            # Changing the affinity resets its TTL to the new affinity's default unless the TTL is sent too.
            body["session_affinity_ttl"] = desired["session_affinity_ttl"]
        return "PATCH", body

    # -- rules checked only when a write is about to be sent --------------------------------
    def _after(self, action, desired, current):
        if action == "create":
            return self.create_body(desired), dict((k, True) for k in desired)
        changes = compare(desired, current, self.fields)
        after = copy.deepcopy(current)
        after.update(copy.deepcopy(changes))
        return after, changes

    def check_write(self, action, desired, current):
        cf = self.cf
        after, changes = self._after(action, desired, current)
        name = after.get("name")
        renamed = action == "create" or "name" in changes

        # The tutorial: a load balancer must not take a Spectrum application's hostname.
        if renamed:
            apps = spectrum_apps_by_host(cf, name)
            if apps:
                cf.fail("name %r is already the hostname (dns.name) of Spectrum application %s in this zone: a load "
                        "balancer must not take the hostname of a Spectrum application, or DNS resolution breaks. "
                        "Choose another name for the load balancer, or move the Spectrum application to another "
                        "hostname first." % (name, self._apps_text(apps)))

        # The tutorial: load-balancing custom rules cannot be used with Spectrum.
        if after.get("rules") and (renamed or "rules" in changes):
            apps = spectrum_apps_using_origin(cf, name)
            if apps:
                cf.fail("rules: load balancer %r is the origin (origin_dns.name) of Spectrum application %s, and "
                        "load-balancing custom rules cannot be used with Spectrum. Remove the rules (rules: []) or "
                        "point the Spectrum application at another origin first." % (name, self._apps_text(apps)))

        # Affinity settings that the API would refuse or silently drop.
        affinity = _normalise_affinity(after.get("session_affinity") or "none")
        if "session_affinity_ttl" in desired:
            if affinity == "none":
                cf.fail("session_affinity_ttl is set but the load balancer's session_affinity is none: set "
                        "session_affinity to cookie, ip_cookie or header, or remove session_affinity_ttl.")
            self._check_affinity_ttl(affinity, desired["session_affinity_ttl"], "")
        if affinity == "header" and not (after.get("session_affinity_attributes") or {}).get("headers"):
            cf.fail("session_affinity=header needs session_affinity_attributes.headers (the header names to "
                    "stick on).")

        # Every pool must exist, and the steering policy's prerequisites must hold.
        if not cf.account_known:
            cf.module.warn("No account_id (or CLOUDFLARE_ACCOUNT_ID) with zone_id: the pools' existence and the "
                           "steering prerequisites were not checked before writing.")
            return
        pools = pool_index(cf)
        refs = pool_refs(after)
        for rule in after.get("rules") or ():
            refs.extend(pool_refs(rule.get("overrides") or {}, "rules[%r].overrides." % rule.get("name")))
        for option, pid in refs:
            if pid not in pools:
                if cf.check_mode and not is_cf_id(pid):
                    continue  # a pool an earlier task of this check run would create (see _lookup)
                cf.fail("%s: pool id %s does not exist in account %s." % (option, pid, cf.account_id))
        if action == "update" and not any(field in changes for field in STEERING_INPUTS):
            return  # steering and pools untouched: an unrelated change is not blocked by them
        self._check_steering(after.get("steering_policy"), after, pools, "")
        for rule in after.get("rules") or ():
            overrides = rule.get("overrides") or {}
            if overrides.get("steering_policy"):
                effective = dict(after)
                effective.update(overrides)
                self._check_steering(overrides["steering_policy"], effective, pools,
                                     "rules[%r].overrides." % rule.get("name"))

    def _check_steering(self, policy, lb, pools, prefix):
        cf = self.cf
        used = []
        for _option, pid in pool_refs(lb):
            if pid not in used:
                used.append(pid)
        if policy == "proximity":
            for pid in used:
                pool = pools.get(pid)
                if pool is None:
                    continue
                if pool.get("latitude") is None or pool.get("longitude") is None:
                    cf.fail("%ssteering_policy=proximity needs coordinates on every pool of the load balancer, but "
                            "pool %r (id %s) has none: set latitude and longitude on the pool (cf_lb_pool), or "
                            "choose another steering_policy." % (prefix, pool.get("name"), pid))
        elif policy == "dynamic_latency":
            for pid in used:
                pool = pools.get(pid)
                if pool is None:
                    continue
                if not pool.get("monitor"):
                    cf.fail("%ssteering_policy=dynamic_latency measures latency with health checks, but pool %r "
                            "(id %s) has no monitor: attach a monitor to the pool (cf_lb_pool monitor), or choose "
                            "another steering_policy." % (prefix, pool.get("name"), pid))
        elif policy == "geo":
            if not any(lb.get(field) for field in POOL_MAP_FIELDS):
                cf.module.warn("%ssteering_policy=geo is set but region_pools, country_pools and pop_pools are all "
                               "empty, so every request goes to default_pools as with steering_policy=off."
                               % prefix)

    @staticmethod
    def _apps_text(apps):
        return ", ".join("%r (id %s, protocol %s)" % ((a.get("dns") or {}).get("name"), a.get("id"), a.get("protocol"))
                         for a in apps)
