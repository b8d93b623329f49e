# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The spectrum_lb_report filter: the role's registered results in, what each step did out."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.filter.spectrum_lb_report import FilterModule, spectrum_lb_report

T1 = "2026-01-01T00:00:00.000000Z"
T2 = "2026-01-01T00:05:00.000000Z"


def obj(object_id="a" * 32, created=T1, modified=T1):
    return {"id": object_id, "created_on": created, "modified_on": modified}


def created(key, **extra):
    return dict({"changed": True, key: obj()}, **extra)


def updated(key):
    return {"changed": True, key: obj(modified=T2)}


def unchanged(key):
    return {"changed": False, key: obj()}


def loop(*items, **extra):
    return dict({"changed": any(i.get("changed") for i in items), "results": list(items)}, **extra)


def test_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {"spectrum_lb_report": spectrum_lb_report}


def test_a_first_rollout_creates_everything():
    report = spectrum_lb_report({"monitor": created("monitor"), "pools": loop(created("pool")),
                                 "load_balancer": created("load_balancer"), "app": created("app")})
    assert report == {"monitor": "created", "pools": "created", "load_balancer": "created", "app": "created",
                      "changes": 4, "failed": False, "waited": 0.0, "kept": []}


def test_a_re_run_changes_nothing():
    report = spectrum_lb_report({"monitor": unchanged("monitor"), "pools": loop(unchanged("pool"), unchanged("pool")),
                                 "load_balancer": unchanged("load_balancer"), "app": unchanged("app")})
    assert [report[k] for k in ("monitor", "pools", "load_balancer", "app")] == ["unchanged"] * 4
    assert report["changes"] == 0 and report["failed"] is False


def test_an_object_modified_after_its_creation_was_updated():
    report = spectrum_lb_report({"monitor": updated("monitor"), "pools": loop(updated("pool"), created("pool")),
                                 "load_balancer": updated("load_balancer"), "app": updated("app")})
    assert report["monitor"] == "updated"
    assert report["pools"] == "1 created, 1 updated"  # mixed outcomes are counted, in a fixed order
    assert report["changes"] == 5


@pytest.mark.parametrize("result, expected", [
    ({"changed": True, "monitor": {"type": "tcp"}}, "created"),   # check mode: what would be sent, no id yet
    ({"changed": True, "monitor": obj()}, "updated"),              # check mode: read from the API, so it exists
    ({"changed": False, "monitor": obj()}, "unchanged"),
])
def test_check_mode_predictions(result, expected):
    assert spectrum_lb_report({"monitor": result}, check_mode=True)["monitor"] == expected


def test_missing_timestamps_count_as_updated_and_a_missing_object_as_created():
    assert spectrum_lb_report({"monitor": {"changed": True, "monitor": {"id": "b" * 32}}})["monitor"] == "updated"
    assert spectrum_lb_report({"monitor": {"changed": True, "monitor": None}})["monitor"] == "created"


def test_a_failed_step_and_the_steps_after_it():
    report = spectrum_lb_report({"monitor": unchanged("monitor"),
                                 "pools": loop(created("pool"), {"failed": True, "msg": "HTTP 400"}, failed=True),
                                 "load_balancer": None})
    assert report["monitor"] == "unchanged"
    assert report["pools"] == "1 failed, 1 created"
    assert report["load_balancer"] == "not run" and report["app"] == "not run"
    assert report["failed"] is True and report["changes"] == 1


def test_a_failed_loop_without_failed_items_still_fails():
    assert spectrum_lb_report({"pools": loop(unchanged("pool"), failed=True)})["pools"] == "1 failed, 1 unchanged"


def test_a_failed_task_and_a_skipped_one():
    report = spectrum_lb_report({"monitor": {"skipped": True, "changed": False},
                                 "pools": loop(), "load_balancer": {"failed": True, "msg": "boom"}})
    assert report["monitor"] == "skipped"  # spectrum_lb_monitor: null, no health check
    assert report["pools"] == "none"
    assert report["load_balancer"] == "failed" and report["failed"] is True


