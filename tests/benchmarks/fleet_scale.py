#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""The fleet scenarios at full size, measured from the emulator's log (figures from one run, not assertions).

Each scenario runs ``playbooks/fleet.yml`` with zones that share one monitor and one pool (the example inventory's
``shared_origins`` layout), against the in-process emulator rate-limiting like Cloudflare (a fixed window per
credential) at ``--rate-limit`` (default 120 requests per 15 s, Cloudflare's 1,200 per 300 s scaled down), with the
collection's pacing set to the same figures:

* ``shared``: 50 zones, forks 10, one controller;
* ``pair``: two controllers at once (separate ``ansible-playbook`` processes, each with its own TMPDIR, HOME and
  budget directory, as two containers have), 25 zones each, forks 5, one credential;
* ``other``: 50 zones, forks 10, while another client of the same credential sends ``GET /zones`` 3 times a second.

For each: failed zones, monitors and pools in the account, 429s received by the fleet and by the other client (told
apart by the User-Agent the emulator logs), the fleet's requests per zone, the time the modules waited for the
budget (the summary's total: every task's wait added up, so forks waiting at once each count), and wall time.

    .venv/bin/python tests/benchmarks/fleet_scale.py [--scenarios shared,pair,other] [--zones 50] [--rerun]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tools.emulator import Emulator  # noqa: E402
from tools.emulator.control import EmulatorControl  # noqa: E402

GROUP_VARS = REPO / "playbooks" / "inventory" / "fleet" / "group_vars"
FLEET_AGENT = "edgeops.cloudflare/"
OTHER_AGENT = "other-tool/1.0 (same credential)"
TOTALS_RE = re.compile(r'"(\d+) zones?: (\d+) changed \((\d+) changes?[^)]*\), (\d+) unchanged, (\d+) failed'
                       r'[^;]*; tasks waited ([\d.]+) s')


def write_inventory(directory, zones):
    inventory = Path(directory)
    (inventory / "group_vars").mkdir(parents=True)
    for group in ("cloudflare_zones", "shared_origins"):
        shutil.copy(GROUP_VARS / ("%s.yml" % group), inventory / "group_vars" / ("%s.yml" % group))
    hosts = {"cloudflare_zones": {"children": {"shared_origins": {"hosts": dict.fromkeys(zones)}}}}
    (inventory / "hosts.yml").write_text(yaml.safe_dump(hosts))
    return inventory


def controller_env(ctl, root, limit, window):
    """A controller of its own: TMPDIR, HOME and the budget directory are not shared with any other."""
    dirs = dict((name, Path(root) / name) for name in ("home", "tmp", "budget"))
    for path in dirs.values():
        path.mkdir(parents=True, mode=0o700)
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("CLOUDFLARE_", "ANSIBLE_")))
    env.update({
        "CLOUDFLARE_API_TOKEN": ctl.token, "CLOUDFLARE_ACCOUNT_ID": ctl.account_id,
        "CLOUDFLARE_BASE_URL": ctl.base_url, "CLOUDFLARE_API_RATE_DIR": str(dirs["budget"]),
        "CLOUDFLARE_API_RATE_LIMIT": str(limit), "CLOUDFLARE_API_RATE_WINDOW": str(window),
        "HOME": str(dirs["home"]), "TMPDIR": str(dirs["tmp"]),
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"), "ANSIBLE_NOCOLOR": "1",
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    })
    return env


