"""Monitor groups: the object, its writes, integrity with monitors and pools, references, and how a group
judges an origin in pool health."""

import pytest

from ._helpers import member


def test_group_read_back(api):
    web, ssh = api.monitor(description="web"), api.monitor(description="ssh2")
    group = api.group(web["id"], member(ssh["id"], monitoring_only=True), description="dc1")
    assert list(group) == ["id", "description", "members", "created_on", "modified_on"]
    assert len(group["id"]) == 32 and group["description"] == "dc1"
    assert group["created_on"] == group["modified_on"]
    assert [list(m) for m in group["members"]] == [
        ["monitor_id", "enabled", "monitoring_only", "must_be_healthy", "created_at", "updated_at"]] * 2
    assert group["members"][0] == {"monitor_id": web["id"], "enabled": True, "monitoring_only": False,
                                   "must_be_healthy": False, "created_at": group["created_on"],
                                   "updated_at": group["created_on"]}
    assert group["members"][1]["monitoring_only"] is True  # the order sent is kept
    assert api.ok("GET", f"{api.acct}/monitor_groups/{group['id']}") == group
    listed = api.call("GET", f"{api.acct}/monitor_groups").json()
    assert listed["result"] == [group] and listed["result_info"]["total_count"] == 1


def test_schema_requires_description_members_and_every_member_flag(api):
    mon = api.monitor()
    api.err("POST", f"{api.acct}/monitor_groups", {"members": [member(mon["id"])]})
    api.err("POST", f"{api.acct}/monitor_groups", {"description": "x"})
    msg = api.err("POST", f"{api.acct}/monitor_groups",
                  {"description": "x", "members": [{"monitor_id": mon["id"]}]})["errors"][0]["message"]
    assert msg.startswith("body.members[0]") and "required" in msg
    api.err("POST", f"{api.acct}/monitor_groups", {"description": "x", "members": []})  # no member: 1002


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH"])
def test_missing_member_monitor_is_412_naming_it(api, method):
    mon = api.monitor()
    ghost = "f" * 32
    path = f"{api.acct}/monitor_groups"
    if method != "POST":
        path += "/" + api.group(mon["id"])["id"]
    body = api.err(method, path, {"description": "x", "members": [member(mon["id"]), member(ghost)]},
                   status=412, code=1006)
    assert body["errors"][0]["message"] == f"members[1].monitor_id: monitor {ghost} does not exist"


def test_duplicate_member_is_400(api):
    mon = api.monitor()
    body = api.err("POST", f"{api.acct}/monitor_groups",
                   {"description": "x", "members": [member(mon["id"]), member(mon["id"], enabled=False)]})
    assert f"monitor {mon['id']} is already members[0]" in body["errors"][0]["message"]


def test_put_replaces_and_patch_merges(api):
    a, b = api.monitor(description="a"), api.monitor(description="b")
    group = api.group(a["id"], description="before")
    patched = api.ok("PATCH", f"{api.acct}/monitor_groups/{group['id']}", {"description": "after"})
    assert patched["members"] == group["members"] and patched["modified_on"] > group["modified_on"]
    # members are taken whole; a member that stays keeps created_at, and updated_at moves when its flags do
    patched = api.ok("PATCH", f"{api.acct}/monitor_groups/{group['id']}",
                     {"members": [member(a["id"], must_be_healthy=True), member(b["id"])]})
    first, second = patched["members"]
    assert first["created_at"] == group["members"][0]["created_at"] and first["updated_at"] > first["created_at"]
    assert second["created_at"] == second["updated_at"] == patched["modified_on"]
    assert patched["description"] == "after" and patched["created_on"] == group["created_on"]
    put = api.ok("PUT", f"{api.acct}/monitor_groups/{group['id']}",
                 {"description": "put", "members": [member(b["id"])]})
    assert [m["monitor_id"] for m in put["members"]] == [b["id"]] and put["description"] == "put"
    assert put["members"][0]["created_at"] == second["created_at"]


def test_delete_refused_while_a_pool_uses_the_group(api):
    mon = api.monitor()
    group = api.group(mon["id"])
    pool = api.pool(monitor_group=group["id"])
    body = api.err("DELETE", f"{api.acct}/monitor_groups/{group['id']}", status=412, code=1005)
    assert body["errors"][1]["message"] == f'referenced by pool "web-pool" (id {pool["id"]})'
    api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"monitor_group": ""})
    assert api.ok("DELETE", f"{api.acct}/monitor_groups/{group['id']}") == group  # the deleted group
    api.err("GET", f"{api.acct}/monitor_groups/{group['id']}", status=404, code=1001)
    assert api.err("DELETE", f"{api.acct}/monitor_groups/{group['id']}", status=404,
                   code=1001)["errors"][0]["message"] == "monitor group not found"


