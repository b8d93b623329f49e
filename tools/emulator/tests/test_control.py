"""Control endpoints: log, state, drift edits, reset, direct create."""

import http.client
import urllib.parse

import requests


def test_log_and_counts(api, emulator):
    api.call("GET", "/zones")
    api.call("GET", "/zones", auth=False)
    api.pool()
    log = emulator.log()
    assert [e["seq"] for e in log["requests"]] == sorted(e["seq"] for e in log["requests"])
    assert log["counts"]["total"] == 3 and log["counts"]["GET"] == 2 and log["counts"]["POST"] == 1
    assert log["counts"]["by_status"] == {"200": 2, "400": 1}
    first = log["requests"][0]
    assert first["path"] == "/client/v4/zones" and first["query"] == "" and first["fault"] is None
    assert first["credential"] and "test-token" not in first["credential"]
    assert log["requests"][1]["credential"] is None
    api.call("GET", "/zones?name=example.com")
    assert emulator.requests(method="GET", path_contains="/zones")[-1]["query"] == "name=example.com"
    assert [e["method"] for e in emulator.writes()] == ["POST"]
    # a write's JSON body is logged as sent; reads carry no body
    assert emulator.writes()[0]["body"] == {"name": "web-pool", "origins": [{"name": "o1", "address": "192.0.2.1"}]}
    assert "body" not in first
    assert first["user_agent"].startswith("python-requests/")
    emulator.clear_log()
    assert emulator.log()["counts"]["total"] == 0
    # control calls are never logged
    emulator.state()
    assert emulator.log()["requests"] == []


def test_state_and_drift_edit(api, emulator):
    pool = api.pool()
    state = emulator.state()
    assert state["pools"][api.account_id] == [pool]
    assert [z["name"] for z in state["zones"]] == ["example.com"]
    assert set(state) == {"zones", "monitors", "monitor_groups", "pools", "load_balancers", "spectrum_apps"}
    edited = emulator.edit("pools", pool["id"], {"description": "changed in dashboard", "minimum_origins": 3})
    assert edited["description"] == "changed in dashboard" and edited["modified_on"] > pool["modified_on"]
    got = api.ok("GET", f"{api.acct}/pools/{pool['id']}")
    assert got["description"] == "changed in dashboard" and got["minimum_origins"] == 3


def test_control_delete_skips_integrity(api, emulator):
    mon = api.monitor()
    api.pool(monitor=mon["id"])
    emulator.delete("monitors", mon["id"])
    api.err("GET", f"{api.acct}/monitors/{mon['id']}", status=404, code=1001)


def test_create_outside_ansible_not_logged(api, emulator):
    pool = emulator.create("pools", None, {"name": "outside", "origins": [{"name": "a", "address": "192.0.2.1"}]})
    lb = emulator.create("load_balancers", "example.com",
                         {"name": "x.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"]})
    assert lb["zone_name"] == "example.com"
    assert emulator.log()["requests"] == []
    assert api.ok("GET", f"{api.acct}/pools/{pool['id']}")["name"] == "outside"


def test_reset(api, emulator):
    api.pool()
    emulator.fault("*", ".", "status", status=500, count=10)
    emulator.add_zone("extra.example")
    emulator.reset()
    state = emulator.state()
    assert state["pools"][api.account_id] == [] and [z["name"] for z in state["zones"]] == ["example.com"]
    assert emulator.faults() == [] and emulator.log()["requests"] == []


def test_fixture_attributes(emulator):
    assert emulator.base_url == emulator.url + "/client/v4"
    assert emulator.account_id == "01a7362d577a6c3019a474fd6f485823"
    assert emulator.token == "test-token"
    assert len(emulator.zone_id("example.com")) == 32


def test_unknown_control_endpoint(emulator):
    resp = requests.get(emulator.url + "/__emulator__/nothing", timeout=5)
    assert resp.status_code == 404


def test_keep_alive_reuses_connection(api):
    for _ in range(20):
        assert api.call("GET", "/zones").status_code == 200
    # 20 requests over one pooled connection
    pool = api.session.get_adapter(api.base).poolmanager
    assert len(pool.pools) == 1


def test_in_process_emulator_stop_closes_connections():
    from tools.emulator import Emulator

    emu = Emulator(port=0, zones=["stop.example"]).start()
    session = requests.Session()
    headers = {"Authorization": "Bearer test-token"}
    base = emu.base_url
    assert session.get(base + "/zones", headers=headers, timeout=5).json()["result"][0]["name"] == "stop.example"
    emu.stop()
    try:
        session.get(base + "/zones", headers=headers, timeout=2)
    except requests.exceptions.ConnectionError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a stopped emulator still answered")


def test_log_names_the_user_agent(api, emulator):
    api.call("GET", "/zones", headers={"User-Agent": "other-tool/1.0"})
    url = urllib.parse.urlsplit(api.base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)  # sends no User-Agent of its own
    try:
        conn.request("GET", url.path + "/zones", headers={"Authorization": "Bearer test-token"})
        assert conn.getresponse().status == 200
    finally:
        conn.close()
    first, second = emulator.log()["requests"]
    assert first["user_agent"] == "other-tool/1.0"
    assert "user_agent" not in second
