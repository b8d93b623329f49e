# -*- coding: utf-8 -*-
"""cf_load_balancer through real ansible-playbook runs against the emulator (or, with --live, a live account)."""

from __future__ import annotations

import pytest

from tests.integration.harness import TCP_CHECK, ZONE, assert_holds, calls, host, lbs, make_app, make_monitor
from tests.integration.harness import make_pool, name, unset
from tests.integration.harness import lb_task as task
from tests.integration.harness import outside, variant

LB = {"name": host("lb"), "description": "web", "proxied": True, "default_pools": [name("pool-a"), name("pool-b")]}


@pytest.fixture
def pools(target):
    """Three plain pools (no monitor, no coordinates), by label (each named name(label))."""
    return dict((label, make_pool(target, label)) for label in ("pool-a", "pool-b", "pool-c"))


def reads(target, *extra):
    zone_id = target.zone_id(ZONE)
    base = {"zones": ("GET", "/zones"), "lbs": ("GET", "/zones/%s/load_balancers" % zone_id),
            "pools": ("GET", "/accounts/%s/load_balancers/pools" % target.account_id)}
    return [base[e] for e in extra]


def test_check_mode_delete_writes_nothing(target, playbook, pools):
    made = target.create("load_balancers", ZONE, {"name": host("lb"), "default_pools": [pools["pool-a"]["id"]],
                                                  "fallback_pool": pools["pool-a"]["id"]})
    target.clear_log()
    run = playbook([task({"name": host("lb"), "state": "absent"})], check=True, diff=True)
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is True and res["diff"]["before"]["id"] == made["id"] and res["diff"]["after"] == {}
    assert target.writes() == []
    assert len(lbs(target)) == 1


def test_adopt_and_noop_with_ids_reads_no_pools(target, playbook, pools):
    a, b = pools["pool-a"]["id"], pools["pool-b"]["id"]
    made = target.create("load_balancers", ZONE, {"name": host("adopted"), "default_pools": [a, b],
                                                  "fallback_pool": b, "session_affinity": ""})
    zone_id = target.zone_id(ZONE)
    by_ids = {"zone": None, "zone_id": zone_id, "name": variant(host("adopted")), "default_pools": [a, b],
              "fallback_pool": b, "session_affinity": ""}
    by_id = {"zone": None, "zone_id": zone_id, "load_balancer_id": made["id"], "default_pools": [a, b],
             "session_affinity": "none"}
    target.clear_log()
    run = playbook([task(by_ids, title="ids"), task(by_id, title="by id")])
    assert run.rc == 0, run
    assert run.result("ids")["changed"] is False and run.result("ids")["load_balancer"]["id"] == made["id"]
    assert run.result("by id")["changed"] is False
    assert calls(target) == [("GET", "/zones/%s/load_balancers" % zone_id),
                             ("GET", "/zones/%s/load_balancers/%s" % (zone_id, made["id"]))]

    # adopted by name with pools by name: unchanged, no write
    target.clear_log()
    run = playbook([task({"name": host("adopted"), "default_pools": [name("pool-a"), name("pool-b")],
                          "fallback_pool": name("pool-b")})])
    assert run.rc == 0, run
    assert run.result()["changed"] is False and target.writes() == []

    # adopted by id, the hostname itself can be changed
    run = playbook([task({"load_balancer_id": made["id"], "name": host("renamed")})], diff=True)
    assert run.rc == 0, run
    assert run.result()["diff"] == {"before": {"name": host("adopted")}, "after": {"name": host("renamed")}}
    assert lbs(target)[0]["name"] == host("renamed")


@pytest.mark.emulator_only("drift edit")
def test_drift_is_detected_and_corrected(emulator, playbook, pools):
    a, b = pools["pool-a"]["id"], pools["pool-b"]["id"]
    run = playbook([task(dict(LB, session_affinity="none"))])
    lb_id = run.result()["load_balancer"]["id"]
    # dashboard drift; an old-style "" affinity must not count as a change against "none"
    emulator.edit("load_balancers", lb_id, {"default_pools": [b, a], "description": "edited", "session_affinity": ""})
    run = playbook([task(dict(LB, session_affinity="none"))], diff=True)
    assert run.rc == 0, run
    assert run.result()["diff"] == {"before": {"default_pools": [b, a], "description": "edited"},
                                    "after": {"default_pools": [a, b], "description": "web"}}
    stored = lbs(emulator)[0]
    assert stored["default_pools"] == [a, b] and stored["description"] == "web"


