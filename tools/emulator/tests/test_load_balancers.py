"""Load balancers: hostname rules, references, defaults and quirks."""

import pytest


def test_lb_defaults(api):
    pool = api.pool()
    lb = api.lb(pool["id"])
    expected = {
        "description": "", "enabled": True, "proxied": False, "ttl": 30, "steering_policy": "",
        "region_pools": {}, "country_pools": {}, "pop_pools": {}, "random_steering": {"default_weight": 1},
        "adaptive_routing": {"failover_across_pools": False},
        "location_strategy": {"mode": "pop", "prefer_ecs": "proximity"}, "session_affinity": "none",
        "session_affinity_attributes": {"samesite": "Auto", "secure": "Auto", "drain_duration": 0,
                                        "zero_downtime_failover": "none"},
        "rules": [], "networks": ["cloudflare"], "zone_name": "example.com",
        "default_pools": [pool["id"]], "fallback_pool": pool["id"],
    }
    for key, value in expected.items():
        assert lb[key] == value, key
    assert "session_affinity_ttl" not in lb
    assert api.ok("GET", f"/zones/{api.zone}/load_balancers/{lb['id']}") == lb
    listed = api.call("GET", f"/zones/{api.zone}/load_balancers").json()
    assert listed["result"] == [lb] and listed["result_info"]["count"] == 1


def test_empty_session_affinity_reads_back_none(api):
    pool = api.pool()
    lb = api.lb(pool["id"], session_affinity="")
    assert lb["session_affinity"] == "none"


@pytest.mark.parametrize("affinity,ttl", [("cookie", 82800), ("ip_cookie", 82800)])
def test_affinity_ttl_defaults(api, affinity, ttl):
    pool = api.pool()
    assert api.lb(pool["id"], session_affinity=affinity)["session_affinity_ttl"] == ttl


def test_header_affinity(api):
    pool = api.pool()
    api.err("POST", f"/zones/{api.zone}/load_balancers",
            {"name": "a.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"],
             "session_affinity": "header"})
    lb = api.lb(pool["id"], session_affinity="header", session_affinity_attributes={"headers": ["x-user"]})
    assert lb["session_affinity_ttl"] == 1800 and lb["session_affinity_attributes"]["headers"] == ["x-user"]


@pytest.mark.parametrize("name", ["lb", "lb.example.org", "example.com.evil.net", "bad_host!.example.com"])
def test_hostname_outside_zone_rejected(api, name):
    pool = api.pool()
    body = api.err("POST", f"/zones/{api.zone}/load_balancers",
                   {"name": name, "default_pools": [pool["id"]], "fallback_pool": pool["id"]})
    assert "invalid hostname" in body["errors"][0]["message"]


def test_zone_apex_allowed(api):
    pool = api.pool()
    assert api.lb(pool["id"], name="example.com")["name"] == "example.com"


def test_duplicate_lb_name_1003(api):
    pool = api.pool()
    api.lb(pool["id"])
    api.err("POST", f"/zones/{api.zone}/load_balancers",
            {"name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"]}, code=1003)


@pytest.mark.parametrize("field", ["default_pools", "fallback_pool", "country_pools", "pool_weights", "rules"])
def test_unknown_pool_reference_rejected(api, field):
    pool = api.pool()
    ghost = "9" * 32
    body = {"name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"]}
    if field == "default_pools":
        body["default_pools"] = [ghost]
    elif field == "fallback_pool":
        body["fallback_pool"] = ghost
    elif field == "country_pools":
        body["country_pools"] = {"US": [ghost]}
    elif field == "pool_weights":
        body["random_steering"] = {"pool_weights": {ghost: 0.5}}
    else:
        body["rules"] = [{"name": "r", "condition": "", "overrides": {"fallback_pool": ghost}}]
    msg = api.err("POST", f"/zones/{api.zone}/load_balancers", body)["errors"][0]["message"]
    assert ghost in msg


def test_lb_schema_violation(api):
    pool = api.pool()
    msg = api.err("POST", f"/zones/{api.zone}/load_balancers",
                  {"name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"],
                   "steering_policy": "roundrobin"})["errors"][0]["message"]
    assert msg.startswith("body.steering_policy")
    api.err("POST", f"/zones/{api.zone}/load_balancers", {"name": "lb.example.com"})


