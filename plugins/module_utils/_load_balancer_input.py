# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_load_balancer's input checks: everything that can be said about its options without the API.

Choices (steering policy, affinity, location strategy, cookie attributes) are enforced by the
argument spec, built from ``_checks``; what is checked here is what a spec cannot say: hostnames,
pool references, region/country/PoP codes, ranges that depend on another option, and rules.
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    AFFINITY_TTL_ANY,
    AFFINITY_TTL_RANGES,
    COUNTRY_RE,
    HEADER_NAME_RE,
    POP_RE,
    STEERING_REGIONS,
    check_hostname,
    is_multiple_of,
    is_number,
    is_pool_ref,
    strip_none,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError

POOL_MAP_FIELDS = ("region_pools", "country_pools", "pop_pools")
LB_FIELDS = ("name", "description", "enabled", "proxied", "ttl", "default_pools", "fallback_pool",
             "region_pools", "country_pools", "pop_pools", "steering_policy", "random_steering",
             "adaptive_routing", "location_strategy", "session_affinity", "session_affinity_ttl",
             "session_affinity_attributes", "rules", "networks", "pool_sets")
FIXED_RESPONSE_LIMITS = {"content_type": 32, "location": 2048, "message_body": 1024}
# Cloudflare's limits on pool sets: sets per load balancer, characters in a name, entries in a topology list.
POOL_SETS_MAX = 1000
POOL_SET_NAME_MAX = 200
TOPOLOGY_MAX = 1000
TOPOLOGY_FIELDS = ("pops", "countries", "regions")


def check_load_balancer_params(p):
    """Check cf_load_balancer's options before any API call; normalises them in place (hostname, codes, rules).

    Raises :class:`CloudflareError` naming the option.
    """
    check_id(p, "load_balancer_id")
    if p.get("name") is not None:
        p["name"] = check_hostname(p["name"], "name", "lb.example.com", p.get("zone"))
    elif p.get("load_balancer_id") is None:
        raise CloudflareError("name is required (the load balancer's hostname), or give load_balancer_id.")
    if p.get("description") is not None and len(p["description"]) > 1024:
        raise CloudflareError("description must be at most 1024 characters.")
    values = dict((k, p.get(k)) for k in LB_FIELDS if k not in ("name", "rules", "description", "pool_sets"))
    checked = _check_fields(strip_none(values), "")
    p.update(checked)
    if p.get("rules") is not None:
        p["rules"] = _check_rules(strip_none(p["rules"]))
    if p.get("pool_sets") is not None:
        p["pool_sets"] = _check_pool_sets(strip_none(p["pool_sets"]))


def _check_fields(values, prefix):
    """Check the LB-level fields (top level, or a rule's overrides); returns them normalised."""
    out = dict(values)
    if "default_pools" in values:
        pools = values["default_pools"]
        if not pools:
            raise CloudflareError("%sdefault_pools must list at least one pool (name or id), in failover order."
                                  % prefix)
        _check_pool_list(pools, prefix + "default_pools")
    if "fallback_pool" in values:
        _check_pool_ref(values["fallback_pool"], prefix + "fallback_pool")
    for field in POOL_MAP_FIELDS:
        if field in values:
            out[field] = _check_pool_map(values[field], field, prefix + field)
    if values.get("ttl") is not None and (not is_number(values["ttl"]) or values["ttl"] < 0):
        raise CloudflareError("%sttl must be a number of seconds, 0 or more, got %r." % (prefix, values["ttl"]))
    affinity = values.get("session_affinity")
    ttl = values.get("session_affinity_ttl")
    if ttl is not None:
        if not is_number(ttl):
            raise CloudflareError("%ssession_affinity_ttl must be a number of seconds, got %r." % (prefix, ttl))
        if affinity in ("none", ""):
            raise CloudflareError("%ssession_affinity_ttl cannot be used with session_affinity=%r: Cloudflare drops "
                                  "it. Remove session_affinity_ttl or choose cookie, ip_cookie or header affinity."
                                  % (prefix, affinity))
        check_affinity_ttl(affinity, ttl, prefix)
    if "session_affinity_attributes" in values:
        _check_affinity_attributes(values["session_affinity_attributes"], prefix)
    if "random_steering" in values:
        out["random_steering"] = _check_random_steering(values["random_steering"], prefix)
    if "pools" in values:
        _check_pool_list(values["pools"], prefix + "pools")
    if values.get("pool_weights") is not None:
        weights = values["pool_weights"]
        for ref, weight in weights.items():
            _check_pool_ref(ref, prefix + "pool_weights")
            if not is_number(weight) or not 0 <= weight <= 1:
                raise CloudflareError("%spool_weights: the weight of pool %r must be between 0 and 1, got %r."
                                      % (prefix, ref, weight))
    weight = values.get("pool_default_weight")
    if weight is not None and (not 0 <= weight <= 1 or not is_multiple_of(weight, 0.1, tolerance=1e-9)):
        raise CloudflareError("%spool_default_weight must be between 0 and 1, in steps of 0.1, got %r."
                              % (prefix, weight))
    if "random_steering" in values and ("pool_weights" in values or "pool_default_weight" in values):
        raise CloudflareError("%spool_weights and pool_default_weight cannot be used with random_steering: they are "
                              "its declarative form. Give one or the other." % prefix)
    if values.get("networks") is not None and not all(isinstance(n, str) and n.strip() for n in values["networks"]):
        raise CloudflareError("%snetworks must list network names such as cloudflare, got %r."
                              % (prefix, values["networks"]))
    return out


