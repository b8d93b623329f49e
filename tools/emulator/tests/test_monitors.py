"""Monitors: validation, defaults, PUT/PATCH semantics, preview, references."""

import pytest


def test_http_monitor_defaults(api):
    mon = api.ok("POST", f"{api.acct}/monitors", {"expected_codes": "200"})
    assert len(mon["id"]) == 32
    for key, value in {"type": "http", "description": "", "method": "GET", "path": "/", "header": {}, "port": 0,
                       "timeout": 5, "retries": 2, "interval": 60, "expected_codes": "200", "expected_body": "",
                       "follow_redirects": False, "allow_insecure": False, "probe_zone": "",
                       "consecutive_up": 0, "consecutive_down": 0}.items():
        assert mon[key] == value, key
    assert mon["created_on"].endswith("Z") and "." in mon["created_on"]
    assert api.ok("GET", f"{api.acct}/monitors/{mon['id']}") == mon


def test_tcp_monitor_defaults(api):
    mon = api.ok("POST", f"{api.acct}/monitors", {"type": "tcp", "port": 2048})
    assert mon["method"] == "connection_established" and mon["expected_codes"] == ""


@pytest.mark.parametrize("body,where", [
    ({"type": "bogus"}, "body.type"),
    ({"interval": "sixty"}, "body.interval"),
    ({"port": True}, "body.port"),
])
def test_schema_violations(api, body, where):
    msg = api.err("POST", f"{api.acct}/monitors", body)["errors"][0]["message"]
    assert msg.startswith(where) and msg.endswith("validation failed")


@pytest.mark.parametrize("body,text", [
    ({"type": "tcp"}, "port is required for tcp monitors"),
    ({"type": "udp_icmp"}, "port is required for udp_icmp monitors"),
    ({"type": "tcp", "port": 22, "path": "/health"}, "path"),
    ({"type": "tcp", "port": 22, "expected_codes": "200"}, "expected_codes"),
    ({"type": "tcp", "port": 22, "follow_redirects": True}, "follow_redirects"),
    ({"header": {"User-Agent": ["x"]}}, "User-Agent"),
    ({"interval": 5}, "interval"),
    ({"interval": 4000}, "interval"),
    ({"interval": 10, "timeout": 10}, "timeout must be less than interval"),
])
def test_semantic_violations(api, body, text):
    msg = api.err("POST", f"{api.acct}/monitors", body)["errors"][0]["message"]
    assert text in msg


def test_duplicate_descriptions_allowed(api):
    a, b = api.monitor(description="same"), api.monitor(description="same")
    assert a["id"] != b["id"]
    assert len(api.ok("GET", f"{api.acct}/monitors")) == 2


def test_put_resets_omitted_fields(api):
    mon = api.ok("POST", f"{api.acct}/monitors",
                 {"type": "https", "path": "/h", "retries": 4, "description": "d", "expected_codes": "2xx"})
    put = api.ok("PUT", f"{api.acct}/monitors/{mon['id']}", {"type": "https", "expected_codes": "200"})
    assert put["path"] == "/" and put["retries"] == 2 and put["description"] == ""
    assert put["id"] == mon["id"] and put["created_on"] == mon["created_on"]
    assert put["modified_on"] >= mon["modified_on"]


def test_patch_merges(api):
    mon = api.ok("POST", f"{api.acct}/monitors", {"type": "https", "path": "/h", "retries": 4})
    patched = api.ok("PATCH", f"{api.acct}/monitors/{mon['id']}", {"retries": 1})
    assert patched["retries"] == 1 and patched["path"] == "/h" and patched["type"] == "https"


def test_patch_type_change_resets_http_fields(api):
    mon = api.ok("POST", f"{api.acct}/monitors", {"type": "http", "path": "/h"})
    patched = api.ok("PATCH", f"{api.acct}/monitors/{mon['id']}", {"type": "tcp", "port": 22})
    assert patched["method"] == "connection_established" and patched["expected_codes"] == ""


def test_unknown_monitor_404(api):
    api.err("PUT", f"{api.acct}/monitors/{'a' * 32}", {"type": "http"}, status=404, code=1001)


def test_preview_and_references(api):
    mon = api.monitor()
    pool = api.pool(monitor=mon["id"])
    preview = api.ok("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 22})
    assert preview["pools"] == {pool["id"]: pool["name"]}
    assert api.ok("GET", f"{api.acct}/preview/{preview['preview_id']}") == {}  # not ready on the first poll
    result = api.ok("GET", f"{api.acct}/preview/{preview['preview_id']}")
    assert result[pool["id"]]["healthy"] is True
    assert result[pool["id"]]["origins"][0]["192.0.2.1"]["healthy"] is True
    refs = api.ok("GET", f"{api.acct}/monitors/{mon['id']}/references")
    assert refs == [{"reference_type": "referrer", "resource_id": pool["id"], "resource_name": "web-pool",
                     "resource_type": "pool"}]


def test_delete_referenced_monitor_412(api):
    mon = api.monitor()
    pool = api.pool(monitor=mon["id"])
    body = api.err("DELETE", f"{api.acct}/monitors/{mon['id']}", status=412, code=1005)
    assert body["errors"][0]["message"] == "This object is referenced by other objects, delete them first."
    assert 'pool "web-pool"' in body["errors"][1]["message"] and pool["id"] in body["errors"][1]["message"]
    api.ok("DELETE", f"{api.acct}/pools/{pool['id']}")
    api.ok("DELETE", f"{api.acct}/monitors/{mon['id']}")