def test_map_key_order_is_not_a_change_but_failover_order_is(target, playbook, pools):
    a, b, c = (pools[n]["id"] for n in ("pool-a", "pool-b", "pool-c"))
    geo = dict(LB, name=host("geo"), steering_policy="geo",
               region_pools={"WNAM": [name("pool-a"), name("pool-b")], "WEU": [name("pool-b")]},
               country_pools={"US": [name("pool-a")], "de": [name("pool-c")]})
    reordered = dict(geo, region_pools={"WEU": [name("pool-b")], "WNAM": [name("pool-a"), name("pool-b")]},
                     country_pools={"DE": [name("pool-c")], "US": [name("pool-a")]})
    failover = dict(reordered, default_pools=[name("pool-b"), name("pool-a")])
    run = playbook([task(geo, title="create"), task(reordered, title="keys reordered"),
                    task(failover, title="failover reordered")], diff=True)
    assert run.rc == 0, run
    assert run.result("create")["changed"] is True
    assert run.result("keys reordered")["changed"] is False
    res = run.result("failover reordered")
    assert res["changed"] is True
    assert res["diff"] == {"before": {"default_pools": [a, b]}, "after": {"default_pools": [b, a]}}
    stored = lbs(target)[0]
    assert stored["region_pools"] == {"WNAM": [a, b], "WEU": [b]}
    assert stored["country_pools"] == {"US": [a], "DE": [c]}


def test_steering_policies_switch_and_are_idempotent(target, playbook):
    mon = make_monitor(target, TCP_CHECK)
    east = make_pool(target, "east", monitor=mon["id"], latitude=40.7, longitude=-74.0)
    west = make_pool(target, "west", monitor=mon["id"], latitude=37.8, longitude=-122.4)
    base = {"name": host("steer"), "default_pools": [name("east"), name("west")]}
    steps = [
        ("dynamic_latency", dict(base, steering_policy="dynamic_latency")),
        ("geo", dict(base, steering_policy="geo",
                     region_pools={"ENAM": [name("east")], "WNAM": [name("west"), name("east")]})),
        ("proximity", dict(base, steering_policy="proximity",
                           location_strategy={"mode": "resolver_ip", "prefer_ecs": "always"})),
        ("random", dict(base, steering_policy="random",
                        random_steering={"default_weight": 0.3, "pool_weights": {name("east"): 0.7}})),
        ("least_outstanding_requests", dict(base, steering_policy="least_outstanding_requests")),
        ("least_connections", dict(base, steering_policy="least_connections")),
        ("off", dict(base, steering_policy="off", adaptive_routing={"failover_across_pools": True})),
    ]
    tasks = []
    for title, args in steps:
        tasks += [task(args, title=title), task(args, title=title + " again")]
    run = playbook(tasks)
    assert run.rc == 0, run
    for title, _args in steps:
        assert run.result(title)["changed"] is True, title
        assert run.result(title + " again")["changed"] is False, title
    stored = lbs(target)[0]
    assert stored["steering_policy"] == "off"
    assert stored["region_pools"] == {"ENAM": [east["id"]], "WNAM": [west["id"], east["id"]]}
    assert_holds(stored["random_steering"], {"default_weight": 0.3, "pool_weights": {east["id"]: 0.7}})
    assert_holds(stored["location_strategy"], {"mode": "resolver_ip", "prefer_ecs": "always"})
    assert_holds(stored["adaptive_routing"], {"failover_across_pools": True})


