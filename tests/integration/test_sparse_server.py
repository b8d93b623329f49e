# -*- coding: utf-8 -*-
"""Idempotency against a server that leaves default-valued fields out of its answers.

Another implementation of the API contract (older servers) may leave out every key whose value
is the documented default. Objects are created with the emulator in its normal mode, using
options that spell those defaults out; then sparse responses are switched on and a re-run must
report no change and send no write. One update under sparse mode must change exactly one field.
"""

from __future__ import annotations

import copy

import pytest

from tests.integration.harness import KINDS, MODULE_ACTIONS, TUTORIAL, TUTORIAL_VARS, only, stored
from tests.integration.harness import changed_module_tasks as changed_modules
from tests.integration.harness import module_task as task

pytestmark = pytest.mark.emulator_only("sparse responses")


def without(obj, *keys):
    return {k: v for k, v in obj.items() if k not in keys + ("modified_on",)}


def assert_sparse_noop(emulator, playbook, tasks):
    """Sparse answers on: the same tasks change nothing and write nothing."""
    emulator.sparse(True)
    emulator.clear_log()
    run = playbook(tasks, diff=True)
    assert run.rc == 0, run
    assert run.changed == 0, [(r["task"], r["result"].get("diff")) for r in run.results]
    assert emulator.writes() == []
    # the module really saw thinned answers
    assert emulator.requests(method="GET"), emulator.log()
    return run


def assert_one_field_update(emulator, playbook, kind, tasks, field, old, new):
    """Under sparse mode: the update changes ``field`` only (stored object and diff); a re-run is a no-op."""
    before = only(emulator, kind)
    assert before[field] == old
    emulator.clear_log()
    run = playbook(tasks, diff=True)
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is True
    assert res["diff"] == {"before": {field: old}, "after": {field: new}}
    after = only(emulator, kind)
    assert after[field] == new
    assert without(after, field) == without(before, field)
    assert len(emulator.writes()) == 1, emulator.writes()
    emulator.clear_log()
    run = playbook(tasks, diff=True)
    assert run.rc == 0, run
    assert run.changed == 0, run.result().get("diff")
    assert emulator.writes() == []


# --------------------------------------------------------------------------- cf_lb_monitor

TCP_MONITOR = {"description": "Spectrum Health Check", "type": "tcp", "port": 2048, "interval": 60, "retries": 2,
               "timeout": 5, "method": "connection_established", "consecutive_up": 0, "consecutive_down": 0}
HTTP_MONITOR = {"description": "web check", "type": "http", "port": 0, "interval": 60, "retries": 2, "timeout": 5,
                "method": "GET", "path": "/", "header": {}, "expected_codes": "200", "expected_body": "",
                "follow_redirects": False, "allow_insecure": False, "consecutive_up": 0, "consecutive_down": 0}


def test_monitor_sparse(emulator, playbook):
    tasks = [task("cf_lb_monitor", "tcp", **TCP_MONITOR), task("cf_lb_monitor", "http", **HTTP_MONITOR)]
    run = playbook(tasks)
    assert run.rc == 0, run
    assert run.changed == 2
    assert_sparse_noop(emulator, playbook, tasks)

    emulator.delete("monitors", run.result("http")["monitor"]["id"])
    changed = [task("cf_lb_monitor", "tcp", **dict(TCP_MONITOR, retries=3))]
    assert_one_field_update(emulator, playbook, "monitors", changed, "retries", 2, 3)


# --------------------------------------------------------------------------- cf_lb_pool

POOL = {
    "name": "spectrum-origins",
    "description": "",
    "enabled": True,
    "minimum_origins": 1,
    "notification_email": "",
    "origin_steering": {"policy": "random"},
    "load_shedding": {"default_percent": 0, "default_policy": "random", "session_percent": 0,
                      "session_policy": "hash"},
    "notification_filter": {"origin": {"disable": False}, "pool": {"disable": False}},
    "check_regions": [],
    "origins": [
        {"name": "origin-2", "address": "192.0.2.20", "weight": 1, "enabled": True, "port": 0},
        {"name": "origin-1", "address": "192.0.2.10", "weight": 1, "enabled": True},
    ],
}


def test_pool_sparse(emulator, playbook):
    tasks = [task("cf_lb_pool", "pool", **POOL)]
    run = playbook(tasks)
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    assert_sparse_noop(emulator, playbook, tasks)

    changed = [task("cf_lb_pool", "pool", **dict(POOL, origin_steering={"policy": "hash"}))]
    assert_one_field_update(emulator, playbook, "pools", changed, "origin_steering", {"policy": "random"},
                            {"policy": "hash"})


# --------------------------------------------------------------------------- cf_load_balancer

def _pool(emulator, name="lb-pool"):
    return emulator.create("pools", None, {"name": name, "origins": [{"name": "a", "address": "192.0.2.1"}]})


def lb_args(**changes):
    args = {
        "zone": "example.com",
        "name": "lb.example.com",
        "default_pools": ["lb-pool"],
        "fallback_pool": "lb-pool",
        "description": "",
        "enabled": True,
        "proxied": False,
        "steering_policy": "",
        "region_pools": {},
        "country_pools": {},
        "pop_pools": {},
        "rules": [],
        "random_steering": {"default_weight": 1},
        "adaptive_routing": {"failover_across_pools": False},
        "location_strategy": {"mode": "pop", "prefer_ecs": "proximity"},
        "session_affinity": "none",
        "session_affinity_attributes": {"samesite": "Auto", "secure": "Auto", "drain_duration": 0,
                                        "zero_downtime_failover": "none"},
    }
    args.update(changes)
    return args


