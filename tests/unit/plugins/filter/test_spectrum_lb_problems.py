# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The spectrum_lb_problems filter: the role's inputs in, the problems (role_problems) out."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.filter.spectrum_lb_problems import FilterModule, spectrum_lb_problems
from ansible_collections.edgeops.cloudflare.plugins.module_utils._tutorial_rules import HOSTNAME_RULE
from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.spectrum_lb import INPUT_KEYS, role_problems

# The filter's EXAMPLES, as the role's validate task passes them.
GOOD = {
    "zone": "example.com",
    "zone_id": None,
    "state": "present",
    "monitor": None,
    "monitor_group": None,
    "pools": [{"name": "origins", "origins": [{"name": "a", "address": "192.0.2.1", "weight": 0.5}]}],
    "load_balancer": {"name": "lb.example.com"},
    "app": {"dns_name": "ssh.example.com"},
}


def test_filter_is_registered_under_its_name():
    assert FilterModule().filters() == {"spectrum_lb_problems": spectrum_lb_problems}


def test_input_keys_are_role_problems_arguments():
    assert set(INPUT_KEYS) == set(GOOD)
    role_problems(**dict((key, GOOD[key]) for key in INPUT_KEYS))  # every key is accepted by role_problems


@pytest.mark.parametrize("given", [
    GOOD,
    dict(GOOD, zone=None, zone_id="0123456789abcdef0123456789abcdef"),
    dict((k, v) for k, v in GOOD.items() if k not in ("zone_id", "state", "monitor", "monitor_group")),  # defaults
    dict(GOOD, monitor_group={"description": "checks", "members": [{"monitor": "tcp"}, {"monitor": "http"}]}),
    dict(GOOD, state="absent", app={}),
])
def test_good_inputs_have_no_problems(given):
    assert spectrum_lb_problems(given) == []


@pytest.mark.parametrize("given, naming", [
    (dict(GOOD, app={"dns_name": "lb.example.com"}), HOSTNAME_RULE),
    (dict(GOOD, load_balancer={"name": "lb.example.com", "rules": [{"name": "r"}]}), "spectrum_lb_load_balancer.rules"),
    (dict(GOOD, pools=[]), "spectrum_lb_pools"),
    (dict(GOOD, zone=None), "spectrum_lb_zone"),
    (dict(GOOD, pools=["origins"]), "spectrum_lb_pools[0]"),
    (dict(GOOD, monitor_group={"description": "checks", "members": []}), "spectrum_lb_monitor_group.members"),
])
def test_bad_inputs_come_back_as_problems(given, naming):
    problems = spectrum_lb_problems(given)
    assert problems == role_problems(**given)
    assert any(naming in p for p in problems), problems


@pytest.mark.parametrize("given, type_name", [
    (None, "NoneType"),
    ("zone=example.com", "str"),
    ([GOOD], "list"),
    (42, "int"),
])
def test_input_that_is_not_a_mapping_is_refused(given, type_name):
    with pytest.raises(AnsibleFilterError) as info:
        spectrum_lb_problems(given)
    assert "expects a mapping" in str(info.value) and type_name in str(info.value)


@pytest.mark.parametrize("extra, named", [
    ({"zones": "example.com"}, "zones"),
    ({"spectrum_lb_zone": "example.com"}, "spectrum_lb_zone"),
    ({"b": 1, "a": 2}, "a, b"),
])
def test_unknown_keys_are_refused_by_name(extra, named):
    with pytest.raises(AnsibleFilterError) as info:
        spectrum_lb_problems(dict(GOOD, **extra))
    message = str(info.value)
    assert "unknown keys %s" % named in message
    assert all(key in message for key in INPUT_KEYS)
