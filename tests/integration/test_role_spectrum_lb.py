# -*- coding: utf-8 -*-
"""The spectrum_load_balancer role and the tutorial/teardown playbooks, through ansible-playbook.

Every run of playbooks/tutorial.yml and teardown.yml gets tutorial_vars() (the tutorial's values with
this run's names) as extra vars, so the same scenarios run against a live account (--live).
"""

from __future__ import annotations

import copy

import pytest

from tests.integration.harness import ROLE, TEARDOWN, TUTORIAL, TUTORIAL_VARS
from tests.integration.harness import all_objects as objects
from tests.integration.harness import changed_modules, host, name, tutorial_vars, variant

LB_HOST = TUTORIAL_VARS["spectrum_lb_load_balancer"]["name"]


def test_weight_change_touches_only_the_pool(target, playbook):
    assert playbook(TUTORIAL, extra_vars=tutorial_vars()).rc == 0
    pools = copy.deepcopy(TUTORIAL_VARS["spectrum_lb_pools"])
    pools[0]["origins"][1]["weight"] = 0.5
    target.clear_log()
    run = playbook(TUTORIAL, extra_vars=tutorial_vars(spectrum_lb_pools=pools), diff=True)
    assert run.rc == 0, run
    assert changed_modules(run) == ["cf_lb_pool"]
    assert [r["method"] for r in target.writes()] == ["PATCH"]
    pool = objects(target)["pools"][0]
    assert sorted((o["name"], o["weight"]) for o in pool["origins"]) == [("origin-1", 0.7), ("origin-2", 0.5)]


def test_steering_modes_touch_only_the_load_balancer(target, playbook):
    pools = [
        {"name": name("west"), "latitude": 37.77, "longitude": -122.42,
         "origins": [{"name": "w1", "address": "192.0.2.1", "weight": 1}]},
        {"name": name("east"), "latitude": 40.71, "longitude": -74.0,
         "origins": [{"name": "e1", "address": "192.0.2.2", "weight": 0.5},
                     {"name": "e2", "address": "192.0.2.3", "weight": 0.5}]},
    ]
    lb = dict(TUTORIAL_VARS["spectrum_lb_load_balancer"])
    assert playbook(TUTORIAL, extra_vars=tutorial_vars(spectrum_lb_pools=pools, spectrum_lb_load_balancer=lb)).rc == 0
    # Three modes through the role (every mode, with its own settings, is covered at module level by
    # test_cf_load_balancer.py::test_steering_policies_switch_and_are_idempotent and the cf_load_balancer target).
    for steering, extra in [("geo", {"region_pools": {"WNAM": [name("west")], "ENAM": [name("east")]}}),
                            ("least_connections", {}), ("off", {})]:
        new_lb = dict(lb, steering_policy=steering, **extra)
        target.clear_log()
        run = playbook(TUTORIAL, extra_vars=tutorial_vars(spectrum_lb_pools=pools, spectrum_lb_load_balancer=new_lb))
        assert run.rc == 0, (steering, run)
        assert changed_modules(run) == ["cf_load_balancer"], steering
        assert all("/load_balancers/" in r["path"] and "/pools" not in r["path"] for r in target.writes())
        assert objects(target)["load_balancers"][0]["steering_policy"] == steering
        run = playbook(TUTORIAL, extra_vars=tutorial_vars(spectrum_lb_pools=pools, spectrum_lb_load_balancer=new_lb))
        assert run.rc == 0 and run.changed == 0, (steering, run)


def test_no_health_check(target, playbook):
    run = playbook(TUTORIAL, extra_vars=tutorial_vars(spectrum_lb_monitor=None))
    assert run.rc == 0, run
    found = objects(target)
    assert found["monitors"] == []
    assert len(found["pools"]) == 1 and not found["pools"][0].get("monitor")
    run = playbook(TUTORIAL, extra_vars=tutorial_vars(spectrum_lb_monitor=None))
    assert run.rc == 0 and run.changed == 0, run
    run = playbook(TEARDOWN, extra_vars=tutorial_vars(spectrum_lb_monitor=None))
    assert run.rc == 0, run
    assert all(not v for v in objects(target).values())


