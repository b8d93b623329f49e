# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module boundary (_module.CloudflareModule): the only exits, run as a module runs them."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _module
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, TOKEN, ZONE_ID

SPEC = dict(name=dict(type="str"))


def main_running(work, scope=None, **kwargs):
    """A module main() that runs ``work(connection)`` inside CloudflareModule; ``seen`` records what it saw."""
    seen = {}

    def main():
        module = _module.CloudflareModule(SPEC, scope=scope, **kwargs)
        seen["module"] = module

        def wrapped(conn):
            seen["conn"] = conn
            return work(conn)
        module.run(wrapped)
    return main, seen


def test_the_result_is_printed_and_the_exit_code_is_zero(run_module):
    main, seen = main_running(lambda conn: {"changed": True, "thing": {"name": conn.params["name"]}})
    run = run_module(main, {"name": "x"})
    assert run.code == 0
    assert run.result["changed"] is True
    assert run.result["thing"] == {"name": "x"}
    module = seen["module"]
    assert module.params["name"] == "x"
    assert module.check_mode is False


def test_diff_is_removed_when_diff_mode_is_off(run_module):
    main, _seen = main_running(lambda conn: {"changed": True, "diff": {"before": {"a": 1}, "after": {"a": 2}}})
    run = run_module(main, {}, diff=False)
    assert "diff" not in run.result
    assert run.result["changed"] is True


def test_diff_is_kept_in_diff_mode(run_module):
    main, seen = main_running(lambda conn: {"changed": True, "diff": {"before": {"a": 1}, "after": {"a": 2}}})
    run = run_module(main, {}, diff=True)
    assert run.result["diff"] == {"before": {"a": 1}, "after": {"a": 2}}
    assert seen["module"].diff_mode is True


def test_warnings_reach_the_result(run_module):
    def work(conn):
        conn.warn("first warning")
        conn.warn("second warning")
        return {"changed": False}
    main, _seen = main_running(work)
    run = run_module(main, {})
    assert run.warnings == ["first warning", "second warning"]


def test_check_mode_reaches_the_connection(run_module):
    main, seen = main_running(lambda conn: {"changed": False})
    run_module(main, {}, check_mode=True)
    assert seen["conn"].check_mode is True
    assert seen["module"].check_mode is True


def test_an_error_fails_with_its_message_and_extras(run_module):
    def work(conn):
        raise CloudflareError("Failed to create monitor 'x': HTTP 400", http_status=400,
                              cloudflare_errors=[{"code": 1002, "message": "bad"}], request=None)
    main, _seen = main_running(work)
    run = run_module(main, {})
    assert run.code == 1
    assert run.failed
    assert run.result["msg"] == "Failed to create monitor 'x': HTTP 400"
    assert run.result["http_status"] == 400
    assert run.result["cloudflare_errors"] == [{"code": 1002, "message": "bad"}]
    assert "request" not in run.result  # extras without a value are left out


@pytest.mark.parametrize("args, scope, message", [
    ({"api_token": None}, None, "No Cloudflare credentials: set api_token (or CLOUDFLARE_API_TOKEN), or api_email and "
                                "api_key (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)."),
    # a blank token counts as unset, and is not masked in the output (it would mask every space)
    ({"api_token": " "}, None, "No Cloudflare credentials: set api_token (or CLOUDFLARE_API_TOKEN), or api_email and "
                               "api_key (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)."),
    ({"api_token": None, "api_email": "ops@example.com", "api_key": "  "}, None,
     "api_email is set but api_key is missing: the global API key needs both (or use api_token instead)."),
    ({}, "account", "account_id is required (or set CLOUDFLARE_ACCOUNT_ID)."),
    ({}, "zone", "one of zone (the zone name) or zone_id is required."),
    ({"zone_id": "nope"}, "zone", "zone_id must be a 32-character lowercase hexadecimal Cloudflare id, got 'nope'."),
    ({"api_timeout": 0}, None, "api_timeout must be at least 1 second, got 0."),
])
def test_connection_options_are_checked_before_the_work(run_module, module_env, args, scope, message):
    main, seen = main_running(lambda conn: {"changed": False}, scope=scope)
    run = run_module(main, args)
    assert run.failed
    assert run.result["msg"] == message
    assert "conn" not in seen
    assert module_env.requests == []


