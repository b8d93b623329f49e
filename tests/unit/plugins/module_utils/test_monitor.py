# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The monitor resource (_monitor): its input checks, its request bodies and runs against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import (
    MonitorResource,
    check_monitor_settings,
    monitor_settings,
    normalise_header,
)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID

PATH = "/accounts/%s/load_balancers/monitors" % ACCOUNT_ID


# -- check_monitor_settings ---------------------------------------------------------------------------
REFUSED = [
    ({"port": 65536}, "port must be between 0 and 65535, got 65536."),
    ({"port": -1}, "port must be between 0 and 65535, got -1."),
    ({"interval": 9}, "interval must be between 10 and 3600, got 9."),
    ({"interval": 3601}, "interval must be between 10 and 3600, got 3601."),
    ({"timeout": 0}, "timeout must be between 1 and 10, got 0."),
    ({"timeout": 11}, "timeout must be between 1 and 10, got 11."),
    ({"retries": 6}, "retries must be between 0 and 5, got 6."),
    ({"consecutive_up": -1}, "consecutive_up must be between 0 and 1000, got -1."),
    ({"consecutive_down": 1001}, "consecutive_down must be between 0 and 1000, got 1001."),
    ({"interval": 10, "timeout": 10}, "timeout (10) must be less than interval (10)."),
    ({"type": "tcp", "port": 22, "path": "/health"}, "path is only valid for http and https monitors, not type=tcp."),
    ({"type": "icmp_ping", "expected_codes": "200"},
     "expected_codes is only valid for http and https monitors, not type=icmp_ping."),
    ({"type": "smtp", "port": 25, "follow_redirects": False},
     "follow_redirects is only valid for http and https monitors, not type=smtp."),
    ({"type": "tcp"}, "port is required for tcp monitors (1-65535)."),
    ({"type": "udp_icmp", "port": 0}, "port is required for udp_icmp monitors (1-65535)."),
    ({"type": "smtp"}, "port is required for smtp monitors (1-65535)."),
    ({"method": "POST"}, "method must be one of GET, HEAD for type=http (the default) monitors, got 'POST'."),
    ({"type": "https", "method": "connection_established"},
     "method must be one of GET, HEAD for type=https monitors, got 'connection_established'."),
    ({"type": "tcp", "port": 22, "method": "GET"},
     "method must be connection_established for tcp monitors, got 'GET'."),
    ({"type": "icmp_ping", "method": "GET"}, "method is not used by icmp_ping monitors; remove it."),
    ({"path": "health"}, "path must start with '/', got 'health'."),
    ({"expected_codes": "600"}, "expected_codes must be a status code such as 200 or a range such as 2xx, got '600'."),
    ({"expected_codes": "2x"}, "expected_codes must be a status code such as 200 or a range such as 2xx, got '2x'."),
    ({"probe_zone": "not a zone"}, "probe_zone must be a zone name such as example.com, got 'not a zone'."),
    ({"allow_insecure": True}, "allow_insecure only applies to https monitors, not type=http (the default)."),
    ({"header": {"User-Agent": "me"}}, "header cannot set User-Agent: Cloudflare does not allow overriding it."),
    ({"header": {"user-agent": ["me"]}}, "header cannot set User-Agent: Cloudflare does not allow overriding it."),
    ({"header": {" ": "x"}}, "header names must be non-empty strings."),
    ({"header": {"X-Env": []}}, "header 'X-Env' must be a string or a non-empty list of strings, got []."),
    ({"header": {"X-Env": 5}}, "header 'X-Env' must be a string or a non-empty list of strings, got 5."),
    ({"header": {"X-Env": ["a", 1]}}, "header 'X-Env' must be a string or a non-empty list of strings, got ['a', 1]."),
    # ranges are checked when deleting too
    ({"state": "absent", "interval": 1}, "interval must be between 10 and 3600, got 1."),
]


@pytest.mark.parametrize("params, message", REFUSED, ids=[m for _p, m in REFUSED])
def test_check_monitor_settings_refuses_naming_the_option(params, message):
    with pytest.raises(CloudflareError) as info:
        check_monitor_settings(dict(params))
    assert str(info.value) == message


ACCEPTED = [
    {},
    {"type": "http", "method": "HEAD", "path": "/health", "expected_codes": "2xx", "expected_body": "ok",
     "follow_redirects": True, "probe_zone": "example.com", "interval": 60, "timeout": 5, "retries": 0},
    {"type": "https", "allow_insecure": True, "expected_codes": "301", "port": 443},
    {"type": "tcp", "port": 22, "method": "connection_established", "interval": 10, "timeout": 9},
    {"type": "udp_icmp", "port": 53},
    {"type": "smtp", "port": 25},
    {"type": "icmp_ping"},
    {"port": 0, "consecutive_up": 1000, "consecutive_down": 0},
    # type-specific checks do not apply when deleting
    {"state": "absent", "type": "tcp", "path": "/x"},
]


@pytest.mark.parametrize("params", ACCEPTED)
def test_check_monitor_settings_accepts(params):
    check_monitor_settings(dict(params))


def test_header_values_become_lists():
    params = {"header": {"Host": "example.com", "X-Env": ["a", "b"]}}
    check_monitor_settings(params)
    assert params["header"] == {"Host": ["example.com"], "X-Env": ["a", "b"]}
    assert normalise_header({}) == {}


def test_monitor_settings_keeps_only_the_set_monitor_options():
    params = {"description": "d", "type": "tcp", "port": 22, "path": None, "state": "present", "api_token": "x"}
    assert monitor_settings(params) == {"description": "d", "type": "tcp", "port": 22}


