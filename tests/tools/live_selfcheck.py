#!/usr/bin/env python3
"""`make test-live-selfcheck`: prove `make test-live` against a stand-in account, the emulator in its own process.

1. Start ``python -m tools.emulator`` as a separate process with its own token (not the test suite's
   ``test-token``), an e-mail + key pair, and one zone, ``live.example.org``.
2. Put objects there that the run did not create and must not touch: the tutorial's monitor, pool,
   load balancer and Spectrum app under their plain names, and a pool carrying another run's prefix.
3. Snapshot ``/__emulator__/state``.
4. Refusal: run ``make test-live`` with ``CLOUDFLARE_ZONE`` unset; it must exit non-zero, name
   ``CLOUDFLARE_ZONE``, and the emulator must have received no request at all.
5. Run ``make test-live`` with the full environment; it must pass.
6. The state afterwards must equal the snapshot exactly. Prints tests passed/skipped, the requests
   the emulator received, and the duration. Logs go to .work/live-selfcheck/.

Knobs: ``LIVE_TESTS`` and ``LIVE_ARGS`` in the environment are passed on to ``make test-live`` (e.g.
``LIVE_TESTS=tests/integration/test_cf_lb_pool.py``); ``--credential token|key`` names only the token or
only CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY (default: both).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / ".work" / "live-selfcheck"
ZONE = "live.example.org"
TOKEN = "live-selfcheck-token-5f1c"
EMAIL, KEY = "maintainer@live.example.org", "live-selfcheck-key-8b2e"
CF_VARIABLES = ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_ACCOUNT_ID",
                "CLOUDFLARE_ZONE", "CLOUDFLARE_BASE_URL")


def say(text):
    print("==> live-selfcheck: %s" % text, flush=True)


class Emulator(object):
    def __init__(self, python):
        LOGS.mkdir(parents=True, exist_ok=True)
        port_file = LOGS / "port"
        if port_file.exists():
            port_file.unlink()
        self.stderr = open(LOGS / "emulator.log", "w")
        self.proc = subprocess.Popen(
            [python, "-m", "tools.emulator", "--port", "0", "--port-file", str(port_file), "--zones", ZONE,
             "--token", TOKEN, "--email-key", "%s:%s" % (EMAIL, KEY)],
            cwd=str(ROOT), stdout=self.stderr, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not port_file.exists():
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit("live-selfcheck: the emulator did not start (see %s)" % (LOGS / "emulator.log"))
            time.sleep(0.1)
        self.url = "http://127.0.0.1:%s" % port_file.read_text().strip()
        self.base_url = self.url + "/client/v4"
        self.session = requests.Session()
        self.health = self.control("GET", "/health")

    def control(self, method, path):
        resp = self.session.request(method, self.url + "/__emulator__" + path, timeout=30)
        resp.raise_for_status()
        return resp.json()

    def api(self, method, path, body=None):
        resp = self.session.request(method, self.base_url + path, json=body, timeout=30,
                                    headers={"Authorization": "Bearer " + TOKEN})
        data = resp.json()
        if not data.get("success"):
            raise SystemExit("live-selfcheck: seeding %s %s failed: %s" % (method, path, data.get("errors")))
        return data["result"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()


def seed(emu):
    """Objects the run did not make: the tutorial's, under the names a real account would have them."""
    zone = emu.api("GET", "/zones?name=" + ZONE)[0]
    account = zone["account"]["id"]
    lb_base = "/accounts/%s/load_balancers" % account
    monitor = emu.api("POST", lb_base + "/monitors", {
        "description": "Spectrum Health Check", "type": "tcp", "port": 2048, "interval": 30, "retries": 2,
        "timeout": 5, "method": "connection_established"})
    pool = emu.api("POST", lb_base + "/pools", {
        "name": "spectrum-origins", "monitor": monitor["id"],
        "origins": [{"name": "origin-1", "address": "192.0.2.10", "weight": 0.7},
                    {"name": "origin-2", "address": "192.0.2.20", "weight": 0.3}]})
    emu.api("POST", lb_base + "/pools", {   # another run's leftover: a prefix that is not this run's
        "name": "edgeops-t00000000-pool-a", "origins": [{"name": "o", "address": "192.0.2.99"}]})
    emu.api("POST", "/zones/%s/load_balancers" % zone["id"], {
        "name": "cname-to-origin." + ZONE, "default_pools": [pool["id"]], "fallback_pool": pool["id"],
        "steering_policy": "off"})
    emu.api("POST", "/zones/%s/spectrum/apps" % zone["id"], {
        "dns": {"type": "CNAME", "name": "spectrum-cname." + ZONE}, "protocol": "tcp/22",
        "origin_dns": {"name": "cname-to-origin." + ZONE}, "origin_port": 22})
    return account


