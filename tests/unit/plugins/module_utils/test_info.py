# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read-only queries of the *_info modules (_info) against the fake API: selection, filters, health, input."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import (
    InfoQuery,
    LoadBalancerInfo,
    MonitorInfo,
    PoolInfo,
    SpectrumAppInfo,
    unhealthy_origins,
)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import (
    ACCOUNT_ID,
    MISSING_ID,
    ZONE_ID,
    ZONE_NAME,
    envelope,
)

ACCT = "/accounts/%s/load_balancers" % ACCOUNT_ID
OTHER_ZONE_ID = "abcdefabcdefabcdefabcdefabcdefab"


def run(query_class, conn):
    return query_class(conn).run()


def paths(api):
    return [(r.method, r.path) for r in api.requests]


# -- unhealthy_origins -------------------------------------------------------------------------------------
def test_unhealthy_origins_are_sorted_and_each_named_once():
    checks = [
        {"healthy": True, "origins": [{"192.0.2.9": {"healthy": False}}, {"192.0.2.1": {"healthy": True}}]},
        {"healthy": False, "origins": [{"192.0.2.9": {"healthy": False}}, {"192.0.2.3": {"healthy": False}}]},
    ]
    assert unhealthy_origins(checks) == ["192.0.2.3", "192.0.2.9"]


@pytest.mark.parametrize("checks", [
    [], [None], ["text"], [{}], [{"origins": None}], [{"origins": ["x", None]}],
    [{"origins": [{"192.0.2.1": "down"}]}], [{"origins": [{"192.0.2.1": {}}]}],
    [{"origins": [{"192.0.2.1": {"healthy": None}}]}],
])
def test_odd_reports_name_no_origin(checks):
    assert unhealthy_origins(checks) == []


def test_the_base_query_has_no_object_type(connect):
    assert InfoQuery(connect()).object_type is None  # each query names its object type


# -- monitors ----------------------------------------------------------------------------------------------
def test_monitors_all_by_description_and_by_id(api, connect):
    ssh = api.add_monitor(description="ssh", type="tcp", port=22)
    web = api.add_monitor(description="web", type="http")
    twin = api.add_monitor(description="ssh", type="tcp", port=2222)
    assert run(MonitorInfo, connect()) == {"changed": False, "monitors": [ssh, web, twin]}
    assert paths(api) == [("GET", ACCT + "/monitors")]

    api.requests[:] = []
    assert run(MonitorInfo, connect({"description": "ssh"}))["monitors"] == [ssh, twin]
    assert run(MonitorInfo, connect({"description": "SSH"}))["monitors"] == []  # exact
    assert run(MonitorInfo, connect({"description": ""}))["monitors"] == []
    assert run(MonitorInfo, connect({"monitor_id": web["id"]}))["monitors"] == [web]
    assert paths(api)[-1] == ("GET", "%s/monitors/%s" % (ACCT, web["id"]))
    assert all(method == "GET" for method, _path in paths(api))


def test_an_unknown_id_is_an_empty_list_after_the_list_confirms_it(api, connect):
    api.add_monitor(description="ssh")
    assert run(MonitorInfo, connect({"monitor_id": MISSING_ID}))["monitors"] == []
    assert paths(api) == [("GET", "%s/monitors/%s" % (ACCT, MISSING_ID)), ("GET", ACCT + "/monitors")]


def test_a_missing_id_found_in_the_list_is_returned(api, connect):
    # a server whose GET by id says 404 while its list holds the object: the list wins
    monitor = api.add_monitor(description="ssh")
    api.fail("GET", "/monitors/%s$" % monitor["id"], status=404, code=1001, message="monitor not found")
    assert run(MonitorInfo, connect({"monitor_id": monitor["id"]}))["monitors"] == [monitor]


def test_a_failed_read_by_id_names_the_object(api, connect):
    api.fail("GET", "/monitors/%s$" % MISSING_ID, status=403, code=10000, message="Authentication error")
    with pytest.raises(CloudflareError) as info:
        run(MonitorInfo, connect({"monitor_id": MISSING_ID}))
    assert str(info.value).startswith("Failed to read monitor %s: HTTP 403" % MISSING_ID)
    assert info.value.extras["http_status"] == 403


