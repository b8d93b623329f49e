# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The load balancer: its input checks (_load_balancer_input) and resource (_load_balancer) against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _load_balancer
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._load_balancer import (
    LoadBalancerResource,
    pool_refs,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._load_balancer_input import (
    check_affinity_ttl,
    check_load_balancer_params,
)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, MISSING_ID, ZONE_ID

PATH = "/zones/%s/load_balancers" % ZONE_ID
LB = "lb.example.com"
PID = "0123456789abcdef0123456789abcdef"
PID2 = "00000000000000000000000000000002"


# -- check_load_balancer_params ------------------------------------------------------------------------------
def rule(name="r", **extra):
    item = {"name": name, "condition": "true"}
    item.update(extra)
    return item


REFUSED = [
    ({"load_balancer_id": "12"}, "load_balancer_id must be a 32-character lowercase hexadecimal id, got '12'."),
    ({"name": None}, "name is required (the load balancer's hostname), or give load_balancer_id."),
    ({"name": "lb"}, "name must be a fully qualified hostname such as lb.example.com, got 'lb'."),
    ({"name": "lb_1.example.com"},
     "name must be a fully qualified hostname such as lb.example.com, got 'lb_1.example.com'."),
    ({"name": "lb.example.org", "zone": "example.com"},
     "name 'lb.example.org' is not inside zone 'example.com': use the zone name itself or a hostname ending in "
     "'.example.com'."),
    ({"name": "lbexample.com", "zone": "example.com"},
     "name 'lbexample.com' is not inside zone 'example.com': use the zone name itself or a hostname ending in "
     "'.example.com'."),
    ({"description": "x" * 1025}, "description must be at most 1024 characters."),
    ({"default_pools": []}, "default_pools must list at least one pool (name or id), in failover order."),
    ({"default_pools": ["eu pool"]},
     "default_pools: 'eu pool' is neither a pool id (32 hexadecimal characters) nor a pool name (letters, digits, "
     "'-' and '_')."),
    ({"default_pools": [""]}, "default_pools: a pool is given by its name or id, got ''."),
    ({"default_pools": ["eu", "eu"]}, "default_pools lists the same pool more than once: ['eu', 'eu']."),
    ({"fallback_pool": "eu.pool"},
     "fallback_pool: 'eu.pool' is neither a pool id (32 hexadecimal characters) nor a pool name (letters, digits, "
     "'-' and '_')."),
    ({"region_pools": ["eu"]}, "region_pools must be a mapping of region to lists of pool names or ids."),
    ({"region_pools": {"MARS": ["eu"]}},
     "region_pools: unknown region code 'MARS'; use one of WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, "
     "SEAS, NEAS."),
    ({"region_pools": {"WNAM": []}}, "region_pools.WNAM must be a non-empty list of pool names or ids, got []."),
    ({"country_pools": {"USA": ["eu"]}},
     "country_pools: 'USA' is not a two-letter ISO 3166-1 country code (such as US)."),
    ({"country_pools": {"us": ["eu"], "US": ["us"]}}, "country_pools lists 'US' twice (codes are not case-sensitive)."),
    ({"pop_pools": {"LA": ["eu"]}}, "pop_pools: 'LA' is not a three-letter Cloudflare data centre (PoP) code (such as "
                                    "LAX)."),
    ({"ttl": -1}, "ttl must be a number of seconds, 0 or more, got -1."),
    ({"ttl": "30"}, "ttl must be a number of seconds, 0 or more, got '30'."),
    ({"session_affinity": "none", "session_affinity_ttl": 1800},
     "session_affinity_ttl cannot be used with session_affinity='none': Cloudflare drops it. Remove "
     "session_affinity_ttl or choose cookie, ip_cookie or header affinity."),
    ({"session_affinity": "", "session_affinity_ttl": 1800},
     "session_affinity_ttl cannot be used with session_affinity='': Cloudflare drops it. Remove session_affinity_ttl "
     "or choose cookie, ip_cookie or header affinity."),
    ({"session_affinity": "cookie", "session_affinity_ttl": 1799},
     "session_affinity_ttl must be between 1800 and 604800 seconds for cookie affinity, got 1799."),
    ({"session_affinity": "header", "session_affinity_ttl": 3601},
     "session_affinity_ttl must be between 30 and 3600 seconds for header affinity, got 3601."),
    ({"session_affinity_ttl": 29}, "session_affinity_ttl must be between 30 and 604800 seconds, got 29."),
    ({"session_affinity_ttl": "1h"}, "session_affinity_ttl must be a number of seconds, got '1h'."),
    ({"session_affinity_attributes": "yes"}, "session_affinity_attributes must be a mapping."),
    ({"session_affinity_attributes": {"drain_duration": -1}},
     "session_affinity_attributes.drain_duration must be a number of seconds, 0 or more, got -1."),
    ({"session_affinity_attributes": {"headers": "x-user"}},
     "session_affinity_attributes.headers must be a list of header names."),
    ({"session_affinity_attributes": {"headers": ["x user"]}},
     "session_affinity_attributes.headers: 'x user' is not a header name (1-100 letters, digits, '-' or '_')."),
    ({"session_affinity_attributes": {"headers": ["x-user", "x-user"]}},
     "session_affinity_attributes.headers lists a header more than once."),
    ({"session_affinity_attributes": {"require_all_headers": "yes"}},
     "session_affinity_attributes.require_all_headers must be a boolean."),
    ({"random_steering": 1}, "random_steering must be a mapping."),
    ({"random_steering": {"default_weight": 1.5}}, "random_steering.default_weight must be between 0 and 1, got 1.5."),
    ({"random_steering": {"default_weight": 0.25}},
     "random_steering.default_weight must be a multiple of 0.1 (0, 0.1, ... 1), got 0.25."),
    ({"random_steering": {"pool_weights": ["eu"]}},
     "random_steering.pool_weights must be a mapping of pool name or id to a weight between 0 and 1."),
    ({"random_steering": {"pool_weights": {"eu": 2}}},
     "random_steering.pool_weights: the weight of pool 'eu' must be between 0 and 1, got 2."),
    ({"random_steering": {"pool_weights": {"e u": 0.5}}},
     "random_steering.pool_weights: 'e u' is neither a pool id (32 hexadecimal characters) nor a pool name (letters, "
     "digits, '-' and '_')."),
    ({"rules": [rule(name=" ")]}, "rules[0].name must be a non-empty string: rules are matched by name."),
    ({"rules": [rule(name="x" * 201)]}, "rules[0].name must be at most 200 characters."),
    ({"rules": [rule(), rule()]}, "rules: two rules are named 'r'; rule names must be unique (rules are matched by "
                                  "name)."),
    ({"rules": [rule(priority=-1)]}, "rules[0] ('r').priority must be 0 or more, got -1."),
    ({"rules": [rule(terminates=False, fixed_response={"status_code": 200})]},
     "rules[0] ('r').terminates cannot be false with fixed_response: a fixed response always ends rule evaluation. "
     "Remove terminates or fixed_response."),
    ({"rules": [rule(fixed_response={"content_type": "x" * 33})]},
     "rules[0] ('r').fixed_response.content_type must be at most 32 characters."),
    ({"rules": [rule(fixed_response={"location": "x" * 2049})]},
     "rules[0] ('r').fixed_response.location must be at most 2048 characters."),
    ({"rules": [rule(fixed_response={"status_code": 600})]},
     "rules[0] ('r').fixed_response.status_code must be an HTTP status code (100-599), got 600."),
    ({"rules": [rule(overrides={"default_pools": []})]},
     "rules[0] ('r').overrides.default_pools must list at least one pool (name or id), in failover order."),
    ({"rules": [rule(overrides={"session_affinity": "cookie", "session_affinity_ttl": 10})]},
     "rules[0] ('r').overrides.session_affinity_ttl must be between 1800 and 604800 seconds for cookie affinity, "
     "got 10."),
]


@pytest.mark.parametrize("params, message", REFUSED, ids=[m[:90] for _p, m in REFUSED])
def test_check_load_balancer_params_refuses_naming_the_option(params, message):
    p = {"name": LB}
    p.update(params)
    with pytest.raises(CloudflareError) as info:
        check_load_balancer_params(p)
    assert str(info.value) == message


ACCEPTED = [
    {},
    {"name": "example.com", "zone": "example.com"},
    {"name": "*.example.com", "zone": "example.com."},
    {"name": None, "load_balancer_id": PID},
    {"description": "x" * 1024, "ttl": 0, "default_pools": ["eu", PID], "fallback_pool": "us",
     "pop_pools": {"LAX": ["eu"]}},
    {"session_affinity": "cookie", "session_affinity_ttl": 1800},
    {"session_affinity": "ip_cookie", "session_affinity_ttl": 604800},
    {"session_affinity": "header", "session_affinity_ttl": 30,
     "session_affinity_attributes": {"headers": ["x-user", "X_Tenant"], "require_all_headers": True,
                                     "drain_duration": 0}},
    {"random_steering": {"default_weight": 0.3, "pool_weights": {"eu": 0.5, PID: 1}}},
    {"random_steering": {"default_weight": 0}},
    {"rules": [rule(priority=0, fixed_response={"status_code": 503, "message_body": "down"}),
               rule(name="r2", overrides={"steering_policy": "geo", "region_pools": {"weu": "eu"}})]},
]


@pytest.mark.parametrize("params", ACCEPTED)
def test_check_load_balancer_params_accepts(params):
    p = {"name": LB}
    p.update(params)
    check_load_balancer_params(p)


def test_check_load_balancer_params_normalises_in_place():
    p = {"name": " LB.Example.COM. ", "zone": "example.com", "region_pools": {"wnam": "us", "WEU": ["eu"]},
         "country_pools": {"de": ["eu"]}, "session_affinity": None,
         "rules": [{"name": "r", "fixed_response": {"status_code": 503, "location": None}, "overrides": None,
                    "priority": None}]}
    check_load_balancer_params(p)
    assert p["name"] == "lb.example.com"
    assert p["region_pools"] == {"WNAM": ["us"], "WEU": ["eu"]}
    assert p["country_pools"] == {"DE": ["eu"]}
    assert p["rules"] == [{"name": "r", "fixed_response": {"status_code": 503}, "terminates": True}]


@pytest.mark.parametrize("affinity, ttl, ok", [
    ("cookie", 1800, True), ("cookie", 604801, False), ("header", 30, True), ("header", 29, False),
    (None, 30, True), (None, 604801, False)])
def test_check_affinity_ttl(affinity, ttl, ok):
    if ok:
        check_affinity_ttl(affinity, ttl, "")
    else:
        with pytest.raises(CloudflareError, match=r"^session_affinity_ttl must be between"):
            check_affinity_ttl(affinity, ttl, "")


# -- helpers ----------------------------------------------------------------------------------------------
def test_pool_refs_names_every_option():
    lb = {"default_pools": ["a", "b"], "fallback_pool": "c", "region_pools": {"WEU": ["d"]},
          "country_pools": {"US": ["e"]}, "pop_pools": {"LAX": ["f"]},
          "random_steering": {"pool_weights": {"g": 0.5}}}
    assert pool_refs(lb, "x.") == [("x.default_pools", "a"), ("x.default_pools", "b"), ("x.fallback_pool", "c"),
                                   ("x.region_pools.WEU", "d"), ("x.country_pools.US", "e"),
                                   ("x.pop_pools.LAX", "f"), ("x.random_steering.pool_weights", "g")]
    assert pool_refs({}) == []


def test_normalisers():
    assert _load_balancer._normalise_affinity("") == "none"
    assert _load_balancer._normalise_affinity(None) == "none"
    assert _load_balancer._normalise_affinity("cookie") == "cookie"
    expected = {"default_weight": 1, "pool_weights": {}}
    assert _load_balancer._normalise_random_steering({"pool_weights": None}) == expected
    assert _load_balancer._normalise_random_steering(None) is None
    assert _load_balancer._normalise_rules(None) is None
    assert _load_balancer._normalise_rules(["odd"]) == ["odd"]
    ranked = _load_balancer._normalise_rules(
        [{"name": "b", "priority": 2}, {"name": "a"}, {"name": "c", "priority": 0}])
    assert [(r["name"], r["_rank"]) for r in ranked] == [("b", 2), ("a", 0), ("c", 1)]
    assert ranked[1]["overrides"] is None and ranked[1]["fixed_response"] is None


# -- the resource against the fake API --------------------------------------------------------------------------
def lb_params(**extra):
    params = {"name": LB, "account_id": ACCOUNT_ID}
    params.update(extra)
    return params


def run(connect, check_mode=False, **params):
    conn = connect(lb_params(**params), scope="zone", check_mode=check_mode)
    return conn, LoadBalancerResource(conn).run()


def test_create_resolves_pool_names_and_defaults_the_fallback_pool(api, connect):
    eu = api.add_pool(name="eu")
    us = api.add_pool(name="us")
    _conn, result = run(connect, default_pools=["eu", "us"], proxied=True,
                        rules=[rule(overrides={"default_pools": ["us"]})])
    post, = api.writes
    assert (post.method, post.path) == ("POST", PATH)
    assert post.body == {"name": LB, "proxied": True, "default_pools": [eu["id"], us["id"]], "fallback_pool": us["id"],
                         "rules": [{"name": "r", "condition": "true", "overrides": {"default_pools": [us["id"]]}}]}
    assert result["changed"] is True
    assert result["load_balancer"]["id"] in api.store["load_balancers"]


def test_create_needs_default_pools(api, connect):
    with pytest.raises(CloudflareError) as info:
        run(connect, description="no pools")
    assert str(info.value) == ("default_pools is required to create load balancer 'lb.example.com': list its pools in "
                               "failover order.")
    assert api.writes == []


def test_create_body_needs_a_name(connect):
    resource = LoadBalancerResource(connect({"load_balancer_id": PID}, scope="zone"))
    with pytest.raises(CloudflareError, match=r"^name is required to create a load balancer\.$"):
        resource.create_body({"default_pools": [PID]})


def test_a_pool_given_twice_by_name_and_id_is_refused(api, connect):
    eu = api.add_pool(name="eu")
    with pytest.raises(CloudflareError, match=r"^default_pools names the same pool twice \(by name and by id\)\.$"):
        run(connect, default_pools=["eu", eu["id"]])
    with pytest.raises(CloudflareError, match=r"^random_steering\.pool_weights gives pool "):
        run(connect, default_pools=["eu"], random_steering={"pool_weights": {"eu": 0.5, eu["id"]: 0.2}})


def test_pool_names_in_maps_and_weights_become_ids(api, connect):
    eu = api.add_pool(name="eu")
    us = api.add_pool(name="us")
    run(connect, default_pools=[eu["id"]], region_pools={"WEU": ["eu"]}, country_pools={"US": ["us"]},
        random_steering={"pool_weights": {"us": 0.5}}, steering_policy="random")
    body = api.writes[0].body
    assert body["region_pools"] == {"WEU": [eu["id"]]}
    assert body["country_pools"] == {"US": [us["id"]]}
    assert body["random_steering"] == {"pool_weights": {us["id"]: 0.5}}


def test_a_missing_pool_id_fails_naming_the_option(api, connect):
    api.add_pool(name="eu")
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=["eu"], fallback_pool=MISSING_ID)
    assert str(info.value) == "fallback_pool: pool id %s does not exist in account %s." % (MISSING_ID, ACCOUNT_ID)
    assert api.writes == []


