"""Sparse responses: default-valued keys left out of API objects, stored state unchanged."""

import requests


def _all(api, emulator):
    """Create one object of each kind, every optional field at its default."""
    mon = api.monitor(type="http", description="web", interval=60, port=0, method="GET", expected_codes="200")
    pool = api.pool(origins=[{"name": "o2", "address": "192.0.2.2", "weight": 0.5, "port": 8080},
                             {"name": "o1", "address": "192.0.2.1", "enabled": True, "weight": 1}],
                    monitor=mon["id"], notification_filter=None)
    lb = api.lb(pool["id"], rules=[{"name": "r1", "condition": 'http.request.uri.path contains "/x"'},
                                   {"name": "r2", "priority": 3, "disabled": True}])
    app = api.app()
    return mon, pool, lb, app


def test_mode_switch_and_reset(api, emulator):
    assert emulator.mode() == {"sparse": False}
    assert emulator.sparse() == {"sparse": True}
    assert emulator.mode() == {"sparse": True}
    assert emulator.sparse(False) == {"sparse": False}
    emulator.sparse(True)
    emulator.reset()
    assert emulator.mode() == {"sparse": False}
    for bad in ({}, {"sparse": "yes"}, {"sparse": 1}, [True]):
        resp = requests.post(emulator.url + "/__emulator__/mode", json=bad, timeout=5)
        assert resp.status_code == 400 and "error" in resp.json()
    assert emulator.mode() == {"sparse": False}
    # control calls are never logged
    assert emulator.log()["requests"] == []


def test_sparse_objects(api, emulator):
    mon, pool, lb, app = _all(api, emulator)
    full = emulator.state()
    emulator.sparse(True)

    got = api.ok("GET", f"{api.acct}/monitors/{mon['id']}")
    assert got == {"id": mon["id"], "created_on": mon["created_on"], "modified_on": mon["modified_on"],
                   "type": "http", "description": "web", "method": "GET", "expected_codes": "200"}

    got = api.ok("GET", f"{api.acct}/pools/{pool['id']}")
    assert got == {"id": pool["id"], "created_on": pool["created_on"], "modified_on": pool["modified_on"],
                   "name": "web-pool", "monitor": mon["id"],
                   "origins": [{"name": "o1", "address": "192.0.2.1"},
                               {"name": "o2", "address": "192.0.2.2", "weight": 0.5, "port": 8080}]}

    got = api.ok("GET", f"/zones/{api.zone}/load_balancers/{lb['id']}")
    assert got == {"id": lb["id"], "created_on": lb["created_on"], "modified_on": lb["modified_on"],
                   "name": "lb.example.com", "ttl": 30, "fallback_pool": pool["id"], "default_pools": [pool["id"]],
                   "rules": [{"name": "r1", "condition": 'http.request.uri.path contains "/x"'},
                             {"name": "r2", "priority": 3, "disabled": True}]}

    got = api.ok("GET", f"/zones/{api.zone}/spectrum/apps/{app['id']}")
    assert got == {"id": app["id"], "created_on": app["created_on"], "modified_on": app["modified_on"],
                   "protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
                   "origin_dns": {"name": "lb.example.com"}, "origin_port": 22}

    # lists are thinned the same way
    assert api.ok("GET", f"{api.acct}/monitors")[0].keys() == {"id", "created_on", "modified_on", "type",
                                                               "description", "method", "expected_codes"}
    assert "enabled" not in api.ok("GET", f"{api.acct}/pools")[0]
    assert "zone_name" not in api.ok("GET", f"/zones/{api.zone}/load_balancers")[0]
    assert "tls" not in api.ok("GET", f"/zones/{api.zone}/spectrum/apps?page=1")[0]

    # stored state (and the control views) stay full
    assert emulator.state() == full
    assert emulator.get("pools", pool["id"]) == pool
    assert pool["origins"][0] == {"name": "o1", "address": "192.0.2.1", "enabled": True, "weight": 1, "port": 0,
                                  "flatten_cname": True}

    emulator.sparse(False)
    assert api.ok("GET", f"{api.acct}/pools/{pool['id']}") == pool


