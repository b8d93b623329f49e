# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The spectrum_load_balancer role's inputs: the options its tasks send, and every problem found before a request."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._tutorial_rules import CUSTOM_RULES_RULE, HOSTNAME_RULE
from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.spectrum_lb import module_options, role_problems

ZONE_ID = "0123456789abcdef0123456789abcdef"


# -- the role's inputs ------------------------------------------------------------------------
GOOD = dict(
    zone="example.com",
    state="present",
    monitor={"description": "Spectrum Health Check", "type": "tcp", "port": 2048, "interval": 30, "retries": 2,
             "timeout": 5, "method": "connection_established"},
    pools=[{"name": "origins", "origins": [{"name": "a", "address": "192.0.2.1", "weight": 0.5},
                                           {"name": "b", "address": "origin.example.com", "weight": 0.5}]}],
    load_balancer={"name": "lb.example.com"},
    app={"dns_name": "spectrum-cname.example.com"},
)


GROUP = {"description": "Spectrum checks",
         "members": [{"monitor": "Spectrum Health Check"},
                     {"monitor": "0123456789abcdef0123456789abcdef", "monitoring_only": True},
                     {"monitor": "db reachable", "must_be_healthy": True, "enabled": None}]}


def inputs(**changes):
    """GOOD with some inputs replaced; a value of ``...`` removes the input."""
    result = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is Ellipsis:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def with_pool(**pool_changes):
    pool = dict(GOOD["pools"][0], **pool_changes)
    return inputs(pools=[pool])


def with_origin(**origin_changes):
    origin = dict(GOOD["pools"][0]["origins"][0], **origin_changes)
    return inputs(pools=[dict(GOOD["pools"][0], origins=[origin])])


GOOD_INPUTS = [
    ("the tutorial", inputs()),
    ("zone by id", inputs(zone=None, zone_id=ZONE_ID)),
    ("zone by id, blank zone", inputs(zone="  ", zone_id=ZONE_ID)),
    ("no monitor", inputs(monitor=None)),
    ("an http monitor with http options", inputs(monitor={"description": "web", "type": "http", "path": "/health",
                                                          "expected_codes": "2xx"})),
    ("a monitor without type is http", inputs(monitor={"description": "web", "path": "/"})),
    ("tcp monitor with http options unset", inputs(monitor=dict(GOOD["monitor"], path=None))),
    ("trailing dot and capital hostnames", inputs(load_balancer={"name": "LB.example.com."},
                                                  app={"dns_name": "Spectrum.Example.com."})),
    ("a weight as text (the module converts it)", inputs(pools=[{"name": "p", "origins": [
        {"name": "a", "address": "192.0.2.1", "weight": "0.5"}]}])),
    ("no rules", inputs(load_balancer={"name": "lb.example.com", "rules": []})),
    ("weights at the bounds", inputs(pools=[{"name": "p", "origins": [{"name": "a", "address": "192.0.2.1", "weight": 0},
                                                                      {"name": "b", "address": "192.0.2.2",
                                                                       "weight": 1}]}])),
    ("weight left out or null", inputs(pools=[{"name": "p", "origins": [{"name": "a", "address": "192.0.2.1"},
                                                                        {"name": "b", "address": "192.0.2.2",
                                                                         "weight": None}]}])),
    ("several pools", inputs(pools=GOOD["pools"] + [{"name": "backup_2", "origins": [{"name": "c",
                                                                                      "address": "192.0.2.9"}]}])),
    ("absent: no app hostname needed", inputs(state="absent", app={})),
    ("absent: no app at all", inputs(state="absent", app=None)),
    ("absent: same hostnames are not checked", inputs(state="absent", app={"dns_name": "lb.example.com"})),
    ("absent: pools need no origins", inputs(state="absent", pools=[{"name": "origins"}])),
    ("a monitor group", inputs(monitor_group=GROUP)),
    ("a monitor group and no monitor", inputs(monitor=None, monitor_group=GROUP)),
    ("a monitor group without members (an existing group keeps its own)",
     inputs(monitor_group={"description": "Spectrum checks"})),
    ("no monitor group", inputs(monitor_group=None)),
    ("a pool with its own monitor, beside the group", inputs(monitor_group=GROUP, pools=[
        dict(GOOD["pools"][0], monitor="other check")])),
    ("a pool with its own monitor group, beside the monitor", with_pool(monitor_group="other checks")),
    ("a pool with regional health and networks",
     with_pool(health_sources=["regional", "global"], check_regions=["WEU"], networks=["cloudflare"])),
    ("a pool that unsets its health sources", with_pool(health_sources=[])),
    ("an origin that is not flattened", with_origin(flatten_cname=False)),
    ("absent: the group needs no members", inputs(state="absent", monitor_group={"description": "Spectrum checks"})),
    ("absent: a group with empty members", inputs(state="absent", monitor_group=dict(GROUP, members=[]))),
]


