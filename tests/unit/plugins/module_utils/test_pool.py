# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pool resource (_pool): input checks, desired state, write-time checks and runs against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import MonitorResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._pool import PoolResource
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, MISSING_ID

PATH = "/accounts/%s/load_balancers/pools" % ACCOUNT_ID
VNET = "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"


def origin(name="a", address="192.0.2.1", **extra):
    item = {"name": name, "address": address}
    item.update(extra)
    return item


def validate(connect, **params):
    params.setdefault("name", "eu-pool")
    conn = connect(params)
    PoolResource(conn).validate()
    return conn.params


# -- validate ------------------------------------------------------------------------------------------------
REFUSED = [
    ({"pool_id": "nope"}, "pool_id must be a 32-character lowercase hexadecimal id, got 'nope'."),
    ({"name": "eu pool"}, "name must be made of letters, digits, '-' and '_' only (no spaces or dots), got 'eu pool'."),
    ({"name": "eu.pool"}, "name must be made of letters, digits, '-' and '_' only (no spaces or dots), got 'eu.pool'."),
    ({"origins": []}, "origins must list at least one origin."),
    ({"origins": [origin(name="")]}, "origins[0].name must not be empty."),
    ({"origins": [origin(name="  ")]}, "origins[0].name must not be empty."),
    ({"origins": [origin(), origin(address="192.0.2.2")]},
     "origins: the origin name 'a' is used more than once; origin names must be unique within a pool."),
    ({"origins": [origin(address="999.1.1.1")]},
     "origins[0] (a).address must be an IPv4 or IPv6 address or a hostname, got '999.1.1.1'."),
    ({"origins": [origin(address=" web.example.com")]},
     "origins[0] (a).address must be an IPv4 or IPv6 address or a hostname, got ' web.example.com'."),
    ({"origins": [origin(), origin(name="b", address=None)]},
     "origins[1] (b).address must be an IPv4 or IPv6 address or a hostname, got None."),
    ({"origins": [origin(weight=1.5)]}, "origins[0] (a).weight must be between 0 and 1, got 1.5."),
    ({"origins": [origin(weight=-0.1)]}, "origins[0] (a).weight must be between 0 and 1, got -0.1."),
    ({"origins": [origin(weight=0.555)]},
     "origins[0] (a).weight may have at most two decimals (a multiple of 0.01), got 0.555."),
    ({"origins": [origin(port=65536)]}, "origins[0] (a).port must be between 0 and 65535, got 65536."),
    ({"origins": [origin(virtual_network_id="vnet-1")]},
     "origins[0] (a).virtual_network_id must be a UUID such as a5624d4e-044a-4ff0-b3e1-e2465353d4b4, got 'vnet-1'."),
    ({"origins": [origin(header={"X-Env": ["a"]})]}, "origins[0] (a).header: only the Host header is supported, not "
                                                     "'X-Env'."),
    ({"origins": [origin(header={"Host": ["a.example.com", "b.example.com"]})]},
     "origins[0] (a).header.Host must be one hostname (a string or a list with one string), got "
     "['a.example.com', 'b.example.com']."),
    ({"origins": [origin(header={"Host": " "})]},
     "origins[0] (a).header.Host must be one hostname (a string or a list with one string), got ' '."),
    ({"origins": [origin(header={})]},
     "origins[0] (a).header.Host must be one hostname (a string or a list with one string), got None."),
    ({"minimum_origins": 0}, "minimum_origins must be at least 1, got 0."),
    ({"minimum_origins": 2, "origins": [origin()]},
     "minimum_origins (2) cannot be more than the number of origins (1)."),
    ({"latitude": 10.0}, "latitude and longitude must be set together (both or neither); only latitude is set."),
    ({"longitude": 10.0}, "latitude and longitude must be set together (both or neither); only longitude is set."),
    ({"latitude": 90.5, "longitude": 0.0}, "latitude must be between -90 and 90 degrees, got 90.5."),
    ({"latitude": 0.0, "longitude": -180.5}, "longitude must be between -180 and 180 degrees, got -180.5."),
    ({"load_shedding": {"default_percent": 101.0}}, "load_shedding.default_percent must be between 0 and 100, "
                                                    "got 101.0."),
    ({"load_shedding": {"session_percent": -1.0}}, "load_shedding.session_percent must be between 0 and 100, "
                                                   "got -1.0."),
    # the name is checked when deleting too
    ({"state": "absent", "name": "a b"}, "name must be made of letters, digits, '-' and '_' only (no spaces or "
                                         "dots), got 'a b'."),
]