def test_member_monitor_cannot_be_deleted_and_references_both_ways(api):
    mon = api.monitor(description="probe")
    group = api.group(mon["id"], description="dc1")
    body = api.err("DELETE", f"{api.acct}/monitors/{mon['id']}", status=412, code=1005)
    assert body["errors"][1]["message"] == f'referenced by monitor group "dc1" (id {group["id"]})'
    assert api.ok("GET", f"{api.acct}/monitors/{mon['id']}/references") == [
        {"reference_type": "referrer", "resource_id": group["id"], "resource_name": "dc1",
         "resource_type": "monitor_group"}]
    pool = api.pool(monitor_group=group["id"])
    assert api.ok("GET", f"{api.acct}/monitor_groups/{group['id']}/references") == [
        {"reference_type": "referrer", "resource_id": pool["id"], "resource_name": "web-pool", "resource_type": "pool"},
        {"reference_type": "referral", "resource_id": mon["id"], "resource_name": "probe", "resource_type": "monitor"}]
    assert {"reference_type": "referral", "resource_id": group["id"], "resource_name": "dc1",
            "resource_type": "monitor_group"} in api.ok("GET", f"{api.acct}/pools/{pool['id']}/references")
    # out of the group, the monitor can go
    other = api.monitor(description="other")
    api.ok("PUT", f"{api.acct}/monitor_groups/{group['id']}", {"description": "dc1", "members": [member(other["id"])]})
    api.ok("DELETE", f"{api.acct}/monitors/{mon['id']}")


def test_account_level_only_and_control_views(api, emulator):
    mon = api.monitor()
    api.err("GET", "/user/load_balancers/monitor_groups", status=404, code=7003)
    group = emulator.create("monitor_groups", None, {"description": "outside", "members": [member(mon["id"])]})
    assert emulator.state()["monitor_groups"][api.account_id] == [group]
    assert emulator.get("monitor_groups", group["id"]) == group
    assert not emulator.requests(path_contains="/monitor_groups", method="POST")  # made outside: not logged


# --------------------------------------------------------------------------- voting in pool health

ADDRESS = "192.0.2.10"


def _origin_health(api, emulator, flags, down):
    """Pool health of one origin under a group of monitors a, b, c with ``flags`` {name: member flags}; the
    monitors named in ``down`` find the origin unhealthy."""
    monitors = {name: api.monitor(description=name) for name in "abc"}
    members = [member(monitors[name]["id"], **flags.get(name, {})) for name in "abc"]
    group = api.ok("POST", f"{api.acct}/monitor_groups", {"description": "g", "members": members})
    pool = api.pool(monitor_group=group["id"], origins=[{"name": "o", "address": ADDRESS}])
    for name in down:
        emulator.mark_unhealthy_for(monitors[name]["id"], ADDRESS)
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")
    pops = list(health["pop_health"].values())
    assert pops[0] == pops[1]
    return pops[0], monitors


@pytest.mark.parametrize("flags,down,healthy", [
    ({}, "", True),
    ({}, "a", True),                                                    # 1 of 3 voters
    ({}, "ab", False),                                                  # 2 of 3: more than half
    ({"c": {"enabled": False}}, "a", True),                             # 1 of 2 is not more than half
    ({"c": {"enabled": False}}, "ac", True),                            # a disabled member has no say
    ({"c": {"enabled": False}}, "ab", False),
    ({"b": {"monitoring_only": True}, "c": {"monitoring_only": True}}, "a", False),  # 1 of 1 voter
    ({"b": {"monitoring_only": True}, "c": {"monitoring_only": True}}, "bc", True),  # they only report
    ({"a": {"must_be_healthy": True}}, "a", False),                     # must be healthy: alone decides
    ({"a": {"must_be_healthy": True}}, "bc", False),                    # the majority still counts
    ({"a": {"must_be_healthy": True, "enabled": False}}, "a", True),
    ({"a": {"must_be_healthy": True, "monitoring_only": True}}, "a", True),
])
def test_group_voting(api, emulator, flags, down, healthy):
    pop, _monitors = _origin_health(api, emulator, flags, down)
    assert pop["healthy"] is healthy  # minimum_origins 1, one origin
    assert pop["origins"][0][ADDRESS]["healthy"] is healthy


def test_group_health_reports_each_probing_member(api, emulator):
    flags = {"a": {"must_be_healthy": True}, "b": {"monitoring_only": True}, "c": {"enabled": False}}
    pop, monitors = _origin_health(api, emulator, flags, "a")
    data = pop["origins"][0][ADDRESS]
    a, b = monitors["a"]["id"], monitors["b"]["id"]
    assert data["healthy"] is False and data["response_code"] == 0 and data["rtt"] == "0ms"
    assert data["failure_reason"] == f"Monitor {a} must be healthy and reports the origin unhealthy"
    assert data["monitors"] == {
        a: {"healthy": False, "failure_reason": "Connection timed out", "response_code": 0, "rtt": "0ms",
            "monitoring_only": False, "must_be_healthy": True},
        b: {"healthy": True, "failure_reason": "No failure reasons", "response_code": 200, "rtt": "12.3ms",
            "monitoring_only": True, "must_be_healthy": False},
    }  # c is disabled: no probe, no report


def test_every_monitor_marks_apply_to_groups_too(api, emulator):
    pop, monitors = _origin_health(api, emulator, {}, "")
    emulator.mark_unhealthy(ADDRESS)
    pool = api.ok("GET", f"{api.acct}/pools")[0]
    health = api.ok("GET", f"{api.acct}/pools/{pool['id']}/health")["pop_health"]["Amsterdam, NL"]
    data = health["origins"][0][ADDRESS]
    assert data["failure_reason"] == "3 of 3 voting monitors report the origin unhealthy"
    assert all(not m["healthy"] for m in data["monitors"].values()) and pop["healthy"] is True