@pytest.mark.parametrize("case, given", GOOD_INPUTS, ids=[case for case, unused in GOOD_INPUTS])
def test_role_problems_accepts_good_inputs(case, given):
    assert role_problems(**given) == []


BAD_INPUTS = [
    # (case, inputs, the variable the message must name, another text it must hold)
    ("zone and zone id", inputs(zone_id=ZONE_ID), "spectrum_lb_zone_id", "exactly one"),
    ("neither zone nor zone id", inputs(zone=None), "spectrum_lb_zone", "exactly one"),
    ("blank zone, no zone id", inputs(zone=" "), "spectrum_lb_zone", "exactly one"),
    ("zone id not an id", inputs(zone=None, zone_id="example.com"), "spectrum_lb_zone_id", "'example.com'"),
    ("upper-case zone id", inputs(zone=None, zone_id=ZONE_ID.upper()), "spectrum_lb_zone_id", "lowercase"),
    ("zone id with a newline", inputs(zone=None, zone_id=ZONE_ID + "\n"), "spectrum_lb_zone_id", "hexadecimal"),
    ("no load balancer name", inputs(load_balancer={}), "spectrum_lb_load_balancer.name", "required"),
    ("no load balancer", inputs(load_balancer=None), "spectrum_lb_load_balancer.name", "required"),
    ("blank load balancer name", inputs(load_balancer={"name": " "}), "spectrum_lb_load_balancer.name", "required"),
    ("no load balancer, even when absent", inputs(state="absent", load_balancer={}),
     "spectrum_lb_load_balancer.name", "required"),
    ("no app hostname", inputs(app={}), "spectrum_lb_app.dns_name", "required"),
    ("no app", inputs(app=None), "spectrum_lb_app.dns_name", "required"),
    ("load balancer name of one label", inputs(load_balancer={"name": "lb"}), "spectrum_lb_load_balancer.name",
     "fully qualified"),
    ("load balancer name with underscore", inputs(load_balancer={"name": "l_b.example.com"}),
     "spectrum_lb_load_balancer.name", "'l_b.example.com'"),
    ("app hostname not a hostname", inputs(app={"dns_name": "ssh example.com"}), "spectrum_lb_app.dns_name",
     "'ssh example.com'"),
    ("app hostname is a number", inputs(app={"dns_name": 22}), "spectrum_lb_app.dns_name", "'22'"),
    ("a wildcard load balancer cannot be the app's origin", inputs(load_balancer={"name": "*.lb.example.com"}),
     "spectrum_lb_load_balancer.name", "'*.lb.example.com'"),
    ("app uses the load balancer's hostname", inputs(app={"dns_name": "lb.example.com"}),
     "spectrum_lb_app.dns_name", HOSTNAME_RULE),
    ("same hostname, other spelling", inputs(app={"dns_name": "LB.Example.com."}), "spectrum_lb_load_balancer.name",
     HOSTNAME_RULE),
    ("load balancer with custom rules", inputs(load_balancer={"name": "lb.example.com", "rules": [{"name": "r"}]}),
     "spectrum_lb_load_balancer.rules", CUSTOM_RULES_RULE),
    ("custom rules, even when absent",
     inputs(state="absent", load_balancer={"name": "lb.example.com", "rules": [{"name": "r"}]}),
     "spectrum_lb_load_balancer.rules", CUSTOM_RULES_RULE),
    ("load balancer not a mapping", inputs(load_balancer="lb.example.com"), "spectrum_lb_load_balancer", "mapping"),
    ("app not a mapping", inputs(app="ssh.example.com"), "spectrum_lb_app", "mapping"),
    ("monitor not a mapping", inputs(monitor="tcp"), "spectrum_lb_monitor", "mapping"),
    ("monitor without description", inputs(monitor={"type": "tcp", "port": 22}), "spectrum_lb_monitor",
     "description"),
    ("monitor with a blank description", inputs(monitor=dict(GOOD["monitor"], description="  ")),
     "spectrum_lb_monitor", "description"),
    ("unknown monitor type", inputs(monitor=dict(GOOD["monitor"], type="ping")), "spectrum_lb_monitor",
     "value of type must be one of"),
    ("unknown monitor option", inputs(monitor=dict(GOOD["monitor"], prot=22, zzz=1)), "spectrum_lb_monitor",
     "prot, zzz"),
    ("http options on a tcp monitor", inputs(monitor=dict(GOOD["monitor"], path="/", expected_codes="200")),
     "spectrum_lb_monitor.path", "only valid for http and https"),
    ("monitor group not a mapping", inputs(monitor_group="Spectrum checks"), "spectrum_lb_monitor_group", "mapping"),
    ("monitor group without description", inputs(monitor_group={"members": GROUP["members"]}),
     "spectrum_lb_monitor_group needs a description", "names the monitor group"),
    ("monitor group with a blank description", inputs(monitor_group=dict(GROUP, description=" ")),
     "spectrum_lb_monitor_group needs a description", "names the monitor group"),
    ("monitor group without description, even when absent", inputs(state="absent", monitor_group={}),
     "spectrum_lb_monitor_group needs a description", "names the monitor group"),
    ("unknown monitor group option", inputs(monitor_group=dict(GROUP, monitor_group_id="0" * 32, id=1)),
     "spectrum_lb_monitor_group", "id, monitor_group_id; known options: description, members"),
    ("monitor group with no members", inputs(monitor_group=dict(GROUP, members=[])),
     "spectrum_lb_monitor_group.members", "at least one monitor"),
    ("a group member naming no monitor", inputs(monitor_group=dict(GROUP, members=[{"monitor": ""}])),
     "spectrum_lb_monitor_group.members[0].monitor", "empty value"),
    ("a group member twice", inputs(monitor_group=dict(GROUP, members=[{"monitor": "a"}, {"monitor": " a "}])),
     "spectrum_lb_monitor_group.members[1].monitor", "already members[0]"),
    ("a group member flag not a boolean",
     inputs(monitor_group=dict(GROUP, members=[{"monitor": "a", "enabled": "sometimes"}])),
     "spectrum_lb_monitor_group", "'enabled'"),
    ("a pool with a monitor and a monitor group", with_pool(monitor="a", monitor_group="b"), "spectrum_lb_pools[0]",
     "mutually exclusive: monitor|monitor_group"),
    ("a pool with a monitor and a monitor group, beside the role's group",
     inputs(monitor_group=GROUP, pools=[dict(GOOD["pools"][0], monitor="a", monitor_group="b")]),
     "spectrum_lb_pools[0]", "mutually exclusive: monitor|monitor_group"),
    ("a pool's health sources in the wrong order", with_pool(health_sources=["global", "regional"]),
     "spectrum_lb_pools[0].health_sources", "['regional', 'global']"),
    ("no pools", inputs(pools=[]), "spectrum_lb_pools", "at least one pool"),
    ("pools null", inputs(pools=None), "spectrum_lb_pools", "at least one pool"),
    ("pools not a list", inputs(pools="origins"), "spectrum_lb_pools", "list"),
    ("a pool not a mapping", inputs(pools=["origins"]), "spectrum_lb_pools[0]", "mapping"),
    ("a pool without name", with_pool(name=None), "spectrum_lb_pools[0]", "needs a name"),
    ("a null pool", inputs(pools=[None]), "spectrum_lb_pools[0]", "needs a name"),
    ("a pool name with a dot", with_pool(name="web.pool"), "spectrum_lb_pools[0].name", "letters, digits"),
    ("a pool without origins", with_pool(origins=[]), "spectrum_lb_pools[0] (origins)", "at least one origin"),
    ("origins not a list", with_pool(origins="192.0.2.1"), "spectrum_lb_pools[0]", "convert to dict"),
    ("an origin not a mapping", with_pool(origins=["192.0.2.1"]), "spectrum_lb_pools[0]", "convert to dict"),
    # a null where a string is required: ansible-core 2.16 and 2.17 refuse it as a type error, later lines in the
    # module's own check; either way the role refuses it, naming the pool and the option
    ("an origin without name", with_origin(name=None), "spectrum_lb_pools[0]", "name"),
    ("an origin left without address", inputs(pools=[{"name": "p", "origins": [{"name": "a"}]}]),
     "spectrum_lb_pools[0]", "missing required arguments: address"),
    ("an origin with a null address", with_origin(address=None), "spectrum_lb_pools[0]", "address"),
    ("an origin with a blank address", with_origin(address=""), "spectrum_lb_pools[0].origins[0] (a).address",
     "IPv4 or IPv6"),
    ("a weight above 1", with_origin(weight=1.5), "spectrum_lb_pools[0].origins[0] (a).weight", "1.5"),
    ("a negative weight", with_origin(weight=-0.1), "spectrum_lb_pools[0].origins[0] (a).weight", "between 0 and 1"),
    ("a weight off the 0.01 grid", with_origin(weight=0.555), "spectrum_lb_pools[0].origins[0] (a).weight",
     "two decimals"),
    ("the second pool", inputs(pools=GOOD["pools"] + [{"name": "backup"}]), "spectrum_lb_pools[1] (backup)",
     "at least one origin"),
]