def test_a_teardown_deletes():
    report = spectrum_lb_report({"monitor": {"changed": True, "monitor": None}, "pools": loop(unchanged("pool")),
                                 "load_balancer": {"changed": True, "load_balancer": None},
                                 "app": {"changed": False, "app": None}}, state="absent")
    assert [report[k] for k in ("monitor", "pools", "load_balancer", "app")] == [
        "deleted", "unchanged", "deleted", "unchanged"]
    assert report["changes"] == 2


def test_the_time_waited_adds_up_over_tasks_and_loop_items():
    report = spectrum_lb_report({"monitor": created("monitor", api_waited=1.25),
                                 "pools": loop(created("pool", api_waited=2.5), unchanged("pool")),
                                 "load_balancer": {"failed": True, "api_waited": 0.3, "msg": "x"},
                                 "app": {"changed": False, "api_waited": "odd"}})
    assert report["waited"] == 4.0  # 1.25 + 2.5 + 0.3, rounded; an odd value counts as no wait


@pytest.mark.parametrize("results, kwargs, message", [
    (["not", "a", "mapping"], {}, "expects a mapping"),
    ({"monitr": {}}, {}, "unknown keys monitr"),
    ({}, {"state": "gone"}, "state must be present or absent"),
])
def test_bad_input_is_refused(results, kwargs, message):
    with pytest.raises(AnsibleFilterError, match=message):
        spectrum_lb_report(results, **kwargs)


def test_a_teardown_that_keeps_shared_objects_names_who_uses_them():
    pool_kept = {"changed": False, "kept": True, "pool": dict(obj("b" * 32), name="shared"),
                 "referenced_by": [{"reference_type": "referrer", "resource_type": "load_balancer",
                                    "resource_id": "c" * 32, "resource_name": "lb.example.net"}]}
    pool_gone = {"changed": True, "pool": None, "removed": {"id": "d" * 32, "name": "own"}}
    monitor_kept = {"changed": False, "kept": True, "monitor": dict(obj("e" * 32), description="tcp check"),
                    "referenced_by": [{"reference_type": "referrer", "resource_type": "pool",
                                       "resource_id": "b" * 32, "resource_name": "shared"}]}
    report = spectrum_lb_report({"monitor": monitor_kept, "pools": loop(pool_kept, pool_gone),
                                 "load_balancer": {"changed": True, "load_balancer": None},
                                 "app": {"changed": True, "app": None}}, state="absent")
    assert report["pools"] == "1 deleted, 1 kept"
    assert report["monitor"] == "kept" and report["load_balancer"] == "deleted"
    assert report["changes"] == 3
    assert report["kept"] == [
        {"kind": "monitor", "id": "e" * 32, "name": "tcp check", "used_by": ["pool shared"]},
        {"kind": "pool", "id": "b" * 32, "name": "shared", "used_by": ["load_balancer lb.example.net"]}]


def test_the_monitor_group_is_reported_when_the_role_has_one():
    report = spectrum_lb_report({"monitor": created("monitor"), "monitor_group": created("monitor_group"),
                                 "pools": loop(created("pool")), "load_balancer": created("load_balancer"),
                                 "app": created("app")})
    assert report["monitor_group"] == "created" and report["changes"] == 5
    assert "monitor_group" not in spectrum_lb_report({"monitor": created("monitor")})  # no group, no word on it
    assert spectrum_lb_report({"monitor_group": None})["monitor_group"] == "not run"  # an earlier step failed
    assert spectrum_lb_report({"monitor_group": {"skipped": True}}, state="absent")["monitor_group"] == "skipped"


def test_a_teardown_that_keeps_a_shared_monitor_group_names_its_pools():
    group_kept = {"changed": False, "kept": True, "monitor_group": dict(obj("f" * 32), description="dc checks"),
                  "referenced_by": [{"reference_type": "referrer", "resource_type": "pool",
                                     "resource_id": "b" * 32, "resource_name": "shared"}]}
    report = spectrum_lb_report({"monitor_group": group_kept, "monitor": {"changed": False, "kept": True,
                                                                          "monitor": obj("e" * 32)}},
                                state="absent")
    assert report["monitor_group"] == "kept"
    assert {"kind": "monitor_group", "id": "f" * 32, "name": "dc checks", "used_by": ["pool shared"]} in report["kept"]
