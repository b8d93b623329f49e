# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account_setup_* filters: what they refuse, and that they hand their input to plugin_utils.account_setup."""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.filter import (
    account_setup_plan,
    account_setup_referrers,
    account_setup_report,
    account_setup_summary,
)

ACCOUNT = "0123456789abcdef0123456789abcdef"
SNAPSHOT = {"account_id": ACCOUNT, "monitors": [], "pools": [], "load_balancers": {}, "spectrum_apps": {}}


def test_each_filter_is_registered_under_its_file_s_name():
    for module in (account_setup_plan, account_setup_referrers, account_setup_report, account_setup_summary):
        assert list(module.FilterModule().filters()) == [module.__name__.rsplit(".", 1)[-1]]


def test_plan_scopes():
    plan = account_setup_plan.account_setup_plan({"cloudflare_lb_monitors": [{"description": "m", "type": "tcp",
                                                                             "port": 22}]}, snapshot=SNAPSHOT)
    assert [e["action"] for e in plan["ensure"]["monitor"]] == ["create"]
    plan = account_setup_plan.account_setup_plan({"cloudflare_load_balancers": []}, snapshot=SNAPSHOT, scope="zone",
                                                 zone={"name": "example.com", "id": "f" * 32},
                                                 account={"account_id": ACCOUNT, "pools": []})
    assert plan["in_scope"] == ["load_balancer"] and plan["problems"] == []
    with pytest.raises(AnsibleFilterError, match="snapshot="):
        account_setup_plan.account_setup_plan({})
    with pytest.raises(AnsibleFilterError, match="scope=zone needs"):
        account_setup_plan.account_setup_plan({}, snapshot=SNAPSHOT, scope="zone")
    with pytest.raises(AnsibleFilterError, match="scope must be account or zone"):
        account_setup_plan.account_setup_plan({}, snapshot=SNAPSHOT, scope="galaxy")


def test_referrers_come_from_the_reports():
    entries = [{"id": "p1", "options": {"pool_id": "p1", "state": "absent"}}]
    reports = [{"objects": {"load_balancer": [{"id": "lb1", "default_pools": ["p2"]},
                                              {"id": "lb2", "default_pools": ["p1"]}]}, "removed": ["lb3"]}, None]
    out = account_setup_referrers.account_setup_referrers(entries, reports=reports)
    assert out[0]["options"] == {"pool_id": "p1", "state": "absent", "removed_referrers": ["lb3", "lb1"]}
    assert entries[0]["options"] == {"pool_id": "p1", "state": "absent"}
    with pytest.raises(AnsibleFilterError):
        account_setup_referrers.account_setup_referrers("p1")


def test_report_and_summary():
    rep = account_setup_report.account_setup_report({"results": []}, plan={"unchanged": {"pool": 1}})
    assert rep["kinds"] == {"pool": {"created": 0, "updated": 0, "deleted": 0, "kept": 0, "unchanged": 1,
                                     "failed": 0}}
    lines = account_setup_summary.account_setup_summary([{"name": "account x", "scope": "account", "report": rep}])
    assert lines["totals"]["zones"] == 0 and lines["failed"] == []
    with pytest.raises(AnsibleFilterError):
        account_setup_summary.account_setup_summary("nope")
