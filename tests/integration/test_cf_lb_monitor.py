# -*- coding: utf-8 -*-
"""cf_lb_monitor through real ansible-playbook runs against the emulator (or, with --live, a live account)."""

from __future__ import annotations

import pytest

from tests.integration.harness import MONITOR_MODULE as MODULE
from tests.integration.harness import TUTORIAL_MONITOR as TUTORIAL
from tests.integration.harness import ZONE, assert_each_fails_naming, host, monitors, name
from tests.integration.harness import monitor_task as task


def api_requests(target):
    return [r for r in target.log()["requests"]]


def test_http_monitor_all_fields_idempotent(target, playbook):
    full = {
        "description": name("web check"),
        "type": "https",
        "port": 8443,
        "interval": 15,
        "retries": 3,
        "timeout": 4,
        "method": "HEAD",
        "path": "/healthz",
        "header": {"Host": [host("www")], "X-App": ["a", "b"]},
        "expected_codes": "2xx",
        "expected_body": "ok",
        "follow_redirects": True,
        "allow_insecure": True,
        "probe_zone": ZONE,
        "consecutive_up": 2,
        "consecutive_down": 3,
    }
    run = playbook([task(**full), task(name="again", **full)])
    assert run.rc == 0, run
    assert run.result("monitor")["changed"] is True
    assert run.result("again")["changed"] is False
    stored = monitors(target)[0]
    for key, value in full.items():
        assert stored[key] == value, key

    # a header removed from the mapping is removed from the monitor
    fewer = dict(full, header={"Host": [host("www")]})
    run = playbook([task(**fewer)], diff=True)
    assert run.rc == 0, run
    assert run.result()["diff"] == {"before": {"header": full["header"]}, "after": {"header": fewer["header"]}}
    assert monitors(target)[0]["header"] == {"Host": [host("www")]}


def test_type_change_replaces_fields(target, playbook):
    http = {"description": name("switch"), "type": "http", "path": "/x", "expected_codes": "200"}
    run = playbook([task(**http)])
    assert run.rc == 0, run
    run = playbook([task(description=name("switch"), type="tcp", port=22)])
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    stored = monitors(target)[0]
    assert stored["type"] == "tcp" and stored["port"] == 22
    run = playbook([task(description=name("switch"), type="tcp", port=22)])
    assert run.result()["changed"] is False


def test_adopt_monitor_made_outside_ansible(target, playbook):
    made = target.create("monitors", target.account_id, dict(TUTORIAL))
    target.clear_log()
    run = playbook([task(**TUTORIAL)])
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is False
    assert res["monitor"]["id"] == made["id"]
    assert target.writes() == []

    # adopted by id, the description itself can be changed
    run = playbook([task(monitor_id=made["id"], description=name("renamed"))])
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    assert monitors(target)[0]["description"] == name("renamed")


@pytest.mark.emulator_only("drift edit")
def test_drift_is_detected_and_corrected(emulator, playbook):
    run = playbook([task(**TUTORIAL)])
    mon_id = run.result()["monitor"]["id"]
    emulator.edit("monitors", mon_id, {"port": 2222, "interval": 120})
    run = playbook([task(**TUTORIAL)], diff=True)
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is True
    assert res["diff"] == {"before": {"port": 2222, "interval": 120}, "after": {"port": 2048, "interval": 30}}
    stored = monitors(emulator)[0]
    assert (stored["port"], stored["interval"]) == (2048, 30)


def test_duplicate_descriptions_ask_for_monitor_id(target, playbook):
    first = target.create("monitors", target.account_id, dict(TUTORIAL))
    second = target.create("monitors", target.account_id, dict(TUTORIAL))
    target.clear_log()
    run = playbook([task(**TUTORIAL)])
    assert run.rc != 0
    msg = run.result()["msg"]
    assert "monitor_id" in msg and first["id"] in msg and second["id"] in msg
    assert target.writes() == []
    run = playbook([task(monitor_id=second["id"], **dict(TUTORIAL, interval=45))])
    assert run.rc == 0, run
    assert {m["id"]: m["interval"] for m in monitors(target)} == {first["id"]: 30, second["id"]: 45}