def test_an_unknown_account_is_an_error(api, connect):
    with pytest.raises(CloudflareError, match=r"^Failed to list monitors in account %s: HTTP 404" % OTHER_ZONE_ID):
        run(MonitorInfo, connect({"account_id": OTHER_ZONE_ID, "monitor_id": MISSING_ID}))


@pytest.mark.parametrize("query_class, option", [
    (MonitorInfo, "monitor_id"), (PoolInfo, "pool_id"), (LoadBalancerInfo, "load_balancer_id"),
    (SpectrumAppInfo, "app_id"),
])
@pytest.mark.parametrize("value", ["42", "F" * 32, "g" * 32, " " + "a" * 32])
def test_a_malformed_id_is_refused_before_any_request(api, connect, query_class, option, value):
    scope = "zone" if query_class in (LoadBalancerInfo, SpectrumAppInfo) else "account"
    with pytest.raises(CloudflareError) as info:
        run(query_class, connect({option: value}, scope=scope))
    assert str(info.value) == "%s must be a 32-character lowercase hexadecimal id, got %r." % (option, value)
    assert api.requests == []


# -- pools -------------------------------------------------------------------------------------------------
@pytest.fixture
def pools(api):
    mon = api.add_monitor(description="tcp check", type="tcp", port=22)
    twin = api.add_monitor(description="tcp check", type="tcp", port=23)
    web = api.add_monitor(description="web", type="http")
    eu = api.add_pool(name="eu", monitor=mon["id"],
                      origins=[{"name": "a", "address": "192.0.2.1"}, {"name": "b", "address": "192.0.2.2"}])
    us = api.add_pool(name="us", monitor=twin["id"], origins=[{"name": "c", "address": "192.0.2.3"}])
    bare = api.add_pool(name="bare", origins=[{"name": "d", "address": "192.0.2.2"}])
    asia = api.add_pool(name="asia", monitor=web["id"], origins=[{"name": "e", "address": "192.0.2.5"}])
    api.requests[:] = []
    return dict(mon=mon, twin=twin, web=web, eu=eu, us=us, bare=bare, asia=asia)


def test_pools_all_by_name_and_by_id(api, connect, pools):
    assert run(PoolInfo, connect())["pools"] == [pools[k] for k in ("eu", "us", "bare", "asia")]
    assert run(PoolInfo, connect({"name": "us"}))["pools"] == [pools["us"]]
    assert run(PoolInfo, connect({"name": "nowhere"}))["pools"] == []
    assert run(PoolInfo, connect({"pool_id": pools["bare"]["id"]}))["pools"] == [pools["bare"]]
    assert run(PoolInfo, connect({"pool_id": MISSING_ID}))["pools"] == []
    assert all(method == "GET" for method, _path in paths(api))


def test_pools_by_monitor_id_need_no_monitor_read(api, connect, pools):
    result = run(PoolInfo, connect({"monitor": pools["mon"]["id"]}))
    assert result == {"changed": False, "pools": [pools["eu"]]}
    assert paths(api) == [("GET", ACCT + "/pools")]
    assert run(PoolInfo, connect({"monitor": MISSING_ID}))["pools"] == []


def test_pools_by_monitor_description_take_every_monitor_with_it(api, connect, pools):
    assert run(PoolInfo, connect({"monitor": "tcp check"}))["pools"] == [pools["eu"], pools["us"]]
    assert paths(api) == [("GET", ACCT + "/pools"), ("GET", ACCT + "/monitors")]
    assert run(PoolInfo, connect({"monitor": "no such monitor"}))["pools"] == []


def test_the_monitor_filter_combines_with_the_name(api, connect, pools):
    assert run(PoolInfo, connect({"name": "eu", "monitor": "tcp check"}))["pools"] == [pools["eu"]]
    assert run(PoolInfo, connect({"name": "asia", "monitor": "tcp check"}))["pools"] == []
    api.requests[:] = []
    # nothing selected by name: the monitors are not read
    assert run(PoolInfo, connect({"name": "nowhere", "monitor": "tcp check"}))["pools"] == []
    assert paths(api) == [("GET", ACCT + "/pools")]