def _check_pool_ref(ref, option):
    if not isinstance(ref, str) or not ref.strip():
        raise CloudflareError("%s: a pool is given by its name or id, got %r." % (option, ref))
    if not is_pool_ref(ref):
        raise CloudflareError("%s: %r is neither a pool id (32 hexadecimal characters) nor a pool name (letters, "
                              "digits, '-' and '_')." % (option, ref))


def _check_pool_list(refs, option):
    if not isinstance(refs, list) or not refs:
        raise CloudflareError("%s must be a non-empty list of pool names or ids, got %r." % (option, refs))
    for ref in refs:
        _check_pool_ref(ref, option)
    if len(set(refs)) != len(refs):
        raise CloudflareError("%s lists the same pool more than once: %r." % (option, refs))


def _check_pool_map(value, field, option):
    if not isinstance(value, dict):
        raise CloudflareError("%s must be a mapping of %s to lists of pool names or ids." % (option, field[:-6]))
    out = {}
    for key, refs in value.items():
        code = str(key).upper()
        if field == "region_pools" and code not in STEERING_REGIONS:
            raise CloudflareError("%s: unknown region code %r; use one of %s."
                                  % (option, key, ", ".join(STEERING_REGIONS)))
        if field == "country_pools" and not COUNTRY_RE.match(str(key)):
            raise CloudflareError("%s: %r is not a two-letter ISO 3166-1 country code (such as US)." % (option, key))
        if field == "pop_pools" and not POP_RE.match(str(key)):
            raise CloudflareError("%s: %r is not a three-letter Cloudflare data centre (PoP) code (such as LAX)."
                                  % (option, key))
        if code in out:
            raise CloudflareError("%s lists %r twice (codes are not case-sensitive)." % (option, code))
        if isinstance(refs, str):
            refs = [refs]
        _check_pool_list(refs, "%s.%s" % (option, code))
        out[code] = list(refs)
    return out


def check_affinity_ttl(affinity, ttl, prefix):
    if affinity in AFFINITY_TTL_RANGES:
        low, high = AFFINITY_TTL_RANGES[affinity]
        if not low <= ttl <= high:
            raise CloudflareError("%ssession_affinity_ttl must be between %s and %s seconds for %s affinity, got %s."
                                  % (prefix, low, high, affinity, ttl))
    elif not AFFINITY_TTL_ANY[0] <= ttl <= AFFINITY_TTL_ANY[1]:
        raise CloudflareError("%ssession_affinity_ttl must be between %s and %s seconds, got %s."
                              % ((prefix,) + AFFINITY_TTL_ANY + (ttl,)))


def _check_affinity_attributes(attrs, prefix):
    option = prefix + "session_affinity_attributes"
    if not isinstance(attrs, dict):
        raise CloudflareError("%s must be a mapping." % option)
    drain = attrs.get("drain_duration")
    if drain is not None and (not is_number(drain) or drain < 0):
        raise CloudflareError("%s.drain_duration must be a number of seconds, 0 or more, got %r." % (option, drain))
    headers = attrs.get("headers")
    if headers is not None:
        if not isinstance(headers, list):
            raise CloudflareError("%s.headers must be a list of header names." % option)
        for name in headers:
            if not isinstance(name, str) or not HEADER_NAME_RE.match(name):
                raise CloudflareError("%s.headers: %r is not a header name (1-100 letters, digits, '-' or '_')."
                                      % (option, name))
        if len(set(headers)) != len(headers):
            raise CloudflareError("%s.headers lists a header more than once." % option)
    if attrs.get("require_all_headers") is not None and not isinstance(attrs["require_all_headers"], bool):
        raise CloudflareError("%s.require_all_headers must be a boolean." % option)


def _check_random_steering(value, prefix):
    option = prefix + "random_steering"
    if not isinstance(value, dict):
        raise CloudflareError("%s must be a mapping." % option)
    out = dict(value)
    weight = value.get("default_weight")
    if weight is not None:
        if not is_number(weight) or not 0 <= weight <= 1:
            raise CloudflareError("%s.default_weight must be between 0 and 1, got %r." % (option, weight))
        if not is_multiple_of(weight, 0.1, tolerance=1e-9):
            raise CloudflareError("%s.default_weight must be a multiple of 0.1 (0, 0.1, ... 1), got %r."
                                  % (option, weight))
    weights = value.get("pool_weights")
    if weights is not None:
        if not isinstance(weights, dict):
            raise CloudflareError("%s.pool_weights must be a mapping of pool name or id to a weight between 0 and 1."
                                  % option)
        for ref, w in weights.items():
            _check_pool_ref(ref, option + ".pool_weights")
            if not is_number(w) or not 0 <= w <= 1:
                raise CloudflareError("%s.pool_weights: the weight of pool %r must be between 0 and 1, got %r."
                                      % (option, ref, w))
    return out