def test_check_mode_keeps_unknown_pool_names_with_a_warning(api, connect):
    conn, result = run(connect, check_mode=True, default_pools=["new-pool"])
    assert api.writes == []
    assert result["changed"] is True
    assert result["load_balancer"] == {"name": LB, "default_pools": ["new-pool"], "fallback_pool": "new-pool"}
    assert conn.warnings == ["default_pools: pool 'new-pool' does not exist yet; check mode assumes an earlier task "
                             "creates it."]


def test_without_an_account_the_pools_are_not_checked(api, connect):
    conn = connect({"name": LB, "default_pools": [MISSING_ID], "steering_policy": "proximity"}, scope="zone")
    result = LoadBalancerResource(conn).run()
    assert result["changed"] is True
    assert conn.warnings == ["No account_id (or CLOUDFLARE_ACCOUNT_ID) with zone_id: the pools' existence and the "
                             "steering prerequisites were not checked before writing."]
    assert api.calls("GET", "pools") == []


def test_pools_given_by_id_are_not_read_when_steering_needs_nothing_from_them(api, connect):
    pool = api.add_pool(name="eu")
    conn = connect({"name": LB, "default_pools": [pool["id"]], "steering_policy": "off"}, scope="zone")
    result = LoadBalancerResource(conn).run()
    assert result["changed"] is True and conn.warnings == []
    assert api.calls("GET", "pools") == []
    assert result["load_balancer"]["default_pools"] == [pool["id"]]


