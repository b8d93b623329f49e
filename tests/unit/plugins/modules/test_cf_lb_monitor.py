# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_lb_monitor's main() against the fake API: the JSON it prints."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.modules import cf_lb_monitor
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, TOKEN

PATH = "/accounts/%s/load_balancers/monitors" % ACCOUNT_ID
ARGS = {"account_id": ACCOUNT_ID, "description": "ssh check", "type": "tcp", "port": 22, "interval": 30}


def args(**extra):
    full = dict(ARGS)
    full.update(extra)
    return full


def test_create(run_module, api):
    run = run_module(cf_lb_monitor.main, args())
    assert run.code == 0
    assert run.result["changed"] is True
    monitor = run.result["monitor"]
    assert monitor == api.get("monitors", monitor["id"])
    post, = api.writes
    assert (post.method, post.path) == ("POST", PATH)
    assert post.body == {"description": "ssh check", "type": "tcp", "port": 22, "interval": 30}
    assert post.headers["Authorization"] == "Bearer %s" % TOKEN
    assert run.result["diff"] == {"before": {}, "after": post.body}


def test_rerun_changes_nothing(run_module, api):
    first = run_module(cf_lb_monitor.main, args())
    second = run_module(cf_lb_monitor.main, args())
    assert second.code == 0
    assert second.result["changed"] is False
    assert second.result["monitor"] == first.result["monitor"]
    assert "diff" not in second.result
    assert len(api.writes) == 1


def test_update(run_module, api):
    current = api.add_monitor(description="ssh check", type="tcp", port=22, interval=60)
    run = run_module(cf_lb_monitor.main, args())
    assert run.result["changed"] is True
    assert run.result["diff"] == {"before": {"interval": 60}, "after": {"interval": 30}}
    patch, = api.writes
    assert (patch.method, patch.path, patch.body) == ("PATCH", "%s/%s" % (PATH, current["id"]), {"interval": 30})


def test_check_mode_sends_no_write(run_module, api):
    run = run_module(cf_lb_monitor.main, args(), check_mode=True)
    assert run.code == 0
    assert run.result["changed"] is True
    assert run.result["monitor"] == {"description": "ssh check", "type": "tcp", "port": 22, "interval": 30}
    assert api.writes == []


def test_no_diff_without_diff_mode(run_module, api):
    run = run_module(cf_lb_monitor.main, args(), diff=False)
    assert run.result["changed"] is True
    assert "diff" not in run.result


def test_delete(run_module, api):
    current = api.add_monitor(description="ssh check", type="tcp", port=22)
    run = run_module(cf_lb_monitor.main, {"account_id": ACCOUNT_ID, "description": "ssh check", "state": "absent"})
    assert run.result["changed"] is True
    assert run.result["monitor"] is None
    assert [(r.method, r.path) for r in api.writes] == [("DELETE", "%s/%s" % (PATH, current["id"]))]


def test_delete_of_a_monitor_in_use_fails_naming_the_pool(run_module, api):
    current = api.add_monitor(description="ssh check")
    pool = api.add_pool(name="eu", monitor=current["id"])
    run = run_module(cf_lb_monitor.main, {"account_id": ACCOUNT_ID, "description": "ssh check", "state": "absent"})
    assert run.failed
    assert "it is used by pool 'eu' (id %s)" % pool["id"] in run.result["msg"]
    assert run.result["referenced_by"][0]["resource_id"] == pool["id"]
    assert api.writes == []


def test_api_failure_carries_status_and_cloudflare_errors(run_module, api):
    api.fail("POST", "monitors$", status=400, code=1002, message="monitor: port out of range")
    run = run_module(cf_lb_monitor.main, args())
    assert run.code == 1
    assert run.failed
    assert run.result["msg"] == ("Failed to create monitor 'ssh check': HTTP 400, Cloudflare errors: [1002] monitor: "
                                 "port out of range")
    assert run.result["http_status"] == 400
    assert run.result["cloudflare_errors"] == [{"code": 1002, "message": "monitor: port out of range"}]
    assert run.result["request"] == "POST %s" % PATH
    assert TOKEN not in run.out


@pytest.mark.parametrize("extra, message", [
    ({"port": None}, "port is required for tcp monitors (1-65535)."),
    ({"path": "/health"}, "path is only valid for http and https monitors, not type=tcp."),
    ({"timeout": 30}, "timeout must be between 1 and 10, got 30."),
    ({"monitor_id": "x"}, "monitor_id must be a 32-character lowercase hexadecimal id, got 'x'."),
    ({"account_id": None}, "account_id is required (or set CLOUDFLARE_ACCOUNT_ID)."),
])
def test_bad_input_fails_naming_the_option_before_any_request(run_module, api, extra, message):
    run = run_module(cf_lb_monitor.main, args(**extra))
    assert run.failed
    assert run.result["msg"] == message
    assert api.requests == []


def test_argument_spec_choices_are_enforced(run_module, api):
    run = run_module(cf_lb_monitor.main, args(type="ftp"))
    assert run.failed
    assert "type" in run.result["msg"] and "ftp" in run.result["msg"]
    assert api.requests == []


def test_one_of_id_and_description_is_required(run_module, api):
    run = run_module(cf_lb_monitor.main, {"account_id": ACCOUNT_ID})
    assert run.failed
    assert "monitor_id" in run.result["msg"] and "description" in run.result["msg"]


def test_the_token_never_appears_in_the_output(run_module, api):
    for run in (run_module(cf_lb_monitor.main, args()), run_module(cf_lb_monitor.main, args(timeout=30)),
                run_module(cf_lb_monitor.main, args(api_token=TOKEN, interval=40), check_mode=True)):
        assert TOKEN not in run.out