@pytest.mark.emulator_only("fault injection")
def test_retries_on_429_and_503(emulator, playbook):
    path = "/load_balancers/monitors"
    emulator.fault("*", path, "status", count=3, status=429, retry_after=1)
    emulator.fault("*", path, "status", count=2, status=503)
    run = playbook([task(**TUTORIAL)])
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    assert len(monitors(emulator)) == 1
    statuses = [r["status"] for r in api_requests(emulator)]
    assert statuses.count(429) == 3 and statuses.count(503) == 2


@pytest.mark.emulator_only("fault injection")
def test_retries_on_write_faults(emulator, playbook):
    run = playbook([task(**TUTORIAL)])
    assert run.rc == 0, run
    emulator.fault("PATCH", "/load_balancers/monitors/", "status", count=2, status=429, retry_after=1)
    emulator.fault("PATCH", "/load_balancers/monitors/", "status", count=1, status=502)
    run = playbook([task(**dict(TUTORIAL, retries=3))])
    assert run.rc == 0, run
    assert monitors(emulator)[0]["retries"] == 3


@pytest.mark.parametrize("action", ["drop_after", "drop_before"])
@pytest.mark.emulator_only("fault injection")
def test_lost_create_response_makes_no_duplicate(emulator, playbook, action):
    emulator.fault("POST", "/load_balancers/monitors$", action, count=1)
    run = playbook([task(**TUTORIAL)])
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    found = monitors(emulator)
    assert len(found) == 1
    assert run.result()["monitor"]["id"] == found[0]["id"]
    posts = [r for r in api_requests(emulator) if r["method"] == "POST"]
    assert len(posts) == (1 if action == "drop_after" else 2)


@pytest.mark.emulator_only("fault injection")
def test_lost_delete_response_is_fine(emulator, playbook):
    playbook([task(**TUTORIAL)])
    emulator.fault("DELETE", "/load_balancers/monitors/", "drop_after", count=1)
    run = playbook([task(description=TUTORIAL["description"], state="absent")])
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    assert monitors(emulator) == []


@pytest.mark.emulator_only("fault injection")
def test_api_error_names_operation_object_and_codes(emulator, playbook):
    emulator.fault("POST", "/load_balancers/monitors$", "status", count=1, status=400)
    run = playbook([task(**TUTORIAL)])
    assert run.rc != 0
    res = run.result()
    assert "create monitor '%s'" % TUTORIAL["description"] in res["msg"]
    assert "HTTP 400" in res["msg"]
    assert res["http_status"] == 400
    assert res["cloudflare_errors"] and all("code" in e for e in res["cloudflare_errors"])


def test_email_and_key_authentication(target, playbook):
    env = {"CLOUDFLARE_API_TOKEN": None, "CLOUDFLARE_EMAIL": target.email, "CLOUDFLARE_API_KEY": target.api_key}
    run = playbook([task(**TUTORIAL)], env=env)
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    # empty token in the environment counts as unset
    env["CLOUDFLARE_API_TOKEN"] = ""
    run = playbook([task(**TUTORIAL)], env=env)
    assert run.rc == 0, run
    assert run.result()["changed"] is False


def test_rejected_credentials_report_cloudflare_error(target, playbook):
    run = playbook([task(**TUTORIAL)], env={"CLOUDFLARE_API_TOKEN": "not-a-valid-token-xyz", "CLOUDFLARE_EMAIL": None,
                                            "CLOUDFLARE_API_KEY": None})
    assert run.rc != 0
    res = run.result()
    assert "list monitors" in res["msg"] and "HTTP 403" in res["msg"]
    assert "not-a-valid-token-xyz" not in run.output