@pytest.mark.parametrize("params, message", REFUSED, ids=[m for _p, m in REFUSED])
def test_validate_refuses_naming_the_option(connect, params, message):
    with pytest.raises(CloudflareError) as info:
        validate(connect, **params)
    assert str(info.value) == message


ACCEPTED = [
    {},
    {"name": "Pool_1-a"},
    {"pool_id": "0123456789abcdef0123456789abcdef", "name": None},
    {"origins": [origin(address="2001:db8::1"),
                 origin(name="b", address="web.example.com", weight=0.25, port=443, enabled=False,
                        virtual_network_id=VNET)],
     "minimum_origins": 2, "latitude": -90.0, "longitude": 180.0,
     "load_shedding": {"default_percent": 0.0, "session_percent": 100.0}},
    {"origins": [origin(weight=0.0), origin(name="b", weight=1.0), origin(name="c", weight=0.07)]},
    {"origins": [origin(header={"Host": "a.example.com"})]},
    # origins are not checked when deleting
    {"state": "absent", "origins": []},
]


@pytest.mark.parametrize("params", ACCEPTED)
def test_validate_accepts(connect, params):
    validate(connect, **params)


def test_origins_lose_unset_suboptions_and_the_host_header_becomes_a_list(connect):
    params = validate(connect, origins=[{"name": "a", "address": "192.0.2.1", "enabled": None, "weight": None,
                                         "port": None, "header": {"Host": "a.example.com"},
                                         "virtual_network_id": None}])
    assert params["origins"] == [{"name": "a", "address": "192.0.2.1", "header": {"Host": ["a.example.com"]}}]


def test_origins_are_compared_without_read_only_fields_and_with_optional_ones():
    normalise = PoolResource.fields["origins"].normalize
    assert normalise(None) is None
    assert normalise([{"name": "a", "disabled_at": "t"}, "odd"]) == [
        {"name": "a", "header": None, "virtual_network_id": None}, "odd"]


# -- desired state and bodies -----------------------------------------------------------------------------
def test_desired_state(connect):
    conn = connect({"name": "eu", "description": None, "enabled": True, "monitor": "",
                    "origins": [origin(name="b"), origin(name="a")], "check_regions": [],
                    "origin_steering": {"policy": None},
                    "load_shedding": {"default_percent": 10.0, "default_policy": None},
                    "notification_filter": {"origin": {"disable": True, "healthy": None}, "pool": None}})
    want = PoolResource(conn).desired()
    assert want == {"name": "eu", "enabled": True, "monitor": "",
                    "origins": [origin(name="a"), origin(name="b")], "check_regions": None,
                    "load_shedding": {"default_percent": 10.0},
                    "notification_filter": {"origin": {"disable": True, "healthy": None}}}


def test_create_body_fills_origin_defaults_and_drops_empty_values(connect):
    body = PoolResource(connect()).create_body({"name": "eu", "monitor": "", "notification_email": "",
                                                "origins": [origin(weight=0.5)]})
    assert body == {"name": "eu", "origins": [{"name": "a", "address": "192.0.2.1", "weight": 0.5, "enabled": True,
                                               "port": 0}]}


def test_update_is_a_patch_unless_the_monitor_is_removed(connect):
    resource = PoolResource(connect())
    current = {"id": "p", "name": "eu", "monitor": "m", "enabled": True, "created_on": "t", "networks": ["x"],
               "disabled_at": None, "description": None,
               "origins": [{"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 1, "port": 0,
                            "disabled_at": "t", "header": None}]}
    assert resource.update_request({"enabled": False}, {"enabled": False}, current) == ("PATCH", {"enabled": False})
    method, body = resource.update_request({"monitor": None}, {"monitor": ""}, current)
    assert method == "PUT"
    assert body == {"name": "eu", "enabled": True, "networks": ["x"],  # kept: a PUT would reset what it leaves out
                    "origins": [{"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 1, "port": 0}]}


# -- write-time checks -------------------------------------------------------------------------------------
def test_create_needs_origins(api, connect):
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect({"name": "eu"})).run()
    assert str(info.value) == "origins is required to create pool 'eu': list at least one origin."
    assert api.writes == []


def test_a_monitor_id_is_not_read_first_and_an_unknown_one_is_refused_by_the_api(api, connect):
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect({"name": "eu", "origins": [origin()], "monitor": MISSING_ID})).run()
    assert str(info.value).startswith("Failed to create pool 'eu': HTTP 400")
    assert api.calls("GET", "monitors") == []
    assert [w.method for w in api.writes] == ["POST"]


def test_minimum_origins_is_checked_against_the_current_origins(api, connect):
    api.add_pool(name="eu", origins=[origin()])
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect({"name": "eu", "minimum_origins": 2})).run()
    assert str(info.value).startswith("minimum_origins (2) cannot be more than the number of origins (1) of pool 'eu'")
    assert api.writes == []


