# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A monitor's credential headers (Authorization, Cookie, X-Api-Key...) never appear in what a module prints:
its result, its diff, its invocation or its error, whether the value was given in options or read from the API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import secret_header_values
from ansible_collections.edgeops.cloudflare.plugins.modules import (
    cf_lb_monitor,
    cf_lb_monitor_info,
    cf_lb_monitor_preview,
)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID

# what Ansible prints in place of a value it masks
MASKED = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
SECRET = "Bearer s3cr3t-0123456789"
OLD_SECRET = "Bearer old-9876543210"
COOKIE = "session=abcdef123456"


def https_monitor(**extra):
    fields = {"description": "api check", "type": "https", "path": "/health", "expected_codes": "200"}
    fields.update(extra)
    return fields


def test_which_headers_carry_credentials():
    header = {"Authorization": [SECRET], "host": ["api.example.com"], "Cookie": [COOKIE, "b=x"],
              "X-Api-Key": ["k3y-value"], "X-Auth-Token": ["t0ken-value"], "Accept": ["application/json"]}
    # "b=x" is shorter than any credential: masking it would blot out every "b=x" of the output
    assert sorted(secret_header_values(header)) == sorted([SECRET, COOKIE, "k3y-value", "t0ken-value"])
    assert secret_header_values(None) == []


def test_create_prints_no_credential(run_module, api):
    args = dict(https_monitor(), account_id=ACCOUNT_ID,
                header={"Authorization": SECRET, "Host": "api.example.com", "Cookie": COOKIE})
    run = run_module(cf_lb_monitor.main, args)
    assert run.code == 0 and run.result["changed"] is True
    post, = api.writes
    assert post.body["header"]["Authorization"] == [SECRET]  # sent as given
    assert SECRET not in run.out and COOKIE not in run.out
    assert "api.example.com" in run.out  # other headers are shown
    assert run.result["monitor"]["header"]["Authorization"] == [MASKED]


@pytest.mark.parametrize("check_mode", [False, True])
def test_an_update_diff_hides_old_and_new_credentials(run_module, api, check_mode):
    api.add_monitor(**https_monitor(header={"Authorization": [OLD_SECRET]}))
    args = dict(https_monitor(), account_id=ACCOUNT_ID, header={"Authorization": SECRET})
    run = run_module(cf_lb_monitor.main, args, check_mode=check_mode)
    assert run.code == 0 and run.result["changed"] is True
    assert set(run.result["diff"]) == {"before", "after"}
    assert "header" in run.result["diff"]["before"]  # the change is shown, its values are not
    assert SECRET not in run.out and OLD_SECRET not in run.out
    assert len(api.writes) == (0 if check_mode else 1)


def test_credentials_read_from_the_api_are_hidden_when_the_task_does_not_name_them(run_module, api):
    api.add_monitor(**https_monitor(header={"X-Api-Key": ["k3y-from-dashboard"]}, interval=60))
    run = run_module(cf_lb_monitor.main, {"account_id": ACCOUNT_ID, "description": "api check", "interval": 30})
    assert run.code == 0 and run.result["changed"] is True
    assert "k3y-from-dashboard" not in run.out


def test_a_deleted_monitor_diff_hides_its_credentials(run_module, api):
    api.add_monitor(**https_monitor(header={"Authorization": [SECRET]}))
    run = run_module(cf_lb_monitor.main, {"account_id": ACCOUNT_ID, "description": "api check", "state": "absent"})
    assert run.code == 0 and run.result["changed"] is True
    assert run.result["diff"]["before"]["header"]["Authorization"] == [MASKED]
    assert SECRET not in run.out


def test_a_failure_names_the_header_without_its_value(run_module, api):
    args = dict(https_monitor(), account_id=ACCOUNT_ID, header={"Authorization": [SECRET, 12345678]})
    run = run_module(cf_lb_monitor.main, args)
    assert run.code == 1
    assert "'Authorization'" in run.result["msg"]
    assert "12345678" not in run.out and SECRET not in run.out
    assert api.requests == []


def test_info_hides_credentials(run_module, api):
    api.add_monitor(**https_monitor(header={"Authorization": [SECRET], "Host": ["api.example.com"]}))
    run = run_module(cf_lb_monitor_info.main, {"account_id": ACCOUNT_ID})
    assert run.code == 0
    monitor, = run.result["monitors"]
    assert monitor["header"] == {"Authorization": [MASKED], "Host": ["api.example.com"]}
    assert SECRET not in run.out


def test_preview_hides_credentials(run_module, api):
    monitor = api.add_monitor(**https_monitor(header={"Cookie": [COOKIE]}))
    api.add_pool(name="eu", monitor=monitor["id"], origins=[{"name": "o1", "address": "192.0.2.1"}])
    run = run_module(cf_lb_monitor_preview.main, {"account_id": ACCOUNT_ID, "description": "api check",
                                                  "path": "/other"})
    assert run.code == 0
    assert run.result["settings"]["path"] == "/other"
    assert COOKIE not in run.out
