# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Refusals that come from the account's plan, in plain words (_plans), through the resources and the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError, api_failure
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import MonitorResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor_group import MonitorGroupResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._plans import explain


def refusal(message, body=None, status=400, path="/accounts/a/load_balancers/monitors", code=1002):
    error = CloudflareAPIError("refused", status=status, errors=[{"code": code, "message": message}],
                               method="POST", path=path)
    error.sent = body
    return error


def test_the_interval_floor_names_the_option_the_range_and_the_plans():
    text = explain(refusal("interval is not in range [60, 3600]: validation failed", {"interval": 15}))
    assert text.startswith("interval: this account's plan allows a monitor interval from 60 to 3600 seconds "
                           "(this task sent 15).")
    assert "60 s on Pro, 15 s on Business, 10 s on Enterprise" in text


def test_an_account_without_monitors_is_told_so():
    text = explain(refusal("interval is not in range [0, 0]: validation failed", {"interval": 60}))
    assert text.startswith("interval: this account's plan allows no monitor interval at all (this task sent 60): it "
                           "has no Load Balancing subscription")


def test_the_origin_count_limit():
    text = explain(refusal("origins: origin list length must be in range [1, 5]", {"origins": [{}] * 6},
                           path="/accounts/a/load_balancers/pools"))
    assert text == ("origins: this account's plan allows 1 to 5 origins per pool (this task sent 6); the number "
                    "depends on the plan.")


@pytest.mark.parametrize("path, body, message, expected", [
    ("/zones/z/load_balancers", {"pool_sets": [{}]}, "POOL_SET_STEERING_ENTITLEMENT: not entitled",
     "pool_sets: Cloudflare refused it for this account's plan; pool sets need an Enterprise plan with Traffic "
     "Steering."),
    ("/accounts/a/load_balancers/monitor_groups", {"description": "g"}, "monitor groups require an Enterprise plan",
     "monitor group: Cloudflare refused it for this account's plan; monitor groups need an Enterprise plan"),
    ("/accounts/a/load_balancers/pools", {"monitor_group": "x", "name": "p"}, "monitor_group is not available on "
     "this plan", "monitor_group: Cloudflare refused it for this account's plan"),
    ("/zones/z/load_balancers", {"pop_pools": {"LAX": ["p"]}}, "pop_pools requires an Enterprise plan",
     "pop_pools: Cloudflare refused it for this account's plan; steering by Cloudflare data centre (PoP)"),
    ("/accounts/a/load_balancers/monitors", {"type": "smtp"}, "smtp monitors need an enterprise subscription",
     "type: Cloudflare refused it for this account's plan; smtp monitors need an Enterprise plan"),
])
def test_enterprise_only_features_are_named(path, body, message, expected):
    assert explain(refusal(message, body, path=path)).startswith(expected)


def test_only_the_feature_the_answer_names_is_blamed():
    text = explain(refusal("pop_pools requires an Enterprise plan", {"pop_pools": {"LAX": ["p"]}, "pool_sets": [{}]},
                           path="/zones/z/load_balancers"))
    assert text.startswith("pop_pools:") and "pool_sets" not in text


@pytest.mark.parametrize("error", [
    refusal("name is invalid", {"interval": 5}),
    refusal("interval is not in range [60, 3600]", {"interval": 5}, status=500),
    refusal("monitor not found", {"pool_sets": [{}]}, status=404),
    CloudflareError("not an API error"),
])
def test_an_answer_that_does_not_speak_of_a_plan_gets_no_explanation(error):
    assert explain(error) is None


def test_api_failure_adds_the_plain_words_after_cloudflares_own():
    failure = api_failure("create", "monitor 'm'", refusal("interval is not in range [60, 3600]: validation failed",
                                                           {"interval": 15}))
    assert failure.msg.startswith("Failed to create monitor 'm': HTTP 400, Cloudflare errors: [1002] interval is not "
                                  "in range [60, 3600]: validation failed. interval: this account's plan allows")


def test_a_monitor_below_the_plans_floor_fails_in_plain_words_through_the_client(api, connect):
    api.fail("POST", "/monitors$", status=400, code=1002, message="interval is not in range [60, 3600]: validation failed")
    with pytest.raises(CloudflareError) as info:
        MonitorResource(connect({"description": "m", "type": "tcp", "port": 22, "interval": 15})).run()
    assert "interval: this account's plan allows a monitor interval from 60 to 3600 seconds (this task sent 15)" \
        in str(info.value)


def test_a_monitor_group_on_a_lower_plan_fails_in_plain_words(api, connect):
    monitor = api.add_monitor(description="m")
    api.fail("POST", "/monitor_groups$", status=403, code=1003,
             message="Monitor groups are only available on Enterprise plans")
    with pytest.raises(CloudflareError) as info:
        MonitorGroupResource(connect({"description": "g", "members": [{"monitor": monitor["id"]}]})).run()
    assert "monitor groups need an Enterprise plan with Load Balancing" in str(info.value)
    assert str(info.value).startswith("Failed to create monitor group 'g': HTTP 403")


@pytest.mark.parametrize("code, option, what", [
    ("POOL_SET_POP_ENTITLEMENT", "pool_sets[1].match.topology.pops", "matching by Cloudflare data centre (PoP)"),
    ("POOL_SET_REGION_ENTITLEMENT", "pool_sets[0].match.topology.regions", "matching by region"),
    ("POOL_SET_COUNTRY_ENTITLEMENT", "pool_sets[1].match.topology.countries", "matching by country"),
])
def test_a_pool_set_topology_refusal_names_the_set_and_the_match(code, option, what):
    body = {"pool_sets": [{"match": {"topology": {"regions": ["WEU"]}}, "overrides": {"pools": ["a"]}},
                          {"match": {"topology": {"pops": ["LHR"], "countries": ["DE"]}},
                           "overrides": {"pools": ["b"]}}]}
    text = explain(refusal("%s: account is not entitled" % code, body, path="/zones/z/load_balancers"))
    assert text == ("%s: Cloudflare refused it for this account's plan; %s in pool sets needs its own Traffic "
                    "Steering entitlement (Enterprise)." % (option, what))


def test_the_interval_floor_is_found_whatever_the_case():
    text = explain(refusal("Interval is not in range [15, 3600]", {"interval": 10}))
    assert text.startswith("interval: this account's plan allows a monitor interval from 15 to 3600 seconds "
                           "(this task sent 10).")


@pytest.mark.parametrize("path, body, message, expected", [
    ("/zones/z/load_balancers", {"rules": [{"name": "r", "overrides": {}},
                                           {"name": "s", "overrides": {"pop_pools": {"LAX": ["p"]}}}]},
     "not entitled to pop steering", "rules[1].overrides.pop_pools: Cloudflare refused it for this account's plan"),
    ("/accounts/a/load_balancers/pools", {"origins": [{"name": "a", "address": "a.example", "flatten_cname": False}]},
     "Flatten_CNAME is not available on this plan", "origins[].flatten_cname: Cloudflare refused it"),
    ("/zones/z/load_balancers", {"pool_sets": [{}]}, "Pool_Sets require an entitlement", "pool_sets: Cloudflare"),
])
def test_more_enterprise_features_and_names_in_any_case(path, body, message, expected):
    assert explain(refusal(message, body, path=path)).startswith(expected)
