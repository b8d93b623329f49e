# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tutorial's cross-object rules (_rules), each from both sides, and the role's input checks."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._rules import (
    CUSTOM_RULES_RULE,
    HOSTNAME_RULE,
    apps_named,
    apps_using_origin,
    check_load_balancer_name,
    check_load_balancer_rules,
    check_spectrum_hostname,
    check_spectrum_origin,
    load_balancer_named,
    role_problems,
)

ZONE_ID = "0123456789abcdef0123456789abcdef"

APP_SSH = {"id": "app-ssh", "protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
           "origin_dns": {"name": "lb.example.com"}, "origin_port": 22}
APP_GAME = {"id": "app-game", "protocol": "udp/27015", "dns": {"type": "CNAME", "name": "game.example.com"},
            "origin_direct": ["udp://192.0.2.10:27015"]}
APP_BARE = {"id": "app-bare", "protocol": "tcp/2048"}  # no dns, no origin: never matches
APPS = [APP_SSH, APP_GAME, APP_BARE]

LB_PLAIN = {"id": "lb-1", "name": "lb.example.com", "rules": []}
LB_RULES = {"id": "lb-2", "name": "rules.example.com", "rules": [{"name": "r1", "condition": "true"}]}
LB_NO_KEY = {"id": "lb-3", "name": "other.example.com"}
LBS = [LB_PLAIN, LB_RULES, LB_NO_KEY]


def spellings(name):
    """The same hostname as users and servers write it: trailing dot, blanks, upper case."""
    return [name, name + ".", "  %s  " % name, name.upper(), name.upper() + ".", name.title()]


# -- selecting objects ------------------------------------------------------------------------
@pytest.mark.parametrize("name", spellings("ssh.example.com"))
def test_apps_named_ignores_case_trailing_dot_and_blanks(name):
    assert apps_named(APPS, name) == [APP_SSH]


def test_apps_named_matches_stored_names_of_any_spelling():
    stored = dict(APP_SSH, dns={"name": "SSH.Example.com."})
    assert apps_named([stored], "ssh.example.com") == [stored]


@pytest.mark.parametrize("name", ["lb.example.com", "example.com", "sh.example.com", "ssh.example.co", ""])
def test_apps_named_finds_nothing_for_other_names(name):
    assert apps_named(APPS, name) == []


def test_apps_named_returns_every_match():
    twin = dict(APP_SSH, id="app-twin")
    assert apps_named([APP_SSH, APP_GAME, twin], "ssh.example.com") == [APP_SSH, twin]
    assert apps_named([], "ssh.example.com") == []


@pytest.mark.parametrize("name", spellings("lb.example.com"))
def test_apps_using_origin_ignores_case_trailing_dot_and_blanks(name):
    assert apps_using_origin(APPS, name) == [APP_SSH]


@pytest.mark.parametrize("name", ["ssh.example.com", "game.example.com", "192.0.2.10", "example.com"])
def test_apps_using_origin_looks_only_at_origin_dns(name):
    assert apps_using_origin(APPS, name) == []


@pytest.mark.parametrize("name", spellings("rules.example.com"))
def test_load_balancer_named_ignores_case_trailing_dot_and_blanks(name):
    assert load_balancer_named(LBS, name) is LB_RULES


@pytest.mark.parametrize("name", ["ssh.example.com", "example.com", "lb.example.co", ""])
def test_load_balancer_named_none_for_other_names(name):
    assert load_balancer_named(LBS, name) is None
    assert load_balancer_named([], "lb.example.com") is None


# -- rule 1: a Spectrum app must not use a load balancer's hostname -----------------------------------
@pytest.mark.parametrize("name", spellings("ssh.example.com"))
def test_load_balancer_may_not_take_an_apps_hostname(name):
    with pytest.raises(CloudflareError) as info:
        check_load_balancer_name(name, APPS)
    message = str(info.value)
    assert HOSTNAME_RULE in message
    assert "'ssh.example.com'" in message and "app-ssh" in message and "tcp/22" in message
    assert message.startswith("name %r" % name)


