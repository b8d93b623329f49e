"""Injected faults and the rate limiter."""

import time

import pytest
import requests


def _pool_body(name):
    return {"name": name, "origins": [{"name": "a", "address": "192.0.2.1"}]}


def test_status_fault_429_with_retry_after(api, emulator):
    emulator.fault("GET", r"/load_balancers/pools$", "status", status=429, retry_after=7)
    resp = api.call("GET", f"{api.acct}/pools")
    assert resp.status_code == 429 and resp.headers["Retry-After"] == "7"
    body = resp.json()
    assert body["success"] is False and body["errors"][0]["code"] == 10100
    assert api.call("GET", f"{api.acct}/pools").status_code == 200  # count=1 consumed
    entry = emulator.requests(path_contains="/pools")[0]
    assert entry["status"] == 429 and entry["fault"] == "status"


def test_status_fault_503_count_and_method(api, emulator):
    emulator.fault("POST", "/pools", "status", count=2, status=503)
    assert api.call("GET", f"{api.acct}/pools").status_code == 200  # other method untouched
    assert api.call("POST", f"{api.acct}/pools", json=_pool_body("a")).status_code == 503
    assert emulator.faults()[0]["count"] == 1
    assert api.call("POST", f"{api.acct}/pools", json=_pool_body("a")).status_code == 503
    assert emulator.faults() == []
    assert api.call("POST", f"{api.acct}/pools", json=_pool_body("a")).status_code == 200
    assert len(emulator.state()["pools"][api.account_id]) == 1


def test_drop_before_does_not_commit(api, emulator):
    emulator.fault("POST", "/pools$", "drop_before")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.call("POST", f"{api.acct}/pools", json=_pool_body("lost"))
    assert emulator.state()["pools"][api.account_id] == []
    entry = emulator.requests(method="POST")[0]
    assert entry["status"] == 0 and entry["fault"] == "drop_before"
    # the same session keeps working afterwards
    assert api.call("POST", f"{api.acct}/pools", json=_pool_body("lost")).status_code == 200


def test_drop_after_commits(api, emulator):
    emulator.fault("*", "/pools$", "drop_after")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.call("POST", f"{api.acct}/pools", json=_pool_body("kept"))
    pools = emulator.state()["pools"][api.account_id]
    assert [p["name"] for p in pools] == ["kept"]
    entry = emulator.requests(method="POST")[0]
    assert entry["status"] == 0 and entry["fault"] == "drop_after" and entry["executed_status"] == 200
    # a retry now finds the object and a duplicate create is refused
    assert api.call("POST", f"{api.acct}/pools", json=_pool_body("kept")).json()["errors"][0]["code"] == 1003


def test_latency_fault(api, emulator):
    emulator.fault("GET", "/zones", "latency", delay=0.3)
    start = time.monotonic()
    resp = api.call("GET", "/zones")
    assert resp.status_code == 200 and time.monotonic() - start >= 0.3
    assert emulator.requests(path_contains="/zones")[0]["fault"] == "latency"


def test_clear_faults(api, emulator):
    emulator.fault("*", ".", "status", count=5, status=500)
    emulator.clear_faults()
    assert emulator.faults() == [] and api.call("GET", "/zones").status_code == 200


def test_rate_limit_blocks_until_window_ends(api, emulator):
    emulator.rate_limit(3, 1)
    for i in range(3):
        resp = api.call("GET", "/zones")
        assert resp.status_code == 200
        assert resp.headers["Ratelimit"].startswith(f'"default";r={2 - i};t=')
        assert resp.headers["Ratelimit-Policy"] == '"default";q=3;w=1'
    for _ in range(3):
        resp = api.call("GET", "/zones")
        assert resp.status_code == 429
        assert int(resp.headers["Retry-After"]) >= 1
        err = resp.json()["errors"][0]
        assert err["code"] == 10100 and err["message"] == "More than 3 requests per 1 seconds reached"
    # other credentials have their own window
    other = api.call("GET", "/zones", auth=False,
                     headers={"X-Auth-Email": "user@example.com", "X-Auth-Key": "test-key"})
    assert other.status_code == 200
    time.sleep(1.05)
    assert api.call("GET", "/zones").status_code == 200
    status = emulator.rate_limit_status()
    assert status["limit"] == 3 and status["refused_total"] == 3
    emulator.rate_limit(None)
    assert "Ratelimit" not in api.call("GET", "/zones").headers


def test_reset_keeps_rate_limit_config_unless_told(api, emulator):
    emulator.rate_limit(1, 60)
    api.call("GET", "/zones")
    assert api.call("GET", "/zones").status_code == 429
    emulator.reset()  # counters cleared, config kept
    assert api.call("GET", "/zones").status_code == 200
    assert api.call("GET", "/zones").status_code == 429
    emulator.reset(rate_limit=None)
    assert api.call("GET", "/zones").status_code == 200 and api.call("GET", "/zones").status_code == 200