def test_steering_prerequisites_fail_before_any_write(target, playbook, pools):
    make_pool(target, "located", latitude=51.5, longitude=-0.1)
    proximity = {"name": host("prox"), "default_pools": [name("located"), name("pool-a")],
                 "steering_policy": "proximity"}
    latency = {"name": host("lat"), "default_pools": [name("pool-b")], "steering_policy": "dynamic_latency"}
    geo = {"name": host("geo"), "default_pools": [name("pool-c")], "steering_policy": "geo"}
    target.clear_log()
    run = playbook([task(proximity, title="proximity", ignore_errors=True),
                    task(latency, title="latency", ignore_errors=True),
                    task(geo, title="geo")])
    msg = run.result("proximity")["msg"]
    assert run.task("proximity")["status"] == "failed"
    assert name("pool-a") in msg and "latitude" in msg and "longitude" in msg and name("located") not in msg
    msg = run.result("latency")["msg"]
    assert run.task("latency")["status"] == "failed"
    assert name("pool-b") in msg and "monitor" in msg
    # geo without region/country/PoP pools is allowed, with a warning
    assert run.result("geo")["changed"] is True
    assert any("geo" in w and "region_pools" in w for w in run.result("geo").get("warnings", []))
    assert [(r["method"], r["path"].split("/client/v4")[-1]) for r in target.writes()] == \
        [("POST", "/zones/%s/load_balancers" % target.zone_id(ZONE))]
    assert [lb["name"] for lb in lbs(target)] == [host("geo")]

    # an existing LB switched to proximity is refused too, with no write
    target.clear_log()
    run = playbook([task(dict(geo, steering_policy="proximity"))])
    assert run.rc != 0 and name("pool-c") in run.result()["msg"]
    assert target.writes() == []

    # an unrelated change to a load balancer made elsewhere is not blocked by its steering
    target.create("load_balancers", ZONE, {"name": host("made"), "steering_policy": "proximity",
                                           "default_pools": [pools["pool-a"]["id"]],
                                           "fallback_pool": pools["pool-a"]["id"]})
    run = playbook([task({"name": host("made"), "description": "edited"})])
    assert run.rc == 0, run
    assert run.result()["changed"] is True


def test_lb_must_not_take_a_spectrum_hostname(target, playbook, pools):
    app = make_app(target)
    target.clear_log()
    run = playbook([task({"name": host("spectrum-cname"), "default_pools": [name("pool-a")]}, title="create",
                         ignore_errors=True)])
    msg = run.result("create")["msg"]
    assert run.task("create")["status"] == "failed"
    assert "Spectrum" in msg and host("spectrum-cname") in msg and app["id"] in msg and "name" in msg
    assert target.writes() == []

    # renaming an existing load balancer onto the Spectrum hostname is refused too
    made = target.create("load_balancers", ZONE, {"name": host("other"), "default_pools": [pools["pool-a"]["id"]],
                                                  "fallback_pool": pools["pool-a"]["id"]})
    target.clear_log()
    run = playbook([task({"load_balancer_id": made["id"], "name": host("spectrum-cname")})])
    assert run.rc != 0 and app["id"] in run.result()["msg"]
    assert target.writes() == []


def test_rules_refused_on_a_spectrum_origin(target, playbook, pools):
    app = make_app(target)
    rules = [{"name": "api", "condition": 'http.request.uri.path contains "/api"',
              "overrides": {"default_pools": [name("pool-b")]}}]
    origin_lb = {"name": host("cname-to-origin"), "default_pools": [name("pool-a")]}
    target.clear_log()
    run = playbook([task(dict(origin_lb, rules=rules), title="create with rules", ignore_errors=True),
                    task(origin_lb, title="create without rules"),
                    task(dict(origin_lb, rules=rules), title="add rules", ignore_errors=True),
                    task(dict(origin_lb, rules=[]), title="empty rules")])
    for title in ("create with rules", "add rules"):
        assert run.task(title)["status"] == "failed", title
        msg = run.result(title)["msg"]
        assert "rules" in msg and "Spectrum" in msg and app["id"] in msg and host("spectrum-cname") in msg
    assert run.result("create without rules")["changed"] is True
    assert run.result("empty rules")["changed"] is False
    assert [r["method"] for r in target.writes()] == ["POST"]
    assert unset(lbs(target)[0].get("rules"))