# -- the tutorial's rules --------------------------------------------------------------------------------
def test_a_spectrum_app_holding_the_name_blocks_the_create(api, connect):
    pool = api.add_pool(name="eu")
    app = api.add_spectrum_app(dns={"type": "CNAME", "name": LB}, protocol="tcp/22")
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=[pool["id"]])
    assert str(info.value).startswith("name 'lb.example.com' is already the hostname (dns.name) of Spectrum "
                                      "application 'lb.example.com' (id %s, protocol tcp/22) in this zone"
                                      % app["id"])
    assert api.writes == []


def test_custom_rules_on_a_spectrum_origin_are_refused(api, connect):
    pool = api.add_pool(name="eu")
    app = api.add_spectrum_app(dns={"type": "CNAME", "name": "ssh.example.com"}, protocol="tcp/22",
                               origin_dns={"name": LB}, origin_port=22)
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=[pool["id"]], rules=[rule()])
    assert str(info.value).startswith("rules: load balancer 'lb.example.com' is the origin (origin_dns.name) of "
                                      "Spectrum application 'ssh.example.com' (id %s" % app["id"])
    assert api.writes == []


def test_a_rename_onto_a_spectrum_hostname_is_refused(api, connect):
    pool = api.add_pool(name="eu")
    current = api.add_load_balancer(name="old.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"])
    api.add_spectrum_app(dns={"type": "CNAME", "name": LB}, protocol="tcp/22")
    with pytest.raises(CloudflareError, match=r"^name 'lb.example.com' is already the hostname"):
        run(connect, load_balancer_id=current["id"])
    assert api.writes == []


