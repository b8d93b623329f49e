"""Load balancer pool sets: shapes, the documented refusals (symbolic codes), PATCH / PUT semantics and
references."""

import pytest


@pytest.fixture
def pools(api):
    return api.pool(name="eu")["id"], api.pool(name="us")["id"]


def lb_body(pools, pool_sets, name="lb.example.com"):
    return {"name": name, "default_pools": [pools[0]], "fallback_pool": pools[0], "pool_sets": pool_sets}


def lb_path(api, lb=None):
    return f"/zones/{api.zone}/load_balancers" + (f"/{lb['id']}" if lb else "")


def test_every_form_stored_in_order(api, pools):
    eu, us = pools
    sets = [
        {"name": "wnam", "match": {"topology": {"regions": ["WNAM"], "countries": ["US", "CA"], "pops": ["LAX"]}},
         "overrides": {"pools": [us, eu], "pool_weights": {us: 0.8}, "pool_default_weight": 0.2,
                       "fallback_pool": eu, "steering_policy": "random"}},
        {"name": "maintenance", "disabled": True, "match": {"default": True},
         "fixed_response": {"status_code": 503, "message_body": "later", "content_type": "text/plain"}},
        {"overrides": {"pools": [eu]}},  # no match: matches everything
        {"match": {"default": False, "topology": {"pops": ["AMS"]}}, "overrides": {"pools": [eu]}},
    ]
    lb = api.ok("POST", lb_path(api), lb_body(pools, sets))
    assert lb["pool_sets"] == [
        dict(sets[0], disabled=False), sets[1], {"name": "", "disabled": False, "overrides": {"pools": [eu]}},
        dict(sets[3], name="", disabled=False)]
    assert api.ok("GET", lb_path(api, lb))["pool_sets"] == lb["pool_sets"]
    # reordering is a write like any other: the order sent is kept
    reordered = api.ok("PATCH", lb_path(api, lb), {"pool_sets": [sets[1], sets[0]]})
    assert [s["name"] for s in reordered["pool_sets"]] == ["maintenance", "wnam"]


ROUTE = {"pools": ["EU"]}  # overrides routing to the pool "eu" (its id filled in by with_ids)


def with_ids(pool_set, eu):
    """``pool_set`` with the placeholder "EU" replaced by the id of the pool "eu"."""
    overrides = pool_set.get("overrides")
    if not overrides:
        return pool_set
    ids = {k: [eu if p == "EU" else p for p in v] if k == "pools" else v for k, v in overrides.items()}
    if "pool_weights" in ids:
        ids["pool_weights"] = {eu if k == "EU" else k: w for k, w in ids["pool_weights"].items()}
    return dict(pool_set, overrides=ids)


@pytest.mark.parametrize("pool_set,symbol,where", [
    ({"name": "x"}, "POOL_SET_NO_INTENT", "pool_sets[1]"),
    ({"overrides": {"steering_policy": "random"}}, "POOL_SET_NO_INTENT", "pool_sets[1]"),
    ({"overrides": {"pools": []}}, "POOL_SET_NO_INTENT", "pool_sets[1]"),
    ({"match": {}, "overrides": ROUTE}, "POOL_SET_EMPTY_MATCH", "pool_sets[1].match"),
    ({"match": {"default": False}, "overrides": ROUTE}, "POOL_SET_EMPTY_MATCH", "pool_sets[1].match"),
    ({"match": {"default": True, "topology": {"pops": ["LAX"]}}, "overrides": ROUTE},
     "POOL_SET_DEFAULT_WITH_MATCH", "pool_sets[1].match"),
    ({"match": {"topology": {}}, "overrides": ROUTE}, "POOL_SET_EMPTY_TOPOLOGY", "pool_sets[1].match.topology"),
    ({"match": {"topology": {"pops": [], "regions": []}}, "overrides": ROUTE}, "POOL_SET_EMPTY_TOPOLOGY",
     "pool_sets[1].match.topology"),
    ({"match": {"topology": {"pops": ["P%03d" % i for i in range(1001)]}}, "overrides": ROUTE},
     "POOL_SET_TOPOLOGY_TOO_LARGE", "body.pool_sets[1].match.topology.pops"),
])
def test_documented_refusals_carry_their_code(api, pools, pool_set, symbol, where):
    sets = [{"overrides": {"pools": [pools[1]]}}, with_ids(pool_set, pools[0])]
    msg = api.err("POST", lb_path(api), lb_body(pools, sets), code=1002)["errors"][0]["message"]
    assert msg.startswith(f"{symbol}: {where}: ") and msg.endswith("validation failed"), msg


