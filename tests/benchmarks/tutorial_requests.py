#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""API requests per zone of the tutorial through the role, read from the emulator's log (figures, not assertions).

Runs ``playbooks/tutorial.yml`` (the spectrum_load_balancer role with the tutorial's values: one monitor, one pool,
one load balancer, one Spectrum app in one zone) against the in-process emulator with Cloudflare's own rate limit
configured (1,200 requests per 300 s), so the rate-limit headers flow and the modules' pacing reads them as it would
against Cloudflare. Prints the requests of a create run and of a no-op re-run (then a teardown, for information),
against the floors the collection is held to and what a hand-written ``ansible.builtin.uri`` playbook sends.

    .venv/bin/python tests/benchmarks/tutorial_requests.py [--calls]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tools.emulator import Emulator  # noqa: E402
from tools.emulator.control import EmulatorControl  # noqa: E402

# The most requests per zone the collection may send (the floors), and what a playbook of
# ansible.builtin.uri tasks that knows every id in advance sends (the figures): no look-up of its own,
# and no idempotence beyond what the API gives.
FLOOR = {"create": 11, "no-op": 5}
URI_PLAYBOOK = {"create": 9, "no-op": 5}
RUNS = (("create", "tutorial.yml"), ("no-op", "tutorial.yml"), ("teardown", "teardown.yml"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", action="store_true", help="list each request")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, Emulator(port=0, rate_limit=(1200, 300)) as emu:
        ctl = EmulatorControl(emu.url)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("CLOUDFLARE_", "ANSIBLE_")))
        env.update({
            "CLOUDFLARE_API_TOKEN": ctl.token, "CLOUDFLARE_ACCOUNT_ID": ctl.account_id,
            "CLOUDFLARE_BASE_URL": ctl.base_url, "CLOUDFLARE_API_RATE_DIR": workdir,
            "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"), "HOME": workdir,
        })
        print("tutorial through the role, one zone; emulator rate limit 1200/300 s (headers on every answer)")
        print("%-9s %8s %5s %6s %5s %6s %5s  %s" % ("run", "requests", "GETs", "writes", "429s", "floor", "uri",
                                                  "changed"))
        for label, book in RUNS:
            ctl.clear_log()
            proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
                                   str(REPO / "playbooks" / book)], cwd=str(REPO), env=env, capture_output=True,
                                  text=True)
            if proc.returncode != 0:
                raise SystemExit("%s failed:\n%s\n%s" % (book, proc.stdout[-3000:], proc.stderr[-2000:]))
            log = ctl.log()["requests"]
            recap = [line for line in proc.stdout.splitlines() if line.startswith("localhost")]
            changed = recap[-1].split("changed=")[1].split()[0] if recap else "?"
            gets = sum(1 for r in log if r["method"] == "GET")
            print("%-9s %8d %5d %6d %5d %6s %5s  %s" % (
                label, len(log), gets, len(log) - gets, sum(1 for r in log if r["status"] == 429),
                FLOOR.get(label, "-"), URI_PLAYBOOK.get(label, "-"), changed))
            if args.calls:
                for r in log:
                    print("    %s %s%s -> %s" % (r["method"], r["path"].split("/client/v4", 1)[-1],
                                                 "?" + r["query"] if r["query"] else "", r["status"]))


if __name__ == "__main__":
    main()
