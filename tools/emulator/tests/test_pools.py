"""Pools: validation, defaults, read-back quirks, uniqueness, integrity."""

import pytest


def test_pool_defaults_and_read_back_quirks(api):
    pool = api.pool(origins=[{"name": "b", "address": "192.0.2.2"}, {"name": "a", "address": "192.0.2.1"}])
    assert [o["name"] for o in pool["origins"]] == ["a", "b"]
    for origin in pool["origins"]:
        assert origin["enabled"] is True and origin["weight"] == 1 and origin["port"] == 0
        assert "header" not in origin and "disabled_at" not in origin
    assert pool["description"] == "" and pool["enabled"] is True and pool["minimum_origins"] == 1
    assert "monitor" not in pool and pool["check_regions"] is None and pool["notification_email"] == ""
    assert pool["notification_filter"] == {"origin": {"disable": False, "healthy": None},
                                           "pool": {"disable": False, "healthy": None}}
    assert pool["origin_steering"] == {"policy": "random"}
    assert pool["load_shedding"] == {"default_percent": 0, "default_policy": "random", "session_percent": 0,
                                     "session_policy": "hash"}
    assert pool["networks"] == ["cloudflare"] and "disabled_at" not in pool
    assert api.ok("GET", f"{api.acct}/pools/{pool['id']}") == pool


def test_pool_valid_full_body(api):
    mon = api.monitor()
    pool = api.pool(name="full_1", monitor=mon["id"], enabled=False, latitude=52.1, longitude=4.3,
                    check_regions=["WEU", "ENAM"], origin_steering={"policy": "least_connections"},
                    load_shedding={"default_percent": 10},
                    notification_filter={"pool": {"healthy": False}},
                    origins=[{"name": "x", "address": "h.example.org", "weight": 0.29, "enabled": False,
                              "header": {"Host": ["h.example.org"]}, "port": 8080}])
    assert pool["disabled_at"] and pool["origins"][0]["disabled_at"]
    assert pool["origins"][0]["weight"] == 0.29 and pool["origins"][0]["header"] == {"Host": ["h.example.org"]}
    assert pool["load_shedding"]["default_policy"] == "random" and pool["load_shedding"]["default_percent"] == 10
    assert pool["notification_filter"]["pool"] == {"disable": False, "healthy": False}


@pytest.mark.parametrize("body,where", [
    ({"name": "p", "origins": [{"name": "a", "address": "192.0.2.1", "weight": 2}]},
     "body.origins[0].weight: 2 is greater than the maximum of 1"),
    ({"origins": [{"name": "a", "address": "192.0.2.1"}]}, "'name' is a required property"),
    ({"name": "p"}, "'origins' is a required property"),
    ({"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"}], "origin_steering": {"policy": "rr"}},
     "body.origin_steering.policy"),
    ({"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"}], "enabled": "yes"}, "body.enabled"),
    ({"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"}], "check_regions": ["MARS"]},
     "body.check_regions[0]"),
])
def test_pool_schema_violations(api, body, where):
    msg = api.err("POST", f"{api.acct}/pools", body)["errors"][0]["message"]
    assert where in msg and msg.endswith(": validation failed")


@pytest.mark.parametrize("extra,text", [
    ({"name": "bad name"}, "name"),
    ({"latitude": 10.0}, "latitude and longitude"),
    ({"monitor": "0" * 32}, "0" * 32),
    ({"origins": []}, "origin list length"),
    ({"origins": [{"name": "a", "address": "192.0.2.1", "header": {"X-Foo": ["1"]}}]}, "Host"),
])
def test_pool_semantic_violations(api, extra, text):
    body = {"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"}]}
    body.update(extra)
    msg = api.err("POST", f"{api.acct}/pools", body)["errors"][0]["message"]
    assert text in msg


def test_duplicate_pool_name_1003(api):
    api.pool(name="dup")
    body = api.err("POST", f"{api.acct}/pools", {"name": "dup", "origins": [{"name": "a", "address": "h.example"}]},
                   code=1003)
    assert body["errors"][0]["message"] == "value not unique"
    other = api.pool(name="other")
    api.err("PATCH", f"{api.acct}/pools/{other['id']}", {"name": "dup"}, code=1003)


def test_put_resets_and_patch_merges(api):
    pool = api.pool(description="d", minimum_origins=2,
                    origins=[{"name": "a", "address": "192.0.2.1"}, {"name": "b", "address": "192.0.2.2"}])
    patched = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"description": "e"})
    assert patched["minimum_origins"] == 2 and len(patched["origins"]) == 2 and patched["description"] == "e"
    patched = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}",
                     {"origins": [{"name": "c", "address": "192.0.2.3"}]})
    assert [o["name"] for o in patched["origins"]] == ["c"]
    put = api.ok("PUT", f"{api.acct}/pools/{pool['id']}",
                 {"name": "web-pool", "origins": [{"name": "a", "address": "192.0.2.1"}]})
    assert put["description"] == "" and put["minimum_origins"] == 1
    assert put["created_on"] == pool["created_on"] and put["modified_on"] > pool["modified_on"]


def test_pool_list_monitor_filter(api):
    mon = api.monitor()
    api.pool(name="with", monitor=mon["id"])
    api.pool(name="without")
    names = [p["name"] for p in api.ok("GET", f"{api.acct}/pools?monitor={mon['id']}")]
    assert names == ["with"]


def test_pool_health_and_references(api):
    mon = api.monitor()
    pool = api.pool(monitor=mon["id"])
    lb = api.lb(pool["id"])
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")
    assert health["pool_id"] == pool["id"] and all(p["healthy"] for p in health["pop_health"].values())
    refs = api.ok("GET", f"{api.acct}/pools/{pool['id']}/references")
    assert {"reference_type": "referrer", "resource_id": lb["id"], "resource_name": lb["name"],
            "resource_type": "load_balancer"} in refs
    assert any(r["reference_type"] == "referral" and r["resource_id"] == mon["id"] for r in refs)