def test_spectrum_not_readable_warns_and_writes(api, connect):
    pool = api.add_pool(name="eu")
    api.fail("GET", "spectrum/apps$", status=403, code=10000, message="forbidden")
    conn, result = run(connect, default_pools=[pool["id"]])
    assert result["changed"] is True
    assert conn.warnings[0].startswith("Could not read the Spectrum applications of zone %s" % ZONE_ID)
    assert conn.skipped_checks == [{"check": "Spectrum hostname rules", "reason": conn.warnings[0]}]


# -- steering prerequisites and affinity -----------------------------------------------------------------------
def test_proximity_needs_coordinates_on_every_pool(api, connect):
    api.add_pool(name="eu", latitude=50.1, longitude=8.7)
    us = api.add_pool(name="us")
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=["eu", "us"], steering_policy="proximity")
    assert str(info.value).startswith("steering_policy=proximity needs coordinates on every pool of the load balancer, "
                                      "but pool 'us' (id %s) has none" % us["id"])
    assert api.writes == []


def test_proximity_with_coordinates_is_fine(api, connect):
    api.add_pool(name="eu", latitude=50.1, longitude=8.7)
    _conn, result = run(connect, default_pools=["eu"], steering_policy="proximity")
    assert result["changed"] is True


def test_dynamic_latency_needs_a_monitor_on_every_pool(api, connect):
    eu = api.add_pool(name="eu")
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=["eu"], steering_policy="dynamic_latency")
    assert str(info.value).startswith("steering_policy=dynamic_latency measures latency with health checks, but pool "
                                      "'eu' (id %s) has no monitor" % eu["id"])
    api.store["pools"][eu["id"]]["monitor"] = PID
    _conn, result = run(connect, default_pools=["eu"], steering_policy="dynamic_latency")
    assert result["changed"] is True