@pytest.mark.parametrize("name", ["lb.example.com", "new.example.com", "example.com"])
def test_load_balancer_name_free_of_apps_is_accepted(name):
    assert check_load_balancer_name(name, APPS) is None
    assert check_load_balancer_name(name, []) is None


@pytest.mark.parametrize("dns_name", spellings("rules.example.com"))
def test_spectrum_app_may_not_take_a_load_balancers_hostname(dns_name):
    with pytest.raises(CloudflareError) as info:
        check_spectrum_hostname(dns_name, LBS, "zone example.com")
    message = str(info.value)
    assert message.startswith("dns.name %r" % dns_name)
    assert HOSTNAME_RULE in message and "lb-2" in message and "zone example.com" in message


@pytest.mark.parametrize("dns_name", ["ssh.example.com", "spectrum-cname.example.com", "example.com"])
def test_spectrum_hostname_free_of_load_balancers_is_accepted(dns_name):
    assert check_spectrum_hostname(dns_name, LBS, "zone example.com") is None
    assert check_spectrum_hostname(dns_name, [], "zone example.com") is None


# -- rule 2: no custom rules on a load balancer that a Spectrum app uses as origin ----------------------
@pytest.mark.parametrize("name", spellings("lb.example.com"))
def test_load_balancer_used_as_origin_may_not_get_rules(name):
    with pytest.raises(CloudflareError) as info:
        check_load_balancer_rules(name, [{"name": "r1"}], APPS)
    message = str(info.value)
    assert message.startswith("rules: ")
    assert CUSTOM_RULES_RULE in message and "app-ssh" in message and "rules: []" in message


@pytest.mark.parametrize("name, rules, apps", [
    ("lb.example.com", [], APPS),                         # no rules: any app may use it
    ("lb.example.com", None, APPS),
    ("other.example.com", [{"name": "r1"}], APPS),         # rules, but no app uses it as origin
    ("ssh.example.com", [{"name": "r1"}], APPS),           # an app's own hostname is not its origin
    ("lb.example.com", [{"name": "r1"}], [APP_GAME, APP_BARE]),
    ("lb.example.com", [{"name": "r1"}], []),
])
def test_load_balancer_rules_accepted_when_no_app_uses_it(name, rules, apps):
    assert check_load_balancer_rules(name, rules, apps) is None


@pytest.mark.parametrize("origin", spellings("rules.example.com"))
def test_spectrum_origin_may_not_be_a_load_balancer_with_rules(origin):
    with pytest.raises(CloudflareError) as info:
        check_spectrum_origin(origin, LBS)
    message = str(info.value)
    assert message.startswith("origin_dns.name %r" % origin)
    assert CUSTOM_RULES_RULE in message and "lb-2" in message and "1 custom rule(s)" in message


