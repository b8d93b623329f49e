# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet_summary filter: each zone's report and failure in, one line per zone and the totals out."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.filter.fleet_summary import FilterModule, fleet_summary


def report(monitor="created", pools="created", load_balancer="created", app="created", changes=4, waited=0.0,
           failed=False):
    return {"monitor": monitor, "pools": pools, "load_balancer": load_balancer, "app": app, "changes": changes,
            "waited": waited, "failed": failed}


def test_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {"fleet_summary": fleet_summary}


def test_zones_created_shared_and_failed():
    summary = fleet_summary([
        {"zone": "a.example", "report": report(waited=2.25), "failure": None},
        {"zone": "bb.example", "report": report(monitor="unchanged", pools="unchanged", changes=2), "failure": None},
        {"zone": "c.example", "report": report(pools="failed", load_balancer="not run", app="not run", changes=1,
                                               failed=True),
         "failure": {"task": "Pools of weighted origins",
                     "result": {"msg": "One or more items failed",
                                "results": [{"changed": True}, {"failed": True, "msg": "Failed to create pool 'p':\n"
                                                                                       "HTTP 400"}]}}},
    ])
    assert summary["lines"] == [
        "a.example   changed    monitor created, pools created, load balancer created, app created; waited 2.2 s",
        "bb.example  changed    monitor unchanged, pools unchanged, load balancer created, app created",
        "c.example   failed     monitor created, pools failed, load balancer not run, app not run; "
        "FAILED at Pools of weighted origins: Failed to create pool 'p': HTTP 400",
        "3 zones: 2 changed (7 changes), 0 unchanged, 1 failed (c.example); tasks waited 2.2 s in all for the API's "
        "request budget",
    ]
    assert summary["totals"] == {"zones": 3, "changed": 2, "unchanged": 0, "failed": 1, "changes": 7, "waited": 2.2,
                                 "kept": 0}
    assert summary["failed_zones"] == ["c.example"]
    assert summary["zones"][2]["error"] == "Pools of weighted origins: Failed to create pool 'p': HTTP 400"


def test_a_zone_that_failed_before_the_role_reported():
    summary = fleet_summary([{"zone": "x.example", "report": None,
                              "failure": {"task": "Validating arguments against arg spec main",
                                          "result": {"msg": "spectrum_lb_zone is required"}}},
                             {"zone": "y.example", "report": None, "failure": "plain\nmessage"}])
    first, second = summary["zones"]
    assert first["outcome"] == "failed" and first["monitor"] == "not run" and first["changes"] == 0
    assert first["error"] == "Validating arguments against arg spec main: spectrum_lb_zone is required"
    assert second["error"] == "plain message"
    assert summary["totals"]["failed"] == 2


def test_a_report_that_failed_without_a_recorded_failure_is_a_failure():
    summary = fleet_summary([{"zone": "z.example", "report": report(failed=True, app="failed", changes=3)}])
    assert summary["zones"][0]["error"] == "a task failed"
    assert summary["failed_zones"] == ["z.example"]


def test_long_messages_are_cut_and_a_failure_without_a_message_says_failed():
    summary = fleet_summary([{"zone": "a", "report": None, "failure": {"result": {"msg": "x" * 1000}}},
                             {"zone": "b", "report": None, "failure": {"task": "T", "result": None}}])
    assert len(summary["zones"][0]["error"]) == 300 and summary["zones"][0]["error"].endswith("...")
    assert summary["zones"][1]["error"] == "T: failed"


def test_a_quiet_re_run_and_check_mode():
    quiet = report(monitor="unchanged", pools="unchanged", load_balancer="unchanged", app="unchanged", changes=0)
    summary = fleet_summary([{"zone": "one.example", "report": quiet, "failure": None}], check_mode=True)
    assert summary["lines"][-1] == ("1 zone: 0 changed (0 changes, predicted in check mode), 1 unchanged, 0 failed; "
                                    "tasks waited 0.0 s in all for the API's request budget")
    assert summary["zones"][0]["outcome"] == "unchanged"


def test_no_zones():
    assert fleet_summary([])["lines"] == ["0 zones: 0 changed (0 changes), 0 unchanged, 0 failed; "
                                          "tasks waited 0.0 s in all for the API's request budget"]


@pytest.mark.parametrize("records", [{"zone": "a"}, ["a.example"], [{"report": None}]])
def test_bad_input_is_refused(records):
    with pytest.raises(AnsibleFilterError, match="expects a list of mappings"):
        fleet_summary(records)


def test_kept_shared_objects_are_shown_apart_from_removed_ones():
    kept = [{"kind": "pool", "id": "b" * 32, "name": "shared", "used_by": ["load_balancer lb.example.net"]}]
    records = [
        {"zone": "example.com", "failure": None,
         "report": {"monitor": "kept", "pools": "kept", "load_balancer": "deleted", "app": "deleted", "changes": 2,
                    "failed": False, "waited": 0.0, "kept": kept}},
        {"zone": "example.org", "failure": None,
         "report": {"monitor": "deleted", "pools": "deleted", "load_balancer": "deleted", "app": "deleted",
                    "changes": 4, "failed": False, "waited": 0.0, "kept": []}},
    ]
    summary = fleet_summary(records)
    assert summary["totals"]["kept"] == 1 and summary["totals"]["changes"] == 6
    assert summary["lines"][0].endswith("; kept pool 'shared' (used by load_balancer lb.example.net)")
    assert "kept" not in summary["lines"][1]
    assert summary["lines"][-1].endswith("; 1 shared object kept while other objects use it")
    assert summary["zones"][0]["kept"] == kept