BAD_INPUTS = [
    # (module args, option named in the error)
    (dict(TUTORIAL, port=70000), "port"),
    (dict(TUTORIAL, port=-1), "port"),
    (dict(TUTORIAL, interval=5), "interval"),
    (dict(TUTORIAL, interval=7200), "interval"),
    (dict(TUTORIAL, timeout=0), "timeout"),
    (dict(TUTORIAL, timeout=11), "timeout"),
    (dict(TUTORIAL, retries=9), "retries"),
    (dict(TUTORIAL, interval=10, timeout=10), "timeout"),
    (dict(TUTORIAL, interval="often"), "interval"),
    (dict(TUTORIAL, type="ftp"), "type"),
    (dict(TUTORIAL, port=None), "port"),
    (dict(TUTORIAL, path="/health"), "path"),
    (dict(TUTORIAL, expected_codes="200"), "expected_codes"),
    (dict(TUTORIAL, header={"Host": ["a.example.com"]}), "header"),
    (dict(TUTORIAL, follow_redirects=True), "follow_redirects"),
    (dict(TUTORIAL, method="GET"), "method"),
    (dict(description=name("h"), type="http", method="connection_established"), "method"),
    (dict(description=name("h"), type="http", expected_codes="abc"), "expected_codes"),
    (dict(description=name("h"), type="https", header={"User-Agent": ["me"]}), "User-Agent"),
    (dict(description=name("h"), type="https", header={"Host": {"nested": 1}}), "header"),
    (dict(description=name("h"), type="http", path="health"), "path"),
    (dict(description=name("h"), type="http", allow_insecure=True), "allow_insecure"),
    (dict(description=name("h"), type="icmp_ping", method="GET"), "method"),
    (dict(TUTORIAL, consecutive_up=-1), "consecutive_up"),
    (dict(TUTORIAL, description=""), "description"),
    (dict(type="tcp", port=22), "monitor_id"),
    (dict(TUTORIAL, monitor_id="not-an-id"), "monitor_id"),
    (dict(TUTORIAL, account_id="xyz"), "account_id"),
    (dict(TUTORIAL, api_token="tok-1", api_email="user@example.com", api_key="k-secret-1"), "api_token"),
    (dict(TUTORIAL, api_key="k-secret-1"), "api_email"),
    (dict(TUTORIAL, api_token=""), "api_token"),
    (dict(TUTORIAL, api_token="", api_email="user@example.com"), "api_key"),
    (dict(TUTORIAL, api_retries=-2), "api_retries"),
    (dict(TUTORIAL, base_url="ftp://example.com"), "base_url"),
]


def test_bad_input_fails_before_any_request(target, playbook):
    tasks = []
    for index, (args, _option) in enumerate(BAD_INPUTS):
        args = {k: v for k, v in args.items() if v is not None}
        tasks.append({"name": "bad %d" % index, MODULE: args, "ignore_errors": True})
    target.clear_log()
    # The credential checks need the environment token out of the way for some cases.
    env = {"CLOUDFLARE_API_TOKEN": None, "CLOUDFLARE_EMAIL": None, "CLOUDFLARE_API_KEY": None}
    for index, (args, _option) in enumerate(BAD_INPUTS):
        if "api_email" not in args and "api_token" not in args:
            tasks[index][MODULE]["api_token"] = target.token
    run = playbook(tasks, env=env)
    assert_each_fails_naming(run, target, BAD_INPUTS)
    assert len(BAD_INPUTS) >= 15


def test_no_credentials_at_all(target, playbook):
    run = playbook([task(**TUTORIAL)], env={"CLOUDFLARE_API_TOKEN": None, "CLOUDFLARE_EMAIL": None,
                                            "CLOUDFLARE_API_KEY": None})
    assert run.rc != 0
    assert "api_token" in run.result()["msg"]
    assert api_requests(target) == []


@pytest.mark.emulator_only("fault injection")
def test_secrets_never_appear_in_output(emulator, playbook):
    token = emulator.token
    run = playbook([task(**TUTORIAL), task(name="update", **dict(TUTORIAL, interval=40))],
                   verbosity=4, diff=True)
    assert run.rc == 0, run
    assert token not in run.output
    # an API error path, with the token given as an option instead of the environment
    emulator.fault("PATCH", "/load_balancers/monitors/", "status", count=1, status=400)
    run = playbook([task(api_token=token, **dict(TUTORIAL, interval=50))], verbosity=4, diff=True,
                   env={"CLOUDFLARE_API_TOKEN": None})
    assert run.rc != 0
    assert token not in run.output
    # email + key
    key = emulator.api_key
    run = playbook([task(api_email=emulator.email, api_key=key, **dict(TUTORIAL, interval=55))],
                   verbosity=4, diff=True, env={"CLOUDFLARE_API_TOKEN": None})
    assert run.rc == 0, run
    assert key not in run.output


def test_token_from_environment_behind_an_empty_option_is_masked(target, playbook):
    # api_token: "" counts as unset, so the environment's token is used; it must still be masked.
    token = target.token
    run = playbook([task(api_token="", **TUTORIAL)], verbosity=3, diff=True)
    assert run.rc == 0, run
    assert token not in run.output
    run = playbook([task(api_token="", **dict(TUTORIAL, interval=45))], verbosity=3, diff=True)
    assert run.rc == 0, run
    assert token not in run.output
