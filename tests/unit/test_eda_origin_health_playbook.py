# -*- coding: utf-8 -*-
"""playbooks/origin_health.yml's decision, rendered with Ansible's own templating, without an API.

The playbook's set_fact templates (the pool's health table and what to do) are rendered for a pool read and an
event, as the play renders them: which origin is matched to which health report entry (addresses compared as
the event source compares them), what is disabled or enabled, and the safety step that enables a pool's disabled
origins when it has no healthy enabled origin left. The playbook run against the emulator, and under
ansible-rulebook, is in tests/integration/test_eda_rulebook.py.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar, trust_as_template

from ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source import pool_health

PLAYBOOK = Path(__file__).resolve().parents[2] / "playbooks" / "origin_health.yml"
POOL_ID = "17b5962d775c646f3f9725cbc7a53df4"


def decision_vars():
    play = yaml.safe_load(PLAYBOOK.read_text())[0]
    task = next(t for t in play["tasks"] if "origin_health_decision" in t.get("ansible.builtin.set_fact", {}))
    return task["vars"]


def render(expression, variables):
    templar = Templar(loader=DataLoader(), variables=variables)
    return templar.template(trust_as_template(expression))


def address_key(address):
    table = decision_vars()["origin_health_table"]
    macro = table[:table.index("{%- endmacro -%}") + len("{%- endmacro -%}")]
    return render(macro + "{{ address_key(value) }}", {"value": address})


@pytest.mark.parametrize("address", [
    "2001:db8:0::5", "2001:DB8::5", "2001:0db8:0000:0000:0000:0000:0000:0005", "::", "::1", "1::", "fe80::0001",
    "2001:db8::1:0:0:1", "2001:0:0:1:0:0:0:1", "1:0:0:2:0:0:0:3", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
    "2001:db8::192.0.2.1", "192.0.2.1", "Web.Example.COM", "origin-1.example.net", "bad::1::2", "12345::1",
    "1:2:3:4:5:6:7::8", "::1.2.3", " 2001:db8::5 "])
def test_the_playbook_compares_addresses_as_the_event_source_does(address):
    if address == "2001:db8::192.0.2.1" and "." in ipaddress.ip_address(address).compressed:
        pytest.skip("this Python writes an embedded IPv4 address dotted")
    assert address_key(address) == pool_health.address_key(address)


def report(**origins):
    """A health report of two PoPs, each finding these origin addresses healthy (True) or not (False)."""
    return {"pop_health": {pop: {"healthy": any(origins.values()),
                                 "origins": [{address: {"healthy": healthy}} for address, healthy in origins.items()]}
                           for pop in ("Amsterdam, NL", "Los Angeles, CA")}}


def origin(name, address, enabled=True):
    return {"name": name, "address": address, "enabled": enabled, "weight": 1}


def decide(origins, health, origin_name, healthy, act=True, **pool):
    pool = dict({"id": POOL_ID, "name": "web-pool", "origins": origins, "health": health}, **pool)
    event = {"pool": {"id": POOL_ID}, "origin": None if origin_name is None else {"name": origin_name},
             "healthy": healthy}
    variables = {"origin_health_read": {"pools": [pool]}, "origin_health_event": event,
                 "origin_health_disable_unhealthy": act}
    variables.update({name: trust_as_template(value) for name, value in decision_vars().items()})
    rows = render("{{ origin_health_table }}", variables)
    return render("{{ origin_health_choice }}", variables), {r["name"]: r["state"] for r in rows}


# Cloudflare leaves a disabled origin out of the health report: web-2 (disabled) is in no report below.
def test_an_origin_going_down_with_no_healthy_one_left_enables_the_disabled_origins():
    choice, states = decide([origin("web-1", "192.0.2.10"), origin("web-2", "192.0.2.20", enabled=False)],
                            report(**{"192.0.2.10": False}), "web-1", False)
    assert states == {"web-1": "down", "web-2": "unknown"}
    assert (choice["action"], choice["origins"]) == ("enable", ["web-2"])
    assert choice["reason"] == ("no enabled origin of the pool is healthy: enabling the disabled web-2 so Cloudflare"
                                " checks them again")


def test_the_pool_going_down_runs_the_same_safety_step():
    choice, _states = decide([origin("web-1", "192.0.2.10"), origin("web-2", "192.0.2.20", enabled=False),
                              origin("web-3", "192.0.2.30", enabled=False)],
                             report(**{"192.0.2.10": False}), None, False)
    assert (choice["action"], choice["origins"], choice["origin"]) == ("enable", ["web-2", "web-3"], None)


def test_the_safety_step_reports_only_unless_told():
    choice, _states = decide([origin("web-1", "192.0.2.10"), origin("web-2", "192.0.2.20", enabled=False)],
                             report(**{"192.0.2.10": False}), None, False, act=False)
    assert choice["action"] == "none"
    assert choice["reason"] == ("no enabled origin of the pool is healthy; report only:"
                                " origin_health_disable_unhealthy would enable web-2")


def test_a_pool_with_a_healthy_enabled_origin_keeps_its_disabled_ones_disabled():
    origins = [origin("web-1", "192.0.2.10"), origin("web-2", "192.0.2.20", enabled=False),
               origin("web-3", "192.0.2.30")]
    health = report(**{"192.0.2.10": False, "192.0.2.30": True})
    choice, _states = decide(origins, health, None, False)
    assert (choice["action"], choice["reason"]) == ("none", "the pool has 1 healthy enabled origin(s)")
    choice, _states = decide(origins, health, "web-1", False)
    assert (choice["action"], choice["origins"]) == ("disable", ["web-1"])


def test_the_pools_minimum_origins_counts():
    origins = [origin("web-1", "192.0.2.10"), origin("web-2", "192.0.2.20"), origin("web-3", "192.0.2.30")]
    choice, _states = decide(origins, report(**{"192.0.2.10": False, "192.0.2.20": True, "192.0.2.30": True}),
                             "web-1", False, minimum_origins=2)
    assert (choice["action"], choice["origins"]) == ("disable", ["web-1"])
    choice, _states = decide(origins, report(**{"192.0.2.10": False, "192.0.2.20": False, "192.0.2.30": True}),
                             "web-1", False, minimum_origins=2)
    assert choice["action"] == "none" and "fewer than the 2 the pool needs" in choice["reason"]
    # with web-3 disabled and one healthy origin for a minimum of two, the safety step enables web-3
    origins[2]["enabled"] = False
    choice, _states = decide(origins, report(**{"192.0.2.10": False, "192.0.2.20": True}), None, False,
                             minimum_origins=2)
    assert (choice["action"], choice["origins"]) == ("enable", ["web-3"])


def test_an_origin_is_matched_to_its_report_however_its_address_is_written():
    choice, states = decide([origin("web-1", "2001:DB8:0::5"), origin("web-2", "Web.Example.com")],
                            report(**{"2001:db8::5": False, "web.example.com": True}), "web-1", False)
    assert states == {"web-1": "down", "web-2": "healthy"}
    assert (choice["action"], choice["origins"]) == ("disable", ["web-1"])


def test_an_origin_healthy_again_is_enabled_and_never_on_a_pool_event():
    choice, _states = decide([origin("web-1", "192.0.2.10"), origin("web-2", "192.0.2.20", enabled=False)],
                             report(**{"192.0.2.10": True, "192.0.2.20": True}), "web-2", True)
    assert (choice["action"], choice["origins"]) == ("enable", ["web-2"])