def test_health_adds_pop_health_and_the_unhealthy_origins(api, connect, pools):
    api.unhealthy = {"192.0.2.2", "192.0.2.3"}
    result = run(PoolInfo, connect({"health": True}))
    by_name = dict((p["name"], p) for p in result["pools"])
    eu = by_name["eu"]["health"]
    assert sorted(eu["pop_health"]) == ["AMS", "LAX"]
    assert eu["pop_health"]["AMS"]["origins"][1]["192.0.2.2"]["healthy"] is False
    assert eu["unhealthy_origins"] == ["192.0.2.2"]
    assert by_name["us"]["health"]["unhealthy_origins"] == ["192.0.2.3"]
    assert by_name["asia"]["health"]["unhealthy_origins"] == []
    # a pool without a monitor is not health checked: no read, empty health
    assert by_name["bare"]["health"] == {"pop_health": {}, "unhealthy_origins": []}
    health_reads = [path for _method, path in paths(api) if path.endswith("/health")]
    assert sorted(health_reads) == sorted("%s/pools/%s/health" % (ACCT, pools[k]["id"]) for k in ("eu", "us", "asia"))
    # the pools themselves are returned as read, plus the health entry
    assert dict((k, v) for k, v in by_name["eu"].items() if k != "health") == pools["eu"]


def test_health_of_a_filtered_selection_reads_only_those_pools(api, connect, pools):
    result = run(PoolInfo, connect({"name": "eu", "health": True}))
    assert [p["name"] for p in result["pools"]] == ["eu"]
    assert paths(api) == [("GET", ACCT + "/pools"), ("GET", "%s/pools/%s/health" % (ACCT, pools["eu"]["id"]))]


def test_an_empty_health_answer_is_empty_health(api, connect, pools):
    api.fail("GET", "/health$")
    api.faults[-1]["response"] = lambda: envelope(None)  # a success without a result
    pool, = run(PoolInfo, connect({"name": "eu", "health": True}))["pools"]
    assert pool["health"] == {"pop_health": {}, "unhealthy_origins": []}


def test_a_failed_health_read_names_the_pool(api, connect, pools):
    api.fail("GET", "/health$", status=500, code=10001, message="boom")
    with pytest.raises(CloudflareError) as info:
        run(PoolInfo, connect({"name": "eu", "health": True}, retries=0))
    assert str(info.value).startswith("Failed to read the health of pool 'eu' (id %s): HTTP 500" % pools["eu"]["id"])


@pytest.mark.parametrize("params, message", [
    ({"name": "eu west"}, "name must be a pool name: letters, digits, '-' and '_' only, got 'eu west'."),
    ({"name": "eu.west"}, "name must be a pool name: letters, digits, '-' and '_' only, got 'eu.west'."),
    ({"name": ""}, "name must be a pool name: letters, digits, '-' and '_' only, got ''."),
    ({"monitor": ""}, "monitor must be a monitor id or description, got an empty value."),
    ({"monitor": "  "}, "monitor must be a monitor id or description, got an empty value."),
])
def test_pool_filters_are_checked_before_any_request(api, connect, params, message):
    with pytest.raises(CloudflareError) as info:
        run(PoolInfo, connect(params))
    assert str(info.value) == message
    assert api.requests == []


# -- load balancers ------------------------------------------------------------------------------------------
def test_load_balancers_all_by_name_and_by_id(api, connect):
    ssh = api.add_load_balancer(name="ssh-lb.example.com")
    web = api.add_load_balancer(name="Web.Example.com")
    result = run(LoadBalancerInfo, connect(scope="zone"))
    assert result == {"changed": False, "load_balancers": [ssh, web], "zone_id": ZONE_ID}
    # the name is a hostname: compared without case or trailing dot
    assert run(LoadBalancerInfo, connect({"name": "web.example.com."}, scope="zone"))["load_balancers"] == [web]
    assert run(LoadBalancerInfo, connect({"name": "other.example.com"}, scope="zone"))["load_balancers"] == []
    by_id = run(LoadBalancerInfo, connect({"load_balancer_id": ssh["id"]}, scope="zone"))
    assert by_id["load_balancers"] == [ssh]
    assert ("GET", "/zones/%s/load_balancers/%s" % (ZONE_ID, ssh["id"])) in paths(api)
    assert run(LoadBalancerInfo, connect({"load_balancer_id": MISSING_ID}, scope="zone"))["load_balancers"] == []


def test_the_zone_by_name_is_resolved_and_returned(api, connect):
    result = run(LoadBalancerInfo, connect({"zone": ZONE_NAME, "name": "lb.example.com"}, scope="zone"))
    assert result == {"changed": False, "load_balancers": [], "zone_id": ZONE_ID}
    assert paths(api) == [("GET", "/zones"), ("GET", "/zones/%s/load_balancers" % ZONE_ID)]


