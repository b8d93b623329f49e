# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A pool's health report as verdicts (_health.health_verdicts) and what changed between two (_health.compare)."""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._health import compare, health_verdicts
from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import unhealthy_origins

AMS, LAX, SIN = "Amsterdam, NL", "Los Angeles, CA", "Singapore, SG"


def check(pool_healthy, **origins):
    """One PoP's check: the pool's flag and {address: flag} (addresses written with _ for .)."""
    return {"healthy": pool_healthy, "origins": [{a.replace("_", "."): {"healthy": h, "rtt": "1ms"}}
                                                 for a, h in origins.items()]}


def verdict(healthy, *pops):
    return {"healthy": healthy, "pops": list(pops)}


def test_an_origin_any_pop_sees_down_is_unhealthy_with_those_pops():
    report = {AMS: check(True, a_1=True, b_2=False), LAX: check(True, a_1=True, b_2=True),
              SIN: check(False, a_1=False, b_2=False)}
    found = health_verdicts(report)
    assert found == {"pool": verdict(False, SIN),
                     "origins": {"a.1": verdict(False, SIN), "b.2": verdict(False, AMS, SIN)}}
    # the same reading as the *_info modules' unhealthy_origins
    assert sorted(a for a, v in found["origins"].items() if v["healthy"] is False) == unhealthy_origins(report.values())


def test_all_pops_healthy_is_healthy_with_no_pops():
    assert health_verdicts({AMS: check(True, a_1=True), LAX: check(True, a_1=True)}) == {
        "pool": verdict(True), "origins": {"a.1": verdict(True)}}


def test_an_empty_or_odd_report_knows_nothing():
    assert health_verdicts({}) == {"pool": verdict(None), "origins": {}}
    assert health_verdicts(None) == {"pool": verdict(None), "origins": {}}
    odd = {AMS: "down", LAX: {"healthy": "yes", "origins": ["x", {"c.3": "bad"}, {"d.4": {"healthy": None}}]}}
    assert health_verdicts(odd) == {"pool": verdict(None), "origins": {"d.4": verdict(None)}}


def test_a_pop_that_leaves_an_origin_out_does_not_count():
    found = health_verdicts({AMS: check(True, a_1=True), LAX: {"healthy": True, "origins": []}})
    assert found["origins"] == {"a.1": verdict(True)}


def test_first_sight_is_a_change_from_nothing():
    seen = health_verdicts({AMS: check(True, a_1=True, b_2=False)})
    changes, after = compare(None, seen)
    assert changes == [{"origin": None, "healthy": True, "previous": None, "pops": []},
                       {"origin": "a.1", "healthy": True, "previous": None, "pops": []},
                       {"origin": "b.2", "healthy": False, "previous": None, "pops": [AMS]}]
    assert after == seen


def test_only_a_flip_is_a_change():
    known = compare(None, health_verdicts({AMS: check(True, a_1=True, b_2=True)}))[1]
    # b.2 goes down in one PoP: one change
    changes, known = compare(known, health_verdicts({AMS: check(True, a_1=True, b_2=False)}))
    assert changes == [{"origin": "b.2", "healthy": False, "previous": True, "pops": [AMS]}]
    # another PoP sees it down too: still down, no change
    changes, known = compare(known, health_verdicts({AMS: check(True, a_1=True, b_2=False),
                                                     LAX: check(True, a_1=True, b_2=False)}))
    assert changes == []
    assert known["origins"]["b.2"] == verdict(False, AMS, LAX)
    # back up
    changes, known = compare(known, health_verdicts({AMS: check(True, a_1=True, b_2=True)}))
    assert changes == [{"origin": "b.2", "healthy": True, "previous": False, "pops": []}]


def test_a_silent_report_changes_nothing_and_forgets_nothing():
    known = compare(None, health_verdicts({AMS: check(False, a_1=False)}))[1]
    changes, after = compare(known, health_verdicts({}))
    assert changes == [] and after == known
    # an origin the report leaves out (a disabled origin) keeps its last verdict
    changes, after = compare(known, health_verdicts({AMS: {"healthy": False, "origins": []}}))
    assert changes == [] and after["origins"]["a.1"] == verdict(False, AMS)


def test_the_pool_itself_changes_like_an_origin():
    known = compare(None, health_verdicts({AMS: check(True, a_1=True)}))[1]
    changes, _after = compare(known, health_verdicts({AMS: check(False, a_1=False)}))
    assert changes == [{"origin": None, "healthy": False, "previous": True, "pops": [AMS]},
                       {"origin": "a.1", "healthy": False, "previous": True, "pops": [AMS]}]
