#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Fleet rollout under Cloudflare-style rate limiting, measured from the emulator's log.

Starts the emulator with N generated zones and a fixed-window rate limit (Cloudflare's
1,200 requests per 300 s, scaled down so a run takes a minute or two), runs
``playbooks/fleet.yml`` over all zones with ``--forks``, then runs it again, and prints
for each run: total requests, requests per zone, 429s received, wall time, and wall time
divided by the minimum the rate limit allows for that many requests.

    .venv/bin/python tests/benchmarks/fleet_rollout.py --zones 200 --forks 10 --rate-limit 600/30
    .venv/bin/python tests/benchmarks/fleet_rollout.py --zones 50 --no-pacing   # what happens without pacing
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tools.emulator import Emulator  # noqa: E402
from tools.emulator.control import EmulatorControl  # noqa: E402

RECAP_RE = re.compile(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def write_inventory(directory, zones):
    inv = Path(directory) / "fleet"
    (inv / "group_vars").mkdir(parents=True)
    shutil.copy(REPO / "playbooks" / "inventory" / "fleet" / "group_vars" / "cloudflare_zones.yml",
                inv / "group_vars" / "cloudflare_zones.yml")
    hosts = {"cloudflare_zones": {"hosts": dict((z, None) for z in zones)}}
    (inv / "hosts.yml").write_text(yaml.safe_dump(hosts))
    return inv


def minimum_seconds(requests, limit, window):
    """The least wall time a fixed window of ``limit`` per ``window`` s allows for ``requests``."""
    if requests <= limit:
        return 0.0
    return (requests - limit) * window / float(limit)


def run_fleet(env, inventory, forks, extra=()):
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory),
           str(REPO / "playbooks" / "fleet.yml"), "--forks", str(forks)] + list(extra)
    start = time.time()
    proc = subprocess.run(cmd, cwd=str(REPO), env=env, capture_output=True, text=True)
    elapsed = time.time() - start
    recap = [(m.group(1), int(m.group(3)), int(m.group(5))) for m in RECAP_RE.finditer(proc.stdout)]
    return proc, elapsed, recap


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=200)
    parser.add_argument("--forks", type=int, default=10)
    parser.add_argument("--rate-limit", default="600/30", help="X/Y: X requests per Y seconds (emulator and pacing)")
    parser.add_argument("--no-pacing", action="store_true", help="turn the client-side pacing off (api_rate_limit=0)")
    args = parser.parse_args()
    limit, window = (int(x) for x in args.rate_limit.split("/"))

    zones = ["zone-%04d.example.net" % (i + 1) for i in range(args.zones)]
    with tempfile.TemporaryDirectory() as workdir, \
            Emulator(port=0, zones=[], zone_count=args.zones, rate_limit=(limit, window)) as emu:
        ctl = EmulatorControl(emu.url)
        inventory = write_inventory(workdir, zones)
        env = dict(os.environ)
        env.update({
            "CLOUDFLARE_API_TOKEN": ctl.token, "CLOUDFLARE_ACCOUNT_ID": ctl.account_id,
            "CLOUDFLARE_BASE_URL": ctl.base_url, "CLOUDFLARE_API_RATE_DIR": workdir,
            "CLOUDFLARE_API_RATE_LIMIT": "0" if args.no_pacing else str(limit),
            "CLOUDFLARE_API_RATE_WINDOW": str(window),
            "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"),
        })
        print("fleet: %d zones, forks %d, rate limit %d/%ds, pacing %s"
              % (args.zones, args.forks, limit, window, "off" if args.no_pacing else "on"))
        print("%-8s %9s %9s %6s %8s %8s %7s %7s %7s" % ("run", "requests", "per zone", "429s", "wall s",
                                                       "min s", "ratio", "changed", "failed"))
        for label in ("rollout", "re-run"):
            ctl.clear_log()
            proc, elapsed, recap = run_fleet(env, inventory, args.forks)
            log = ctl.log()
            total = len(log["requests"])
            refused = sum(1 for r in log["requests"] if r["status"] == 429)
            floor = minimum_seconds(total, limit, window)
            changed = sum(1 for _h, c, _f in recap if c)
            failed = sum(1 for _h, _c, f in recap if f)
            print("%-8s %9d %9.1f %6d %8.1f %8.1f %7s %7d %7d" % (
                label, total, total / float(args.zones), refused, elapsed, floor,
                ("%.2f" % (elapsed / floor)) if floor else "n/a", changed, failed))
            if proc.returncode != 0 and failed == 0:
                print(proc.stdout[-3000:], proc.stderr[-3000:])


if __name__ == "__main__":
    main()
