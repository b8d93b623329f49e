# -*- coding: utf-8 -*-
"""The 2026 API through real ansible-playbook runs against the emulator: plan limits in plain words, and the health
of a pool judged by a monitor group (the group's vote)."""

from __future__ import annotations

import pytest

from tests.integration.harness import lb_task, module_task, monitor_task, name, pool_task


@pytest.mark.parametrize("plan, interval, floor", [("pro", 30, 60), ("business", 10, 15)])
def test_a_monitor_interval_below_the_plans_floor_names_the_option_and_the_limit(emulator, playbook, plan, interval,
                                                                                  floor):
    emulator.set_plan(plan)
    run = playbook([monitor_task(description=name("fast check"), type="tcp", port=22, interval=interval)])
    assert run.rc != 0
    msg = run.result()["msg"]
    assert "[1002] interval is not in range [%d, 3600]" % floor in msg
    assert ("interval: this account's plan allows a monitor interval from %d to 3600 seconds (this task sent %d)."
            % (floor, interval)) in msg
    assert "60 s on Pro, 15 s on Business, 10 s on Enterprise" in msg
    assert emulator.objects("monitors") == []
    # the same interval on the plan that allows it
    emulator.set_plan("enterprise")
    run = playbook([monitor_task(description=name("fast check"), type="tcp", port=22, interval=interval)])
    assert run.rc == 0, run


def test_enterprise_only_features_on_a_lower_plan_say_so(emulator, playbook):
    monitor = emulator.create("monitors", None, {"description": name("m"), "type": "tcp", "port": 22})
    pool = emulator.create("pools", None, {"name": name("p").replace(" ", "-"), "origins": [
        {"name": "a", "address": "192.0.2.1"}]})
    emulator.set_plan("business")
    run = playbook([
        dict(module_task("cf_lb_monitor_group", "group", description=name("g"), members=[{"monitor": monitor["id"]}]),
             ignore_errors=True),
        dict(lb_task({"name": "sets.example.com", "default_pools": [pool["id"]],
                      "pool_sets": [{"name": "all", "overrides": {"pools": [pool["id"]]}}]}, "lb"),
             ignore_errors=True),
    ])
    assert run.task("group")["status"] == "failed" and run.task("lb")["status"] == "failed", run
    group, lb = run.result("group"), run.result("lb")
    assert "monitor group: Cloudflare refused it for this account's plan; monitor groups need " \
                               "an Enterprise plan with Load Balancing." in group["msg"], group["msg"]
    assert "pool_sets: Cloudflare refused it for this account's plan; pool sets need an " \
                            "Enterprise plan with Traffic Steering." in lb["msg"], lb["msg"]
    assert emulator.objects("monitor_groups") == [] and emulator.objects("load_balancers") == []


def test_a_pool_judged_by_a_monitor_group_is_unhealthy_by_the_groups_vote(emulator, playbook):
    monitors = [emulator.create("monitors", None, {"description": name("m%d" % i), "type": "tcp", "port": 22})
                for i in range(3)]
    members = [{"monitor": m["description"]} for m in monitors]
    members[2]["monitoring_only"] = True
    pool_name = name("voted").replace(" ", "-")
    run = playbook([
        module_task("cf_lb_monitor_group", "group", description=name("vote"), members=members),
        pool_task({"name": pool_name, "monitor_group": name("vote"),
                   "origins": [{"name": "a", "address": "192.0.2.10"}, {"name": "b", "address": "192.0.2.11"}]}),
    ])
    assert run.rc == 0, run

    def unhealthy():
        info = playbook([module_task("cf_lb_pool_info", "health", name=pool_name, health=True)])
        assert info.rc == 0, info
        return info.result("health")["pools"][0]["health"]["unhealthy_origins"]

    # one of two voting members: not more than half
    emulator.mark_unhealthy_for(monitors[0]["id"], "192.0.2.10")
    # the monitoring-only member does not vote
    emulator.mark_unhealthy_for(monitors[2]["id"], "192.0.2.10", "192.0.2.11")
    assert unhealthy() == []
    # both voting members: more than half
    emulator.mark_unhealthy_for(monitors[1]["id"], "192.0.2.10")
    assert unhealthy() == ["192.0.2.10"]
    # a member that must be healthy decides alone
    emulator.mark_unhealthy_for(monitors[0]["id"])
    emulator.mark_unhealthy_for(monitors[1]["id"])
    run = playbook([module_task("cf_lb_monitor_group", "group", description=name("vote"),
                                members=members[:2] + [dict(members[2], monitoring_only=False, must_be_healthy=True)])])
    assert run.rc == 0 and run.result("group")["changed"], run
    assert unhealthy() == ["192.0.2.10", "192.0.2.11"]