def start_fleet(env, inventory, forks):
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory),
           str(REPO / "playbooks" / "fleet.yml"), "--forks", str(forks)]
    return subprocess.Popen(cmd, cwd=str(REPO), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class OtherUser(threading.Thread):
    def __init__(self, ctl, rate):
        super().__init__(daemon=True)
        self.url = ctl.base_url + "/zones"
        self.headers = {"Authorization": "Bearer %s" % ctl.token, "User-Agent": OTHER_AGENT}
        self.pause = 1.0 / rate
        self.stopped = threading.Event()

    def run(self):
        with requests.Session() as session:
            while not self.stopped.is_set():
                started = time.monotonic()
                try:
                    session.get(self.url, headers=self.headers, timeout=5)
                except requests.RequestException:
                    pass
                self.stopped.wait(max(0.0, self.pause - (time.monotonic() - started)))


def measure(ctl, label, zones, procs, elapsed):
    """One row of figures from the emulator's log and the playbooks' summaries."""
    log = ctl.log()["requests"]
    ours = [r for r in log if (r.get("user_agent") or "").startswith(FLEET_AGENT)]
    theirs = [r for r in log if r.get("user_agent") == OTHER_AGENT]
    state = ctl.state()
    failed, waited, rcs = 0, 0.0, []
    for out, rc in procs:
        rcs.append(rc)
        match = TOTALS_RE.search(out)
        if match is None:
            print("  (no summary found; exit %s)\n%s" % (rc, out[-2000:]))
            failed = "?"
            continue
        if failed != "?":
            failed += int(match.group(5))
        waited += float(match.group(6))
    return {
        "run": label, "zones": len(zones), "failed": failed, "rc": ",".join(str(rc) for rc in rcs),
        "monitors": sum(len(v) for v in state["monitors"].values()),
        "pools": sum(len(v) for v in state["pools"].values()),
        "fleet_429": sum(1 for r in ours if r["status"] == 429), "other_429": sum(1 for r in theirs if r["status"] == 429),
        "fleet_requests": len(ours), "other_requests": len(theirs), "per_zone": len(ours) / float(len(zones)),
        "fleet_writes": sum(1 for r in ours if r["method"] != "GET"),
        "waited": waited, "wall": elapsed,
    }


def run_scenario(ctl, name, zones, limit, window, forks, rerun, workdir):
    ctl.reset(rate_limit="%d/%d" % (limit, window))
    for zone in zones:
        ctl.add_zone(zone)
    rows = []
    controllers = 2 if name == "pair" else 1
    setups = []
    for index in range(controllers):
        root = Path(workdir) / name / ("controller-%d" % index)
        setups.append((controller_env(ctl, root, limit, window), write_inventory(root / "inventory",
                                                                                 zones[index::controllers])))
    fork_count = forks // controllers if name == "pair" else forks
    for label in ("rollout", "re-run") if rerun else ("rollout",):
        ctl.clear_log()
        other = OtherUser(ctl, 3.0) if name == "other" else None
        if other:
            other.start()
            time.sleep(1.0)
        started = time.monotonic()
        procs = [start_fleet(env, inventory, fork_count) for env, inventory in setups]
        outs = [(p.communicate()[0], p.returncode) for p in procs]
        elapsed = time.monotonic() - started
        if other:
            other.stopped.set()
            other.join(10)
        rows.append(measure(ctl, "%s %s" % (name, label), zones, outs, elapsed))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", default="shared,pair,other")
    parser.add_argument("--zones", type=int, default=50)
    parser.add_argument("--forks", type=int, default=10, help="forks of one controller (pair: half each)")
    parser.add_argument("--rate-limit", default="120/15", help="X/Y: X requests per Y s (emulator and pacing)")
    parser.add_argument("--rerun", action="store_true", help="run each scenario a second time (no changes)")
    args = parser.parse_args()
    limit, window = (int(x) for x in args.rate_limit.split("/"))
    zones = ["zone-%04d.example.net" % (i + 1) for i in range(args.zones)]

    print("fleet_scale: %d zones sharing one monitor and one pool, rate limit and pacing %d per %d s"
          % (args.zones, limit, window))
    columns = ("run", "failed", "monitors", "pools", "fleet_429", "other_429", "writes", "per_zone", "waited", "wall")
    print("%-16s %6s %8s %5s %9s %9s %6s %8s %8s %7s  %s" % (columns + ("requests fleet/other, exit",)))
    with tempfile.TemporaryDirectory() as workdir, Emulator(port=0, zones=[]) as emu:
        ctl = EmulatorControl(emu.url)
        for name in args.scenarios.split(","):
            for row in run_scenario(ctl, name, zones, limit, window, args.forks, args.rerun, workdir):
                print("%-16s %6s %8d %5d %9d %9d %6d %8.1f %8.1f %7.1f  %d/%d, %s" % (
                    row["run"], row["failed"], row["monitors"], row["pools"], row["fleet_429"], row["other_429"],
                    row["fleet_writes"], row["per_zone"], row["waited"], row["wall"], row["fleet_requests"], row["other_requests"],
                    row["rc"]))
                sys.stdout.flush()


if __name__ == "__main__":
    main()