@pytest.mark.parametrize("case, given, variable, text", BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS])
def test_role_problems_names_the_variable(case, given, variable, text):
    problems = role_problems(**given)
    assert problems, case
    assert all(isinstance(p, str) for p in problems)
    naming = [p for p in problems if variable in p]
    assert naming, problems
    assert any(text in p for p in naming), problems


def test_role_problems_reports_every_problem_at_once():
    problems = role_problems(zone=None, zone_id=None, monitor={"type": "tcp"}, pools=[{"name": "a b"}],
                             load_balancer={"name": "lb.example.com", "rules": [1]}, app={"dns_name": "lb.example.com"})
    assert len(problems) == 7, problems
    for variable in ("spectrum_lb_zone", "spectrum_lb_app.dns_name", "spectrum_lb_load_balancer.rules",
                     "spectrum_lb_monitor needs a description", "spectrum_lb_pools[0].name",
                     "spectrum_lb_pools[0] (a b) needs", "spectrum_lb_load_balancer.default_pools"):
        assert any(variable in p for p in problems), (variable, problems)


def test_role_problems_does_not_change_its_inputs():
    given = inputs(pools=[{"name": "x y", "origins": [{"address": ""}]}])
    before = copy.deepcopy(given)
    assert role_problems(**given)
    assert given == before