def _check_rules(rules):
    out = []
    names = set()
    for index, rule in enumerate(rules):
        where = "rules[%d]" % index
        name = rule.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CloudflareError("%s.name must be a non-empty string: rules are matched by name." % where)
        if len(name) > 200:
            raise CloudflareError("%s.name must be at most 200 characters." % where)
        if name in names:
            raise CloudflareError("rules: two rules are named %r; rule names must be unique (rules are matched by "
                                  "name)." % name)
        names.add(name)
        where = "rules[%d] (%r)" % (index, name)
        if rule.get("priority") is not None and rule["priority"] < 0:
            raise CloudflareError("%s.priority must be 0 or more, got %s." % (where, rule["priority"]))
        item = dict(rule)
        fixed = rule.get("fixed_response")
        if fixed is not None:
            if rule.get("terminates") is False:
                raise CloudflareError("%s.terminates cannot be false with fixed_response: a fixed response always ends "
                                      "rule evaluation. Remove terminates or fixed_response." % where)
            item["terminates"] = True
            _check_fixed_response(fixed, where)
        if rule.get("overrides") is not None:
            item["overrides"] = _check_fields(rule["overrides"], "%s.overrides." % where)
        out.append(item)
    return out


def _check_pool_sets(pool_sets):
    """Pool sets: each one's match and what it does, in Cloudflare's limits; returns them normalised."""
    if len(pool_sets) > POOL_SETS_MAX:
        raise CloudflareError("pool_sets lists %d sets; Cloudflare allows at most %d per load balancer."
                              % (len(pool_sets), POOL_SETS_MAX))
    out = []
    for index, pool_set in enumerate(pool_sets):
        name = pool_set.get("name")
        where = "pool_sets[%d]" % index + (" (%r)" % name if name else "")
        if name is not None and len(name) > POOL_SET_NAME_MAX:
            raise CloudflareError("%s.name must be at most %d characters." % (where, POOL_SET_NAME_MAX))
        item = dict(pool_set)
        if pool_set.get("match") is not None:
            item["match"] = _check_pool_set_match(pool_set["match"], where + ".match")
        overrides = pool_set.get("overrides") or {}
        fixed = pool_set.get("fixed_response")
        if not overrides.get("pools") and fixed is None:
            raise CloudflareError("%s needs overrides.pools (where its traffic goes) or fixed_response (the answer it "
                                  "gives)." % where)
        if overrides.get("pools") and fixed is not None:
            raise CloudflareError("%s: overrides.pools and fixed_response are mutually exclusive; a set either routes "
                                  "to pools or answers itself." % where)
        if fixed is not None:
            _check_fixed_response(fixed, where)
        if pool_set.get("overrides") is not None:
            item["overrides"] = _check_fields(overrides, "%s.overrides." % where)
        out.append(item)
    return out


def _check_pool_set_match(match, option):
    out = dict(match)
    topology = match.get("topology")
    if match.get("default") and topology is not None:
        raise CloudflareError("%s: default and topology are mutually exclusive (default matches every request)." % option)
    if not match.get("default") and topology is None:
        raise CloudflareError("%s must set default: true or a topology (or leave match out to match every request)."
                              % option)
    if topology is not None:
        checked = {}
        for field in TOPOLOGY_FIELDS:
            codes = topology.get(field)
            if codes is None:
                continue
            where = "%s.topology.%s" % (option, field)
            if len(codes) > TOPOLOGY_MAX:
                raise CloudflareError("%s lists %d entries; Cloudflare allows at most %d." % (where, len(codes), TOPOLOGY_MAX))
            normalised = [str(code).upper() for code in codes]
            for code in normalised:
                if field == "regions" and code not in STEERING_REGIONS:
                    raise CloudflareError("%s: unknown region code %r; use one of %s."
                                          % (where, code, ", ".join(STEERING_REGIONS)))
                if field == "countries" and not COUNTRY_RE.match(code):
                    raise CloudflareError("%s: %r is not a two-letter ISO 3166-1 country code (such as US)."
                                          % (where, code))
                if field == "pops" and not POP_RE.match(code):
                    raise CloudflareError("%s: %r is not a three-letter Cloudflare data centre (PoP) code (such as LAX)."
                                          % (where, code))
            if len(set(normalised)) != len(normalised):
                raise CloudflareError("%s lists the same code more than once (codes are not case-sensitive)." % where)
            checked[field] = normalised
        if not any(checked.values()):
            raise CloudflareError("%s.topology must list at least one PoP, country or region." % option)
        out["topology"] = checked
    return out


def _check_fixed_response(fixed, where):
    for key, limit in FIXED_RESPONSE_LIMITS.items():
        if fixed.get(key) is not None and len(fixed[key]) > limit:
            raise CloudflareError("%s.fixed_response.%s must be at most %d characters." % (where, key, limit))
    code = fixed.get("status_code")
    if code is not None and not 100 <= code <= 599:
        raise CloudflareError("%s.fixed_response.status_code must be an HTTP status code (100-599), got %s."
                              % (where, code))
