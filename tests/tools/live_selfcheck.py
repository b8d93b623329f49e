#!/usr/bin/env python3
"""`make test-live-selfcheck`: prove `make test-live` against a stand-in account, the emulator in its own process.

1. Start ``python -m tools.emulator`` as a separate process with its own token (not the test suite's
   ``test-token``), an e-mail + key pair, and one zone, ``live.example.org``; by default with
   ``--read-back variant --unique-app-hostnames``: another read-back the contract allows (empty maps left
   out, unset keys as null, ``disabled_at`` present; tools/emulator/README.md) and Spectrum hostnames
   that must be unique, as other implementations of the API answer.
2. Put objects there that the run did not create and must not touch, of every kind (monitors, pools,
   load balancers, Spectrum apps): the tutorial's under their plain names, objects under the exact
   plain names and hostnames the scenarios use (``pool-a``, ``lb.<zone>``, ``multi.<zone>`` ...), and
   objects carrying another run's prefix with the scenarios' labels (``edgeops-t00000000-pool-a``).
3. Snapshot ``/__emulator__/state``.
4. Refusal: run ``make test-live`` with ``CLOUDFLARE_ZONE`` unset; it must exit non-zero, name
   ``CLOUDFLARE_ZONE``, and the emulator must have received no request at all.
5. Run ``make test-live`` with the full environment; it must pass.
6. The state afterwards must equal the snapshot exactly, and every seeded object must still be there
   as it was. Prints tests passed/skipped, the requests the emulator received, and the duration. Logs
   go to .work/live-selfcheck/ (one directory per read-back).

Knobs: ``LIVE_TESTS`` and ``LIVE_ARGS`` in the environment are passed on to ``make test-live`` (e.g.
``LIVE_TESTS=tests/integration/test_cf_lb_pool.py``); ``--credential token|key`` names only the token or
only CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY (default: both); ``--read-back default|variant|both`` picks the
stand-in's read-back (default: variant; ``both`` runs the whole check twice, default first, about twice
as long); ``--no-refusal`` skips step 4.
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
KINDS = ("monitors", "pools", "load_balancers", "spectrum_apps")
# Another run's prefix (edgeops-t<8 hex>-, never this run's: each run draws a new one).
OTHER_RUN = "edgeops-t00000000-"


def say(text):
    print("==> live-selfcheck: %s" % text, flush=True)


class Emulator(object):
    def __init__(self, python, read_back, logs):
        self.logs = logs
        logs.mkdir(parents=True, exist_ok=True)
        port_file = logs / "port"
        if port_file.exists():
            port_file.unlink()
        self.stderr = open(logs / "emulator.log", "w")
        cmd = [python, "-m", "tools.emulator", "--port", "0", "--port-file", str(port_file), "--zones", ZONE,
               "--token", TOKEN, "--email-key", "%s:%s" % (EMAIL, KEY), "--read-back", read_back]
        if read_back != "default":
            cmd.append("--unique-app-hostnames")
        self.proc = subprocess.Popen(cmd, cwd=str(ROOT), stdout=self.stderr, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not port_file.exists():
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit("live-selfcheck: the emulator did not start (see %s)" % (logs / "emulator.log"))
            time.sleep(0.1)
        self.url = "http://127.0.0.1:%s" % port_file.read_text().strip()
        self.base_url = self.url + "/client/v4"
        self.session = requests.Session()
        self.health = self.control("GET", "/health")
        if self.health.get("read_back") != read_back:
            raise SystemExit("live-selfcheck: the emulator answers with read-back %r, not %r"
                             % (self.health.get("read_back"), read_back))

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
    """Objects the run did not make, of every kind: the tutorial's under the names a real account would
    have them, objects under the exact plain names and hostnames the scenarios use, and objects carrying
    another run's prefix with the scenarios' labels. Returns the account id and ``{kind: [id, ...]}``."""
    zone = emu.api("GET", "/zones?name=" + ZONE)[0]
    account = zone["account"]["id"]
    lb_base = "/accounts/%s/load_balancers" % account
    made = {kind: [] for kind in KINDS}

    def monitor(body):
        made["monitors"].append(emu.api("POST", lb_base + "/monitors", body)["id"])
        return made["monitors"][-1]

    def pool(pool_name, **extra):
        body = {"name": pool_name, "origins": [{"name": "o", "address": "192.0.2.99"}]}
        body.update(extra)
        made["pools"].append(emu.api("POST", lb_base + "/pools", body)["id"])
        return made["pools"][-1]

    def lb(label, pool_id, **extra):
        body = {"name": "%s.%s" % (label, ZONE), "default_pools": [pool_id], "fallback_pool": pool_id}
        body.update(extra)
        made["load_balancers"].append(emu.api("POST", "/zones/%s/load_balancers" % zone["id"], body)["id"])

    def app(label, protocol="tcp/22", **extra):
        body = {"dns": {"type": "CNAME", "name": "%s.%s" % (label, ZONE)}, "protocol": protocol,
                "origin_dns": {"name": "cname-to-origin." + ZONE}, "origin_port": int(protocol.split("/")[1])}
        body.update(extra)
        made["spectrum_apps"].append(emu.api("POST", "/zones/%s/spectrum/apps" % zone["id"], body)["id"])

    # the tutorial's objects, as someone set them up by hand
    tutorial_monitor = monitor({"description": "Spectrum Health Check", "type": "tcp", "port": 2048, "interval": 30,
                                "retries": 2, "timeout": 5, "method": "connection_established"})
    tutorial_pool = pool("spectrum-origins", monitor=tutorial_monitor,
                         origins=[{"name": "origin-1", "address": "192.0.2.10", "weight": 0.7},
                                  {"name": "origin-2", "address": "192.0.2.20", "weight": 0.3}])
    lb("cname-to-origin", tutorial_pool, steering_policy="off")
    app("spectrum-cname")
    # the scenarios' plain names and hostnames (the run's own carry its prefix)
    for description in ("tcp check", "web check", "twin", "twin"):
        monitor({"description": description, "type": "tcp", "port": 22, "interval": 30})
    monitor({"description": "switch", "type": "http", "path": "/x", "header": {"Host": ["www." + ZONE]}})
    for pool_name in ("spectrum-ssh-pool", "pool-a", "pool-b", "pool-c", "east", "west", "primary-dc-1"):
        pool(pool_name)
    disabled = pool("spectrum-pool", enabled=False, monitor=tutorial_monitor, latitude=51.5, longitude=-0.1,
                    origins=[{"name": "o1", "address": "192.0.2.1", "enabled": False,
                              "header": {"Host": ["o1." + ZONE]}}])
    lb("lb", disabled, session_affinity="cookie")
    lb("geo", tutorial_pool, steering_policy="geo", region_pools={"WNAM": [tutorial_pool]})
    lb("rules-lb", tutorial_pool, rules=[{"name": "api", "condition": 'http.request.uri.path contains "/api"',
                                          "overrides": {"ttl": 30}}])
    for label in ("ssh", "direct", "static"):
        app(label)
    app("multi", protocol="tcp/53")
    # another run's leftovers: its prefix, the scenarios' labels
    other_monitor = monitor({"description": OTHER_RUN + "Spectrum Health Check", "type": "tcp", "port": 2048})
    other_pool = pool(OTHER_RUN + "pool-a", monitor=other_monitor)
    pool(OTHER_RUN + "spectrum-ssh-pool")
    lb(OTHER_RUN + "lb", other_pool)
    app(OTHER_RUN + "spectrum-cname")
    app(OTHER_RUN + "multi", protocol="udp/53")
    return account, made


def seeded_problems(before, after, made):
    """Each seeded object that is gone or differs afterwards, as a line naming it."""
    def index(state, kind):
        return {o["id"]: o for items in state[kind].values() for o in items}

    problems = []
    for kind in KINDS:
        old, new = index(before, kind), index(after, kind)
        for oid in made[kind]:
            if oid not in new:
                problems.append("%s %s is gone" % (kind, oid))
            elif new[oid] != old[oid]:
                changed = sorted(k for k in set(old[oid]) | set(new[oid]) if old[oid].get(k) != new[oid].get(k))
                problems.append("%s %s changed: %s" % (kind, oid, ", ".join(changed)))
    return problems


def make_test_live(env, log_path, live_args):
    cmd = ["make", "--no-print-directory", "test-live"] + ["%s=%s" % item for item in sorted(live_args.items())]
    started = time.time()
    with open(log_path, "w") as out:
        proc = subprocess.Popen(cmd, cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        lines = []
        for line in proc.stdout:
            out.write(line)
            lines.append(line)
            sys.stdout.write("    | " + line)
        proc.wait()
    return proc.returncode, "".join(lines), time.time() - started


def check(args, read_back, live_args, refusal):
    """One stand-in account with ``read_back``: seed, (refusal), run, compare. Returns the failures."""
    logs = LOGS / read_back
    emu = Emulator(args.python, read_back, logs)
    try:
        say("[%s] emulator (pid %d) at %s, zone %s, its own token and key, read-back %s%s"
            % (read_back, emu.proc.pid, emu.base_url, ZONE, read_back,
               ", unique Spectrum hostnames" if emu.health.get("unique_app_hostnames") else ""))
        account, made = seed(emu)
        before = emu.control("GET", "/state")
        held = {k: sum(len(v) for v in before[k].values()) for k in KINDS}
        say("[%s] objects the run must not touch: %s" % (read_back, held))
        env = {k: v for k, v in os.environ.items() if k not in CF_VARIABLES + ("LIVE_TESTS", "LIVE_ARGS", "MAKEFLAGS")}
        env.update({"CLOUDFLARE_ACCOUNT_ID": account, "CLOUDFLARE_ZONE": ZONE, "CLOUDFLARE_BASE_URL": emu.base_url})
        if args.credential in ("both", "token"):
            env["CLOUDFLARE_API_TOKEN"] = TOKEN
        if args.credential in ("both", "key"):
            env.update({"CLOUDFLARE_EMAIL": EMAIL, "CLOUDFLARE_API_KEY": KEY})

        failures = []
        if refusal:
            emu.control("DELETE", "/log")
            refused_env = dict(env)
            del refused_env["CLOUDFLARE_ZONE"]
            say("[%s] make test-live without CLOUDFLARE_ZONE" % read_back)
            rc, output, _ = make_test_live(refused_env, logs / "refusal.log", live_args)
            sent = emu.control("GET", "/log")["counts"]["total"]
            say("[%s] refusal: exit status %d, names CLOUDFLARE_ZONE: %s, requests the emulator received: %d"
                % (read_back, rc, "CLOUDFLARE_ZONE" in output, sent))
            if rc == 0 or "CLOUDFLARE_ZONE" not in output or sent != 0:
                failures.append("the refusal without CLOUDFLARE_ZONE")

        emu.control("DELETE", "/log")
        say("[%s] make test-live %s(credential: %s)" % (
            read_back, "".join("%s=%s " % item for item in sorted(live_args.items())), args.credential))
        rc, output, duration = make_test_live(env, logs / "run.log", live_args)
        log = emu.control("GET", "/log")
        after = emu.control("GET", "/state")
        summary = [line for line in output.splitlines() if re.match(r"^=+ .*(passed|failed|error).* in ", line)]
        live_line = [line for line in output.splitlines() if line.startswith("live mode: run prefix")]
        counts = log["counts"]
        methods = ", ".join("%s %d" % (m, counts[m]) for m in ("GET", "POST", "PUT", "PATCH", "DELETE") if m in counts)
        statuses = ", ".join("%s: %d" % item for item in sorted(counts["by_status"].items()))
        say("[%s] make test-live: exit status %d in %.0f s" % (read_back, rc, duration))
        say("[%s] pytest: %s" % (read_back, summary[-1].strip("= ") if summary else "no summary line"))
        if live_line:
            say("[%s] %s" % (read_back, live_line[-1]))
        say("[%s] the emulator received %d requests (%s; statuses %s)" % (read_back, counts["total"], methods,
                                                                          statuses))
        problems = seeded_problems(before, after, made)
        say("[%s] objects the run did not create, unchanged: %d of %d (%s)" % (
            read_back, sum(len(v) for v in made.values()) - len(problems), sum(len(v) for v in made.values()),
            ", ".join("%d %s" % (len(made[k]), k) for k in KINDS)))
        for problem in problems:
            say("[%s]   %s" % (read_back, problem))
        equal = after == before
        say("[%s] state after == state before: %s" % (read_back, equal))
        if not equal or problems:
            (logs / "state-before.json").write_text(json.dumps(before, indent=1, sort_keys=True))
            (logs / "state-after.json").write_text(json.dumps(after, indent=1, sort_keys=True))
            failures.append("the emulator's state changed (see %s/state-*.json)" % logs)
        if rc != 0:
            failures.append("make test-live failed")
        return ["[%s] %s" % (read_back, f) for f in failures]
    finally:
        emu.stop()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--credential", choices=("both", "token", "key"), default="both",
                        help="what the environment names: the token and the e-mail + key (default; the modules "
                             "use the token, the e-mail + key scenario runs too), only the token, only the key")
    parser.add_argument("--read-back", choices=("default", "variant", "both"), default="variant",
                        help="the stand-in's read-back: variant (default: another read-back the contract allows, "
                             "and unique Spectrum hostnames), default (the emulator's own shapes), or both in turn")
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    args = parser.parse_args(argv)
    live_args = {k: os.environ[k] for k in ("LIVE_TESTS", "LIVE_ARGS") if os.environ.get(k)}

    read_backs = ("default", "variant") if args.read_back == "both" else (args.read_back,)
    failures = []
    for index, read_back in enumerate(read_backs):
        failures += check(args, read_back, live_args, refusal=index == 0)
    if failures:
        say("FAILED: " + "; ".join(failures))
        return 1
    say("ok (%s; logs in %s)" % (", ".join("read-back %s" % r for r in read_backs), LOGS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
