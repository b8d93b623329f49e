# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tutorial's cross-object rules (_rules), each from both sides, and the role's input checks."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._tutorial_rules import (
    CUSTOM_RULES_RULE,
    HOSTNAME_RULE,
    apps_named,
    apps_using_origin,
    check_load_balancer_name,
    check_load_balancer_rules,
    check_spectrum_hostname,
    check_spectrum_origin,
    load_balancer_named,
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
