# -*- coding: utf-8 -*-
"""playbooks/fleet.yml: 20 zones, 10 forks, against an emulator that rate-limits like Cloudflare.

The scale itself (hundreds of zones) is measured by tests/benchmarks/fleet_rollout.py; this test proves the
pacing: every run sends several windows' worth of requests and is never refused.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from tests.integration.harness import REPO

pytestmark = pytest.mark.emulator_only("extra zones and the emulator's rate limiter")

FLEET = REPO / "playbooks" / "fleet.yml"
ZONES = ["fleet-%03d.example.net" % i for i in range(1, 21)]
# Cloudflare's 1,200 requests per 300 s, scaled down (8 requests a second) so that 10 unpaced forks would
# exceed it (tests/benchmarks/fleet_rollout.py --zones 20 --rate-limit 40/5 --no-pacing shows the 429s).
LIMIT, WINDOW = 40, 5


def test_fleet_rollout_paces_itself_under_the_rate_limit(emulator, playbook, tmp_path):
    for zone in ZONES:
        emulator.add_zone(zone)
    inventory = tmp_path / "fleet"
    (inventory / "group_vars").mkdir(parents=True)
    shutil.copy(REPO / "playbooks" / "inventory" / "fleet" / "group_vars" / "cloudflare_zones.yml",
                inventory / "group_vars" / "cloudflare_zones.yml")
    (inventory / "hosts.yml").write_text(yaml.safe_dump({"cloudflare_zones": {"hosts": dict.fromkeys(ZONES)}}))
    emulator.rate_limit(LIMIT, WINDOW)
    env = {"CLOUDFLARE_API_RATE_LIMIT": str(LIMIT), "CLOUDFLARE_API_RATE_WINDOW": str(WINDOW)}

    run = playbook(FLEET, inventory=inventory, env=env, extra_args=["--forks", "10"], timeout=600)
    assert run.rc == 0, run
    # the zones, then the summary play on localhost
    assert sorted(run.recap) == sorted(ZONES + ["localhost"])
    zones = [run.recap[zone] for zone in ZONES]
    assert all(h["failed"] == 0 and h["unreachable"] == 0 and h["changed"] > 0 for h in zones)
    summary = [r for r in run.results if r["task"] == "Show the summary"][-1]["result"]["msg"]
    assert len(summary) == len(ZONES) + 1
    assert summary[-1].startswith("20 zones: 20 changed (80 changes), 0 unchanged, 0 failed; "), summary[-1]
    statuses = [r["status"] for r in emulator.log()["requests"]]
    assert 429 not in statuses, "the fleet was rate limited %d times" % statuses.count(429)
    assert len(statuses) > LIMIT * 3, "the test must send well over one window's budget"
    state = emulator.state()
    for kind in ("load_balancers", "spectrum_apps"):
        assert sum(len(v) for v in state[kind].values()) == len(ZONES), kind
    for kind in ("monitors", "pools"):
        assert sum(len(v) for v in state[kind].values()) == len(ZONES), kind

    emulator.clear_log()
    run = playbook(FLEET, inventory=inventory, env=env, extra_args=["--forks", "10"], timeout=600)
    assert run.rc == 0, run
    assert all(h["changed"] == 0 and h["failed"] == 0 for h in run.recap.values()), run.recap
    summary = [r for r in run.results if r["task"] == "Show the summary"][-1]["result"]["msg"]
    assert summary[-1].startswith("20 zones: 0 changed (0 changes), 20 unchanged, 0 failed; "), summary[-1]
    assert 429 not in [r["status"] for r in emulator.log()["requests"]]
    assert emulator.writes() == []