def test_zone_and_zone_id_are_mutually_exclusive(run_module):
    main, _seen = main_running(lambda conn: {"changed": False}, scope="zone")
    run = run_module(main, {"zone": "example.com", "zone_id": ZONE_ID})
    assert run.failed
    assert "mutually exclusive" in run.result["msg"]
    assert "zone|zone_id" in run.result["msg"]


def test_scoped_options_come_from_the_environment(run_module, monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", ACCOUNT_ID)
    main, _seen = main_running(lambda conn: {"changed": False, "account": conn.account_id}, scope="account")
    run = run_module(main, {})
    assert run.result["account"] == ACCOUNT_ID


def test_a_token_from_the_environment_behind_an_empty_option_is_masked(run_module, monkeypatch):
    secret = "env-token-that-must-never-be-printed"
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", secret)

    def work(conn):
        assert conn.params["api_token"] == secret
        raise CloudflareError("the token was %s" % secret)
    main, _seen = main_running(work)
    run = run_module(main, {"api_token": ""})
    assert run.failed
    assert secret not in run.out
    assert TOKEN not in run.out


def test_the_token_option_is_never_printed(run_module):
    def work(conn):
        return {"changed": False, "echo": conn.params["api_token"]}
    main, _seen = main_running(work)
    run = run_module(main, {})
    assert TOKEN not in run.out


def test_without_requests_the_module_fails_naming_the_library(run_module, monkeypatch):
    monkeypatch.setattr(_module, "HAS_REQUESTS", False)
    monkeypatch.setattr(_module, "REQUESTS_IMPORT_ERROR", ImportError("No module named 'requests'"))
    main, seen = main_running(lambda conn: {"changed": False})
    run = run_module(main, {})
    assert run.failed
    assert "requests" in run.result["msg"]
    assert "conn" not in seen


def test_module_main_is_a_whole_main(run_module, module_env):
    from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import MonitorResource

    spec = dict(state=dict(type="str", default="present"), monitor_id=dict(type="str"),
                description=dict(type="str"), type=dict(type="str"), port=dict(type="int"))
    run = run_module(lambda: _module.module_main(MonitorResource, spec, "account"),
                     {"account_id": ACCOUNT_ID, "description": "ssh", "type": "tcp", "port": 22})
    assert run.code == 0
    assert run.result["changed"] is True
    assert run.result["monitor"]["description"] == "ssh"
    assert [r.method for r in module_env.writes] == ["POST"]


def test_the_time_waited_for_the_budget_is_returned_beside_the_warning(run_module, monkeypatch):
    monkeypatch.setattr(_module.Connection, "pacing_waited", lambda self: 2.34567)
    monkeypatch.setattr(_module.Connection, "pacing_report",
                        lambda self: "Waited 2.3 s before sending requests to the Cloudflare API: pacing.")
    main, _seen = main_running(lambda conn: {"changed": False})
    run = run_module(main, {})
    assert run.result["api_waited"] == 2.346
    assert run.warnings == ["Waited 2.3 s before sending requests to the Cloudflare API: pacing."]


def test_the_time_waited_is_returned_with_a_failure_too(run_module, monkeypatch):
    monkeypatch.setattr(_module.Connection, "pacing_waited", lambda self: 0.5)

    def work(conn):
        raise CloudflareError("Failed to list monitors: HTTP 500", http_status=500)
    main, _seen = main_running(work)
    run = run_module(main, {})
    assert run.failed
    assert run.result["api_waited"] == 0.5
    assert run.warnings == []  # under a second: a value, no warning


def test_no_wait_no_key(run_module):
    main, _seen = main_running(lambda conn: {"changed": False})
    run = run_module(main, {})
    assert "api_waited" not in run.result
