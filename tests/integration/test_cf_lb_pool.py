# -*- coding: utf-8 -*-
"""cf_lb_pool through real ansible-playbook runs against the emulator (or, with --live, a live account)."""

from __future__ import annotations

import copy

import pytest

from tests.integration.harness import MONITOR_MODULE, TUTORIAL_MONITOR, ZONE, assert_each_fails_naming, calls, host
from tests.integration.harness import assert_holds, make_monitor, name, pools, unset, without, writable
from tests.integration.harness import pool_task as task

ORIGINS = [
    {"name": "origin-b", "address": "192.0.2.2", "weight": 0.25},
    {"name": "origin-a", "address": "192.0.2.1", "weight": 0.75},
]
POOL_NAME = name("spectrum-ssh-pool")
POOL = {"name": POOL_NAME, "description": "SSH origins", "origins": ORIGINS}


def test_monitor_by_id_or_description_and_removal(target, playbook):
    mon = make_monitor(target)
    args = dict(POOL, monitor=mon["id"], check_regions=["WEU", "ENAM"])
    run = playbook([task(args),
                    task(args, "again by id"),
                    task(dict(args, monitor=TUTORIAL_MONITOR["description"]), "by description")])
    assert run.rc == 0, run
    assert run.result("pool")["changed"] is True
    assert run.result("again by id")["changed"] is False
    assert run.result("by description")["changed"] is False
    assert pools(target)[0]["monitor"] == mon["id"]

    # monitor "" removes it: check mode first (no write), then for real (a PUT of writable fields only)
    removal = dict(args, monitor="")
    target.clear_log()
    run = playbook([task(removal)], check=True, diff=True)
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    assert run.result()["diff"] == {"before": {"monitor": mon["id"]}, "after": {"monitor": ""}}
    assert target.writes() == []
    before = pools(target)[0]
    run = playbook([task(removal), task(removal, "again")], diff=True)
    assert run.rc == 0, run
    assert run.result("pool")["changed"] is True
    assert run.result("again")["changed"] is False
    writes = target.writes()
    assert [w["method"] for w in writes] == ["PUT"]
    after = pools(target)[0]
    assert unset(after.get("monitor"))      # left out or null: either read-back says "no monitor"
    # everything else the pool holds is as it was
    assert without(writable(after), "monitor") == without(writable(before), "monitor")

    # without a monitor option no monitor list is read at all
    target.clear_log()
    run = playbook([task(POOL)])
    assert run.rc == 0, run
    assert run.result()["changed"] is False
    assert [path for _, path in calls(target)] == ["/accounts/%s/load_balancers/pools" % target.account_id]


def test_every_field_and_server_filled_shapes(target, playbook):
    make_monitor(target)
    full = {
        "name": name("primary-dc-1"),
        "description": "Primary data center",
        "enabled": False,
        "minimum_origins": 2,
        "monitor": TUTORIAL_MONITOR["description"],
        "check_regions": ["WEU", "EEU", "ALL_REGIONS"],
        "latitude": 52.37,
        "longitude": 4.89,
        "origins": [
            {"name": "web-3", "address": "10.0.0.7", "virtual_network_id": "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"},
            {"name": "web-1", "address": "2001:db8::1", "port": 8443, "header": {"Host": "app.example.com"}},
            {"name": "web-2", "address": "app2.example.net", "enabled": False, "weight": 0.3},
        ],
        "origin_steering": {"policy": "least_outstanding_requests"},
        "load_shedding": {"default_percent": 12.5, "default_policy": "hash", "session_percent": 5},
        "notification_filter": {"origin": {"disable": True}, "pool": {"healthy": False}},
        "notification_email": "noc@example.com",
    }
    run = playbook([task(full), task(full, "again")], diff=True)
    assert run.rc == 0, run
    assert run.result("pool")["changed"] is True
    assert run.result("again")["changed"] is False, run.result("again").get("diff")
    # what the user set, as the API holds it (server-filled keys and read-only fields such as disabled_at
    # may be there or not)
    stored = pools(target)[0]
    origins = {o["name"]: o for o in stored["origins"]}
    assert origins["web-1"]["header"] == {"Host": ["app.example.com"]} and origins["web-1"]["port"] == 8443
    assert origins["web-2"]["enabled"] is False and origins["web-2"]["weight"] == 0.3
    assert origins["web-3"]["virtual_network_id"] == full["origins"][0]["virtual_network_id"]
    assert_holds(stored["load_shedding"], full["load_shedding"])
    assert_holds(stored["notification_filter"], {"origin": {"disable": True}, "pool": {"healthy": False}})
    assert stored["enabled"] is False and stored["minimum_origins"] == 2
    assert (stored["latitude"], stored["longitude"]) == (52.37, 4.89)

    # a header dropped from an origin, and check_regions [] (= every region, null)
    fewer = copy.deepcopy(full)
    del fewer["origins"][1]["header"]
    fewer["check_regions"] = []
    run = playbook([task(fewer), task(fewer, "again")], diff=True)
    assert run.rc == 0, run
    assert set(run.result("pool")["diff"]["after"]) == {"origins", "check_regions"}
    assert run.result("again")["changed"] is False
    stored = pools(target)[0]
    assert unset(stored.get("check_regions"))     # null (or empty): every region
    assert unset({o["name"]: o for o in stored["origins"]}["web-1"].get("header"))