def make_test_live(env, log_name, live_args):
    cmd = ["make", "--no-print-directory", "test-live"] + ["%s=%s" % item for item in sorted(live_args.items())]
    started = time.time()
    with open(LOGS / log_name, "w") as out:
        proc = subprocess.Popen(cmd, cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        lines = []
        for line in proc.stdout:
            out.write(line)
            lines.append(line)
            sys.stdout.write("    | " + line)
        proc.wait()
    return proc.returncode, "".join(lines), time.time() - started


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--credential", choices=("both", "token", "key"), default="both",
                        help="what the environment names: the token and the e-mail + key (default; the modules "
                             "use the token, the e-mail + key scenario runs too), only the token, only the key")
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    args = parser.parse_args(argv)
    live_args = {k: os.environ[k] for k in ("LIVE_TESTS", "LIVE_ARGS") if os.environ.get(k)}

    emu = Emulator(args.python)
    try:
        say("emulator (pid %d) at %s, zone %s, its own token and key" % (emu.proc.pid, emu.base_url, ZONE))
        account = seed(emu)
        before = emu.control("GET", "/state")
        kinds = ("monitors", "pools", "load_balancers", "spectrum_apps")
        held = {k: sum(len(v) for v in before[k].values()) for k in kinds}
        say("objects the run must not touch: %s" % held)
        env = {k: v for k, v in os.environ.items() if k not in CF_VARIABLES + ("LIVE_TESTS", "LIVE_ARGS", "MAKEFLAGS")}
        env.update({"CLOUDFLARE_ACCOUNT_ID": account, "CLOUDFLARE_ZONE": ZONE, "CLOUDFLARE_BASE_URL": emu.base_url})
        if args.credential in ("both", "token"):
            env["CLOUDFLARE_API_TOKEN"] = TOKEN
        if args.credential in ("both", "key"):
            env.update({"CLOUDFLARE_EMAIL": EMAIL, "CLOUDFLARE_API_KEY": KEY})

        failures = []
        # --- the refusal
        emu.control("DELETE", "/log")
        refused_env = dict(env)
        del refused_env["CLOUDFLARE_ZONE"]
        say("make test-live without CLOUDFLARE_ZONE")
        rc, output, _ = make_test_live(refused_env, "refusal.log", live_args)
        sent = emu.control("GET", "/log")["counts"]["total"]
        say("refusal: exit status %d, names CLOUDFLARE_ZONE: %s, requests the emulator received: %d"
            % (rc, "CLOUDFLARE_ZONE" in output, sent))
        if rc == 0 or "CLOUDFLARE_ZONE" not in output or sent != 0:
            failures.append("the refusal without CLOUDFLARE_ZONE")

        # --- the run
        emu.control("DELETE", "/log")
        say("make test-live %s(credential: %s)" % ("".join("%s=%s " % item for item in sorted(live_args.items())),
                                                   args.credential))
        rc, output, duration = make_test_live(env, "run.log", live_args)
        log = emu.control("GET", "/log")
        after = emu.control("GET", "/state")
        summary = [line for line in output.splitlines() if re.match(r"^=+ .*(passed|failed|error).* in ", line)]
        live_line = [line for line in output.splitlines() if line.startswith("live mode: run prefix")]
        counts = log["counts"]
        methods = ", ".join("%s %d" % (m, counts[m]) for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if m in counts)
        statuses = ", ".join("%s: %d" % item for item in sorted(counts["by_status"].items()))
        say("make test-live: exit status %d in %.0f s" % (rc, duration))
        say("pytest: %s" % (summary[-1].strip("= ") if summary else "no summary line"))
        if live_line:
            say(live_line[-1])
        say("the emulator received %d requests (%s; statuses %s)" % (counts["total"], methods, statuses))
        equal = after == before
        say("state after == state before: %s" % equal)
        if not equal:
            (LOGS / "state-before.json").write_text(json.dumps(before, indent=1, sort_keys=True))
            (LOGS / "state-after.json").write_text(json.dumps(after, indent=1, sort_keys=True))
            failures.append("the emulator's state changed (see %s/state-*.json)" % LOGS)
        if rc != 0:
            failures.append("make test-live failed")
        if failures:
            say("FAILED: " + "; ".join(failures))
            return 1
        say("ok (logs in %s)" % LOGS)
        return 0
    finally:
        emu.stop()


if __name__ == "__main__":
    sys.exit(main())