def test_too_many_pool_sets(api, pools):
    sets = [{"overrides": {"pools": [pools[0]]}}] * 1001
    msg = api.err("POST", lb_path(api), lb_body(pools, sets))["errors"][0]["message"]
    assert msg == "POOL_SETS_TOO_LARGE: pool_sets: 1001 pool sets, more than 1000: validation failed"
    assert len(api.ok("POST", lb_path(api), lb_body(pools, sets[:1000]))["pool_sets"]) == 1000


@pytest.mark.parametrize("pool_set,text", [
    ({"name": "n" * 201, "overrides": ROUTE}, "body.pool_sets[0].name"),
    ({"match": {"topology": {"countries": ["US", "US"]}}, "overrides": ROUTE},
     "pool_sets[0].match.topology.countries: duplicate entry 'US'"),
    ({"match": {"topology": {"regions": ["MARS"]}}, "overrides": ROUTE},
     "pool_sets[0].match.topology.regions: unknown region 'MARS'"),
    ({"match": {"topology": {"pops": ["LA"]}}, "overrides": ROUTE},
     "pool_sets[0].match.topology.pops: invalid key 'LA'"),
    ({"overrides": {"pools": ["EU", "EU"]}}, "pool_sets[0].overrides.pools: duplicate entry"),
    ({"overrides": ROUTE, "fixed_response": {"status_code": 503}},
     "pool_sets[0]: overrides.pools and fixed_response are mutually exclusive"),
    ({"overrides": {"pools": ["EU"], "pool_weights": {"EU": 0.5}, "random_steering": {"default_weight": 1}}},
     "pool_sets[0].overrides: pool_weights and pool_default_weight cannot be combined with random_steering"),
    ({"overrides": {"pools": ["9" * 32]}}, "pool_sets[0].overrides.pools: unknown pool id"),
    ({"overrides": {"pools": ["EU"], "fallback_pool": "9" * 32}}, "pool_sets[0].overrides.fallback_pool: unknown"),
])
def test_other_refusals(api, pools, pool_set, text):
    msg = api.err("POST", lb_path(api), lb_body(pools, [with_ids(pool_set, pools[0])]))["errors"][0]["message"]
    assert msg.startswith(text), msg


def test_patch_leaves_or_clears_and_put_replaces(api, pools):
    one = [{"name": "a", "overrides": {"pools": [pools[1]]}}]
    lb = api.ok("POST", lb_path(api), lb_body(pools, one))
    stored = lb["pool_sets"]
    assert api.ok("PATCH", lb_path(api, lb), {"description": "x"})["pool_sets"] == stored     # omitted: kept
    assert api.ok("PATCH", lb_path(api, lb), {"pool_sets": None})["pool_sets"] == stored      # null: kept
    assert api.ok("PATCH", lb_path(api, lb), {"pool_sets": []})["pool_sets"] == []           # []: cleared
    api.ok("PATCH", lb_path(api, lb), {"pool_sets": one})
    # a PUT is the whole load balancer: without pool_sets (or with null) it has none
    put = api.ok("PUT", lb_path(api, lb), {"name": lb["name"], "default_pools": [pools[0]], "fallback_pool": pools[0]})
    assert put["pool_sets"] == []
    assert api.ok("PUT", lb_path(api, lb), lb_body(pools, one))["pool_sets"] == stored
    assert api.ok("PUT", lb_path(api, lb), lb_body(pools, None))["pool_sets"] == []


def test_pools_of_a_pool_set_are_references(api, pools):
    eu, us = pools
    lb = api.ok("POST", lb_path(api), lb_body(pools, [{"name": "a", "overrides": {"pools": [us]}}]))
    body = api.err("DELETE", f"{api.acct}/pools/{us}", status=412, code=1005)
    assert body["errors"][1]["message"] == f'referenced by load balancer "lb.example.com" (id {lb["id"]})'
    assert api.ok("GET", f"{api.acct}/pools/{us}/references") == [
        {"reference_type": "referrer", "resource_id": lb["id"], "resource_name": "lb.example.com",
         "resource_type": "load_balancer"}]
    # weights and the fallback of a set count too
    api.ok("PATCH", lb_path(api, lb), {"pool_sets": [{"overrides": {"pools": [eu], "fallback_pool": us}}]})
    api.err("DELETE", f"{api.acct}/pools/{us}", status=412, code=1005)
    api.ok("PATCH", lb_path(api, lb), {"pool_sets": []})
    api.ok("DELETE", f"{api.acct}/pools/{us}")