def test_rules_defaults(api):
    pool = api.pool()
    lb = api.lb(pool["id"], rules=[{"name": "a"},
                                   {"name": "b", "fixed_response": {"status_code": 503, "message_body": "x"}}])
    assert lb["rules"][0] == {"name": "a", "condition": "", "disabled": False, "priority": 0, "terminates": False}
    assert lb["rules"][1]["terminates"] is True


def test_put_resets_patch_merges(api):
    pool = api.pool()
    lb = api.lb(pool["id"], description="d", proxied=True, ttl=60)
    patched = api.ok("PATCH", f"/zones/{api.zone}/load_balancers/{lb['id']}", {"description": "e"})
    assert patched["proxied"] is True and patched["ttl"] == 60 and patched["description"] == "e"
    put = api.ok("PUT", f"/zones/{api.zone}/load_balancers/{lb['id']}",
                 {"name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"]})
    assert put["proxied"] is False and put["ttl"] == 30 and put["description"] == ""
    assert put["created_on"] == lb["created_on"]


def test_delete_lb_targeted_by_spectrum_allowed(api):
    pool = api.pool()
    lb = api.lb(pool["id"])
    api.app(origin_dns={"name": lb["name"]})
    api.ok("DELETE", f"/zones/{api.zone}/load_balancers/{lb['id']}")
    api.err("GET", f"/zones/{api.zone}/load_balancers/{lb['id']}", status=404, code=1001)


# -- 2026 fields: networks, rule overrides pools / pool_weights / pool_default_weight ---------------------------

def test_lb_networks_and_pool_sets_default(api):
    pool = api.pool()
    lb = api.lb(pool["id"], networks=["cloudflare", "jdcloud"])
    assert lb["networks"] == ["cloudflare", "jdcloud"] and lb["pool_sets"] == []
    put = api.ok("PUT", f"/zones/{api.zone}/load_balancers/{lb['id']}",
                 {"name": lb["name"], "default_pools": [pool["id"]], "fallback_pool": pool["id"]})
    assert put["networks"] == ["cloudflare"]


def test_rule_overrides_pools_and_weights(api):
    eu, us = api.pool(name="eu"), api.pool(name="us")
    overrides = {"pools": [us["id"], eu["id"]], "pool_weights": {us["id"]: 0.7}, "pool_default_weight": 0.3}
    lb = api.lb(eu["id"], rules=[{"name": "r", "condition": "true", "overrides": overrides}])
    assert lb["rules"][0]["overrides"] == overrides
    # pools an override names count as references: listed, and their delete is refused
    refs = api.ok("GET", f"{api.acct}/pools/{us['id']}/references")
    assert refs == [{"reference_type": "referrer", "resource_id": lb["id"], "resource_name": lb["name"],
                     "resource_type": "load_balancer"}]
    body = api.err("DELETE", f"{api.acct}/pools/{us['id']}", status=412, code=1005)
    assert lb["id"] in body["errors"][1]["message"]


GHOST = "9" * 32


@pytest.mark.parametrize("overrides,text", [  # (overrides of a pool id, what the refusal says)
    (lambda p: {"pools": [GHOST]}, "rules[0].overrides.pools: unknown pool id"),
    (lambda p: {"pool_weights": {GHOST: 0.5}}, "rules[0].overrides.pool_weights: unknown pool id"),
    (lambda p: {"pool_weights": {p: 1.5}}, "rules[0].overrides.pool_weights.{p}: weight must be between 0 and 1"),
    (lambda p: {"pools": [p, p]}, "rules[0].overrides.pools: duplicate entry '{p}'"),
    (lambda p: {"pool_weights": {p: 0.5}, "random_steering": {"default_weight": 0.5}},
     "rules[0].overrides: pool_weights and pool_default_weight cannot be combined with random_steering"),
    (lambda p: {"pool_default_weight": 0.5, "random_steering": {}}, "cannot be combined with random_steering"),
])
def test_rule_overrides_refused(api, overrides, text):
    pool = api.pool()
    body = {"name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"],
            "rules": [{"name": "r", "condition": "true", "overrides": overrides(pool["id"])}]}
    msg = api.err("POST", f"/zones/{api.zone}/load_balancers", body)["errors"][0]["message"]
    assert text.format(p=pool["id"]) in msg