# -- runs against the fake API -------------------------------------------------------------------------------
def test_create_with_a_monitor_given_by_description(api, connect):
    monitor = api.add_monitor(description="tcp check")
    result = PoolResource(connect({"name": "eu", "monitor": "tcp check",
                                   "origins": [origin(name="b", address="web.example.com"), origin()]})).run()
    post, = api.writes
    assert post.path == PATH
    assert post.body == {"name": "eu", "monitor": monitor["id"],
                         "origins": [dict(origin(), enabled=True, weight=1, port=0),
                                     dict(origin(name="b", address="web.example.com"), enabled=True, weight=1,
                                          port=0)]}
    assert result["pool"]["monitor"] == monitor["id"]
    # the monitor list was read once, for the name and for the existence check
    assert len(api.calls("GET", "monitors$")) == 1


def test_a_pool_as_the_api_holds_it_is_no_change(api, connect):
    monitor = api.add_monitor(description="tcp check")
    api.add_pool(name="eu", monitor=monitor["id"], enabled=True, minimum_origins=1, check_regions=None,
                 origin_steering={"policy": "random"}, networks=["cloudflare"],
                 origins=[{"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 1, "port": 0,
                           "disabled_at": "2026-01-01T00:00:00Z"},
                          {"name": "b", "address": "192.0.2.2", "enabled": True, "weight": 0.5, "port": 0,
                           "header": {"Host": ["b.example.com"]}}])
    params = {"name": "eu", "monitor": monitor["id"], "check_regions": [], "origin_steering": {"policy": "random"},
              "origins": [origin(name="b", address="192.0.2.2", weight=0.5, header={"Host": "b.example.com"}),
                          origin(enabled=True)]}
    result = PoolResource(connect(params)).run()
    assert result["changed"] is False
    assert api.writes == []
    assert api.calls("GET", "monitors$") == []  # an unchanged monitor id is not looked up


def test_changing_an_origin_patches_all_origins_with_defaults(api, connect):
    current = api.add_pool(name="eu", origins=[{"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 1,
                                                "port": 0}])
    result = PoolResource(connect({"name": "eu", "origins": [origin(address="192.0.2.9")]})).run()
    patch, = api.writes
    assert (patch.method, patch.path) == ("PATCH", "%s/%s" % (PATH, current["id"]))
    assert patch.body == {"origins": [{"name": "a", "address": "192.0.2.9", "enabled": True, "weight": 1, "port": 0}]}
    # the diff shows Cloudflare's flatten_cname default on both sides (a server may leave it out)
    assert result["diff"]["before"] == {"origins": [dict(current["origins"][0], flatten_cname=True)]}
    assert result["diff"]["after"] == {"origins": [dict(patch.body["origins"][0], flatten_cname=True)]}