def test_adopt_pool_made_outside_ansible(target, playbook):
    made = target.create("pools", target.account_id, {"name": POOL_NAME, "origins": ORIGINS})
    target.clear_log()
    run = playbook([task({"name": POOL_NAME, "origins": ORIGINS})])
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is False
    assert res["pool"]["id"] == made["id"]
    assert target.writes() == []

    # adopted by id, the name itself can change
    run = playbook([task({"pool_id": made["id"], "name": name("renamed_pool")})])
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    assert pools(target)[0]["name"] == name("renamed_pool")


@pytest.mark.emulator_only("drift edit")
def test_drift_is_detected_and_corrected(emulator, playbook):
    run = playbook([task(POOL)])
    assert run.rc == 0, run
    pool = run.result()["pool"]
    drifted = copy.deepcopy(pool["origins"])
    drifted[0]["weight"] = 0.1          # origin-a
    drifted[1]["enabled"] = False       # origin-b
    emulator.edit("pools", pool["id"], {"origins": drifted, "minimum_origins": 2})
    run = playbook([task(dict(POOL, minimum_origins=1))], diff=True)
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is True
    assert set(res["diff"]["after"]) == {"origins", "minimum_origins"}
    assert res["diff"]["before"]["minimum_origins"] == 2 and res["diff"]["after"]["minimum_origins"] == 1
    stored = {o["name"]: o for o in pools(emulator)[0]["origins"]}
    assert stored["origin-a"]["weight"] == 0.75
    assert stored["origin-b"]["enabled"] is True and "disabled_at" not in stored["origin-b"]
    run = playbook([task(dict(POOL, minimum_origins=1))])
    assert run.result()["changed"] is False


def test_delete_with_dependencies_fails_naming_the_user(target, playbook):
    mon = make_monitor(target)
    run = playbook([task(dict(POOL, monitor=mon["id"]))])
    assert run.rc == 0, run
    pool_id = run.result()["pool"]["id"]
    lb = target.create("load_balancers", target.zone_id(ZONE), {
        "name": host("lb"), "default_pools": [pool_id], "fallback_pool": pool_id})

    target.clear_log()
    for check in (True, False):
        run = playbook([task({"name": POOL_NAME, "state": "absent"})], check=check)
        assert run.rc != 0
        msg = run.result()["msg"]
        assert host("lb") in msg and lb["id"] in msg and POOL_NAME in msg
    assert target.writes() == []
    assert len(pools(target)) == 1

    # the monitor is used by the pool: deleting it fails naming the pool
    run = playbook([{"name": "monitor", MONITOR_MODULE: {"description": TUTORIAL_MONITOR["description"],
                                                         "state": "absent"}}])
    assert run.rc != 0
    msg = run.result()["msg"]
    assert POOL_NAME in msg and pool_id in msg
    assert target.writes() == []
    assert len(target.state()["monitors"][target.account_id]) == 1