@pytest.mark.parametrize("policy", ["proximity", "dynamic_latency"])
def test_check_mode_pools_still_to_be_created_are_left_out_of_the_steering_checks(api, connect, policy):
    api.add_pool(name="eu", latitude=50.1, longitude=8.7, monitor=PID)
    conn, result = run(connect, check_mode=True, default_pools=["eu", "new-pool"], steering_policy=policy)
    assert result["changed"] is True
    assert len(conn.warnings) == 1
    assert api.writes == []


def test_a_rule_override_steering_is_checked_with_its_prefix(api, connect):
    api.add_pool(name="eu")
    with pytest.raises(CloudflareError, match=r"^rules\['r'\]\.overrides\.steering_policy=proximity needs coordinates"):
        run(connect, default_pools=["eu"], rules=[rule(overrides={"steering_policy": "proximity"})])


def test_geo_without_pool_maps_warns(api, connect):
    api.add_pool(name="eu")
    conn, _result = run(connect, default_pools=["eu"], steering_policy="geo")
    assert conn.warnings == ["steering_policy=geo is set but region_pools, country_pools and pop_pools are all empty, "
                             "so every request goes to default_pools as with steering_policy=off."]


def test_an_unrelated_change_is_not_blocked_by_the_steering(api, connect):
    pool = api.add_pool(name="eu")  # no coordinates
    api.add_load_balancer(name=LB, default_pools=[pool["id"]], fallback_pool=pool["id"], steering_policy="proximity")
    _conn, result = run(connect, description="new text")
    assert result["changed"] is True
    assert api.writes[0].body == {"description": "new text"}


def test_session_affinity_ttl_needs_an_affinity(api, connect):
    pool = api.add_pool(name="eu")
    api.add_load_balancer(name=LB, default_pools=[pool["id"]], fallback_pool=pool["id"])
    with pytest.raises(CloudflareError, match=r"^session_affinity_ttl is set but the load balancer's session_affinity "
                                              r"is none"):
        run(connect, session_affinity_ttl=1800)
    current = api.add_load_balancer(name="sticky.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"],
                                    session_affinity="header",
                                    session_affinity_attributes={"headers": ["x-user"]})
    with pytest.raises(CloudflareError, match=r"^session_affinity_ttl must be between 30 and 3600 seconds for header"):
        run(connect, load_balancer_id=current["id"], name="sticky.example.com", session_affinity_ttl=7200)


