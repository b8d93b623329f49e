#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""The requests of an export and of a no-op apply, for N zones (figures from one run, not assertions).

An existing setup is made through the emulator's public API (as a dashboard or a script would): three monitors
(one with an Authorization header), three pools shared by every zone, and in each of N zones a load balancer and a
Spectrum application whose origin is that load balancer. Then, with real ``ansible-playbook`` runs:

* ``playbooks/export.yml``: its requests (each collection once, the zone list paged);
* ``playbooks/apply.yml --check --diff`` right after: changes and writes (both must be 0);
* ``playbooks/apply.yml``: its requests per zone (the zone's two collections) and per run (the account's
  collections), against the issue's floor of at most 2 per zone plus 4 per run (Terraform refreshes with one GET
  per resource: here 3 + 3 + 2N), and its writes (0).

    .venv/bin/python tests/benchmarks/export_apply.py [--zones 50] [--forks 10]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tools.emulator import Emulator  # noqa: E402
from tools.emulator.control import EmulatorControl  # noqa: E402

RECAP_RE = re.compile(r"^\S+\s*:\s*ok=\d+\s+changed=(\d+)", re.M)


def seed(ctl, zones):
    monitors = [ctl.create("monitors", None, body)["id"] for body in (
        {"description": "api https", "type": "https", "path": "/status", "expected_codes": "2xx",
         "header": {"Authorization": ["Bearer benchmark-secret"]}},
        {"description": "ssh tcp", "type": "tcp", "port": 22, "interval": 30},
        {"description": "ping", "type": "icmp_ping"})]
    pools = [ctl.create("pools", None, {
        "name": "pool-%d" % index, "monitor": monitor, "origin_steering": {"policy": "hash"},
        "origins": [{"name": "o-%d" % n, "address": "192.0.2.%d" % (10 * index + n), "weight": 0.5}
                    for n in (3, 1, 2)]})["id"] for index, monitor in enumerate(monitors)]
    for zone in zones:
        ctl.add_zone(zone)
        ctl.create("load_balancers", zone, {"name": "lb." + zone, "default_pools": pools[:2], "fallback_pool": pools[2],
                                            "steering_policy": "random", "session_affinity": "cookie"})
        ctl.create("spectrum_apps", zone, {"dns": {"type": "CNAME", "name": "ssh." + zone}, "protocol": "tcp/22",
                                           "origin_dns": {"name": "lb." + zone}, "origin_port": 22,
                                           "traffic_type": "direct"})


def run(env, args):
    started = time.monotonic()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook")] + args, cwd=str(REPO),
                          env=env, capture_output=True, text=True)
    return proc, time.monotonic() - started


def figures(ctl):
    log = ctl.log()["requests"]
    paths = [r["path"].split("/client/v4")[-1] for r in log]
    zone_reads = [p for p in paths if p.startswith("/zones/")]
    return {"requests": len(log), "writes": sum(1 for r in log if r["method"] != "GET"),
            "zone_requests": len(zone_reads), "run_requests": len(paths) - len(zone_reads),
            "repeated": len(paths) - len(set(paths))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=50)
    parser.add_argument("--forks", type=int, default=10)
    args = parser.parse_args()
    zones = ["zone-%03d.example.net" % index for index in range(1, args.zones + 1)]

    emu = Emulator(port=0, zones=[]).start()
    ctl = EmulatorControl(emu.url)
    seed(ctl, zones)
    work = Path(tempfile.mkdtemp(prefix="export-apply-"))
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("CLOUDFLARE_", "ANSIBLE_")))
    env.update({"CLOUDFLARE_API_TOKEN": ctl.token, "CLOUDFLARE_ACCOUNT_ID": ctl.account_id,
                "CLOUDFLARE_BASE_URL": ctl.base_url, "CLOUDFLARE_API_RATE_DIR": str(work / "budget"),
                "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"), "ANSIBLE_NOCOLOR": "1",
                "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")})
    inventory = work / "inventory"
    forks = ["--forks", str(args.forks)]
    try:
        rows = []
        for label, playbook_args in (
                ("export", ["playbooks/export.yml", "-e", "export_dir=%s" % inventory]),
                ("apply --check --diff", ["-i", str(inventory), "playbooks/apply.yml", "--check", "--diff"] + forks),
                ("apply (no-op)", ["-i", str(inventory), "playbooks/apply.yml"] + forks)):
            ctl.clear_log()
            proc, elapsed = run(env, playbook_args)
            row = figures(ctl)
            row.update(run=label, rc=proc.returncode, wall=elapsed,
                       changed=sum(int(c) for c in RECAP_RE.findall(proc.stdout)),
                       secret_in_output="benchmark-secret" in proc.stdout + proc.stderr)
            rows.append(row)
            if proc.returncode:
                print(proc.stdout[-3000:], proc.stderr[-2000:])
        print("%d zones, %d forks (emulator, default read-back)" % (args.zones, args.forks))
        print("%-22s %3s %8s %7s %9s %10s %10s %8s %7s %7s" % (
            "run", "rc", "requests", "writes", "per zone", "per run", "repeated", "changed", "secret", "wall s"))
        for row in rows:
            print("%-22s %3d %8d %7d %9.2f %10d %10d %8d %7s %7.1f" % (
                row["run"], row["rc"], row["requests"], row["writes"], row["zone_requests"] / float(args.zones),
                row["run_requests"], row["repeated"], row["changed"], "yes" if row["secret_in_output"] else "no",
                row["wall"]))
        apply_row = rows[-1]
        floor = 2 * args.zones + 4
        print("no-op apply: %d requests = %.2f per zone + %d per run (floor: 2 per zone + 4 per run = %d; "
              "Terraform's refresh: one GET per resource = %d)" % (
                  apply_row["requests"], apply_row["zone_requests"] / float(args.zones), apply_row["run_requests"],
                  floor, 3 + 3 + 2 * args.zones))
    finally:
        emu.stop()


if __name__ == "__main__":
    main()
