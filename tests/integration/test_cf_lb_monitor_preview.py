# -*- coding: utf-8 -*-
"""cf_lb_monitor_preview through real ansible-playbook runs against the emulator.

The emulator's preview result is not ready on the first poll, so every preview here polls at least
twice. Its bad inputs are in test_info_modules.py, with those of the other read-only modules.
"""

from __future__ import annotations

import pytest

MODULE = "edgeops.cloudflare.cf_lb_monitor_preview"
SSH_CHECK = {"description": "ssh check", "type": "tcp", "port": 22, "interval": 30,
             "method": "connection_established"}


@pytest.fixture
def world(emulator):
    ssh = emulator.create("monitors", None, SSH_CHECK)
    eu = emulator.create("pools", None, {"name": "eu-pool", "monitor": ssh["id"], "origins": [
        {"name": "eu-1", "address": "192.0.2.10"}, {"name": "eu-2", "address": "192.0.2.20"}]})
    us = emulator.create("pools", None, {"name": "us-pool", "monitor": ssh["id"], "minimum_origins": 1, "origins": [
        {"name": "us-1", "address": "192.0.2.20"}]})
    emulator.create("pools", None, {"name": "other-pool", "origins": [{"name": "o", "address": "192.0.2.30"}]})
    lonely = emulator.create("monitors", None, {"description": "lonely", "type": "http"})
    return dict(ssh=ssh, eu=eu, us=us, lonely=lonely)


def preview(title, check_mode=False, **args):
    task = {"name": title, MODULE: args}
    if check_mode:
        task["check_mode"] = True
    return task


def test_preview_names_the_unhealthy_origin_and_saves_nothing(emulator, playbook, world):
    emulator.mark_unhealthy("192.0.2.20", "192.0.2.30")
    before = emulator.state()
    emulator.clear_log()
    run = playbook([
        preview("by description", description="ssh check", port=2222, interval=60),
        preview("by id in check mode", check_mode=True, monitor_id=world["ssh"]["id"]),
        preview("nothing uses it", monitor_id=world["lonely"]["id"], path="/health"),
    ])
    assert run.rc == 0, run
    assert run.changed == 0

    res = run.result("by description")
    assert res["changed"] is False
    assert res["monitor_id"] == world["ssh"]["id"]
    assert res["unhealthy_origins"] == ["192.0.2.20"]  # in both pools, named once; other-pool is not checked
    assert sorted(res["preview"]) == ["eu-pool", "us-pool"]
    eu = res["preview"]["eu-pool"]
    assert eu["pool_id"] == world["eu"]["id"] and eu["healthy"] is True
    assert eu["origins"] == [
        {"192.0.2.10": {"healthy": True, "failure_reason": "No failure reasons", "response_code": 200,
                        "rtt": "12.3ms"}},
        {"192.0.2.20": {"healthy": False, "failure_reason": "Connection timed out", "response_code": 0,
                        "rtt": "0ms"}}]
    assert res["preview"]["us-pool"]["healthy"] is False  # its only origin fails
    # the monitor's own settings with the options in their place, as the OpenAPI subset's monitor-editable
    assert res["settings"] == {"type": "tcp", "description": "ssh check", "port": 2222, "interval": 60,
                               "retries": 2, "timeout": 5, "method": "connection_established",
                               "consecutive_up": 0, "consecutive_down": 0}

    checked = run.result("by id in check mode")
    assert checked["changed"] is False and checked["unhealthy_origins"] == ["192.0.2.20"]
    assert checked["settings"]["port"] == 22

    lonely = run.result("nothing uses it")
    assert lonely["preview"] == {} and lonely["unhealthy_origins"] == []
    assert any("No pool uses monitor 'lonely'" in str(w) for w in lonely.get("warnings", [])), lonely

    # each run: its POST to the preview endpoint, then GETs of the result until ready (the first is not)
    acct = "/client/v4/accounts/%s/load_balancers" % emulator.account_id
    log = [(r["method"], r["path"]) for r in emulator.log()["requests"]]
    posts = [i for i, (method, _path) in enumerate(log) if method != "GET"]
    assert [log[i] for i in posts] == [
        ("POST", "%s/monitors/%s/preview" % (acct, world["ssh"]["id"])),
        ("POST", "%s/monitors/%s/preview" % (acct, world["ssh"]["id"])),
        ("POST", "%s/monitors/%s/preview" % (acct, world["lonely"]["id"]))]
    for index, title in zip(posts[:2], ("by description", "by id in check mode")):
        result_path = "%s/preview/%s" % (acct, run.result(title)["preview_id"])
        assert log[index + 1:index + 3] == [("GET", result_path), ("GET", result_path)]
    assert emulator.requests(path_contains=run.result("nothing uses it")["preview_id"]) == []
    assert emulator.requests(method="POST")[0]["body"] == res["settings"]
    # nothing saved
    assert emulator.state() == before


def test_the_wait_is_bounded_by_wait_timeout(emulator, playbook, world):
    emulator.origin_health(preview_pending_polls=1000)
    run = playbook([dict(preview("slow", description="ssh check", wait_timeout=2), ignore_errors=True)])
    record = run.task("slow")
    assert record["status"] == "failed"
    msg = record["result"]["msg"]
    assert "was not ready after 2 seconds (wait_timeout)" in msg and "0 of 2 pools" in msg
    assert record["result"]["preview_id"] in msg
    polls = emulator.requests(method="GET", path_contains="/preview/")
    assert 2 <= len(polls) <= 3  # at 0 s, 1 s and 2 s