def test_header_affinity_needs_headers(api, connect):
    pool = api.add_pool(name="eu")
    with pytest.raises(CloudflareError, match=r"^session_affinity=header needs session_affinity_attributes\.headers"):
        run(connect, default_pools=[pool["id"]], session_affinity="header")


def test_a_new_affinity_is_sent_with_its_ttl(api, connect):
    pool = api.add_pool(name="eu")
    api.add_load_balancer(name=LB, default_pools=[pool["id"]], fallback_pool=pool["id"], session_affinity="cookie",
                          session_affinity_ttl=3600)
    run(connect, session_affinity="ip_cookie", session_affinity_ttl=3600)
    assert api.writes[0].body == {"session_affinity": "ip_cookie", "session_affinity_ttl": 3600}


# -- no-op -----------------------------------------------------------------------------------------------------
def test_a_load_balancer_as_the_api_holds_it_is_no_change(api, connect):
    eu = api.add_pool(name="eu")
    api.add_load_balancer(name="LB.example.com", default_pools=[eu["id"]], fallback_pool=eu["id"], proxied=True,
                          session_affinity="", zone_name="example.com",
                          rules=[{"name": "r", "condition": "true", "priority": 0, "disabled": False,
                                  "terminates": False, "overrides": {}}])
    _conn, result = run(connect, default_pools=["eu"], proxied=True, ttl=30, session_affinity="none",
                        steering_policy="", random_steering={"default_weight": 1}, rules=[rule()])
    assert result["changed"] is False
    assert api.writes == []
    assert api.calls("GET", "spectrum") == []  # the tutorial's rules are read only before a write


def test_reordering_rules_of_equal_priority_is_a_change(api, connect):
    eu = api.add_pool(name="eu")
    api.add_load_balancer(name=LB, default_pools=[eu["id"]], fallback_pool=eu["id"],
                          rules=[rule(name="a"), rule(name="b")])
    _conn, result = run(connect, rules=[rule(name="b"), rule(name="a")])
    assert result["changed"] is True
    assert [r["name"] for r in api.writes[0].body["rules"]] == ["b", "a"]


def test_delete(api, connect):
    current = api.add_load_balancer(name=LB, default_pools=[PID], fallback_pool=PID)
    _conn, result = run(connect, state="absent")
    assert [(r.method, r.path) for r in api.writes] == [("DELETE", "%s/%s" % (PATH, current["id"]))]
    assert result["load_balancer"] is None


# -- 2026 fields: rule overrides of pools and weights, networks ---------------------------------------------
def test_rule_overrides_pools_and_weights_by_name_become_ids(api, connect):
    eu = api.add_pool(name="eu")
    us = api.add_pool(name="us")
    run(connect, default_pools=["eu"], rules=[rule(overrides={"pools": ["us", "eu"], "pool_weights": {"us": 0.7},
                                                              "pool_default_weight": 0.3})])
    overrides = api.writes[0].body["rules"][0]["overrides"]
    assert overrides == {"pools": [us["id"], eu["id"]], "pool_weights": {us["id"]: 0.7}, "pool_default_weight": 0.3}
    # as the API holds it now: no change
    _conn, again = run(connect, default_pools=["eu"], rules=[rule(overrides={
        "pools": ["us", "eu"], "pool_weights": {"us": 0.7}, "pool_default_weight": 0.3})])
    assert again["changed"] is False and len(api.writes) == 1


@pytest.mark.parametrize("overrides, message", [
    ({"pool_default_weight": 1.5}, "rules[0] ('r').overrides.pool_default_weight must be between 0 and 1, in steps "
                                   "of 0.1, got 1.5."),
    ({"pool_default_weight": 0.25}, "rules[0] ('r').overrides.pool_default_weight must be between 0 and 1, in steps "
                                    "of 0.1, got 0.25."),
    ({"pool_weights": {"eu": 0.5}, "random_steering": {"default_weight": 0.5}},
     "rules[0] ('r').overrides.pool_weights and pool_default_weight cannot be used with random_steering"),
    ({"pool_weights": {"eu": 2}}, "rules[0] ('r').overrides.pool_weights: the weight of pool 'eu' must be between 0 "
                                  "and 1, got 2."),
    ({"pools": []}, "rules[0] ('r').overrides.pools must be a non-empty list of pool names or ids"),
])
def test_rule_overrides_are_checked_before_any_request(api, connect, overrides, message):
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=["eu"], rules=[rule(overrides=overrides)])
    assert str(info.value).startswith(message)
    assert api.requests == []