# -- the resource's own checks and bodies ------------------------------------------------------------------
@pytest.mark.parametrize("params, message", [
    ({"monitor_id": "42"}, "monitor_id must be a 32-character lowercase hexadecimal id, got '42'."),
    ({"description": ""}, "description must not be empty: it names the monitor (or give monitor_id)."),
    ({"description": "   "}, "description must not be empty: it names the monitor (or give monitor_id)."),
    ({"description": "d", "type": "tcp"}, "port is required for tcp monitors (1-65535)."),
])
def test_validate_refuses(connect, params, message):
    with pytest.raises(CloudflareError) as info:
        MonitorResource(connect(params)).validate()
    assert str(info.value) == message


def test_validate_accepts_an_id_without_description(connect):
    MonitorResource(connect({"monitor_id": "0123456789abcdef0123456789abcdef"})).validate()


@pytest.mark.parametrize("desired, body", [
    ({"description": "d"}, {"description": "d", "expected_codes": "200"}),
    ({"description": "d", "type": "https", "expected_codes": "2xx"},
     {"description": "d", "type": "https", "expected_codes": "2xx"}),
    ({"description": "d", "type": "tcp", "port": 22}, {"description": "d", "type": "tcp", "port": 22}),
])
def test_create_body_adds_expected_codes_to_http_monitors(connect, desired, body):
    assert MonitorResource(connect()).create_body(desired) == body


def test_patch_carries_the_current_expected_codes(connect):
    resource = MonitorResource(connect())
    current = {"id": "x", "type": "http", "expected_codes": "2xx", "interval": 60}
    assert resource.update_request({"interval": 30}, {"interval": 30}, current) == \
        ("PATCH", {"interval": 30, "expected_codes": "2xx"})
    assert resource.update_request({"interval": 30}, {"interval": 30}, {"id": "x", "interval": 60}) == \
        ("PATCH", {"interval": 30, "expected_codes": "200"})
    tcp = {"id": "x", "type": "tcp", "port": 22}
    assert resource.update_request({"port": 23}, {"port": 23}, tcp) == ("PATCH", {"port": 23})


def test_a_new_type_replaces_the_monitor_keeping_what_still_applies(connect):
    resource = MonitorResource(connect())
    current = {"id": "x", "description": "d", "type": "http", "interval": 30, "retries": 1, "path": "/h",
               "expected_codes": "2xx", "method": "GET", "port": 80, "created_on": "t"}
    method, body = resource.update_request({"type": "tcp", "port": 22}, {"type": "tcp", "port": 22}, current)
    assert (method, body) == ("PUT", {"description": "d", "interval": 30, "retries": 1, "type": "tcp", "port": 22})
    method, body = resource.update_request({"type": "https"}, {"type": "https"}, current)
    assert method == "PUT"
    assert body == {"description": "d", "interval": 30, "retries": 1, "path": "/h", "expected_codes": "2xx",
                    "method": "GET", "port": 80, "type": "https"}
    current = {"id": "x", "description": "d", "type": "tcp", "port": 22}
    method, body = resource.update_request({"type": "http"}, {"type": "http"}, current)
    assert body == {"description": "d", "type": "http", "expected_codes": "200"}


# -- runs against the fake API -------------------------------------------------------------------------------
def test_create_a_tcp_monitor(api, connect):
    result = MonitorResource(connect({"description": "ssh", "type": "tcp", "port": 22, "interval": 30})).run()
    post, = api.writes
    assert (post.method, post.path) == ("POST", PATH)
    assert post.body == {"description": "ssh", "type": "tcp", "port": 22, "interval": 30}
    assert result["changed"] is True
    assert result["monitor"]["id"] in api.store["monitors"]


def test_rerun_against_a_server_that_leaves_defaults_out_is_a_no_op(api, connect):
    api.add_monitor(description="web", type="http", expected_codes="200")
    params = {"description": "web", "type": "http", "method": "GET", "path": "/", "interval": 60, "timeout": 5,
              "retries": 2, "port": 0, "follow_redirects": False, "header": {}}
    result = MonitorResource(connect(params)).run()
    assert result["changed"] is False
    assert api.writes == []


def test_tcp_monitor_default_method_is_no_change(api, connect):
    api.add_monitor(description="ssh", type="tcp", port=22)
    result = MonitorResource(connect({"description": "ssh", "type": "tcp", "port": 22,
                                      "method": "connection_established"})).run()
    assert result["changed"] is False


def test_changing_the_type_sends_a_put(api, connect):
    current = api.add_monitor(description="web", type="http", path="/h", expected_codes="200", interval=30)
    result = MonitorResource(connect({"description": "web", "type": "tcp", "port": 22})).run()
    put, = api.writes
    assert (put.method, put.path) == ("PUT", "%s/%s" % (PATH, current["id"]))
    assert put.body == {"description": "web", "interval": 30, "type": "tcp", "port": 22}
    assert result["monitor"]["type"] == "tcp"
    assert "path" not in result["monitor"]
    assert result["diff"] == {"before": {"type": "http", "port": 0}, "after": {"type": "tcp", "port": 22}}


def test_delete_a_monitor_used_by_a_pool_names_the_pool(api, connect):
    monitor = api.add_monitor(description="web")
    api.add_pool(name="eu-pool", monitor=monitor["id"])
    with pytest.raises(CloudflareError, match=r"it is used by pool 'eu-pool' \(id "):
        MonitorResource(connect({"description": "web", "state": "absent"})).run()
    assert api.writes == []