@pytest.mark.parametrize("origin, expected", [
    ("lb.example.com", LB_PLAIN),                          # a load balancer without rules: returned
    ("LB.example.com.", LB_PLAIN),
    ("other.example.com", LB_NO_KEY),                      # no rules key at all
    ("origin.example.com", None),                          # not a load balancer
    ("192.0.2.1", None),
])
def test_spectrum_origin_accepted_returns_the_load_balancer(origin, expected):
    assert check_spectrum_origin(origin, LBS) is expected


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
    ("wildcard and trailing dot hostnames", inputs(load_balancer={"name": "*.lb.example.com."},
                                                   app={"dns_name": "Spectrum.Example.com."})),
    ("no rules", inputs(load_balancer={"name": "lb.example.com", "rules": []})),
    ("weights at the bounds", inputs(pools=[{"name": "p", "origins": [{"address": "192.0.2.1", "weight": 0},
                                                                      {"address": "192.0.2.2", "weight": 1}]}])),
    ("weight left out or null", inputs(pools=[{"name": "p", "origins": [{"address": "192.0.2.1"},
                                                                        {"address": "192.0.2.2", "weight": None}]}])),
    ("several pools", inputs(pools=GOOD["pools"] + [{"name": "backup_2", "origins": [{"address": "192.0.2.9"}]}])),
    ("absent: no app hostname needed", inputs(state="absent", app={})),
    ("absent: no app at all", inputs(state="absent", app=None)),
    ("absent: same hostnames are not checked", inputs(state="absent", app={"dns_name": "lb.example.com"})),
    ("absent: pools need no origins", inputs(state="absent", pools=[{"name": "origins"}])),
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
     "fully qualified"),
    ("app hostname is a number", inputs(app={"dns_name": 22}), "spectrum_lb_app.dns_name", "fully qualified"),
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
    ("unknown monitor type", inputs(monitor=dict(GOOD["monitor"], type="ping")), "spectrum_lb_monitor.type",
     "'ping'"),
    ("unknown monitor option", inputs(monitor=dict(GOOD["monitor"], prot=22, zzz=1)), "spectrum_lb_monitor",
     "prot, zzz"),
    ("http options on a tcp monitor", inputs(monitor=dict(GOOD["monitor"], path="/", expected_codes="200")),
     "spectrum_lb_monitor", "path, expected_codes"),
    ("no pools", inputs(pools=[]), "spectrum_lb_pools", "at least one pool"),
    ("pools null", inputs(pools=None), "spectrum_lb_pools", "at least one pool"),
    ("pools not a list", inputs(pools="origins"), "spectrum_lb_pools", "list"),
    ("a pool not a mapping", inputs(pools=["origins"]), "spectrum_lb_pools[0]", "mapping"),
    ("a pool without name", with_pool(name=None), "spectrum_lb_pools[0]", "needs a name"),
    ("a null pool", inputs(pools=[None]), "spectrum_lb_pools[0]", "needs a name"),
    ("a pool name with a dot", with_pool(name="web.pool"), "spectrum_lb_pools[0] (web.pool)", "letters, digits"),
    ("a pool without origins", with_pool(origins=[]), "spectrum_lb_pools[0] (origins)", "at least one origin"),
    ("origins not a list", with_pool(origins="192.0.2.1"), "spectrum_lb_pools[0] (origins)", "list of mappings"),
    ("an origin not a mapping", with_pool(origins=["192.0.2.1"]), "spectrum_lb_pools[0] (origins)",
     "list of mappings"),
    ("an origin without address", with_origin(address=None), "spectrum_lb_pools[0] (origins)", "address"),
    ("an origin with a blank address", with_origin(address=""), "spectrum_lb_pools[0] (origins)", "address"),
    ("a weight above 1", with_origin(weight=1.5), "spectrum_lb_pools[0] (origins)", "1.5"),
    ("a negative weight", with_origin(weight=-0.1), "spectrum_lb_pools[0] (origins)", "weights"),
    ("a weight as text", with_origin(weight="0.5"), "spectrum_lb_pools[0] (origins)", "weights"),
    ("a weight as bool", with_origin(weight=True), "spectrum_lb_pools[0] (origins)", "weights"),
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
    assert len(problems) == 6, problems
    for variable in ("spectrum_lb_zone", "spectrum_lb_app.dns_name", "spectrum_lb_load_balancer.rules",
                     "spectrum_lb_monitor", "spectrum_lb_pools[0] (a b): the name", "spectrum_lb_pools[0] (a b) needs"):
        assert any(variable in p for p in problems), (variable, problems)


def test_role_problems_does_not_change_its_inputs():
    given = inputs(pools=[{"name": "x y", "origins": [{"address": ""}]}])
    before = copy.deepcopy(given)
    assert role_problems(**given)
    assert given == before
