# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Monitor previews (_preview): the settings previewed, polling within wait_timeout, input checks."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import MONITOR_OPTIONS
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import monitor_settings_argument_spec
from ansible_collections.edgeops.cloudflare.plugins.module_utils._preview import (
    POLL_FIRST,
    POLL_MAX,
    MonitorPreview,
    preview_body,
)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, MISSING_ID, envelope

ACCT = "/accounts/%s/load_balancers" % ACCOUNT_ID
TCP = {"id": "a" * 32, "description": "ssh", "type": "tcp", "port": 22, "interval": 30, "retries": 2, "timeout": 5,
       "method": "connection_established", "path": "/", "header": {}, "expected_codes": "", "expected_body": "",
       "follow_redirects": False, "allow_insecure": False, "probe_zone": "", "consecutive_up": 0,
       "consecutive_down": 0, "created_on": "2026-01-01T00:00:00Z"}
HTTPS = dict(TCP, type="https", port=0, method="GET", path="/health", header={"Host": ["example.com"]},
             expected_codes="2xx", follow_redirects=True)


class Clock(object):
    """A clock that only moves when the preview sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.pauses = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.pauses.append(seconds)
        self.now += seconds


def test_the_settings_spec_is_every_monitor_option_but_the_description():
    assert sorted(monitor_settings_argument_spec()) == sorted(o for o in MONITOR_OPTIONS if o != "description")
    # each call hands out its own copy
    spec = monitor_settings_argument_spec()
    spec["type"]["choices"].append("gopher")
    assert "gopher" not in monitor_settings_argument_spec()["type"]["choices"]


# -- preview_body ------------------------------------------------------------------------------------------
def test_no_settings_preview_the_monitor_as_it_is():
    assert preview_body(TCP, {}) == {"type": "tcp", "description": "ssh", "port": 22, "interval": 30, "retries": 2,
                                     "timeout": 5, "method": "connection_established", "consecutive_up": 0,
                                     "consecutive_down": 0}


def test_settings_take_the_place_of_the_monitors_own():
    assert preview_body(TCP, {"port": 2222, "interval": 60}) == dict(preview_body(TCP, {}), port=2222, interval=60)
    body = preview_body(HTTPS, {"header": {"Host": ["www.example.com"]}, "expected_body": "ok"})
    assert body["header"] == {"Host": ["www.example.com"]} and body["expected_body"] == "ok"
    assert body["path"] == "/health" and body["follow_redirects"] is True and body["expected_codes"] == "2xx"
    assert "probe_zone" not in body  # empty values are not sent


def test_a_new_type_keeps_only_what_every_type_has():
    body = preview_body(HTTPS, {"type": "tcp", "port": 443})
    assert body == {"type": "tcp", "port": 443, "description": "ssh", "interval": 30, "retries": 2, "timeout": 5,
                    "consecutive_up": 0, "consecutive_down": 0}
    assert preview_body(TCP, {"type": "icmp_ping"}) == {
        "type": "icmp_ping", "description": "ssh", "interval": 30, "retries": 2, "timeout": 5, "consecutive_up": 0,
        "consecutive_down": 0}
    assert "port" not in preview_body(TCP, {"type": "http"}) and "method" not in preview_body(TCP, {"type": "http"})


def test_between_http_and_https_the_http_settings_stay():
    body = preview_body(HTTPS, {"type": "http"})
    assert body["type"] == "http" and body["path"] == "/health" and body["method"] == "GET"
    assert body["header"] == {"Host": ["example.com"]}


def test_a_monitor_read_without_a_type_is_http():
    assert preview_body({"id": "b" * 32, "path": "/x"}, {}) == {"type": "http", "path": "/x"}
    assert preview_body({"id": "b" * 32, "type": "udp_icmp", "port": 53, "method": ""}, {}) == {
        "type": "udp_icmp", "port": 53}


# -- runs against the fake API -------------------------------------------------------------------------------------
@pytest.fixture
def setup(api):
    mon = api.add_monitor(**dict((k, v) for k, v in TCP.items() if k != "id"))
    eu = api.add_pool(name="eu", monitor=mon["id"],
                      origins=[{"name": "a", "address": "192.0.2.1"}, {"name": "b", "address": "192.0.2.20"}])
    us = api.add_pool(name="us", monitor=mon["id"],
                      origins=[{"name": "c", "address": "192.0.2.20"}, {"name": "d", "address": "192.0.2.30"}])
    api.add_pool(name="other", origins=[{"name": "e", "address": "192.0.2.40"}])
    return dict(mon=mon, eu=eu, us=us)


def preview(connect, params=None, clock=None, check_mode=False):
    p = {"wait_timeout": 60}
    p.update(params or {})
    conn = connect(p, check_mode=check_mode)
    clock = clock or Clock()
    return MonitorPreview(conn, clock=clock.time, sleep=clock.sleep).run(), conn


def test_a_preview_by_description(api, connect, setup):
    api.unhealthy = {"192.0.2.20", "192.0.2.40"}
    result, conn = preview(connect, {"description": "ssh", "port": 2222})
    mon, eu, us = setup["mon"], setup["eu"], setup["us"]
    assert result["changed"] is False
    assert result["monitor_id"] == mon["id"]
    assert sorted(result["preview"]) == ["eu", "us"]
    assert result["preview"]["eu"]["pool_id"] == eu["id"] and result["preview"]["eu"]["healthy"] is False
    assert result["preview"]["eu"]["origins"][1] == {"192.0.2.20": {"healthy": False, "failure_reason":
                                                                    "Connection refused", "response_code": 0,
                                                                    "rtt": "0ms"}}
    assert result["unhealthy_origins"] == ["192.0.2.20"]  # each once; pool "other" does not use the monitor
    post, = api.writes
    assert (post.method, post.path) == ("POST", "%s/monitors/%s/preview" % (ACCT, mon["id"]))
    assert post.body == dict(preview_body(TCP, {}), port=2222) == result["settings"]
    assert [(r.method, r.path) for r in api.requests] == [
        ("GET", ACCT + "/monitors"), ("POST", post.path), ("GET", "%s/preview/%s" % (ACCT, result["preview_id"]))]
    assert conn.warnings == []


def test_a_preview_by_id_reads_that_monitor(api, connect, setup):
    result, _conn = preview(connect, {"monitor_id": setup["mon"]["id"]})
    assert result["unhealthy_origins"] == [] and result["preview"]["us"]["healthy"] is True
    assert api.requests[0].path == "%s/monitors/%s" % (ACCT, setup["mon"]["id"])


def test_check_mode_previews_too(api, connect, setup):
    result, _conn = preview(connect, {"description": "ssh"}, check_mode=True)
    assert sorted(result["preview"]) == ["eu", "us"]
    assert [r.method for r in api.writes] == ["POST"]


def test_the_result_is_polled_until_ready_with_growing_pauses(api, connect, setup):
    api.preview_pending = 5
    clock = Clock()
    result, _conn = preview(connect, {"description": "ssh"}, clock=clock)
    assert sorted(result["preview"]) == ["eu", "us"]
    assert len(api.calls("GET", "/preview/")) == 6
    assert clock.pauses == [POLL_FIRST, POLL_FIRST * 2, POLL_FIRST * 4, POLL_MAX, POLL_MAX]


def test_a_result_still_missing_pools_is_not_ready(api, connect, setup):
    partial = {setup["eu"]["id"]: {"healthy": True, "origins": []}}
    api.fail("GET", "/preview/")
    api.faults[-1]["response"] = lambda: envelope(partial)
    clock = Clock()
    result, _conn = preview(connect, {"description": "ssh"}, clock=clock)
    assert sorted(result["preview"]) == ["eu", "us"]
    assert clock.pauses == [POLL_FIRST]


def test_wait_timeout_bounds_the_wait(api, connect, setup):
    api.preview_pending = 1000
    clock = Clock()
    with pytest.raises(CloudflareError) as info:
        preview(connect, {"description": "ssh", "wait_timeout": 14}, clock=clock)
    message = str(info.value)
    assert message.startswith("The monitor preview ")
    assert "was not ready after 14 seconds (wait_timeout): Cloudflare had results for 0 of 2 pools." in message
    assert info.value.extras["preview_id"] in message
    # the last pause ends at the deadline, and one more read follows it
    assert clock.pauses == [POLL_FIRST, POLL_FIRST * 2, POLL_FIRST * 4, POLL_MAX, 2]
    assert len(api.calls("GET", "/preview/")) == 6


def test_a_monitor_no_pool_uses_is_a_warning_and_nothing_to_wait_for(api, connect, setup):
    lonely = api.add_monitor(description="lonely", type="http")
    result, conn = preview(connect, {"monitor_id": lonely["id"]})
    assert result["preview"] == {} and result["unhealthy_origins"] == []
    assert conn.warnings == ["No pool uses monitor 'lonely' (id %s): there was nothing to preview." % lonely["id"]]
    assert api.calls("GET", "/preview/") == []


def test_pools_the_post_did_not_name_are_kept_by_id(api, connect, setup):
    stray = "c" * 32
    api.fail("GET", "/preview/")
    api.faults[-1]["response"] = lambda: envelope({
        setup["eu"]["id"]: {"healthy": True, "origins": []}, setup["us"]["id"]: "odd",
        stray: {"healthy": False, "origins": [{"192.0.2.99": {"healthy": False}}]}})
    result, _conn = preview(connect, {"description": "ssh"})
    assert result["preview"][stray] == {"pool_id": stray, "healthy": False,
                                        "origins": [{"192.0.2.99": {"healthy": False}}]}
    assert result["preview"]["us"] == {"pool_id": setup["us"]["id"], "healthy": None, "origins": []}
    assert result["unhealthy_origins"] == ["192.0.2.99"]


def test_an_answer_without_a_preview_id_is_an_error(api, connect, setup):
    api.fail("POST", "/preview$")
    api.faults[-1]["response"] = lambda: envelope({"pools": {}})
    with pytest.raises(CloudflareError, match=r"^Cloudflare answered the preview of monitor 'ssh' \(id [0-9a-f]+\) "
                                              r"without a preview_id\.$"):
        preview(connect, {"description": "ssh"})


def test_a_lost_preview_answer_is_asked_again(api, connect, setup):
    api.lose_answer("POST", "/preview$")
    result, _conn = preview(connect, {"description": "ssh"})
    assert sorted(result["preview"]) == ["eu", "us"]
    assert len(api.calls("POST")) == 2


def test_failures_name_what_failed(api, connect, setup):
    api.fail("POST", "/preview$", status=400, code=1002, message="port: validation failed")
    with pytest.raises(CloudflareError) as info:
        preview(connect, {"description": "ssh"})
    assert str(info.value).startswith("Failed to preview monitor 'ssh' (id %s): HTTP 400" % setup["mon"]["id"])
    assert info.value.extras["request"] == "POST %s/monitors/%s/preview" % (ACCT, setup["mon"]["id"])
    api.fail("GET", "/preview/", status=403, code=10000, message="no")
    with pytest.raises(CloudflareError, match=r"^Failed to read monitor preview [0-9a-f]+: HTTP 403"):
        preview(connect, {"description": "ssh"})
    api.fail("GET", "/monitors/%s$" % MISSING_ID, status=403, code=10000, message="no")
    with pytest.raises(CloudflareError, match=r"^Failed to read monitor %s: HTTP 403" % MISSING_ID):
        preview(connect, {"monitor_id": MISSING_ID})


def test_the_monitor_must_exist_and_be_one(api, connect, setup):
    with pytest.raises(CloudflareError) as info:
        preview(connect, {"monitor_id": MISSING_ID})
    assert str(info.value) == "monitor_id=%s does not exist in account %s." % (MISSING_ID, ACCOUNT_ID)
    with pytest.raises(CloudflareError) as info:
        preview(connect, {"description": "nothing"})
    assert str(info.value) == "description: no monitor in account %s has the description 'nothing'." % ACCOUNT_ID
    twin = api.add_monitor(description="ssh", type="tcp", port=23)
    with pytest.raises(CloudflareError) as info:
        preview(connect, {"description": "ssh"})
    assert str(info.value) == ("description: 2 monitors in account %s have the description 'ssh' (ids %s, %s): set "
                               "monitor_id to choose one." % (ACCOUNT_ID, setup["mon"]["id"], twin["id"]))
    assert api.writes == []


@pytest.mark.parametrize("params, message", [
    ({"monitor_id": "nope"}, "monitor_id must be a 32-character lowercase hexadecimal id, got 'nope'."),
    ({"description": " "}, "description must not be empty: it names the monitor to preview (or give monitor_id)."),
    ({"description": "ssh", "wait_timeout": 0}, "wait_timeout must be at least 1 second, got 0."),
    ({"description": "ssh", "wait_timeout": -5}, "wait_timeout must be at least 1 second, got -5."),
    ({"description": "ssh", "interval": 5}, "interval must be between 10 and 3600, got 5."),
    ({"description": "ssh", "type": "tcp"}, "port is required for tcp monitors (1-65535)."),
    ({"description": "ssh", "header": {"User-Agent": "me"}},
     "header cannot set User-Agent: Cloudflare does not allow overriding it."),
])
def test_bad_input_is_refused_before_any_request(api, connect, params, message):
    with pytest.raises(CloudflareError) as info:
        preview(connect, params)
    assert str(info.value) == message
    assert api.requests == []


def test_options_that_do_not_fit_the_monitors_type_are_refused_before_the_post(api, connect, setup):
    # without type, the option is checked against the monitor's own type once it is read
    with pytest.raises(CloudflareError) as info:
        preview(connect, {"description": "ssh", "path": "/health"})
    assert str(info.value) == "path is only valid for http and https monitors, not type=tcp."
    assert api.writes == []
    # the monitor's own port counts once it is read: a tcp monitor previewed without a port option keeps it
    result, _conn = preview(connect, {"description": "ssh", "interval": 20})
    assert result["settings"]["port"] == 22 and result["settings"]["interval"] == 20