def test_every_field_and_rules_idempotent(target, playbook, pools):
    a, b, c = (pools[n]["id"] for n in ("pool-a", "pool-b", "pool-c"))
    maint = {"name": "maintenance", "condition": 'http.request.uri.path contains "/maintenance"',
             "fixed_response": {"status_code": 503, "content_type": "text/plain", "message_body": "down"}}
    eu = {"name": "eu", "priority": 10, "condition": 'ip.src.country eq "DE"',
          "overrides": {"default_pools": [name("pool-b")], "steering_policy": "off",
                        "region_pools": {"WEU": [name("pool-c")]}, "session_affinity_ttl": 120}}
    full = {
        "name": host("full"), "description": "every field", "enabled": False, "proxied": False, "ttl": 120,
        "default_pools": [name("pool-a"), b], "fallback_pool": name("pool-c"),
        "region_pools": {"WNAM": [name("pool-a")]}, "country_pools": {"US": [name("pool-b")]},
        "pop_pools": {"LAX": [name("pool-a")]},
        "steering_policy": "random",
        "random_steering": {"default_weight": 0.5, "pool_weights": {name("pool-a"): 0.8}},
        "adaptive_routing": {"failover_across_pools": True},
        "location_strategy": {"mode": "resolver_ip", "prefer_ecs": "geo"},
        "session_affinity": "header", "session_affinity_ttl": 600,
        "session_affinity_attributes": {"headers": ["x-session"], "require_all_headers": True, "samesite": "Strict",
                                        "secure": "Always", "drain_duration": 30, "zero_downtime_failover": "sticky"},
        "rules": [maint, eu],
    }
    same_rules_reordered = dict(full, rules=[eu, maint])          # distinct priorities: same evaluation order
    x = {"name": "x", "condition": 'http.host eq "%s"' % host("x"), "overrides": {"ttl": 60}}
    y = {"name": "y", "condition": 'http.host eq "%s"' % host("y"), "disabled": True}
    tie = dict(full, rules=[x, y])
    tie_swapped = dict(full, rules=[y, x])                         # equal priorities: list order is the order
    run = playbook([task(full, title="create"), task(full, title="again"),
                    task(same_rules_reordered, title="reordered"),
                    task(tie, title="tie"), task(tie_swapped, title="tie swapped"),
                    task(tie_swapped, title="tie again")])
    assert run.rc == 0, run
    assert run.result("create")["changed"] is True
    for title in ("again", "reordered", "tie again"):
        assert run.result(title)["changed"] is False, title
    assert run.result("tie")["changed"] is True and run.result("tie swapped")["changed"] is True
    stored = lbs(target)[0]
    assert [r["name"] for r in stored["rules"]] == ["y", "x"]

    run = playbook([task(full, title="back")], diff=True)
    assert run.rc == 0, run
    assert set(run.result("back")["diff"]["after"]) == {"rules"}
    stored = lbs(target)[0]
    assert stored["enabled"] is False and stored["ttl"] == 120 and stored["fallback_pool"] == c
    assert stored["default_pools"] == [a, b] and stored["pop_pools"] == {"LAX": [a]}
    assert_holds(stored["random_steering"], {"default_weight": 0.5, "pool_weights": {a: 0.8}})
    assert stored["session_affinity_attributes"]["headers"] == ["x-session"]
    rules = {r["name"]: r for r in stored["rules"]}
    assert_holds(rules["maintenance"], maint)
    assert rules["eu"]["overrides"]["default_pools"] == [b]
    assert rules["eu"]["overrides"]["region_pools"] == {"WEU": [c]}

    # subset objects: one attribute changed, the others kept and sent whole
    run = playbook([task(dict(full, session_affinity_attributes={"samesite": "Lax"}))], diff=True)
    assert run.rc == 0, run
    diff = run.result()["diff"]
    assert diff["before"]["session_affinity_attributes"]["samesite"] == "Strict"
    assert diff["after"]["session_affinity_attributes"] == dict(
        stored["session_affinity_attributes"], samesite="Lax")
    assert set(diff["after"]) == {"session_affinity_attributes"}

    # removing a rule's overrides is detected
    run = playbook([task(dict(full, rules=[maint, dict(eu, overrides=None)]))])
    assert run.result()["changed"] is True
    assert unset({r["name"]: r for r in lbs(target)[0]["rules"]}["eu"].get("overrides"))


