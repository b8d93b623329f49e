"""Pool health and monitor previews: origins marked unhealthy, the not-ready first poll, the control endpoint."""

import pytest
import requests

from tools.emulator.control import EmulatorError

TWO_ORIGINS = [{"name": "a", "address": "192.0.2.10"}, {"name": "b", "address": "192.0.2.20"}]


def test_every_origin_is_healthy_by_default(api, emulator):
    assert emulator.origin_health() == {"unhealthy": [], "by_monitor": {}, "preview_pending_polls": 1}
    pool = api.pool(origins=TWO_ORIGINS)
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")
    assert health["pool_id"] == pool["id"]
    assert sorted(health["pop_health"]) == ["Amsterdam, NL", "Los Angeles, CA"]
    for pop in health["pop_health"].values():
        assert pop["healthy"] is True
        assert pop["origins"] == [
            {"192.0.2.10": {"healthy": True, "failure_reason": "No failure reasons", "response_code": 200,
                            "rtt": "12.3ms"}},
            {"192.0.2.20": {"healthy": True, "failure_reason": "No failure reasons", "response_code": 200,
                            "rtt": "12.3ms"}}]


def test_marked_origins_are_unhealthy_in_pool_health(api, emulator):
    pool = api.pool(origins=TWO_ORIGINS)
    assert emulator.mark_unhealthy("192.0.2.20") == {"unhealthy": ["192.0.2.20"], "by_monitor": {},
                                                     "preview_pending_polls": 1}
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")
    for pop in health["pop_health"].values():
        assert pop["healthy"] is True  # one healthy origin is enough for minimum_origins 1
        assert pop["origins"][0]["192.0.2.10"]["healthy"] is True
        assert pop["origins"][1]["192.0.2.20"] == {"healthy": False, "failure_reason": "Connection timed out",
                                                   "response_code": 0, "rtt": "0ms"}
    # below minimum_origins the pool itself is unhealthy in every PoP
    api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"minimum_origins": 2})
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")
    assert [pop["healthy"] for pop in health["pop_health"].values()] == [False, False]
    # each POST replaces the list; addresses compare case-insensitively
    emulator.mark_unhealthy()
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")
    assert all(pop["healthy"] for pop in health["pop_health"].values())
    named = api.pool(name="named", origins=[{"name": "h", "address": "Origin.Example.com"}])
    emulator.mark_unhealthy("origin.example.COM")
    health = api.ok("GET", f"{api.acct}/pools/{named['id']}/health")
    assert health["pop_health"]["Amsterdam, NL"]["origins"][0]["Origin.Example.com"]["healthy"] is False