@pytest.mark.parametrize("field", ["default_pools", "region_pools", "rules"])
def test_delete_referenced_pool_412(api, field):
    pool = api.pool()
    other = api.pool(name="other")
    extra = {
        "default_pools": {},
        "region_pools": {"region_pools": {"WEU": [pool["id"]]}},
        "rules": {"rules": [{"name": "r", "condition": "true", "overrides": {"default_pools": [pool["id"]]}}]},
    }[field]
    default = [pool["id"]] if field == "default_pools" else [other["id"]]
    lb = api.ok("POST", f"/zones/{api.zone}/load_balancers",
                dict({"name": "lb.example.com", "default_pools": default, "fallback_pool": other["id"]}, **extra))
    body = api.err("DELETE", f"{api.acct}/pools/{pool['id']}", status=412, code=1005)
    assert f'load balancer "lb.example.com" (id {lb["id"]})' in body["errors"][1]["message"]
    api.ok("DELETE", f"/zones/{api.zone}/load_balancers/{lb['id']}")
    api.ok("DELETE", f"{api.acct}/pools/{pool['id']}")


# -- 2026 fields: monitor_group, health_sources, networks, origins[].flatten_cname ----------------------------

def test_pool_2026_defaults(api):
    pool = api.pool()
    assert "monitor_group" not in pool and pool["health_sources"] is None and pool["networks"] == ["cloudflare"]
    assert pool["origins"][0]["flatten_cname"] is True


def test_monitor_group_or_monitor_never_both(api):
    mon = api.monitor()
    group = api.group(mon["id"])
    both = {"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"}], "monitor": mon["id"],
            "monitor_group": group["id"]}
    msg = api.err("POST", f"{api.acct}/pools", both)["errors"][0]["message"]
    assert msg == "monitor_group: a pool can have either a monitor or a monitor group, not both: validation failed"
    pool = api.pool(monitor=mon["id"])
    # a PATCH adding the group while the monitor stays is both; sending the monitor as "" switches
    api.err("PATCH", f"{api.acct}/pools/{pool['id']}", {"monitor_group": group["id"]})
    switched = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"monitor_group": group["id"], "monitor": ""})
    assert switched["monitor_group"] == group["id"] and "monitor" not in switched
    # a PUT without the group has none; "" and null clear it too
    back = api.ok("PUT", f"{api.acct}/pools/{pool['id']}",
                  {"name": "web-pool", "origins": [{"name": "o1", "address": "192.0.2.1"}], "monitor": mon["id"]})
    assert back["monitor"] == mon["id"] and "monitor_group" not in back
    for empty in ("", None):
        api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"monitor": "", "monitor_group": group["id"]})
        cleared = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"monitor_group": empty})
        assert "monitor_group" not in cleared and "monitor" not in cleared
    msg = api.err("PATCH", f"{api.acct}/pools/{pool['id']}", {"monitor_group": "e" * 32})["errors"][0]["message"]
    assert msg == f"monitor_group: unknown monitor group id '{'e' * 32}': validation failed"


@pytest.mark.parametrize("sources", [["global", "regional"], ["regional"], ["local", "global"], []])
def test_health_sources_other_values_refused(api, sources):
    body = {"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"}], "check_regions": ["WEU"],
            "health_sources": sources}
    msg = api.err("POST", f"{api.acct}/pools", body)["errors"][0]["message"]
    assert msg.startswith('health_sources: must be null or exactly ["regional", "global"]')


def test_regional_health_needs_check_regions(api):
    body = {"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"}], "health_sources": ["regional", "global"]}
    msg = api.err("POST", f"{api.acct}/pools", body)["errors"][0]["message"]
    assert msg == "health_sources: regional health needs at least one region in check_regions: validation failed"
    pool = api.pool(check_regions=["WEU"], health_sources=["regional", "global"])
    assert pool["health_sources"] == ["regional", "global"]
    api.err("PATCH", f"{api.acct}/pools/{pool['id']}", {"check_regions": None})  # would leave regional alone
    cleared = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"health_sources": None})
    assert cleared["health_sources"] is None and cleared["check_regions"] == ["WEU"]


def test_networks_stored_as_sent(api):
    pool = api.pool(networks=["cloudflare", "jdcloud"])
    assert pool["networks"] == ["cloudflare", "jdcloud"]
    patched = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"description": "x"})
    assert patched["networks"] == ["cloudflare", "jdcloud"]
    assert api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"networks": []})["networks"] == []
    put = api.ok("PUT", f"{api.acct}/pools/{pool['id']}",
                 {"name": "web-pool", "origins": [{"name": "a", "address": "h.example"}]})
    assert put["networks"] == ["cloudflare"]
    api.err("PATCH", f"{api.acct}/pools/{pool['id']}", {"networks": [" "]})
    api.err("PATCH", f"{api.acct}/pools/{pool['id']}", {"networks": "cloudflare"})  # the schema: a list


def test_flatten_cname_per_origin(api):
    pool = api.pool(origins=[{"name": "a", "address": "a.example.org", "flatten_cname": False},
                             {"name": "b", "address": "b.example.org"}])
    assert [o["flatten_cname"] for o in pool["origins"]] == [False, True]
    # origins are taken whole: an origin sent without it is true again
    patched = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}",
                     {"origins": [{"name": "a", "address": "a.example.org"}]})
    assert patched["origins"][0]["flatten_cname"] is True
    api.err("PATCH", f"{api.acct}/pools/{pool['id']}",
            {"origins": [{"name": "a", "address": "a.example.org", "flatten_cname": "no"}]})
