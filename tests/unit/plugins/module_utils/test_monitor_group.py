# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The monitor group resource (_monitor_group): input checks, request bodies, and runs against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import MonitorGroupInfo
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor_group import MonitorGroupResource
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, MISSING_ID

PATH = "/accounts/%s/load_balancers/monitor_groups" % ACCOUNT_ID


@pytest.fixture
def monitors(api):
    return [api.add_monitor(description=d, type="tcp", port=443) for d in ("http health", "tcp 443", "db")]


def members(*refs, **flags):
    return [dict({"monitor": ref}, **flags.get(ref, {})) for ref in refs]


def run(connect, params, check_mode=False):
    return MonitorGroupResource(connect(params, check_mode=check_mode)).run()


REFUSED = [
    ({"description": " "}, "description must not be empty"),
    ({"monitor_group_id": "xyz"}, "monitor_group_id must be a 32-character lowercase hexadecimal id, got 'xyz'."),
    ({"description": "g", "members": []}, "members must list at least one monitor."),
    ({"description": "g", "members": [{"monitor": " "}]}, "members[0].monitor must be a monitor id or description"),
    ({"description": "g", "members": [{"monitor": "db"}, {"monitor": "db"}]},
     "members[1].monitor: monitor 'db' is already members[0]"),
]


@pytest.mark.parametrize("params,message", REFUSED)
def test_bad_input_is_refused_before_any_request(api, connect, params, message):
    with pytest.raises(CloudflareError) as info:
        run(connect, params)
    assert message in str(info.value)
    assert api.requests == []


def test_create_resolves_descriptions_and_sends_every_flag(api, connect, monitors):
    result = run(connect, {"description": "dc checks",
                           "members": members("http health", monitors[1]["id"], "db",
                                              db={"must_be_healthy": True})})
    assert result["changed"] is True
    (post,) = api.calls("POST", PATH)
    assert post.body == {"description": "dc checks", "members": [
        {"monitor_id": monitors[0]["id"], "enabled": True, "monitoring_only": False, "must_be_healthy": False},
        {"monitor_id": monitors[1]["id"], "enabled": True, "monitoring_only": False, "must_be_healthy": False},
        {"monitor_id": monitors[2]["id"], "enabled": True, "monitoring_only": False, "must_be_healthy": True}]}
    assert result["diff"]["before"] == {}
    assert result["monitor_group"]["id"]


def test_member_order_and_server_timestamps_never_cause_a_change(api, connect, monitors):
    stored = [{"monitor_id": m["id"], "enabled": True, "monitoring_only": False, "must_be_healthy": False,
               "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"} for m in monitors]
    api.add_monitor_group(description="dc checks", members=stored)
    result = run(connect, {"description": "dc checks", "members": members("db", "tcp 443", "http health")})
    assert result["changed"] is False
    assert api.writes == []


def test_members_the_server_leaves_flags_out_of_compare_with_the_defaults(api, connect, monitors):
    api.add_monitor_group(description="dc checks", members=[{"monitor_id": monitors[0]["id"]}])
    assert run(connect, {"description": "dc checks", "members": members("http health")})["changed"] is False
    result = run(connect, {"description": "dc checks",
                           "members": members("http health", **{"http health": {"enabled": False}})})
    assert result["changed"] is True


def test_one_flag_changed_is_one_put_of_the_whole_group_without_timestamps(api, connect, monitors):
    stored = [{"monitor_id": m["id"], "enabled": True, "monitoring_only": False, "must_be_healthy": False,
               "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"} for m in monitors[:2]]
    group = api.add_monitor_group(description="dc checks", members=stored)
    result = run(connect, {"description": "dc checks",
                           "members": members("tcp 443", "http health", **{"tcp 443": {"monitoring_only": True}})})
    assert result["changed"] is True
    (put,) = api.writes
    assert put.method == "PUT" and put.path == PATH + "/" + group["id"]
    assert put.body["description"] == "dc checks"
    assert sorted((m["monitor_id"], m["monitoring_only"]) for m in put.body["members"]) == sorted(
        [(monitors[0]["id"], False), (monitors[1]["id"], True)])
    assert all("created_at" not in m and "updated_at" not in m for m in put.body["members"])
    assert "created_at" not in str(result["diff"])


def test_a_new_description_by_id_keeps_the_members(api, connect, monitors):
    group = api.add_monitor_group(description="old", members=[{"monitor_id": monitors[0]["id"], "enabled": True,
                                                               "created_at": "x", "updated_at": "y"}])
    result = run(connect, {"monitor_group_id": group["id"], "description": "new"})
    assert result["changed"] is True
    (put,) = api.writes
    assert put.body == {"description": "new", "members": [{"monitor_id": monitors[0]["id"], "enabled": True}]}
    assert result["diff"] == {"before": {"description": "old"}, "after": {"description": "new"}}