def test_load_balancer_networks_compare_as_a_set(api, connect):
    eu = api.add_pool(name="eu")
    api.add_load_balancer(name=LB, default_pools=[eu["id"]], fallback_pool=eu["id"], networks=["cloudflare", "jdcloud"])
    _conn, result = run(connect, default_pools=[eu["id"]], networks=["jdcloud", "cloudflare"])
    assert result["changed"] is False
    run(connect, default_pools=[eu["id"]], networks=["cloudflare"])
    assert api.writes[-1].body == {"networks": ["cloudflare"]}


# -- pool sets ------------------------------------------------------------------------------------------------
def pool_set(name, pools=None, **extra):
    item = {"name": name}
    if pools is not None:
        item["overrides"] = {"pools": pools}
    item.update(extra)
    return item


@pytest.fixture
def two_pools(api):
    return api.add_pool(name="eu"), api.add_pool(name="us")


def test_pool_sets_by_pool_name_are_sent_in_order_and_a_rerun_changes_nothing(api, connect, two_pools):
    eu, us = two_pools
    sets = [pool_set("americas", ["us", "eu"], match={"topology": {"regions": ["wnam", "ENAM"], "countries": ["br"]}}),
            pool_set("rest", ["eu"], match={"default": True})]
    _conn, result = run(connect, default_pools=["eu"], pool_sets=sets)
    assert result["changed"] is True
    body = api.writes[0].body["pool_sets"]
    assert [s["name"] for s in body] == ["americas", "rest"]
    assert body[0]["overrides"] == {"pools": [us["id"], eu["id"]]}
    assert body[0]["match"] == {"topology": {"regions": ["WNAM", "ENAM"], "countries": ["BR"]}}
    _conn, again = run(connect, default_pools=["eu"], pool_sets=sets)
    assert again["changed"] is False and len(api.writes) == 1


def test_pool_sets_as_the_api_fills_them_in_change_nothing(api, connect, two_pools):
    eu, us = two_pools
    held = [{"name": "americas", "disabled": False,
             "match": {"default": False, "topology": {"countries": ["BR", "US"], "pops": [], "regions": None}},
             "overrides": {"pools": [us["id"]], "pool_weights": {}, "fallback_pool": None}, "fixed_response": None},
            {"name": "rest", "disabled": False, "match": {"default": True}, "overrides": {"pools": [eu["id"]]}}]
    api.add_load_balancer(name=LB, default_pools=[eu["id"]], fallback_pool=eu["id"], pool_sets=held)
    _conn, result = run(connect, default_pools=["eu"], pool_sets=[
        pool_set("americas", ["us"], match={"topology": {"countries": ["us", "br"]}}),
        pool_set("rest", ["eu"])])
    assert result["changed"] is False and api.writes == []


def test_reordering_two_pool_sets_is_one_write(api, connect, two_pools):
    eu, us = two_pools
    held = [pool_set("a", [us["id"]], match={"topology": {"pops": ["LAX"]}}), pool_set("b", [eu["id"]])]
    api.add_load_balancer(name=LB, default_pools=[eu["id"]], fallback_pool=eu["id"], pool_sets=held)
    _conn, result = run(connect, default_pools=["eu"], pool_sets=list(reversed(held)))
    assert result["changed"] is True
    (patch,) = api.writes
    assert patch.method == "PATCH" and list(patch.body) == ["pool_sets"]
    assert [s["name"] for s in patch.body["pool_sets"]] == ["b", "a"]
    assert [s["name"] for s in result["diff"]["before"]["pool_sets"]] == ["a", "b"]


def test_omitted_pool_sets_are_left_and_an_empty_list_clears_them(api, connect, two_pools):
    eu, _us = two_pools
    api.add_load_balancer(name=LB, default_pools=[eu["id"]], fallback_pool=eu["id"],
                          pool_sets=[pool_set("a", [eu["id"]])])
    _conn, result = run(connect, default_pools=["eu"], description="no sets named")
    assert "pool_sets" not in api.writes[0].body
    _conn, result = run(connect, default_pools=["eu"], pool_sets=[])
    assert result["changed"] is True and api.writes[-1].body == {"pool_sets": []}
    _conn, again = run(connect, default_pools=["eu"], pool_sets=[])
    assert again["changed"] is False and len(api.writes) == 2


def test_no_pool_sets_held_as_null_is_no_change_for_an_empty_list(api, connect, two_pools):
    eu, _us = two_pools
    api.add_load_balancer(name=LB, default_pools=[eu["id"]], fallback_pool=eu["id"], pool_sets=None)
    _conn, result = run(connect, default_pools=["eu"], pool_sets=[])
    assert result["changed"] is False and api.writes == []