def test_preview_reports_marked_origins_after_one_pending_poll(api, emulator):
    mon = api.monitor()
    pool = api.pool(origins=TWO_ORIGINS, monitor=mon["id"])
    other = api.pool(name="other", origins=[{"name": "c", "address": "192.0.2.30"}], monitor=mon["id"],
                     minimum_origins=1)
    api.pool(name="unmonitored", origins=[{"name": "d", "address": "192.0.2.20"}])
    emulator.mark_unhealthy("192.0.2.20", "192.0.2.30")
    preview = api.ok("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 2222})
    assert preview["pools"] == {pool["id"]: "web-pool", other["id"]: "other"}
    path = f"{api.acct}/preview/{preview['preview_id']}"
    assert api.ok("GET", path) == {}
    result = api.ok("GET", path)
    assert set(result) == {pool["id"], other["id"]}
    assert result[pool["id"]]["healthy"] is True
    assert [list(o) for o in result[pool["id"]]["origins"]] == [["192.0.2.10"], ["192.0.2.20"]]
    assert result[pool["id"]]["origins"][1]["192.0.2.20"]["healthy"] is False
    assert result[other["id"]] == {"healthy": False, "origins": [
        {"192.0.2.30": {"healthy": False, "failure_reason": "Connection timed out", "response_code": 0,
                        "rtt": "0ms"}}]}
    # the result stays; a later change of the marks does not alter a preview already taken
    emulator.mark_unhealthy()
    assert api.ok("GET", path) == result


def test_pending_polls_are_configurable(api, emulator):
    mon = api.monitor()
    api.pool(monitor=mon["id"])
    emulator.origin_health(preview_pending_polls=3)
    preview = api.ok("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 22})
    path = f"{api.acct}/preview/{preview['preview_id']}"
    assert [api.ok("GET", path) for _ in range(3)] == [{}, {}, {}]
    assert api.ok("GET", path) != {}
    emulator.origin_health(preview_pending_polls=0)
    preview = api.ok("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 22})
    assert api.ok("GET", f"{api.acct}/preview/{preview['preview_id']}") != {}


def test_a_preview_without_pools_is_ready_at_once(api):
    mon = api.monitor()
    preview = api.ok("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 22})
    assert preview["pools"] == {}
    assert api.ok("GET", f"{api.acct}/preview/{preview['preview_id']}") == {}


def test_preview_body_is_checked_and_unknown_ids_are_404(api):
    mon = api.monitor()
    api.err("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 0})
    api.err("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "gopher"})
    api.err("POST", f"{api.acct}/monitors/{'a' * 32}/preview", {"type": "tcp", "port": 22}, status=404, code=1001)
    api.err("GET", f"{api.acct}/preview/{'b' * 32}", status=404, code=1001)
    api.err("GET", f"{api.acct}/pools/{'c' * 32}/health", status=404, code=1001)


def test_reset_forgets_the_marks_and_the_pending_polls(api, emulator):
    emulator.origin_health(unhealthy=["192.0.2.1"], preview_pending_polls=4)
    emulator.reset()
    assert emulator.origin_health() == {"unhealthy": [], "by_monitor": {}, "preview_pending_polls": 1}


@pytest.mark.parametrize("body", [
    [], {"unhealthy": "192.0.2.1"}, {"unhealthy": [1]}, {"preview_pending_polls": -1},
    {"preview_pending_polls": True}, {"preview_pending_polls": "2"}, {"healthy": []},
])
def test_bad_control_bodies_are_400(emulator, body):
    response = requests.post(emulator.url + "/__emulator__/origin_health", json=body, timeout=10)
    assert response.status_code == 400 and "error" in response.json()
    assert emulator.origin_health() == {"unhealthy": [], "by_monitor": {}, "preview_pending_polls": 1}


def test_control_client_reports_a_refusal(emulator):
    with pytest.raises(EmulatorError):
        emulator.origin_health(preview_pending_polls=-3)


def test_one_monitor_marks_apply_to_its_pools_and_previews(api, emulator):
    mon, other = api.monitor(description="a"), api.monitor(description="b")
    pool = api.pool(origins=TWO_ORIGINS, monitor=mon["id"])
    elsewhere = api.pool(name="elsewhere", origins=TWO_ORIGINS, monitor=other["id"])
    state = emulator.mark_unhealthy_for(mon["id"], "192.0.2.20")
    assert state == {"unhealthy": [], "by_monitor": {mon["id"]: ["192.0.2.20"]}, "preview_pending_polls": 1}
    pop = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")["pop_health"]["Amsterdam, NL"]
    assert [o[a]["healthy"] for o, a in zip(pop["origins"], ("192.0.2.10", "192.0.2.20"))] == [True, False]
    pop = api.ok("GET", f"{api.acct}/pools/{elsewhere['id']}/health")["pop_health"]["Amsterdam, NL"]
    assert all(next(iter(o.values()))["healthy"] for o in pop["origins"])
    emulator.origin_health(preview_pending_polls=0)
    preview = api.ok("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 22})
    result = api.ok("GET", f"{api.acct}/preview/{preview['preview_id']}")
    assert result[pool["id"]]["origins"][1]["192.0.2.20"]["healthy"] is False
    # each monitor's list is replaced on its own; no addresses clears it; the every-monitor list stays apart
    emulator.mark_unhealthy("192.0.2.10")
    emulator.mark_unhealthy_for(other["id"], "192.0.2.10")
    assert emulator.mark_unhealthy_for(mon["id"]) == {"unhealthy": ["192.0.2.10"],
                                                      "by_monitor": {other["id"]: ["192.0.2.10"]},
                                                      "preview_pending_polls": 0}
    emulator.reset()
    assert emulator.origin_health()["by_monitor"] == {}


@pytest.mark.parametrize("body", [{"by_monitor": []}, {"by_monitor": {"m": "192.0.2.1"}}, {"by_monitor": {"m": [1]}}])
def test_bad_by_monitor_bodies_are_400(emulator, body):
    response = requests.post(emulator.url + "/__emulator__/origin_health", json=body, timeout=10)
    assert response.status_code == 400 and "by_monitor" in response.json()["error"]