def test_sparse_writes_and_non_defaults(api, emulator):
    emulator.sparse(True)
    # write responses are thinned too; non-default values stay
    mon = api.monitor(timeout=4, retries=0, consecutive_down=2)
    assert {"timeout", "retries", "consecutive_down", "port", "interval", "description"} <= set(mon)
    assert "consecutive_up" not in mon and "path" not in mon and "header" not in mon
    patched = api.ok("PATCH", f"{api.acct}/monitors/{mon['id']}", {"retries": 2})
    assert "retries" not in patched and patched["timeout"] == 4
    assert emulator.get("monitors", mon["id"])["retries"] == 2  # stored in full

    pool = api.pool(enabled=False, minimum_origins=1, origin_steering={"policy": "hash"},
                    load_shedding={"default_percent": 10}, check_regions=["WEU"],
                    notification_filter={"pool": {"healthy": True}})
    assert pool["enabled"] is False and "disabled_at" in pool and "minimum_origins" not in pool
    assert pool["origin_steering"] == {"policy": "hash"} and pool["check_regions"] == ["WEU"]
    assert pool["load_shedding"]["default_percent"] == 10 and "networks" not in pool
    assert pool["notification_filter"]["pool"] == {"disable": False, "healthy": True}

    lb = api.lb(pool["id"], proxied=True, steering_policy="off", session_affinity="cookie",
                adaptive_routing={"failover_across_pools": True})
    assert lb["proxied"] is True and lb["steering_policy"] == "off" and lb["session_affinity"] == "cookie"
    assert lb["session_affinity_ttl"] == 82800 and lb["adaptive_routing"] == {"failover_across_pools": True}
    assert "session_affinity_attributes" not in lb and "location_strategy" not in lb
    put = api.ok("PUT", f"/zones/{api.zone}/load_balancers/{lb['id']}",
                 {"name": lb["name"], "default_pools": [pool["id"]], "fallback_pool": pool["id"],
                  "session_affinity": ""})
    assert "session_affinity" not in put and "proxied" not in put and "adaptive_routing" not in put

    app = api.app(tls="full", proxy_protocol="v1", ip_firewall=True, argo_smart_routing=True,
                  origin_dns={"name": "lb.example.com", "type": "A"},
                  edge_ips={"type": "dynamic", "connectivity": "ipv4"})
    assert app["tls"] == "full" and app["proxy_protocol"] == "v1" and app["ip_firewall"] is True
    assert app["argo_smart_routing"] is True and app["origin_dns"] == {"name": "lb.example.com", "type": "A"}
    assert app["edge_ips"] == {"type": "dynamic", "connectivity": "ipv4"} and "traffic_type" not in app


def test_sparse_leaves_other_results_alone(api, emulator):
    mon = api.monitor()
    pool = api.pool(monitor=mon["id"])
    emulator.sparse(True)
    refs = api.ok("GET", f"{api.acct}/monitors/{mon['id']}/references")
    assert refs == [{"reference_type": "referrer", "resource_id": pool["id"], "resource_name": "web-pool",
                     "resource_type": "pool"}]
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")
    assert health["pool_id"] == pool["id"]
    zones = api.ok("GET", "/zones")
    assert zones[0]["name"] == "example.com"
    # errors are unchanged
    api.err("GET", f"{api.acct}/pools/{'0' * 32}", status=404, code=1001)
    assert api.ok("DELETE", f"{api.acct}/pools/{pool['id']}") == {"id": pool["id"]}


def test_sparse_2026_fields(api, emulator):
    mon = api.monitor()
    group = api.group(mon["id"])
    emulator.sparse(True)
    # defaults left out: health_sources null, flatten_cname true, pool_sets []
    plain = api.pool(name="plain")
    assert "health_sources" not in plain and "flatten_cname" not in plain["origins"][0]
    pool = api.pool(monitor_group=group["id"], check_regions=["WEU"], health_sources=["regional", "global"],
                    networks=["jdcloud"], origins=[{"name": "a", "address": "a.example.org", "flatten_cname": False}])
    assert pool["monitor_group"] == group["id"] and pool["health_sources"] == ["regional", "global"]
    assert pool["networks"] == ["jdcloud"] and pool["origins"][0]["flatten_cname"] is False
    lb = api.lb(pool["id"])
    assert "pool_sets" not in lb
    sets = [{"name": "s", "disabled": False, "overrides": {"pools": [pool["id"]]}}]
    assert api.ok("PATCH", f"/zones/{api.zone}/load_balancers/{lb['id']}", {"pool_sets": sets})["pool_sets"] == sets
    assert api.app(virtual_network_id="a5624d4e-044a-4ff0-b3e1-e2465353d4b4")["virtual_network_id"]
    # monitor groups are answered whole (the schema requires every member flag)
    assert api.ok("GET", f"{api.acct}/monitor_groups/{group['id']}") == group