def test_check_mode_predicts_without_writing(api, connect, monitors):
    result = run(connect, {"description": "dc checks", "members": members("db")}, check_mode=True)
    assert result["changed"] is True and result["diff"]["after"]["members"][0]["monitor_id"] == monitors[2]["id"]
    assert api.writes == []


def test_a_monitor_that_does_not_exist_is_refused_naming_it(api, connect, monitors):
    with pytest.raises(CloudflareError) as info:
        run(connect, {"description": "g", "members": members("db", "nope")})
    assert str(info.value).startswith("members[1].monitor: monitor 'nope' matches no monitor description")
    with pytest.raises(CloudflareError) as info:
        run(connect, {"description": "g", "members": members(MISSING_ID)})
    assert str(info.value) == ("members[0].monitor: monitor id %s is not a monitor of account %s."
                               % (MISSING_ID, ACCOUNT_ID))
    assert api.writes == []


def test_in_check_mode_a_monitor_not_made_yet_is_a_warning(api, connect):
    conn = connect({"description": "g", "members": members("made later")}, check_mode=True)
    result = MonitorGroupResource(conn).run()
    assert result["changed"] is True and api.writes == []
    assert any("made later" in w for w in conn.warnings)


def test_the_same_monitor_by_name_and_id_is_refused(api, connect, monitors):
    with pytest.raises(CloudflareError) as info:
        run(connect, {"description": "g", "members": members("db", monitors[2]["id"])})
    assert "members[0].monitor and members[1].monitor name the same monitor" in str(info.value)


def test_creating_without_members_is_refused_naming_the_option(api, connect):
    with pytest.raises(CloudflareError) as info:
        run(connect, {"description": "g"})
    assert str(info.value).startswith("members is required to create monitor group 'g'")
    assert api.writes == []


def test_a_group_a_pool_uses_is_not_deleted_and_the_pool_is_named(api, connect, monitors):
    group = api.add_monitor_group(description="g", members=[{"monitor_id": monitors[0]["id"]}])
    pool = api.add_pool(name="eu", monitor_group=group["id"])
    with pytest.raises(CloudflareError) as info:
        run(connect, {"description": "g", "state": "absent"})
    assert "pool 'eu' (id %s)" % pool["id"] in str(info.value)
    assert api.writes == []
    kept = run(connect, {"description": "g", "state": "absent", "in_use": "keep"})
    assert kept["kept"] is True and kept["changed"] is False
    gone = run(connect, {"description": "g", "state": "absent", "removed_referrers": [pool["id"]]},
               check_mode=True)
    assert gone["changed"] is True and gone["removed"]["id"] == group["id"]


def test_delete_and_delete_again(api, connect, monitors):
    group = api.add_monitor_group(description="g", members=[{"monitor_id": monitors[0]["id"]}])
    assert run(connect, {"description": "g", "state": "absent"})["changed"] is True
    assert [r.method for r in api.writes] == ["DELETE"] and api.get("monitor_groups", group["id"]) is None
    assert run(connect, {"description": "g", "state": "absent"})["changed"] is False


def test_info_selects_by_description_id_and_member_monitor(api, connect, monitors):
    first = api.add_monitor_group(description="a", members=[{"monitor_id": monitors[0]["id"]}])
    second = api.add_monitor_group(description="b", members=[{"monitor_id": monitors[1]["id"]},
                                                             {"monitor_id": monitors[2]["id"]}])

    def ids(params):
        return [g["id"] for g in MonitorGroupInfo(connect(params)).run()["monitor_groups"]]

    assert ids({}) == [first["id"], second["id"]]
    assert ids({"description": "b"}) == [second["id"]]
    assert ids({"monitor_group_id": first["id"]}) == [first["id"]]
    assert ids({"monitor": "db"}) == [second["id"]]
    assert ids({"monitor": monitors[0]["id"]}) == [first["id"]]
    assert ids({"monitor": "nothing"}) == []
    with pytest.raises(CloudflareError):
        MonitorGroupInfo(connect({"monitor": " "})).run()


def test_two_runs_creating_one_group_at_once_end_with_one(api, connect, monitors):
    """Another run stores a group with the same description while this run posts its own: the older one wins."""
    original = api.handle
    others = []

    def handle(method, url, **kwargs):
        if method == "POST" and url.endswith("/monitor_groups"):
            others.append(api.add_monitor_group(description="dc checks", created_on="2025-12-31T23:59:59.999999Z",
                                                members=[{"monitor_id": monitors[0]["id"]}]))
        return original(method, url, **kwargs)
    api.handle = handle
    conn = connect({"description": "dc checks", "members": members("http health")})
    result = MonitorGroupResource(conn).run()
    assert [g["id"] for g in api.all("monitor_groups")] == [others[0]["id"]]
    assert result["monitor_group"]["id"] == others[0]["id"]
    assert [r.method for r in api.writes] == ["POST", "DELETE"]
    assert any("Another run created monitor group 'dc checks'" in w for w in conn.warnings)