def test_load_balancer_sparse(emulator, playbook):
    _pool(emulator)
    tasks = [
        task("cf_load_balancer", "plain", **lb_args()),
        task("cf_load_balancer", "off", **lb_args(name="off.example.com", steering_policy="off",
                                                   session_affinity="")),
        task("cf_load_balancer", "ruled", **lb_args(
            name="ruled.example.com",
            rules=[{"name": "r1", "condition": "", "disabled": False, "priority": 0, "terminates": False},
                   {"name": "r2", "condition": 'http.request.uri.path contains "/api"', "priority": 2,
                    "overrides": {"session_affinity": "none"}}])),
    ]
    run = playbook(tasks)
    assert run.rc == 0, run
    assert run.changed == 3
    assert_sparse_noop(emulator, playbook, tasks)

    for lb in stored(emulator, "load_balancers"):
        if lb["name"] != "lb.example.com":
            emulator.delete("load_balancers", lb["id"])
    changed = [task("cf_load_balancer", "plain", **lb_args(proxied=True))]
    assert_one_field_update(emulator, playbook, "load_balancers", changed, "proxied", False, True)


# --------------------------------------------------------------------------- cf_spectrum_app

def app_args(**changes):
    app = TUTORIAL_VARS["spectrum_lb_app"]
    args = {
        "zone": "example.com",
        "dns": {"type": "CNAME", "name": app["dns_name"]},
        "protocol": app["protocol"],
        "origin_dns": {"name": TUTORIAL_VARS["spectrum_lb_load_balancer"]["name"], "ttl": app["origin_dns_ttl"],
                       "type": ""},
        "origin_port": app["origin_port"],
        "tls": app["tls"],
        "proxy_protocol": app["proxy_protocol"],
        "ip_firewall": app["ip_firewall"],
        "argo_smart_routing": False,
        "traffic_type": "direct",
        "edge_ips": {"type": "dynamic", "connectivity": "all"},
    }
    args.update(changes)
    return args


def test_spectrum_app_sparse(emulator, playbook):
    pool = _pool(emulator)
    emulator.create("load_balancers", "example.com",
                    {"name": TUTORIAL_VARS["spectrum_lb_load_balancer"]["name"], "default_pools": [pool["id"]],
                     "fallback_pool": pool["id"], "steering_policy": "off"})
    tasks = [task("cf_spectrum_app", "app", **app_args())]
    run = playbook(tasks)
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    app = only(emulator, "spectrum_apps")
    assert (app["tls"], app["proxy_protocol"], app["ip_firewall"]) == ("off", "off", False)
    assert_sparse_noop(emulator, playbook, tasks)

    changed = [task("cf_spectrum_app", "app", **app_args(tls="full"))]
    assert_one_field_update(emulator, playbook, "spectrum_apps", changed, "tls", "off", "full")


# --------------------------------------------------------------------------- the role, via tutorial.yml

def role_vars(**changes):
    data = copy.deepcopy(TUTORIAL_VARS)
    data["spectrum_lb_monitor"].update(consecutive_up=0, consecutive_down=0)
    for pool in data["spectrum_lb_pools"]:
        pool.update(enabled=True, minimum_origins=1, origin_steering={"policy": "random"}, notification_email="")
        for origin in pool["origins"]:
            origin["enabled"] = True
        pool["origins"].append({"name": "origin-3", "address": "192.0.2.30", "weight": 1, "enabled": True})
    data["spectrum_lb_load_balancer"].update(proxied=False, enabled=True, session_affinity="none",
                                             adaptive_routing={"failover_across_pools": False},
                                             region_pools={}, random_steering={"default_weight": 1})
    data["spectrum_lb_app"].update(argo_smart_routing=False, traffic_type="direct",
                                   edge_ips={"type": "dynamic", "connectivity": "all"})
    data.update(changes)
    return data


def test_tutorial_role_sparse(emulator, playbook):
    extra = role_vars()
    run = playbook(TUTORIAL, extra_vars=extra)
    assert run.rc == 0, run
    assert changed_modules(run) == list(MODULE_ACTIONS)
    before = {kind: only(emulator, kind) for kind in KINDS}

    emulator.sparse(True)
    emulator.clear_log()
    run = playbook(TUTORIAL, extra_vars=extra, diff=True)
    assert run.rc == 0, run
    assert changed_modules(run) == [], [(r["task"], r["result"].get("diff")) for r in run.results]
    assert emulator.writes() == []
    assert {kind: only(emulator, kind) for kind in KINDS} == before

    # one change under sparse mode: only the load balancer's adaptive routing moves
    lb_changed = dict(extra["spectrum_lb_load_balancer"], adaptive_routing={"failover_across_pools": True})
    changed = dict(extra, spectrum_lb_load_balancer=lb_changed)
    emulator.clear_log()
    run = playbook(TUTORIAL, extra_vars=changed, diff=True)
    assert run.rc == 0, run
    assert changed_modules(run) == ["cf_load_balancer"]
    res = run.result("edgeops.cloudflare.spectrum_load_balancer : Load balancer in front of the pools")
    assert res["diff"] == {"before": {"adaptive_routing": {"failover_across_pools": False}},
                           "after": {"adaptive_routing": {"failover_across_pools": True}}}
    assert [w["method"] for w in emulator.writes()] == ["PATCH"]
    after = {kind: only(emulator, kind) for kind in KINDS}
    assert after["load_balancers"]["adaptive_routing"] == {"failover_across_pools": True}
    assert without(after["load_balancers"], "adaptive_routing") == without(before["load_balancers"],
                                                                            "adaptive_routing")
    for kind in ("monitors", "pools", "spectrum_apps"):
        assert after[kind] == before[kind]

    emulator.clear_log()
    run = playbook(TUTORIAL, extra_vars=changed)
    assert run.rc == 0, run
    assert changed_modules(run) == []
    assert emulator.writes() == []