def test_removing_the_monitor_puts_the_pool_without_it(api, connect):
    monitor = api.add_monitor(description="tcp check")
    current = api.add_pool(name="eu", monitor=monitor["id"], description="EU",
                           origins=[{"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 1, "port": 0}])
    result = PoolResource(connect({"name": "eu", "monitor": ""})).run()
    put, = api.writes
    assert (put.method, put.path) == ("PUT", "%s/%s" % (PATH, current["id"]))
    assert put.body == {"name": "eu", "description": "EU", "origins": current["origins"]}
    assert "monitor" not in result["pool"]


def test_check_mode_create_with_a_monitor_that_an_earlier_task_would_create(api, connect):
    conn = connect({"name": "eu", "monitor": "new check", "origins": [origin()]}, check_mode=True)
    result = PoolResource(conn).run()
    assert api.writes == []
    assert result["changed"] is True
    assert result["pool"]["monitor"] == "new check"
    assert conn.warnings == ["monitor: monitor 'new check' does not exist yet; check mode assumes an earlier task "
                             "creates it."]


def test_delete_a_pool_used_by_a_load_balancer_names_it(api, connect):
    pool = api.add_pool(name="eu", origins=[origin()])
    lb = api.add_load_balancer(name="lb.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"])
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect({"name": "eu", "state": "absent"})).run()
    assert "it is used by load_balancer 'lb.example.com' (id %s)" % lb["id"] in str(info.value)
    assert api.writes == []


def test_delete_a_pool_with_a_monitor_only_referred_to(api, connect):
    monitor = api.add_monitor(description="tcp check")
    api.add_pool(name="eu", monitor=monitor["id"], origins=[origin()])
    result = PoolResource(connect({"name": "eu", "state": "absent"})).run()
    assert result["changed"] is True
    assert api.all("pools") == []


# -- teardowns: referrers the run removes, and objects kept while others use them ------------------------------
def shared_pool(api):
    pool = api.add_pool(name="eu", origins=[origin()])
    ours = api.add_load_balancer(name="a.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"])
    theirs = api.add_load_balancer(name="b.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"])
    return pool, ours, theirs


@pytest.mark.parametrize("check_mode", [True, False])
def test_referrers_the_run_removes_do_not_keep_the_pool(api, connect, check_mode):
    pool, ours, theirs = shared_pool(api)
    if not check_mode:
        # in a real run, the earlier tasks of the run have deleted them (check mode only predicted it)
        for lb in (ours, theirs):
            del api.store["load_balancers"][lb["id"]]
    params = {"name": "eu", "state": "absent", "removed_referrers": [ours["id"], theirs["id"]]}
    result = PoolResource(connect(params, check_mode=check_mode)).run()
    assert result["changed"] is True
    assert result["removed"] == {"id": pool["id"], "name": "eu"}
    assert result["diff"]["before"]["id"] == pool["id"] and result["diff"]["after"] == {}
    assert [w.method for w in api.writes] == ([] if check_mode else ["DELETE"])


@pytest.mark.parametrize("check_mode", [True, False])
def test_a_user_the_run_does_not_remove_refuses_the_delete_in_check_mode_as_in_a_real_run(api, connect, check_mode):
    pool, ours, theirs = shared_pool(api)
    params = {"name": "eu", "state": "absent", "removed_referrers": [ours["id"]]}
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect(params, check_mode=check_mode)).run()
    assert str(info.value) == ("Cannot delete pool 'eu' (id %s): it is used by load_balancer 'b.example.com' (id %s). "
                               "Remove it from them (or delete them) first." % (pool["id"], theirs["id"]))
    assert [u["resource_id"] for u in info.value.extras["referenced_by"]] == [theirs["id"]]
    assert api.writes == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_in_use_keep_keeps_the_pool_and_names_who_uses_it(api, connect, check_mode):
    pool, ours, theirs = shared_pool(api)
    params = {"name": "eu", "state": "absent", "in_use": "keep", "removed_referrers": [ours["id"]]}
    conn = connect(params, check_mode=check_mode)
    result = PoolResource(conn).run()
    assert result["changed"] is False and result["kept"] is True
    assert result["pool"]["id"] == pool["id"]
    assert [(u["resource_type"], u["resource_name"]) for u in result["referenced_by"]] == [
        ("load_balancer", "b.example.com")]
    assert conn.warnings == ["Kept pool 'eu' (id %s): it is still used by load_balancer 'b.example.com' (id %s)."
                             % (pool["id"], theirs["id"])]
    assert api.writes == []


def test_a_pool_deleted_meanwhile_by_another_run_is_no_change(api, connect):
    pool = api.add_pool(name="eu", origins=[origin()])
    api.fail("GET", "pools/%s/references$" % pool["id"], status=404, code=1002, message="pool not found")
    api.fail("GET", "pools/%s$" % pool["id"], status=404, code=1002, message="pool not found")
    result = PoolResource(connect({"name": "eu", "state": "absent"})).run()
    assert result == {"changed": False, "pool": None}
    assert api.writes == []


