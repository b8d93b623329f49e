#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""API requests per operation for each module, read from the emulator's request log.

Runs real ``ansible-playbook`` against an in-process emulator: for every module, one
create, one no-op re-run, one update, one delete, and prints how many requests each
operation sent (reads and writes) and the ratio to the minimum the API allows.

    .venv/bin/python tests/benchmarks/api_requests.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tools.emulator import Emulator  # noqa: E402
from tools.emulator.control import EmulatorControl  # noqa: E402

ZONE = "example.com"

# Each scenario: setup objects (made directly on the emulator), then the module arguments for
# create, update and delete. "minimum" is the fewest requests the API needs for that step.
SCENARIOS = [
    {
        "module": "cf_lb_monitor",
        "present": {"description": "Spectrum Health Check", "type": "tcp", "port": 2048, "interval": 30,
                    "retries": 2, "timeout": 5, "method": "connection_established"},
        "update": {"interval": 60},
        "absent": {"description": "Spectrum Health Check", "state": "absent"},
        # create: list + POST; no-op: list; update: list + PATCH; delete: list + references + DELETE
        "minimum": {"create": 2, "no-op": 1, "update": 2, "delete": 3},
    },
    {
        "module": "cf_lb_pool",
        "setup": [("monitors", "account", {"description": "bench monitor", "type": "tcp", "port": 22})],
        "present": {"name": "bench-pool", "monitor": "bench monitor",
                    "origins": [{"name": "origin-b", "address": "192.0.2.2", "weight": 0.4},
                                {"name": "origin-a", "address": "192.0.2.1", "weight": 0.6}]},
        "update": {"origins": [{"name": "origin-b", "address": "192.0.2.2", "weight": 0.5},
                               {"name": "origin-a", "address": "192.0.2.1", "weight": 0.6}]},
        "absent": {"name": "bench-pool", "state": "absent"},
        # the monitor given by description costs one monitor-list read
        "minimum": {"create": 3, "no-op": 2, "update": 3, "delete": 3},
    },
    {
        "module": "cf_load_balancer",
        "setup": [("pools", "account", {"name": "bench-a", "origins": [{"name": "a", "address": "192.0.2.1"}]}),
                  ("pools", "account", {"name": "bench-b", "origins": [{"name": "b", "address": "192.0.2.2"}]})],
        "present": {"zone": ZONE, "name": "lb.example.com", "default_pools": ["bench-a", "bench-b"],
                    "fallback_pool": "bench-b", "steering_policy": "off", "proxied": True},
        "update": {"steering_policy": "random"},
        "absent": {"zone": ZONE, "name": "lb.example.com", "state": "absent"},
        # zone lookup + LB list + pool list (+ the Spectrum list before a create or rename) + write
        "minimum": {"create": 5, "no-op": 3, "update": 4, "delete": 3},
    },
    {
        "module": "cf_spectrum_app",
        "present": {"zone": ZONE, "dns": {"type": "CNAME", "name": "spectrum-cname.example.com"},
                    "protocol": "tcp/22", "tls": "off", "proxy_protocol": False, "ip_firewall": False,
                    "origin_dns": {"name": "cname-to-origin.example.com", "ttl": 1200}, "origin_port": 22},
        "update": {"tls": "full"},
        "absent": {"zone": ZONE, "dns": {"type": "CNAME", "name": "spectrum-cname.example.com"},
                   "state": "absent"},
        # zone lookup + app list (+ LB list before a write) + write
        "minimum": {"create": 4, "no-op": 2, "update": 4, "delete": 3},
    },
]


def run_playbook(module, args, env, workdir, name):
    book = Path(workdir) / ("%s.yml" % name)
    play = [{"name": name, "hosts": "localhost", "connection": "local", "gather_facts": False,
             "tasks": [{"name": name, "edgeops.cloudflare.%s" % module: args}]}]
    book.write_text(yaml.safe_dump(play, sort_keys=False))
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), str(book)],
                          cwd=str(REPO), env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit("%s failed:\n%s\n%s" % (name, proc.stdout[-2000:], proc.stderr[-2000:]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--modules", help="comma-separated subset of modules")
    args = parser.parse_args()
    wanted = set(args.modules.split(",")) if args.modules else None
    modules_dir = REPO / "plugins" / "modules"

    rows = []
    with Emulator(port=0) as emu, tempfile.TemporaryDirectory() as workdir:
        ctl = EmulatorControl(emu.url)
        env = dict(os.environ)
        env.update({
            "CLOUDFLARE_API_TOKEN": ctl.token, "CLOUDFLARE_ACCOUNT_ID": ctl.account_id,
            "CLOUDFLARE_BASE_URL": ctl.base_url, "CLOUDFLARE_API_RATE_DIR": workdir,
            "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"),
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        })
        for scenario in SCENARIOS:
            module = scenario["module"]
            if wanted and module not in wanted:
                continue
            if not (modules_dir / ("%s.py" % module)).exists():
                continue
            ctl.reset(rate_limit=None)
            for kind, scope, body in scenario.get("setup", []):
                ctl.create(kind, ctl.account_id if scope == "account" else ctl.zone_id(ZONE), body)
            steps = [("create", scenario["present"]), ("no-op", scenario["present"]),
                     ("update", dict(scenario["present"], **scenario["update"])), ("delete", scenario["absent"])]
            for step, module_args in steps:
                ctl.clear_log()
                run_playbook(module, module_args, env, workdir, "%s-%s" % (module, step))
                log = ctl.requests()
                reads = sum(1 for r in log if r["method"] == "GET")
                writes = len(log) - reads
                minimum = scenario["minimum"][step]
                rows.append({"module": module, "operation": step, "requests": len(log), "reads": reads,
                             "writes": writes, "minimum": minimum, "ratio": round(len(log) / float(minimum), 2),
                             "calls": ["%s %s" % (r["method"], r["path"].split("/client/v4", 1)[-1]) for r in log]})

    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("%-18s %-8s %8s %6s %7s %8s %6s" % ("module", "op", "requests", "reads", "writes", "minimum", "ratio"))
    for row in rows:
        print("%-18s %-8s %8d %6d %7d %8d %6.2f" % (row["module"], row["operation"], row["requests"],
                                                    row["reads"], row["writes"], row["minimum"], row["ratio"]))
    total = sum(r["requests"] for r in rows)
    minimum = sum(r["minimum"] for r in rows)
    print("total requests %d, minimum %d, ratio %.2f" % (total, minimum, total / float(minimum or 1)))


if __name__ == "__main__":
    main()
