# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_load_balancer's main() against the fake API: the JSON it prints."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.modules import cf_load_balancer
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import TOKEN, ZONE_ID, ZONE_NAME

PATH = "/zones/%s/load_balancers" % ZONE_ID
LB = "lb.example.com"


def args(**extra):
    full = {"zone": ZONE_NAME, "name": LB, "default_pools": ["eu-pool", "us-pool"], "proxied": True,
            "steering_policy": "off", "session_affinity": "cookie", "session_affinity_ttl": 3600}
    full.update(extra)
    return full


@pytest.fixture
def pools(api):
    return [api.add_pool(name="eu-pool", latitude=50.1, longitude=8.7),
            api.add_pool(name="us-pool", latitude=37.8, longitude=-122.4)]


def test_create(run_module, api, pools):
    run = run_module(cf_load_balancer.main, args())
    assert run.code == 0, run
    assert run.result["changed"] is True
    post, = api.writes
    assert (post.method, post.path) == ("POST", PATH)
    assert post.body == {"name": LB, "default_pools": [pools[0]["id"], pools[1]["id"]],
                         "fallback_pool": pools[1]["id"], "proxied": True, "steering_policy": "off",
                         "session_affinity": "cookie", "session_affinity_ttl": 3600}
    assert run.result["load_balancer"] == api.get("load_balancers", run.result["load_balancer"]["id"])
    # the zone was found by name
    assert api.requests[0].path == "/zones"
    assert api.requests[0].params["name"] == ZONE_NAME


def test_rerun_changes_nothing_and_reads_no_spectrum_apps(run_module, api, pools):
    run_module(cf_load_balancer.main, args())
    before = len(api.requests)
    second = run_module(cf_load_balancer.main, args(name="LB.example.com."))
    assert second.result["changed"] is False
    assert len(api.writes) == 1
    assert [r.path for r in api.requests[before:] if "spectrum" in r.path] == []


def test_check_mode_with_pools_still_to_be_created(run_module, api):
    run = run_module(cf_load_balancer.main, args(), check_mode=True)
    assert run.code == 0
    assert run.result["changed"] is True
    assert run.result["load_balancer"]["default_pools"] == ["eu-pool", "us-pool"]
    assert len(run.warnings) == 2
    assert run.warnings[0].startswith("default_pools: pool 'eu-pool' does not exist yet")
    assert api.writes == []


def test_a_spectrum_app_on_the_hostname_fails_without_writing(run_module, api, pools):
    api.add_spectrum_app(dns={"type": "CNAME", "name": LB}, protocol="tcp/22")
    run = run_module(cf_load_balancer.main, args())
    assert run.failed
    assert run.result["msg"].startswith("name 'lb.example.com' is already the hostname (dns.name) of Spectrum "
                                        "application")
    assert api.writes == []


def test_steering_prerequisites_fail_before_writing(run_module, api):
    api.add_pool(name="eu-pool")
    api.add_pool(name="us-pool")
    run = run_module(cf_load_balancer.main, args(steering_policy="dynamic_latency"))
    assert run.failed
    assert run.result["msg"].startswith("steering_policy=dynamic_latency measures latency with health checks, but "
                                        "pool 'eu-pool'")
    assert api.writes == []


def test_api_failure_carries_status_and_cloudflare_errors(run_module, api, pools):
    api.fail("POST", "load_balancers$", status=400, code=1002, message="load balancer: invalid ttl")
    run = run_module(cf_load_balancer.main, args())
    assert run.failed
    assert run.result["msg"] == ("Failed to create load balancer 'lb.example.com': HTTP 400, Cloudflare errors: "
                                 "[1002] load balancer: invalid ttl")
    assert run.result["http_status"] == 400
    assert run.result["cloudflare_errors"] == [{"code": 1002, "message": "load balancer: invalid ttl"}]
    assert run.result["request"] == "POST %s" % PATH


def test_an_unknown_zone_fails_naming_it(run_module, api):
    run = run_module(cf_load_balancer.main, args(zone="example.net", name="lb.example.net"))
    assert run.failed
    assert run.result["msg"] == ("zone 'example.net' was not found: check the zone name and that the credentials can "
                                 "read it (or pass zone_id).")
    assert api.writes == []


@pytest.mark.parametrize("extra, message", [
    ({"name": "lb.example.org"}, "name 'lb.example.org' is not inside zone 'example.com': use the zone name itself or "
                                 "a hostname ending in '.example.com'."),
    ({"region_pools": {"MOON": ["eu-pool"]}},
     "region_pools: unknown region code 'MOON'; use one of WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, "
     "SEAS, NEAS."),
    ({"session_affinity_ttl": 60}, "session_affinity_ttl must be between 1800 and 604800 seconds for cookie "
                                   "affinity, got 60."),
    ({"rules": [{"name": "r", "fixed_response": {"status_code": 200}, "terminates": False}]},
     "rules[0] ('r').terminates cannot be false with fixed_response: a fixed response always ends rule evaluation. "
     "Remove terminates or fixed_response."),
])
def test_bad_input_fails_naming_the_option_before_any_request(run_module, api, extra, message):
    run = run_module(cf_load_balancer.main, args(**extra))
    assert run.failed
    assert run.result["msg"] == message
    assert api.requests == []


def test_zone_and_zone_id_are_mutually_exclusive(run_module, api):
    run = run_module(cf_load_balancer.main, args(zone_id=ZONE_ID))
    assert run.failed
    assert "zone|zone_id" in run.result["msg"]
    assert api.requests == []


def test_the_token_never_appears_in_the_output(run_module, api, pools):
    for run in (run_module(cf_load_balancer.main, args()), run_module(cf_load_balancer.main, args(name="x"))):
        assert TOKEN not in run.out
