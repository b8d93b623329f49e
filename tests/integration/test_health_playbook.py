# -*- coding: utf-8 -*-
"""playbooks/health.yml: the fleet's origin health in one table, failing on a down origin when asked."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
HEALTH = REPO / "playbooks" / "health.yml"
ZONES = ("health-a.example.net", "health-b.example.net")
DOWN = "192.0.2.66"


def fleet(emulator, tmp_path):
    """Two zones, each with one monitored pool; zone b's pool has the origin that will go down."""
    monitor = emulator.create("monitors", emulator.account_id,
                              {"description": "tcp check", "type": "tcp", "port": 22, "interval": 30})
    hosts = {}
    for index, zone in enumerate(ZONES):
        emulator.add_zone(zone)
        name = zone.split(".")[0] + "-pool"
        second = DOWN if index else "192.0.2.%d" % (20 + index)
        emulator.create("pools", emulator.account_id, {"name": name, "monitor": monitor["id"], "origins": [
            {"name": "o1", "address": "192.0.2.%d" % (10 + index)}, {"name": "o2", "address": second}]})
        hosts[zone] = {"spectrum_lb_pools": [{"name": name}]}
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"cloudflare_zones": {"hosts": hosts}}))
    return inventory


def test_health_reports_the_origin_that_is_down_and_fails_only_when_asked(emulator, playbook, tmp_path):
    inventory = fleet(emulator, tmp_path)

    run = playbook(HEALTH, inventory=inventory)
    assert run.rc == 0, run
    assert DOWN not in run.stdout

    emulator.mark_unhealthy(DOWN)
    emulator.clear_log()
    run = playbook(HEALTH, inventory=inventory)
    assert run.rc == 0, run
    table = [line for line in run.stdout.splitlines() if DOWN in line]
    assert table and "health-b.example.net" in table[0] and "health-b-pool" in table[0], run.stdout
    assert all(r["method"] == "GET" for r in emulator.log()["requests"]), "health.yml only reads"

    run = playbook(HEALTH, inventory=inventory, extra_vars={"health_fail_on_unhealthy": True})
    assert run.rc != 0, run
    assert DOWN in run.output

    emulator.mark_unhealthy()
    run = playbook(HEALTH, inventory=inventory, extra_vars={"health_fail_on_unhealthy": True})
    assert run.rc == 0, run
