# -*- coding: utf-8 -*-
"""The spectrum_load_balancer role and the tutorial/teardown playbooks, through ansible-playbook.

Every run of playbooks/tutorial.yml and teardown.yml gets tutorial_vars() (the tutorial's values with
this run's names) as extra vars, so the same scenarios run against a live account (--live).
"""

from __future__ import annotations

import copy

import pytest
import yaml

from tests.integration.harness import ROLE, TCP_CHECK, TEARDOWN, TUTORIAL, TUTORIAL_VARS
from tests.integration.harness import all_objects as objects
from tests.integration.harness import changed_modules, host, make_monitor, name, tutorial_vars, variant

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


def _group_run(run):
    """What the role did with its monitor group (the group task's result) and its report, from one run."""
    groups = [r for r in run.results if r["action"].endswith("cf_lb_monitor_group")]
    assert len(groups) == 1, [r["task"] for r in run.results]
    reports = [r["result"]["ansible_facts"]["spectrum_lb_report"] for r in run.results
               if "spectrum_lb_report" in (r["result"].get("ansible_facts") or {})]
    return groups[0], reports[-1]


@pytest.mark.emulator_only("monitor groups need an Enterprise account")
def test_a_monitor_group_judges_the_pools_in_place_of_the_monitor(target, playbook):
    """The role with spectrum_lb_monitor_group: check mode on an empty account, create, re-run, check mode, teardown.

    One member is the role's own monitor, named by its description (in check mode not created yet), the
    other a monitor made outside the role, by id; the teardown leaves that one, and nothing else.
    """
    other = make_monitor(target, TCP_CHECK)
    group = {"description": name("Spectrum checks"),
             "members": [{"monitor": TUTORIAL_VARS["spectrum_lb_monitor"]["description"]},
                         {"monitor": other["id"], "monitoring_only": True}]}
    role_vars = tutorial_vars(spectrum_lb_monitor_group=group)

    target.clear_log()
    run = playbook(TUTORIAL, extra_vars=role_vars, check=True, diff=True)
    assert run.rc == 0, run
    assert target.writes() == []
    task, report = _group_run(run)
    assert task["status"] == "changed"
    assert any("does not exist yet" in w for w in task["result"].get("warnings", [])), task["result"]
    assert [report[k] for k in ("monitor", "monitor_group", "pools", "load_balancer", "app")] == ["created"] * 5
    assert objects(target)["monitors"] == [other] and target.objects("monitor_groups") == []

    run = playbook(TUTORIAL, extra_vars=role_vars)
    assert run.rc == 0, run
    task, report = _group_run(run)
    assert report["monitor_group"] == "created" and report["changes"] == 5, report
    found = objects(target)
    monitor = [m for m in found["monitors"] if m["id"] != other["id"]][0]
    [stored] = target.objects("monitor_groups")
    assert stored["id"] == task["result"]["monitor_group"]["id"]
    assert stored["description"] == group["description"]
    assert sorted((m["monitor_id"], m["monitoring_only"]) for m in stored["members"]) == sorted(
        [(monitor["id"], False), (other["id"], True)])
    [pool] = found["pools"]
    assert pool["monitor_group"] == stored["id"] and not pool.get("monitor"), pool

    for check in (False, True):  # the same inputs again: nothing to do, nothing sent, nothing predicted
        target.clear_log()
        run = playbook(TUTORIAL, extra_vars=role_vars, check=check, diff=check)
        assert run.rc == 0 and run.changed == 0, (check, run)
        assert target.writes() == [], check
        assert _group_run(run)[1]["monitor_group"] == "unchanged"

    target.clear_log()
    run = playbook(TEARDOWN, extra_vars=role_vars, check=True, diff=True)
    assert run.rc == 0, run
    assert target.writes() == []
    task, report = _group_run(run)
    assert report["monitor_group"] == "deleted" and report["monitor"] == "deleted", report
    assert task["result"]["removed"]["id"] == stored["id"]

    run = playbook(TEARDOWN, extra_vars=role_vars)
    assert run.rc == 0, run
    assert _group_run(run)[1]["changes"] == 5
    assert [w["method"] for w in target.writes()] == ["DELETE"] * 5
    assert target.objects("monitor_groups") == []
    assert objects(target) == {"monitors": [other], "pools": [], "load_balancers": [], "spectrum_apps": []}