# -- the options the role's tasks send -----------------------------------------------------------
def test_the_pools_are_judged_by_the_role_s_monitor_without_a_group():
    options = module_options(**inputs())
    assert options["monitor_group"] is None
    assert options["pool_health"] == {"monitor": "Spectrum Health Check"}
    assert "monitor" not in options["pools"][0] and "monitor_group" not in options["pools"][0]


def test_the_group_judges_the_pools_in_place_of_the_monitor():
    options = module_options(**inputs(monitor_group=GROUP))
    assert options["monitor"]["description"] == "Spectrum Health Check"  # still ensured: a member names it
    assert options["monitor_group"] == {"description": "Spectrum checks", "members": GROUP["members"]}
    assert options["monitor_group"]["members"] is not GROUP["members"]  # a copy: the filter hands out no input
    assert options["pool_health"] == {"monitor_group": "Spectrum checks"}


def test_a_group_without_a_monitor_and_neither():
    assert module_options(**inputs(monitor=None, monitor_group=GROUP))["pool_health"] == {
        "monitor_group": "Spectrum checks"}
    assert module_options(**inputs(monitor=None))["pool_health"] == {}


def test_a_pool_s_own_monitor_or_group_is_passed_on_and_so_are_the_2026_pool_options():
    pools = [dict(GOOD["pools"][0], name="own-monitor", monitor="other check"),
             dict(GOOD["pools"][0], name="own-group", monitor_group="other checks", health_sources=["regional", "global"],
                  check_regions=["WEU"], networks=["cloudflare"]),
             dict(GOOD["pools"][0], name="neither", monitor=None, monitor_group=None)]
    options = module_options(**inputs(monitor_group=GROUP, pools=pools))
    own_monitor, own_group, neither = options["pools"]
    assert own_monitor["monitor"] == "other check" and "monitor_group" not in own_monitor
    assert own_group["monitor_group"] == "other checks" and "monitor" not in own_group
    assert (own_group["health_sources"], own_group["networks"]) == (["regional", "global"], ["cloudflare"])
    assert "monitor" not in neither and "monitor_group" not in neither  # the task refers to the role's group


def test_a_teardown_removes_the_group_by_description_and_keeps_it_while_in_use():
    options = module_options(**inputs(state="absent", monitor_group=GROUP))
    assert options["monitor_group"] == {"description": "Spectrum checks", "state": "absent", "in_use": "keep"}
    assert options["monitor"] == {"description": "Spectrum Health Check", "state": "absent", "in_use": "keep"}
    assert options["pool_health"] == {}


def test_a_monitor_group_that_is_not_a_mapping_is_not_sent():
    assert module_options(**inputs(monitor_group="Spectrum checks"))["monitor_group"] is None