def test_monitor_that_cannot_be_resolved_reads_but_never_writes(target, playbook):
    first = make_monitor(target, description=name("twin"))
    second = make_monitor(target, description=name("twin"))
    target.clear_log()
    run = playbook([
        task(dict(POOL, monitor=name("No Such Monitor")), "unknown", ignore_errors=True),
        task(dict(POOL, monitor=name("twin")), "ambiguous", ignore_errors=True),
        task(dict(POOL, monitor="0" * 32), "unknown id", ignore_errors=True),
        task({"name": name("new_pool")}, "no origins", ignore_errors=True),
    ])
    for title in ("unknown", "ambiguous", "unknown id", "no origins"):
        assert run.task(title)["status"] == "failed", run.task(title)
    unknown = run.result("unknown")["msg"]
    assert "monitor" in unknown and name("No Such Monitor") in unknown
    ambiguous = run.result("ambiguous")["msg"]
    assert "monitor" in ambiguous and first["id"] in ambiguous and second["id"] in ambiguous
    assert "monitor" in run.result("unknown id")["msg"]
    assert "origins" in run.result("no origins")["msg"]
    # A monitor given by id is not looked up first (the role hands over ids it just got; a read would be
    # wasted): the API refuses the unknown id, and the only write is that refused create.
    writes = target.writes()
    assert [w["method"] for w in writes] == ["POST"] and writes[0]["status"] >= 400, writes
    assert {path.rsplit("/", 1)[-1] for _, path in calls(target)} == {"pools", "monitors"}
    assert pools(target) == []


def origins_with(**change):
    return [dict(ORIGINS[0], **change), ORIGINS[1]]


BAD_INPUTS = [
    # (module args, text the error must contain: the option it names)
    (dict(POOL, origins=origins_with(weight=2)), "weight"),
    (dict(POOL, origins=origins_with(weight=-0.1)), "weight"),
    (dict(POOL, origins=origins_with(weight=0.333)), "weight"),
    (dict(POOL, name="my pool"), "name"),
    (dict(POOL, name="pool.example"), "name"),
    (dict(POOL, latitude=10.5), "longitude"),
    (dict(POOL, latitude=100, longitude=10), "latitude"),
    (dict(POOL, latitude=10, longitude=-200), "longitude"),
    (dict(POOL, check_regions=["WEU", "MARS"]), "check_regions"),
    (dict(POOL, origins=[{"name": "no-address"}]), "address"),
    (dict(POOL, origins=[ORIGINS[0], dict(ORIGINS[1], name="origin-b")]), "origins"),
    (dict(POOL, origins=[]), "origins"),
    (dict(POOL, minimum_origins=0), "minimum_origins"),
    (dict(POOL, minimum_origins=3), "minimum_origins"),
    (dict(POOL, load_shedding={"default_percent": 150}), "load_shedding.default_percent"),
    (dict(POOL, load_shedding={"session_percent": -1}), "load_shedding.session_percent"),
    (dict(POOL, load_shedding={"session_policy": "random"}), "session_policy"),
    (dict(POOL, origin_steering={"policy": "bogus"}), "policy"),
    (dict(POOL, origin_steering={"polcy": "hash"}), "origin_steering"),
    (dict(POOL, origins=origins_with(header={"X-Forwarded-Host": "a.example.com"})), "header"),
    (dict(POOL, origins=origins_with(header={"Host": ["a.example.com", "b.example.com"]})), "header.Host"),
    (dict(POOL, origins=origins_with(port=70000)), "port"),
    (dict(POOL, origins=origins_with(address="not an address")), "address"),
    (dict(POOL, origins=origins_with(address="300.1.2.3")), "address"),
    (dict(POOL, origins=origins_with(virtual_network_id="vnet-1")), "virtual_network_id"),
    (dict(POOL, origins=origins_with(enabled="maybe")), "enabled"),
    (dict(POOL, notification_filter={"pool": {"healthy": "sometimes"}}), "healthy"),
    (dict(POOL, pool_id="abc"), "pool_id"),
    (dict(origins=ORIGINS), "pool_id"),
    (dict(POOL, state="gone"), "state"),
]


def test_bad_input_fails_before_any_request(target, playbook):
    tasks = [task(args, "bad %d" % i, ignore_errors=True) for i, (args, _opt) in enumerate(BAD_INPUTS)]
    target.clear_log()
    run = playbook(tasks)
    assert_each_fails_naming(run, target, BAD_INPUTS)
    assert len(BAD_INPUTS) >= 12