def test_references_that_cannot_be_found_for_a_pool_that_exists_are_an_error(api, connect):
    pool = api.add_pool(name="eu", origins=[origin()])
    api.fail("GET", "pools/%s/references$" % pool["id"], status=404, code=7003, message="No route for that URI")
    with pytest.raises(CloudflareError, match=r"^Failed to read references of pool 'eu' \(id %s\): HTTP 404"
                                              % pool["id"]):
        PoolResource(connect({"name": "eu", "state": "absent"})).run()
    assert api.writes == []


def test_removed_referrers_must_be_ids_before_any_request(api, connect):
    with pytest.raises(CloudflareError, match=r"^removed_referrers\[1\]: 'lb.example.com' is not an object id"):
        PoolResource(connect({"name": "eu", "state": "absent",
                              "removed_referrers": ["a" * 32, "lb.example.com"]})).run()
    assert api.requests == []


def test_check_mode_teardown_of_a_monitor_whose_pool_the_run_removes(api, connect):
    monitor = api.add_monitor(description="tcp check")
    pool = api.add_pool(name="eu", monitor=monitor["id"], origins=[origin()])
    conn = connect({"description": "tcp check", "state": "absent", "removed_referrers": [pool["id"]]},
                   check_mode=True)
    result = MonitorResource(conn).run()
    assert result["changed"] is True and result["removed"] == {"id": monitor["id"], "description": "tcp check"}
    assert api.writes == []
    with pytest.raises(CloudflareError, match="it is used by pool 'eu'"):
        MonitorResource(connect({"description": "tcp check", "state": "absent"}, check_mode=True)).run()


