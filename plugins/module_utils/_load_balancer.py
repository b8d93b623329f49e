# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The load balancer resource (zone level), used by cf_load_balancer."""

from __future__ import annotations

import copy

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _tutorial_rules
from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import host, is_cf_id, strip_none
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field, Variants, compare
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import READ_ONLY_FIELDS, Resource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import LOAD_BALANCERS
from ansible_collections.edgeops.cloudflare.plugins.module_utils._load_balancer_input import (
    LB_FIELDS,
    POOL_MAP_FIELDS,
    TOPOLOGY_FIELDS,
    check_affinity_ttl,
    check_load_balancer_params,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._lookup import (
    pool_index,
    resolve_pool,
    spectrum_apps_for_hostname_rules,
)

# session_affinity_ttl when none is set, per affinity (Cloudflare documents 23 hours for cookies).
AFFINITY_TTL_DEFAULTS = {"cookie": {"session_affinity_ttl": 82800}, "ip_cookie": {"session_affinity_ttl": 82800},
                         "header": {"session_affinity_ttl": 1800}}
# Changes after which the steering prerequisites are checked again.
STEERING_INPUTS = ("steering_policy", "default_pools", "fallback_pool", "region_pools", "country_pools", "pop_pools",
                   "random_steering", "rules", "pool_sets")
RULE_DEFAULTS = {"condition": "", "disabled": False, "priority": 0, "terminates": False}
# Steering policies whose prerequisites are read from the pools (coordinates, monitors).
POOL_DATA_POLICIES = ("proximity", "dynamic_latency")


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


def _unset_to_none(value):
    return None if value in (None, {}, [], "") else value


def _normalise_pool_set(item):
    """One pool set as compared: the API's defaults filled in, empty values as unset, topology codes as sets."""
    if not isinstance(item, dict):
        return item
    match = item.get("match") or {}
    topology = match.get("topology") if isinstance(match, dict) else None
    if isinstance(topology, dict) and any(topology.get(f) for f in TOPOLOGY_FIELDS):
        match = {"topology": dict((f, sorted(str(c).upper() for c in topology[f]))
                                  for f in TOPOLOGY_FIELDS if topology.get(f))}
    else:
        match = {"default": True}  # no match, an empty one or default: true all match every request
    overrides = item.get("overrides") if isinstance(item.get("overrides"), dict) else {}
    fixed = item.get("fixed_response") if isinstance(item.get("fixed_response"), dict) else {}
    return {
        "name": item.get("name") or "",
        "disabled": bool(item.get("disabled")),
        "match": match,
        "overrides": dict((k, v) for k, v in overrides.items() if _unset_to_none(v) is not None) or None,
        "fixed_response": dict((k, v) for k, v in fixed.items() if _unset_to_none(v) is not None) or None,
    }


def _normalise_pool_sets(value):
    """Pool sets in evaluation order (their order is significant); none (``null``) is no pool sets."""
    if value is None:
        return []
    if not isinstance(value, list):
        return value
    return [_normalise_pool_set(item) for item in value]


def pool_refs(obj, prefix=""):
    """``(option, pool id)`` for every pool an LB (or a rule's or pool set's overrides) refers to."""
    refs = []
    for pid in obj.get("default_pools") or ():
        refs.append((prefix + "default_pools", pid))
    for pid in obj.get("pools") or ():
        refs.append((prefix + "pools", pid))
    for pid in obj.get("pool_weights") or {}:
        refs.append((prefix + "pool_weights", pid))
    if obj.get("fallback_pool"):
        refs.append((prefix + "fallback_pool", obj["fallback_pool"]))
    for field in POOL_MAP_FIELDS:
        for key, pids in (obj.get(field) or {}).items():
            for pid in pids or ():
                refs.append(("%s%s.%s" % (prefix, field, key), pid))
    for pid in ((obj.get("random_steering") or {}).get("pool_weights") or {}):
        refs.append((prefix + "random_steering.pool_weights", pid))
    return refs


def _pool_set_prefix(index, pool_set):
    name = pool_set.get("name")
    return "pool_sets[%d]%s.overrides." % (index, " (%r)" % name if name else "")


def _overridden(after):
    """``(prefix, overrides, effective load balancer)`` for each rule and pool set that overrides the steering.

    A rule's overrides apply over the load balancer's own settings; a pool set replaces the pools wholesale with
    its flat list (its ``pools``, then its fallback pool or the load balancer's).
    """
    found = []
    for rule in after.get("rules") or ():
        overrides = rule.get("overrides") or {}
        effective = dict(after)
        effective.update(overrides)
        found.append(("rules[%r].overrides." % rule.get("name"), overrides, effective))
    for index, pool_set in enumerate(after.get("pool_sets") or ()):
        overrides = pool_set.get("overrides") or {}
        effective = {"default_pools": list(overrides.get("pools") or ()),
                     "fallback_pool": overrides.get("fallback_pool") or after.get("fallback_pool"),
                     "pool_weights": overrides.get("pool_weights") or {}}
        found.append((_pool_set_prefix(index, pool_set), overrides, effective))
    return found


class LoadBalancerResource(Resource):
    object_type = LOAD_BALANCERS
    result_key = "load_balancer"
    id_param = "load_balancer_id"
    key_param = "name"
    key_field = "name"
    read_only = READ_ONLY_FIELDS + ("zone_name",)
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
        "networks": Field("set"),
        "pool_sets": Field("exact", normalize=_normalise_pool_sets),
    }

    def finish(self, result):
        result["zone_id"] = self.conn.zone_id
        return result

    def comparable(self, current, desired):
        current = super(LoadBalancerResource, self).comparable(current, desired)
        if current.get("ttl") is None and current.get("proxied") and desired.get("proxied", True) and "ttl" in desired:
            # A proxied load balancer's TTL is Cloudflare's own; a server may leave it out.
            current["ttl"] = desired["ttl"]
        return current

    def matches_key(self, obj, key):
        return host(obj.get(self.key_field)) == host(key)

    # -- input checks (no API call) -------------------------------------------------
    def validate(self):
        check_load_balancer_params(self.params)

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
        for index, pool_set in enumerate(want.get("pool_sets") or ()):
            if pool_set.get("overrides"):
                pool_set["overrides"] = self._resolve_fields(pool_set["overrides"], _pool_set_prefix(index, pool_set))
        return want

    def _ref(self, ref, option):
        return ref if is_cf_id(ref) else resolve_pool(self.conn, ref, option)

    def _resolve_fields(self, values, prefix):
        out = copy.deepcopy(values)
        if "default_pools" in out:
            out["default_pools"] = [self._ref(r, prefix + "default_pools") for r in out["default_pools"]]
            if len(set(out["default_pools"])) != len(out["default_pools"]):
                raise CloudflareError("%sdefault_pools names the same pool twice (by name and by id)." % prefix)
        if "fallback_pool" in out:
            out["fallback_pool"] = self._ref(out["fallback_pool"], prefix + "fallback_pool")
        for field in POOL_MAP_FIELDS:
            if field in out:
                out[field] = dict((key, [self._ref(r, "%s%s.%s" % (prefix, field, key)) for r in refs])
                                  for key, refs in out[field].items())
        if "pools" in out:
            out["pools"] = [self._ref(r, prefix + "pools") for r in out["pools"]]
        weights = (out.get("random_steering") or {}).get("pool_weights")
        if weights:
            out["random_steering"]["pool_weights"] = self._weights_by_id(weights, prefix + "random_steering.pool_weights")
        if out.get("pool_weights"):
            out["pool_weights"] = self._weights_by_id(out["pool_weights"], prefix + "pool_weights")
        return out

    def _weights_by_id(self, weights, option):
        resolved = {}
        for ref, weight in weights.items():
            pid = self._ref(ref, option)
            if pid in resolved:
                raise CloudflareError("%s gives pool %r twice (by name and by id)." % (option, ref))
            resolved[pid] = weight
        return resolved

    def create_body(self, desired):
        body = copy.deepcopy(desired)
        if not body.get("default_pools"):
            raise CloudflareError("default_pools is required to create %s: list its pools in failover order."
                                  % self.describe())
        if "name" not in body:
            raise CloudflareError("name is required to create a load balancer.")
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

    def before_write(self, action, desired, current):
        conn = self.conn
        after, changes = self._after(action, desired, current)
        name = after.get("name")
        renamed = action == "create" or "name" in changes

        # The tutorial's rules (_tutorial_rules), against the zone's Spectrum applications.
        if renamed:
            _tutorial_rules.check_load_balancer_name(name, spectrum_apps_for_hostname_rules(conn))
        if after.get("rules") and (renamed or "rules" in changes):
            _tutorial_rules.check_load_balancer_rules(name, after["rules"], spectrum_apps_for_hostname_rules(conn))

        # Affinity settings that the API would refuse or silently drop.
        affinity = _normalise_affinity(after.get("session_affinity") or "none")
        if "session_affinity_ttl" in desired:
            if affinity == "none":
                raise CloudflareError("session_affinity_ttl is set but the load balancer's session_affinity is none: "
                                      "set session_affinity to cookie, ip_cookie or header, or remove "
                                      "session_affinity_ttl.")
            check_affinity_ttl(affinity, desired["session_affinity_ttl"], "")
        if affinity == "header" and not (after.get("session_affinity_attributes") or {}).get("headers"):
            raise CloudflareError("session_affinity=header needs session_affinity_attributes.headers (the header names "
                                  "to stick on).")

        # The steering policies' prerequisites (pool coordinates, monitors) are read from the pools, and so
        # is every pool's existence when the pool list is at hand anyway (names were resolved). Pools given
        # by id and not otherwise needed cost no read: the API refuses an unknown id when it is written.
        steering_touched = action == "create" or any(field in changes for field in STEERING_INPUTS)
        policies = [(after.get("steering_policy"), after, "")]
        overridden = _overridden(after)
        for prefix, overrides, effective in overridden:
            if overrides.get("steering_policy"):
                policies.append((overrides["steering_policy"], effective, prefix))
        needs_pools = steering_touched and any(policy in POOL_DATA_POLICIES for policy, _lb, _p in policies)
        if not conn.account_known:
            if needs_pools:
                conn.warn("No account_id (or CLOUDFLARE_ACCOUNT_ID) with zone_id: the pools' existence and the "
                          "steering prerequisites were not checked before writing.")
            return
        pools = {}
        if needs_pools or conn.is_cached(("pools", conn.account_id)):
            pools = pool_index(conn)
            refs = pool_refs(after)
            for prefix, overrides, _effective in overridden:
                refs.extend(pool_refs(overrides, prefix))
            for option, pid in refs:
                if pid not in pools:
                    if conn.check_mode and not is_cf_id(pid):
                        continue  # a pool an earlier task of this check run would create (see _lookup)
                    raise CloudflareError("%s: pool id %s does not exist in account %s."
                                          % (option, pid, conn.account_id))
        if not steering_touched:
            return  # steering and pools untouched: an unrelated change is not blocked by them
        for policy, lb, prefix in policies:
            self._check_steering(policy, lb, pools, prefix)

    def _check_steering(self, policy, lb, pools, prefix):
        conn = self.conn
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
                    raise CloudflareError("%ssteering_policy=proximity needs coordinates on every pool of the load "
                                          "balancer, but pool %r (id %s) has none: set latitude and longitude on the "
                                          "pool (cf_lb_pool), or choose another steering_policy."
                                          % (prefix, pool.get("name"), pid))
        elif policy == "dynamic_latency":
            for pid in used:
                pool = pools.get(pid)
                if pool is None:
                    continue
                if not pool.get("monitor") and not pool.get("monitor_group"):
                    raise CloudflareError("%ssteering_policy=dynamic_latency measures latency with health checks, but "
                                          "pool %r (id %s) has no monitor: attach a monitor or monitor group to the "
                                          "pool (cf_lb_pool monitor or monitor_group), or choose another "
                                          "steering_policy."
                                          % (prefix, pool.get("name"), pid))
        elif policy == "geo":
            if not any(lb.get(field) for field in POOL_MAP_FIELDS):
                conn.warn("%ssteering_policy=geo is set but region_pools, country_pools and pop_pools are all empty, "
                          "so every request goes to default_pools as with steering_policy=off."
                          % prefix)