def _shared_group_fleet(target, directory, zones):
    """A playbook and inventory: one host per zone, all sharing one monitor, one monitor group and one pool."""
    for zone in zones:
        target.add_zone(zone)
    shared = {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
        "spectrum_lb_zone": "{{ inventory_hostname }}",
        "spectrum_lb_monitor": dict(TUTORIAL_VARS["spectrum_lb_monitor"], description=name("shared check")),
        "spectrum_lb_monitor_group": {"description": name("shared checks"),
                                      "members": [{"monitor": name("shared check"), "must_be_healthy": True}]},
        "spectrum_lb_pools": [{"name": name("shared-pool"),
                               "origins": [{"name": "o1", "address": "192.0.2.10"}]}],
        "spectrum_lb_load_balancer": {"name": "lb.{{ inventory_hostname }}"},
        "spectrum_lb_app": {"dns_name": "ssh.{{ inventory_hostname }}"},
        "spectrum_lb_state": "{{ zone_state | default('present') }}",
    }
    inventory = directory / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"zones": {"hosts": dict.fromkeys(zones), "vars": shared}}))
    book = directory / "zones.yml"
    book.write_text(yaml.safe_dump([{"name": "zones", "hosts": "zones", "gather_facts": False,
                                     "roles": [{"role": ROLE}]}]))
    return book, inventory


def _reports(run):
    """Each host's spectrum_lb_report from one run."""
    return dict((r["host"], r["result"]["ansible_facts"]["spectrum_lb_report"]) for r in run.results
                if "spectrum_lb_report" in (r["result"].get("ansible_facts") or {}))


@pytest.mark.emulator_only("extra zones; monitor groups need an Enterprise account")
def test_zones_sharing_a_monitor_group_leave_one_by_one_and_it_goes_once_with_the_last(target, playbook, tmp_path):
    """Three zones share a monitor, a monitor group and a pool. One leaves: the group is kept while the pool
    uses it (and the monitor while the group does), reported with its users. The other two leave in one run
    with forks: one of them (the first in play order) deletes the group, once; the other reports it skipped.
    Check mode predicts each step exactly and writes nothing."""
    zones = ["group-%d.example.net" % i for i in range(1, 4)]
    book, inventory = _shared_group_fleet(target, tmp_path, zones)
    run = playbook(book, inventory=inventory, extra_args=["--forks", "3"])
    assert run.rc == 0, run
    [group] = target.objects("monitor_groups")
    [pool] = objects(target)["pools"]
    assert pool["monitor_group"] == group["id"] and len(objects(target)["load_balancers"]) == 3

    first, rest = zones[0], zones[1:]
    for check in (True, False):
        target.clear_log()
        run = playbook(book, inventory=inventory, check=check, extra_vars={"zone_state": "absent"},
                       extra_args=["--limit", first])
        assert run.rc == 0, run
        report = _reports(run)[first]
        assert [report[k] for k in ("monitor", "monitor_group", "pools")] == ["kept"] * 3, report
        kept = dict((k["kind"], k) for k in report["kept"])
        assert kept["monitor_group"]["used_by"] == ["pool %s" % pool["name"]], report
        assert kept["monitor"]["used_by"] == ["monitor_group %s" % group["description"]], report
        writes = sorted(w["path"].split("/")[-2] for w in target.writes())
        assert writes == ([] if check else ["apps", "load_balancers"]), writes

    target.clear_log()
    plan = playbook(book, inventory=inventory, check=True, extra_vars={"zone_state": "absent"},
                    extra_args=["--forks", "2", "--limit", ",".join(rest)])
    assert plan.rc == 0, plan
    predicted = _reports(plan)
    assert target.writes() == []
    owner, other = rest  # the first in play order owns the shared objects
    assert [predicted[owner][k] for k in ("monitor", "monitor_group", "pools")] == ["deleted"] * 3, predicted
    assert [predicted[other][k] for k in ("monitor", "monitor_group", "pools")] == ["skipped"] * 3, predicted
    run = playbook(book, inventory=inventory, extra_vars={"zone_state": "absent"},
                   extra_args=["--forks", "2", "--limit", ",".join(rest)])
    assert run.rc == 0, run
    done = _reports(run)
    for zone in rest:  # the run did, zone by zone, what check mode predicted
        assert [done[zone][k] for k in ("monitor", "monitor_group", "pools", "load_balancer", "app")] == [
            predicted[zone][k] for k in ("monitor", "monitor_group", "pools", "load_balancer", "app")], (zone, done)
    deletes = sorted(w["path"].split("/")[-2] for w in target.writes())
    assert deletes == ["apps", "apps", "load_balancers", "load_balancers", "monitor_groups", "monitors", "pools"]
    assert target.objects("monitor_groups") == []
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
    ({"spectrum_lb_monitor_group": {"description": name("g"), "members": [{"monitor": "a"}, {"monitor": "a"}]}},
     "spectrum_lb_monitor_group.members[1].monitor"),
    ({"spectrum_lb_monitor_group": {"members": [{"monitor": "a"}]}}, "spectrum_lb_monitor_group needs a description"),
    ({"spectrum_lb_monitor_group": {"description": name("g"), "members": [{"monitor": "a"}]},
      "spectrum_lb_pools": [{"name": name("p"), "monitor": "a", "monitor_group": "b",
                             "origins": [{"name": "a", "address": "192.0.2.1"}]}]}, "monitor|monitor_group"),
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