# -- 2026 fields: monitor groups, regional health, networks, flattened CNAMEs ------------------------------
def test_a_monitor_group_by_description_takes_the_monitor_away_in_one_put(api, connect):
    monitor = api.add_monitor(description="tcp check")
    group = api.add_monitor_group(description="dc checks", members=[{"monitor_id": monitor["id"]}])
    current = api.add_pool(name="eu", monitor=monitor["id"], networks=["cloudflare"],
                           origins=[{"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 1, "port": 0}])
    result = PoolResource(connect({"name": "eu", "monitor_group": "dc checks"})).run()
    put, = api.writes
    assert (put.method, put.path) == ("PUT", "%s/%s" % (PATH, current["id"]))
    assert put.body["monitor_group"] == group["id"] and "monitor" not in put.body
    assert put.body["networks"] == ["cloudflare"]  # what the PUT does not change, it carries
    assert result["diff"]["before"] == {"monitor": monitor["id"], "monitor_group": None}
    assert result["diff"]["after"]["monitor_group"] == group["id"] and not result["diff"]["after"]["monitor"]
    # and back: the monitor takes the group away, again one write; then nothing to do
    PoolResource(connect({"name": "eu", "monitor": "tcp check"})).run()
    back = api.writes[-1]
    assert back.method == "PUT" and back.body["monitor"] == monitor["id"] and "monitor_group" not in back.body
    again = PoolResource(connect({"name": "eu", "monitor": "tcp check"})).run()
    assert again["changed"] is False and len(api.writes) == 2


def test_an_unknown_monitor_group_is_refused_naming_the_option(api, connect):
    api.add_pool(name="eu", origins=[{"name": "a", "address": "192.0.2.1"}])
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect({"name": "eu", "monitor_group": "nope"})).run()
    assert str(info.value).startswith("monitor_group: monitor group 'nope' matches no monitor group description")
    assert api.writes == []


@pytest.mark.parametrize("params, message", [
    ({"health_sources": ["global"]}, "health_sources must be ['regional', 'global'] (regional health) or [] (unset)"),
    ({"health_sources": ["global", "regional"]}, "health_sources must be ['regional', 'global']"),
    ({"health_sources": ["regional", "global"], "check_regions": []},
     "health_sources ['regional', 'global'] needs check_regions"),
    ({"networks": ["cloudflare", " "]}, "networks must list network names"),
])
def test_2026_options_are_checked_before_any_request(api, connect, params, message):
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect(dict({"name": "eu"}, **params))).run()
    assert str(info.value).startswith(message)
    assert api.requests == []


def test_regional_health_is_set_and_cleared_with_a_patch(api, connect):
    current = api.add_pool(name="eu", check_regions=["WEU"], origins=[{"name": "a", "address": "192.0.2.1"}])
    PoolResource(connect({"name": "eu", "health_sources": ["regional", "global"]})).run()
    assert api.writes[-1].body == {"health_sources": ["regional", "global"]}
    assert PoolResource(connect({"name": "eu", "health_sources": ["regional", "global"]})).run()["changed"] is False
    PoolResource(connect({"name": "eu", "health_sources": []})).run()
    patch = api.writes[-1]
    assert (patch.method, patch.body) == ("PATCH", {"health_sources": None})
    assert api.get("pools", current["id"])["health_sources"] is None
    assert PoolResource(connect({"name": "eu", "health_sources": []})).run()["changed"] is False
    assert len(api.writes) == 2


def test_networks_compare_as_a_set(api, connect):
    api.add_pool(name="eu", networks=["cloudflare", "jdcloud"], origins=[{"name": "a", "address": "192.0.2.1"}])
    assert PoolResource(connect({"name": "eu", "networks": ["jdcloud", "cloudflare"]})).run()["changed"] is False
    PoolResource(connect({"name": "eu", "networks": ["cloudflare"]})).run()
    assert api.writes[-1].body == {"networks": ["cloudflare"]}


def test_flatten_cname_is_never_sent_unless_set_and_its_default_is_no_change(api, connect):
    PoolResource(connect({"name": "eu", "origins": [origin(address="web.example.com")]})).run()
    assert "flatten_cname" not in api.writes[0].body["origins"][0]
    # a server that fills the default in, or leaves it out: true is no change either way
    assert PoolResource(connect({"name": "eu", "origins": [origin(address="web.example.com",
                                                                  flatten_cname=True)]})).run()["changed"] is False
    PoolResource(connect({"name": "eu", "origins": [origin(address="web.example.com", flatten_cname=False)]})).run()
    assert api.writes[-1].body["origins"][0]["flatten_cname"] is False
    assert PoolResource(connect({"name": "eu", "origins": [origin(address="web.example.com",
                                                                  flatten_cname=False)]})).run()["changed"] is False


def test_a_switching_put_sends_flatten_cname_only_where_it_is_not_the_default(api, connect):
    monitor = api.add_monitor(description="tcp check")
    group = api.add_monitor_group(description="dc checks", members=[{"monitor_id": monitor["id"]}])
    # a server that reads every origin back with flatten_cname
    api.add_pool(name="eu", monitor=monitor["id"], origins=[
        {"name": "a", "address": "a.example.com", "enabled": True, "weight": 1, "port": 0, "flatten_cname": True},
        {"name": "b", "address": "b.example.com", "enabled": True, "weight": 1, "port": 0, "flatten_cname": False}])
    PoolResource(connect({"name": "eu", "monitor_group": group["id"]})).run()
    put, = api.writes
    by_name = dict((o["name"], o) for o in put.body["origins"])
    assert "flatten_cname" not in by_name["a"]  # its default: the PUT leaves it to the API
    assert by_name["b"]["flatten_cname"] is False  # kept as it is


@pytest.mark.parametrize("pool_regions", [None, []])
def test_regional_health_needs_check_regions_the_pool_has_or_gets(api, connect, pool_regions):
    fields = {"name": "eu", "origins": [{"name": "a", "address": "192.0.2.1"}]}
    if pool_regions is not None:
        fields["check_regions"] = pool_regions
    api.add_pool(**fields)
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect({"name": "eu", "health_sources": ["regional", "global"]})).run()
    assert str(info.value).startswith("health_sources ['regional', 'global'] needs check_regions")
    assert api.writes == []
    # given with the regions in the same task: one write
    PoolResource(connect({"name": "eu", "health_sources": ["regional", "global"], "check_regions": ["WEU"]})).run()
    assert api.writes[-1].body == {"health_sources": ["regional", "global"], "check_regions": ["WEU"]}


def test_a_new_pool_with_regional_health_needs_check_regions(api, connect):
    with pytest.raises(CloudflareError) as info:
        PoolResource(connect({"name": "eu", "origins": [origin()], "health_sources": ["regional", "global"]})).run()
    assert "needs check_regions" in str(info.value)
    assert api.writes == []


def test_an_origin_virtual_network_id_in_another_case_is_no_change(api, connect):
    vnet = "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"
    api.add_pool(name="eu", origins=[{"name": "a", "address": "10.0.0.1", "enabled": True, "weight": 1, "port": 0,
                                      "virtual_network_id": vnet}])
    result = PoolResource(connect({"name": "eu", "origins": [origin(address="10.0.0.1",
                                                                    virtual_network_id=vnet.upper())]})).run()
    assert result["changed"] is False and api.writes == []