def test_a_fixed_response_set_needs_no_pools(api, connect, two_pools):
    _conn, result = run(connect, default_pools=["eu"], pool_sets=[
        pool_set("blocked", match={"topology": {"countries": ["KP"]}},
                 fixed_response={"status_code": 403, "message_body": "not here"})])
    assert api.writes[0].body["pool_sets"][0]["fixed_response"] == {"status_code": 403, "message_body": "not here"}


@pytest.mark.parametrize("sets, message", [
    ([{"name": "a", "match": {"default": True}}], "pool_sets[0] ('a') needs overrides.pools"),
    ([pool_set("a", ["eu"], fixed_response={"status_code": 403})],
     "pool_sets[0] ('a'): overrides.pools and fixed_response are mutually exclusive"),
    ([pool_set("a", ["eu"], match={"default": True, "topology": {"pops": ["LAX"]}})],
     "pool_sets[0] ('a').match: default and topology are mutually exclusive"),
    ([pool_set("a", ["eu"], match={"default": False})], "pool_sets[0] ('a').match must set default: true or a topology"),
    ([pool_set("a", ["eu"], match={"topology": {"pops": []}})],
     "pool_sets[0] ('a').match.topology must list at least one PoP, country or region."),
    ([pool_set("a", ["eu"], match={"topology": {"pops": ["LAX", "lax"]}})],
     "pool_sets[0] ('a').match.topology.pops lists the same code more than once"),
    ([pool_set("a", ["eu"], match={"topology": {"regions": ["MARS"]}})],
     "pool_sets[0] ('a').match.topology.regions: unknown region code 'MARS'"),
    ([pool_set("a", ["eu"], match={"topology": {"countries": ["USA"]}})],
     "pool_sets[0] ('a').match.topology.countries: 'USA' is not a two-letter ISO 3166-1 country code"),
    ([pool_set("a", ["eu"], match={"topology": {"pops": ["LA"]}})],
     "pool_sets[0] ('a').match.topology.pops: 'LA' is not a three-letter Cloudflare data centre (PoP) code"),
    ([pool_set("x" * 201, ["eu"])], "pool_sets[0] ('%s').name must be at most 200 characters." % ("x" * 201)),
    ([pool_set("a", ["eu"]), pool_set("b", ["eu", "eu"])],
     "pool_sets[1] ('b').overrides.pools lists the same pool more than once"),
    ([pool_set("a", ["eu"], overrides={"pools": ["eu"], "pool_default_weight": 0.35})],
     "pool_sets[0] ('a').overrides.pool_default_weight must be between 0 and 1, in steps of 0.1, got 0.35."),
    ([pool_set(None, ["eu"], fixed_response={"status_code": 700})],
     "pool_sets[0]: overrides.pools and fixed_response are mutually exclusive"),
    ([{"fixed_response": {"status_code": 700}}],
     "pool_sets[0].fixed_response.status_code must be an HTTP status code (100-599), got 700."),
    ([pool_set("a", ["eu"], match={"topology": {"pops": ["LAX"] * 1001}})],
     "pool_sets[0] ('a').match.topology.pops lists 1001 entries; Cloudflare allows at most 1000."),
    ([pool_set("s%d" % i, ["eu"]) for i in range(1001)],
     "pool_sets lists 1001 sets; Cloudflare allows at most 1000 per load balancer."),
])
def test_pool_sets_are_checked_before_any_request(api, connect, sets, message):
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=["eu"], pool_sets=sets)
    assert str(info.value).startswith(message)
    assert api.requests == []


def test_a_pool_sets_steering_prerequisites_are_checked_naming_the_set(api, connect, two_pools):
    eu, _us = two_pools
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=["eu"], pool_sets=[
            pool_set("near", overrides={"pools": ["us"], "steering_policy": "proximity"})])
    assert str(info.value).startswith("pool_sets[0] ('near').overrides.steering_policy=proximity needs coordinates")
    assert "'us'" in str(info.value) and api.writes == []


def test_a_pool_set_naming_a_pool_id_that_does_not_exist_is_refused(api, connect, two_pools):
    with pytest.raises(CloudflareError) as info:
        run(connect, default_pools=["eu"], pool_sets=[pool_set("a", [MISSING_ID])])
    assert str(info.value) == ("pool_sets[0] ('a').overrides.pools: pool id %s does not exist in account %s."
                               % (MISSING_ID, ACCOUNT_ID))
    assert api.writes == []


def test_pool_refs_name_rule_and_pool_set_pools():
    assert pool_refs({"pools": [PID], "pool_weights": {PID2: 0.5}}, "x.") == [("x.pools", PID), ("x.pool_weights", PID2)]