@pytest.mark.emulator_only("fault injection")
def test_failure_midway_then_rerun_converges(emulator, playbook):
    emulator.fault("POST", "/load_balancers$", "status", count=1, status=403)
    run = playbook(TUTORIAL, extra_vars=tutorial_vars())
    assert run.rc != 0
    failed = [r for r in run.results if r["status"] == "failed"]
    assert failed and failed[0]["action"].endswith("cf_load_balancer")
    assert "create load balancer" in failed[0]["result"]["msg"]
    found = objects(emulator)
    assert (len(found["monitors"]), len(found["pools"]), len(found["load_balancers"])) == (1, 1, 0)
    run = playbook(TUTORIAL, extra_vars=tutorial_vars())
    assert run.rc == 0, run
    assert changed_modules(run) == ["cf_load_balancer", "cf_spectrum_app"]
    found = objects(emulator)
    assert [len(found[k]) for k in ("monitors", "pools", "load_balancers", "spectrum_apps")] == [1, 1, 1, 1]


BAD_ROLE_INPUTS = [
    # (variables to change, text the error must contain)
    ({"spectrum_lb_zone": None}, "spectrum_lb_zone"),
    ({"spectrum_lb_zone_id": "0123456789abcdef0123456789abcdef"}, "spectrum_lb_zone"),
    ({"spectrum_lb_app": {"dns_name": LB_HOST}}, "must not use a load balancer's hostname"),
    ({"spectrum_lb_app": {"dns_name": variant(LB_HOST)}}, "must not use a load balancer's hostname"),
    ({"spectrum_lb_load_balancer": {"name": host("lb"), "rules": [{"name": "r", "condition": "true"}]}},
     "custom rules"),
    ({"spectrum_lb_load_balancer": {"name": host("lb"), "steering_policy": "fastest"}}, "steering_policy"),
    ({"spectrum_lb_load_balancer": {"steering_policy": "off"}}, "name"),
    ({"spectrum_lb_pools": [{"name": name("p"), "origins": [{"name": "a", "address": "192.0.2.1", "weight": 2}]}]},
     "weight"),
    ({"spectrum_lb_pools": [{"name": name("p"), "origins": [{"name": "a", "address": "192.0.2.1", "weight": -1}]}]},
     "weight"),
    ({"spectrum_lb_pools": [{"name": name("p"), "origins": [{"name": "a"}]}]}, "address"),
    ({"spectrum_lb_pools": [{"name": name("p"), "origins": []}]}, "origin"),
    ({"spectrum_lb_pools": [{"name": "bad name", "origins": [{"name": "a", "address": "192.0.2.1"}]}]}, "name"),
    ({"spectrum_lb_pools": []}, "spectrum_lb_pools"),
    ({"spectrum_lb_app": {}}, "dns_name"),
    ({"spectrum_lb_app": {"dns_name": host("ssh"), "tls": "maybe"}}, "tls"),
    ({"spectrum_lb_state": "gone"}, "spectrum_lb_state"),
    ({"spectrum_lb_monitor": {"type": "tcp", "port": 22}}, "spectrum_lb_monitor"),
    ({"spectrum_lb_monitor": {"description": name("m"), "typo_option": 1}}, "spectrum_lb_monitor"),
    ({"spectrum_lb_monitor": {"description": name("m"), "type": "ftp"}}, "spectrum_lb_monitor"),
]


def test_role_rejects_bad_input_before_any_api_call(target, playbook):
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
    target.clear_log()
    run = playbook(tasks)
    assert run.rc == 0, run
    failures = [r for r in run.results if r["status"] == "failed"]
    assert len(failures) == len(BAD_ROLE_INPUTS), [f["result"].get("msg") for f in failures]
    for record, (changes, text) in zip(failures, BAD_ROLE_INPUTS):
        result = record["result"]
        message = " ".join([str(result.get("msg", "")), str(result.get("argument_errors", ""))] +
                           [str(item.get("msg", "")) for item in result.get("results", [])])
        assert text in message, (changes, message)
    assert target.log()["requests"] == [], "bad role input reached the API"
    assert len(BAD_ROLE_INPUTS) >= 10