def test_an_unknown_zone_is_an_error_not_an_empty_list(api, connect):
    with pytest.raises(CloudflareError, match=r"^zone 'example\.org' was not found"):
        run(LoadBalancerInfo, connect({"zone": "example.org"}, scope="zone"))
    # by id: the GET's 404 is checked against the list, which fails for the zone
    with pytest.raises(CloudflareError, match=r"^Failed to list load balancers in zone %s: HTTP 404" % OTHER_ZONE_ID):
        run(LoadBalancerInfo, connect({"zone_id": OTHER_ZONE_ID, "load_balancer_id": MISSING_ID}, scope="zone"))
    with pytest.raises(CloudflareError, match=r"^Failed to list Spectrum applications in zone %s: HTTP 404"
                       % OTHER_ZONE_ID):
        run(SpectrumAppInfo, connect({"zone_id": OTHER_ZONE_ID, "app_id": MISSING_ID}, scope="zone"))


@pytest.mark.parametrize("query_class, option", [(LoadBalancerInfo, "name"), (SpectrumAppInfo, "dns_name")])
@pytest.mark.parametrize("params, problem", [
    ({"zone": ZONE_NAME, "value": "example"}, "must be a fully qualified hostname such as "),
    ({"zone": ZONE_NAME, "value": "example"}, ".example.com, got 'example'."),
    ({"zone": ZONE_NAME, "value": "bad_label.example.com"}, "must be a fully qualified hostname"),
    ({"zone": ZONE_NAME, "value": "lb.example.org"}, "'lb.example.org' is not inside zone 'example.com'"),
    ({"zone_id": ZONE_ID, "value": "-lb.example.org"}, "must be a fully qualified hostname"),
])
def test_hostname_filters_are_checked_before_any_request(api, connect, query_class, option, params, problem):
    params = dict(params)
    params[option] = params.pop("value")
    with pytest.raises(CloudflareError) as info:
        run(query_class, connect(params, scope="zone"))
    assert str(info.value).startswith(option + " ") and problem in str(info.value)
    assert api.requests == []


# -- Spectrum applications -------------------------------------------------------------------------------------
def test_spectrum_apps_all_by_hostname_and_by_id(api, connect):
    ssh = api.add_spectrum_app(dns={"type": "CNAME", "name": "ssh.example.com"}, protocol="tcp/22")
    alt = api.add_spectrum_app(dns={"type": "CNAME", "name": "SSH.example.com."}, protocol="tcp/2222")
    rdp = api.add_spectrum_app(dns={"type": "CNAME", "name": "rdp.example.com"}, protocol="tcp/3389")
    result = run(SpectrumAppInfo, connect(scope="zone"))
    assert result == {"changed": False, "apps": [ssh, alt, rdp], "zone_id": ZONE_ID}
    assert api.requests[0].params == {"page": 1, "per_page": 100}
    assert run(SpectrumAppInfo, connect({"dns_name": "ssh.example.com"}, scope="zone"))["apps"] == [ssh, alt]
    assert run(SpectrumAppInfo, connect({"dns_name": "*.example.com"}, scope="zone"))["apps"] == []
    assert run(SpectrumAppInfo, connect({"app_id": rdp["id"]}, scope="zone"))["apps"] == [rdp]
    assert run(SpectrumAppInfo, connect({"app_id": MISSING_ID}, scope="zone"))["apps"] == []


@pytest.mark.parametrize("status", [403, 404])
def test_spectrum_that_cannot_be_read_is_an_error(api, connect, status):
    # unlike the resource's hostname rules, which go on without the list
    api.fail("GET", "spectrum/apps$", status=status, code=10000, message="no Spectrum here")
    with pytest.raises(CloudflareError, match=r"^Failed to list Spectrum applications in zone %s: HTTP %s"
                       % (ZONE_ID, status)):
        run(SpectrumAppInfo, connect(scope="zone"))


def test_check_mode_reads_the_same(api, connect, pools):
    normal = run(PoolInfo, connect({"monitor": "tcp check", "health": True}))
    sent = paths(api)
    api.requests[:] = []
    assert run(PoolInfo, connect({"monitor": "tcp check", "health": True}, check_mode=True)) == normal
    assert paths(api) == sent
    assert api.writes == []