def test_unknown_pool_name_reads_pools_but_writes_nothing(target, playbook, pools):
    target.clear_log()
    run = playbook([task({"name": host("lb"), "default_pools": [name("pool-a"), name("ghost-pool")]})])
    assert run.rc != 0
    msg = run.result()["msg"]
    assert "default_pools" in msg and name("ghost-pool") in msg
    assert reads(target, "pools")[0] in calls(target)
    assert target.writes() == []


BAD_INPUTS = [
    # (module args, text the error must contain)
    (dict(LB, steering_policy="fastest"), "steering_policy"),
    (dict(LB, name=outside("www")), "name"),
    (dict(LB, name="not a hostname!"), "name"),
    (dict(LB, name="lb"), "name"),
    (dict(LB, ttl=-5), "ttl"),
    (dict(LB, session_affinity="cookie", session_affinity_ttl=60), "session_affinity_ttl"),
    (dict(LB, session_affinity="header", session_affinity_ttl=7200,
          session_affinity_attributes={"headers": ["x-id"]}), "session_affinity_ttl"),
    (dict(LB, session_affinity="none", session_affinity_ttl=3600), "session_affinity_ttl"),
    (dict(LB, random_steering={"default_weight": 2}), "default_weight"),
    (dict(LB, random_steering={"default_weight": 0.25}), "default_weight"),
    (dict(LB, random_steering={"pool_weights": {name("pool-a"): 1.5}}), "pool_weights"),
    (dict(LB, region_pools={"MARS": [name("pool-a")]}), "region_pools"),
    (dict(LB, region_pools={"ALL_REGIONS": [name("pool-a")]}), "region_pools"),
    (dict(LB, country_pools={"USA": [name("pool-a")]}), "country_pools"),
    (dict(LB, pop_pools={"LA": [name("pool-a")]}), "pop_pools"),
    (dict(LB, region_pools={"WNAM": []}), "region_pools"),
    (dict(LB, zone_id="023e105f4ecef8ad9ca31a8372d0c353"), "zone"),
    (dict(LB, zone=None), "zone"),
    (dict(LB, location_strategy={"mode": "nearest"}), "location_strategy"),
    (dict(LB, default_pools=[]), "default_pools"),
    (dict(LB, default_pools=[name("pool-a"), name("pool-a")]), "default_pools"),
    (dict(LB, default_pools=["my pool"]), "default_pools"),
    (dict(LB, fallback_pool="bad name!"), "fallback_pool"),
    (dict(LB, load_balancer_id="nope"), "load_balancer_id"),
    ({"default_pools": [name("pool-a")]}, "name"),
    (dict(LB, session_affinity_attributes={"headers": ["bad header"]}), "headers"),
    (dict(LB, session_affinity_attributes={"samesite": "sometimes"}), "samesite"),
    (dict(LB, rules=[{"name": "r"}, {"name": "r"}]), "rules"),
    (dict(LB, rules=[{"condition": "true"}]), "name"),
    (dict(LB, rules=[{"name": "r", "priority": -1}]), "priority"),
    (dict(LB, rules=[{"name": "r", "terminates": False, "fixed_response": {"status_code": 503}}]), "terminates"),
    (dict(LB, rules=[{"name": "r", "fixed_response": {"status_code": 42}}]), "status_code"),
    (dict(LB, rules=[{"name": "r", "overrides": {"steering_policy": "fastest"}}]), "steering_policy"),
    (dict(LB, rules=[{"name": "r", "overrides": {"country_pools": {"XYZ": [name("pool-a")]}}}]), "country_pools"),
    (dict(LB, rules=[{"name": "r", "overrides": {"unknown": 1}}]), "unknown"),
    (dict(LB, state="maybe"), "state"),
]


def test_bad_input_fails_before_any_request(target, playbook):
    tasks = [task(args, title="bad %d" % index, ignore_errors=True) for index, (args, _text) in enumerate(BAD_INPUTS)]
    target.clear_log()
    run = playbook(tasks)
    assert len(run.results) == len(BAD_INPUTS), run
    for index, (args, text) in enumerate(BAD_INPUTS):
        record = run.task("bad %d" % index)
        assert record["status"] == "failed", (args, record)
        assert text in record["result"]["msg"], (text, record["result"]["msg"])
    assert calls(target) == [], "bad input reached the API"
    assert len(BAD_INPUTS) >= 12
