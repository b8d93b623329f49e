# -*- coding: utf-8 -*-
"""The spectrum_load_balancer role and the tutorial/teardown playbooks, through ansible-playbook."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "playbooks" / "tutorial.yml"
TEARDOWN = REPO / "playbooks" / "teardown.yml"
TUTORIAL_VARS = yaml.safe_load((REPO / "playbooks" / "vars" / "tutorial.yml").read_text())
ROLE = "edgeops.cloudflare.spectrum_load_balancer"
MODULE_ACTIONS = ("cf_lb_monitor", "cf_lb_pool", "cf_load_balancer", "cf_spectrum_app")


def objects(emulator):
    state = emulator.state()
    flat = {}
    for kind in ("monitors", "pools", "load_balancers", "spectrum_apps"):
        flat[kind] = [o for items in state[kind].values() for o in items]
    return flat


def changed_modules(run):
    """Which module tasks reported a change (loop items count once per module)."""
    names = []
    for record in run.results:
        action = record["action"].split(".")[-1]
        if action in MODULE_ACTIONS and record["status"] == "changed" and action not in names:
            names.append(action)
    return names


def module_records(run):
    return [r for r in run.results if r["action"].split(".")[-1] in MODULE_ACTIONS]


def tutorial_vars(**changes):
    data = copy.deepcopy(TUTORIAL_VARS)
    data.update(changes)
    return data


def test_tutorial_check_create_rerun_teardown(emulator, playbook):
    # check mode on an empty account predicts every object and writes nothing
    run = playbook(TUTORIAL, check=True, diff=True)
    assert run.rc == 0, run
    assert changed_modules(run) == list(MODULE_ACTIONS)
    assert emulator.writes() == []
    assert all(not v for v in objects(emulator).values())

    run = playbook(TUTORIAL)
    assert run.rc == 0, run
    assert changed_modules(run) == list(MODULE_ACTIONS)
    found = objects(emulator)
    assert [len(found[k]) for k in ("monitors", "pools", "load_balancers", "spectrum_apps")] == [1, 1, 1, 1]
    monitor, pool, lb, app = (found["monitors"][0], found["pools"][0], found["load_balancers"][0],
                              found["spectrum_apps"][0])
    assert (monitor["type"], monitor["port"], monitor["interval"]) == ("tcp", 2048, 30)
    assert pool["monitor"] == monitor["id"]
    assert sorted((o["name"], o["weight"]) for o in pool["origins"]) == [("origin-1", 0.7), ("origin-2", 0.3)]
    assert lb["name"] == "cname-to-origin.example.com"
    assert lb["default_pools"] == [pool["id"]] and lb["fallback_pool"] == pool["id"]
    assert lb["steering_policy"] == "off"
    assert app["dns"]["name"] == "spectrum-cname.example.com" and app["protocol"] == "tcp/22"
    assert app["origin_dns"]["name"] == lb["name"] and app["origin_port"] == 22
    assert app["proxy_protocol"] == "off" and app["tls"] == "off" and app["ip_firewall"] is False

    # the published fact
    fact = [r for r in run.results if r["action"].endswith("set_fact")
            and "spectrum_lb_result" in r["result"].get("ansible_facts", {})][-1]["result"]["ansible_facts"]
    result = fact["spectrum_lb_result"]
    assert result["load_balancer"]["id"] == lb["id"] and result["app"]["id"] == app["id"]
    assert [p["id"] for p in result["pools"]] == [pool["id"]] and result["monitor"]["id"] == monitor["id"]
    # and what each step did
    report = [r for r in run.results if "spectrum_lb_report" in r["result"].get("ansible_facts", {})]
    assert report[-1]["result"]["ansible_facts"]["spectrum_lb_report"] == {
        "monitor": "created", "pools": "created", "load_balancer": "created", "app": "created", "changes": 4,
        "failed": False, "waited": 0.0}

    # second run: nothing changes, only reads
    emulator.clear_log()
    run = playbook(TUTORIAL)
    assert run.rc == 0, run
    assert run.changed == 0 and changed_modules(run) == []
    assert emulator.writes() == []

    # teardown removes everything, in reverse order; a second teardown changes nothing
    run = playbook(TEARDOWN)
    assert run.rc == 0, run
    assert changed_modules(run) == ["cf_spectrum_app", "cf_load_balancer", "cf_lb_pool", "cf_lb_monitor"]
    assert all(not v for v in objects(emulator).values())
    run = playbook(TEARDOWN)
    assert run.rc == 0, run
    assert run.changed == 0


def test_weight_change_touches_only_the_pool(emulator, playbook):
    assert playbook(TUTORIAL).rc == 0
    pools = copy.deepcopy(TUTORIAL_VARS["spectrum_lb_pools"])
    pools[0]["origins"][1]["weight"] = 0.5
    emulator.clear_log()
    run = playbook(TUTORIAL, extra_vars={"spectrum_lb_pools": pools}, diff=True)
    assert run.rc == 0, run
    assert changed_modules(run) == ["cf_lb_pool"]
    assert [r["method"] for r in emulator.writes()] == ["PATCH"]
    pool = objects(emulator)["pools"][0]
    assert sorted((o["name"], o["weight"]) for o in pool["origins"]) == [("origin-1", 0.7), ("origin-2", 0.5)]


def test_steering_modes_touch_only_the_load_balancer(emulator, playbook):
    pools = [
        {"name": "west", "latitude": 37.77, "longitude": -122.42,
         "origins": [{"name": "w1", "address": "192.0.2.1", "weight": 1}]},
        {"name": "east", "latitude": 40.71, "longitude": -74.0,
         "origins": [{"name": "e1", "address": "192.0.2.2", "weight": 0.5},
                     {"name": "e2", "address": "192.0.2.3", "weight": 0.5}]},
    ]
    lb = dict(TUTORIAL_VARS["spectrum_lb_load_balancer"])
    assert playbook(TUTORIAL, extra_vars={"spectrum_lb_pools": pools, "spectrum_lb_load_balancer": lb}).rc == 0
    for steering, extra in [("dynamic_latency", {}), ("geo", {"region_pools": {"WNAM": ["west"], "ENAM": ["east"]}}),
                            ("proximity", {}), ("random", {}), ("least_connections", {}), ("off", {})]:
        new_lb = dict(lb, steering_policy=steering, **extra)
        emulator.clear_log()
        run = playbook(TUTORIAL, extra_vars={"spectrum_lb_pools": pools, "spectrum_lb_load_balancer": new_lb})
        assert run.rc == 0, (steering, run)
        assert changed_modules(run) == ["cf_load_balancer"], steering
        assert all("/load_balancers/" in r["path"] and "/pools" not in r["path"] for r in emulator.writes())
        assert objects(emulator)["load_balancers"][0]["steering_policy"] == steering
        run = playbook(TUTORIAL, extra_vars={"spectrum_lb_pools": pools, "spectrum_lb_load_balancer": new_lb})
        assert run.rc == 0 and run.changed == 0, (steering, run)


def test_no_health_check(emulator, playbook):
    run = playbook(TUTORIAL, extra_vars={"spectrum_lb_monitor": None})
    assert run.rc == 0, run
    found = objects(emulator)
    assert found["monitors"] == []
    assert len(found["pools"]) == 1 and not found["pools"][0].get("monitor")
    run = playbook(TUTORIAL, extra_vars={"spectrum_lb_monitor": None})
    assert run.rc == 0 and run.changed == 0, run
    run = playbook(TEARDOWN, extra_vars={"spectrum_lb_monitor": None})
    assert run.rc == 0, run
    assert all(not v for v in objects(emulator).values())


def test_failure_midway_then_rerun_converges(emulator, playbook):
    emulator.fault("POST", "/load_balancers$", "status", count=1, status=403)
    run = playbook(TUTORIAL)
    assert run.rc != 0
    failed = [r for r in run.results if r["status"] == "failed"]
    assert failed and failed[0]["action"].endswith("cf_load_balancer")
    assert "create load balancer" in failed[0]["result"]["msg"]
    found = objects(emulator)
    assert (len(found["monitors"]), len(found["pools"]), len(found["load_balancers"])) == (1, 1, 0)
    run = playbook(TUTORIAL)
    assert run.rc == 0, run
    assert changed_modules(run) == ["cf_load_balancer", "cf_spectrum_app"]
    found = objects(emulator)
    assert [len(found[k]) for k in ("monitors", "pools", "load_balancers", "spectrum_apps")] == [1, 1, 1, 1]


BAD_ROLE_INPUTS = [
    # (variables to change, text the error must contain)
    ({"spectrum_lb_zone": None}, "spectrum_lb_zone"),
    ({"spectrum_lb_zone_id": "0123456789abcdef0123456789abcdef"}, "spectrum_lb_zone"),
    ({"spectrum_lb_app": {"dns_name": "cname-to-origin.example.com"}}, "must not use a load balancer's hostname"),
    ({"spectrum_lb_app": {"dns_name": "CNAME-to-origin.example.com."}}, "must not use a load balancer's hostname"),
    ({"spectrum_lb_load_balancer": {"name": "lb.example.com", "rules": [{"name": "r", "condition": "true"}]}},
     "custom rules"),
    ({"spectrum_lb_load_balancer": {"name": "lb.example.com", "steering_policy": "fastest"}}, "steering_policy"),
    ({"spectrum_lb_load_balancer": {"steering_policy": "off"}}, "name"),
    ({"spectrum_lb_pools": [{"name": "p", "origins": [{"name": "a", "address": "192.0.2.1", "weight": 2}]}]},
     "weights"),
    ({"spectrum_lb_pools": [{"name": "p", "origins": [{"name": "a", "address": "192.0.2.1", "weight": -1}]}]},
     "weights"),
    ({"spectrum_lb_pools": [{"name": "p", "origins": [{"name": "a"}]}]}, "address"),
    ({"spectrum_lb_pools": [{"name": "p", "origins": []}]}, "origin"),
    ({"spectrum_lb_pools": [{"name": "bad name", "origins": [{"name": "a", "address": "192.0.2.1"}]}]}, "name"),
    ({"spectrum_lb_pools": []}, "spectrum_lb_pools"),
    ({"spectrum_lb_app": {}}, "dns_name"),
    ({"spectrum_lb_app": {"dns_name": "ssh.example.com", "tls": "maybe"}}, "tls"),
    ({"spectrum_lb_state": "gone"}, "spectrum_lb_state"),
    ({"spectrum_lb_monitor": {"type": "tcp", "port": 22}}, "spectrum_lb_monitor"),
    ({"spectrum_lb_monitor": {"description": "m", "typo_option": 1}}, "spectrum_lb_monitor"),
    ({"spectrum_lb_monitor": {"description": "m", "type": "ftp"}}, "spectrum_lb_monitor"),
]


def test_role_rejects_bad_input_before_any_api_call(emulator, playbook):
    tasks = []
    for index, (changes, _text) in enumerate(BAD_ROLE_INPUTS):
        role_vars = tutorial_vars(**changes)
        role_vars = {k: v for k, v in role_vars.items() if v is not None or k == "spectrum_lb_monitor"}
        if "spectrum_lb_zone" in changes and changes["spectrum_lb_zone"] is None:
            role_vars.pop("spectrum_lb_zone", None)
        tasks.append({
            "name": "case %d" % index,
            "block": [{"name": "role %d" % index, "ansible.builtin.include_role": {"name": ROLE}, "vars": role_vars}],
            "rescue": [{"name": "record %d" % index, "ansible.builtin.set_fact": {"case_failed": True}}],
        })
    emulator.clear_log()
    run = playbook(tasks)
    assert run.rc == 0, run
    failures = [r for r in run.results if r["status"] == "failed"]
    assert len(failures) == len(BAD_ROLE_INPUTS), [f["result"].get("msg") for f in failures]
    for record, (changes, text) in zip(failures, BAD_ROLE_INPUTS):
        result = record["result"]
        message = " ".join([str(result.get("msg", "")), str(result.get("argument_errors", ""))] +
                           [str(item.get("msg", "")) for item in result.get("results", [])])
        assert text in message, (changes, message)
    assert emulator.log()["requests"] == [], "bad role input reached the API"
    assert len(BAD_ROLE_INPUTS) >= 10
