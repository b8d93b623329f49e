# -*- coding: utf-8 -*-
"""playbooks/fleet.yml at scale, scaled down for CI: zones sharing one monitor and one pool, two controllers at
once, another user of the same credential, the budget file's safety, and the rollout summary.

The emulator rate-limits like Cloudflare (a fixed window per credential; once the quota is spent every call gets a
429 until the window ends) at a few dozen requests per few seconds instead of 1,200 per 300 s, and the collection's
pacing is set to the same figures (CLOUDFLARE_API_RATE_LIMIT / CLOUDFLARE_API_RATE_WINDOW). The full-size
scenarios are tests/benchmarks/fleet_scale.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import yaml

from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import throttle_from_params
from tests.integration.conftest import PlaybookRun, base_env

REPO = Path(__file__).resolve().parents[2]
FLEET = REPO / "playbooks" / "fleet.yml"
GROUP_VARS = REPO / "playbooks" / "inventory" / "fleet" / "group_vars"
# The collection's modules announce themselves so; anything else in the log is another client.
FLEET_AGENT = "edgeops.cloudflare/"
OTHER_AGENT = "other-tool/1.0 (same credential)"
WAITED_RE = re.compile(r"Waited (\d+\.\d) s before sending requests to the Cloudflare API: (.+?)\.\s*$", re.M)
# Scaled down from Cloudflare's 1,200 requests per 300 s to 30 per 5 s: with the default reserve (10) a rollout of
# six zones (about 9 requests each) needs three windows. Sizes are small because each module run costs about a
# second of the CI machine's two cores; the behaviour does not depend on them.
LIMIT, WINDOW = 30, 5


def zones(prefix, count):
    return ["%s-%02d.example.net" % (prefix, i) for i in range(1, count + 1)]


def shared_inventory(directory, names, own=()):
    """The example inventory's layout: ``names`` share one monitor and one pool, ``own`` have their own."""
    inventory = Path(directory)
    (inventory / "group_vars").mkdir(parents=True)
    for group in ("cloudflare_zones", "shared_origins"):
        shutil.copy(GROUP_VARS / ("%s.yml" % group), inventory / "group_vars" / ("%s.yml" % group))
    children = {"shared_origins": {"hosts": dict.fromkeys(names)}}
    if own:
        children["own_origins"] = {"hosts": dict.fromkeys(own)}
    (inventory / "hosts.yml").write_text(yaml.safe_dump({"cloudflare_zones": {"children": children}}))
    return inventory


def pacing(limit=LIMIT, window=WINDOW, **extra):
    env = {"CLOUDFLARE_API_RATE_LIMIT": str(limit), "CLOUDFLARE_API_RATE_WINDOW": str(window)}
    env.update(extra)
    return env


def fleet_entries(log):
    return [r for r in log["requests"] if (r.get("user_agent") or "").startswith(FLEET_AGENT)]


def count(emulator, kind):
    return sum(len(v) for v in emulator.state()[kind].values())


def summary_lines(run):
    """The summary the last play printed: its lines, by zone, and the totals line."""
    record = [r for r in run.results if r["task"] == "Show the summary"]
    assert record, run
    lines = record[-1]["result"]["msg"]
    return dict((line.split()[0], line) for line in lines[:-1]), lines[-1]


def zone_recap(run, names):
    assert set(names) <= set(run.recap), run
    return dict((name, run.recap[name]) for name in names)


def test_zones_sharing_one_monitor_and_one_pool_with_forks(emulator, playbook, tmp_path):
    names = zones("shared", 6)
    for name in names:
        emulator.add_zone(name)
    emulator.rate_limit(LIMIT, WINDOW)
    inventory = shared_inventory(tmp_path / "inventory", names)

    run = playbook(FLEET, inventory=inventory, env=pacing(), extra_args=["--forks", "4"], timeout=600)
    assert run.rc == 0, run
    assert all(h["failed"] == 0 and h["unreachable"] == 0 for h in zone_recap(run, names).values()), run.recap
    log = emulator.log()
    statuses = [r["status"] for r in log["requests"]]
    assert 429 not in statuses, "rate limited %d times" % statuses.count(429)
    assert len(statuses) > LIMIT, "the rollout must need more than one window's quota"
    assert count(emulator, "monitors") == 1 and count(emulator, "pools") == 1
    assert count(emulator, "load_balancers") == len(names) and count(emulator, "spectrum_apps") == len(names)
    by_zone, totals = summary_lines(run)
    assert sorted(by_zone) == sorted(names)
    # one zone created the shared monitor and pool, every other zone found them
    assert sum("monitor created" in line for line in by_zone.values()) == 1, by_zone
    assert sum("pools created" in line for line in by_zone.values()) == 1, by_zone
    assert all("load balancer created, app created" in line for line in by_zone.values()), by_zone
    assert totals.startswith("6 zones: 6 changed (14 changes), 0 unchanged, 0 failed; "), totals

    emulator.clear_log()
    again = playbook(FLEET, inventory=inventory, env=pacing(), extra_args=["--forks", "4"], timeout=600)
    assert again.rc == 0, again
    assert all(h["changed"] == 0 and h["failed"] == 0 for h in zone_recap(again, names).values()), again.recap
    assert emulator.writes() == []
    assert 429 not in [r["status"] for r in emulator.log()["requests"]]
    by_zone, totals = summary_lines(again)
    assert all(line.split()[1] == "unchanged" for line in by_zone.values()), by_zone
    assert totals.startswith("6 zones: 0 changed (0 changes), 6 unchanged, 0 failed; "), totals


def test_zones_leave_one_by_one_and_shared_objects_go_with_the_last(emulator, playbook, tmp_path):
    """Three zones share one monitor and one pool: one zone leaves alone (its app and load balancer go, the
    shared pool and monitor are kept and reported with their users), then the other two leave in one run
    with forks (everything goes, once, no failure). Check mode predicts each step exactly and writes nothing."""
    names = zones("leave", 3)
    for name in names:
        emulator.add_zone(name)
    inventory = shared_inventory(tmp_path / "inventory", names)
    assert playbook(FLEET, inventory=inventory, extra_args=["--forks", "3"], timeout=600).rc == 0
    assert (count(emulator, "monitors"), count(emulator, "pools")) == (1, 1)
    absent = {"fleet_state": "absent"}
    first, rest = names[0], names[1:]

    # the first zone leaves: check mode, then the real run, say and do the same
    for check in (True, False):
        emulator.clear_log()
        run = playbook(FLEET, inventory=inventory, check=check, extra_vars=absent,
                       extra_args=["--limit", "%s,localhost" % first], timeout=600)
        assert run.rc == 0, run
        by_zone, totals = summary_lines(run)
        line = by_zone[first]
        assert "monitor kept, pools kept, load balancer deleted, app deleted" in line, line
        kept_pool = line.split("kept pool 'spectrum-shared-primary' (used by ", 1)[1].split(")", 1)[0]
        assert sorted(kept_pool.split(", ")) == sorted("load_balancer lb.%s" % z for z in rest), line
        assert "kept monitor 'Spectrum Health Check (shared)' (used by pool spectrum-shared-primary)" in line, line
        assert totals.endswith("2 shared objects kept while other objects use them"), totals
        writes = [(w["method"], w["path"].split("/")[-2]) for w in emulator.writes()]
        assert writes == ([] if check else [("DELETE", "apps"), ("DELETE", "load_balancers")]), writes
    assert (count(emulator, "monitors"), count(emulator, "pools"), count(emulator, "load_balancers")) == (1, 1, 2)

    # the other two leave in one run with forks: check mode predicts every delete, the real run does them once
    emulator.clear_log()
    plan = playbook(FLEET, inventory=inventory, check=True, extra_vars=absent,
                    extra_args=["--forks", "2", "--limit", "%s,localhost" % ",".join(rest)], timeout=600)
    assert plan.rc == 0, plan
    by_zone, totals = summary_lines(plan)
    assert all("load balancer deleted, app deleted" in by_zone[z] for z in rest), by_zone
    # the shared pool and monitor are one zone's to delete (the first in play order); the other skips them
    owners = [z for z in rest if "monitor deleted, pools deleted" in by_zone[z]]
    assert len(owners) == 1, by_zone
    assert all("monitor skipped, pools skipped" in by_zone[z] for z in rest if z not in owners), by_zone
    assert "kept" not in totals and emulator.writes() == []
    run = playbook(FLEET, inventory=inventory, extra_vars=absent,
                   extra_args=["--forks", "2", "--limit", "%s,localhost" % ",".join(rest)], timeout=600)
    assert run.rc == 0, run
    assert summary_lines(run)[0] == by_zone  # the run did, zone by zone, what check mode predicted
    assert all(h["failed"] == 0 for h in zone_recap(run, rest).values()), run.recap
    deletes = sorted(w["path"].split("/")[-2] for w in emulator.writes())
    assert deletes == ["apps", "apps", "load_balancers", "load_balancers", "monitors", "pools"], deletes
    assert sum(count(emulator, kind) for kind in ("monitors", "pools", "load_balancers", "spectrum_apps")) == 0


def test_a_failed_zone_is_in_the_summary_and_fails_the_run(emulator, playbook, tmp_path):
    good = zones("good", 2)
    for name in good:
        emulator.add_zone(name)
    missing = "missing.example.net"  # in the inventory, not in the account
    inventory = shared_inventory(tmp_path / "inventory", good, own=[missing])

    run = playbook(FLEET, inventory=inventory, extra_args=["--forks", "3"])
    assert run.rc != 0, run
    # every zone ran to its end (the failed one was rescued for the summary), the summary play failed the run
    assert all(run.recap[name]["failed"] == 0 for name in good + [missing]), run.recap
    assert run.recap["localhost"]["failed"] == 1
    by_zone, totals = summary_lines(run)
    assert by_zone[missing].split()[1] == "failed"
    assert "monitor created, pools created, load balancer failed, app not run" in by_zone[missing]
    assert "FAILED at Load balancer in front of the pools: zone 'missing.example.net' was not found" in by_zone[missing]
    assert all(by_zone[name].split()[1] == "changed" for name in good)
    assert totals.startswith("3 zones: 2 changed (") and "1 failed (missing.example.net)" in totals, totals
    final = run.task("Fail the run when a zone failed")
    assert final["status"] == "failed" and final["result"]["msg"] == "1 of 3 zones failed: missing.example.net"


def controller_env(emulator, root, name):
    """What a separate container running ansible-playbook has: its own TMPDIR, HOME and budget directory."""
    home, tmp, budget = (root / name / d for d in ("home", "tmp", "budget"))
    for directory in (home, tmp, budget, tmp / "ansible-tmp"):
        directory.mkdir(parents=True, exist_ok=True)
    budget.chmod(0o700)
    env = base_env(emulator, root / name)
    env.update(pacing(), HOME=str(home), TMPDIR=str(tmp), CLOUDFLARE_API_RATE_DIR=str(budget),
               ANSIBLE_LOCAL_TEMP=str(tmp / "ansible-tmp"), JSON_RESULTS_FILE=str(root / name / "results.json"))
    return env


def test_two_controllers_at_once_share_the_credential(emulator, tmp_path):
    names = zones("pair", 8)
    for name in names:
        emulator.add_zone(name)
    emulator.rate_limit(LIMIT, WINDOW)
    procs = {}
    for index, name in enumerate(("controller-a", "controller-b")):
        env = controller_env(emulator, tmp_path, name)
        inventory = shared_inventory(tmp_path / name / "inventory", names[index::2])
        cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", str(inventory), str(FLEET),
               "--forks", "3"]
        procs[name] = subprocess.Popen(cmd, cwd=str(REPO), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True)
    runs = {}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=600)
        results = json.loads((tmp_path / name / "results.json").read_text())
        runs[name] = PlaybookRun(proc.returncode, out, err, results)
    for name, run in runs.items():
        assert run.rc == 0, (name, run)
        assert all(h["failed"] == 0 for h in run.recap.values()), (name, run.recap)
    statuses = [r["status"] for r in emulator.log()["requests"]]
    assert 429 not in statuses, "rate limited %d times" % statuses.count(429)
    assert len(statuses) > 2 * LIMIT, "the two rollouts must need more than two windows' quota"
    assert count(emulator, "monitors") == 1 and count(emulator, "pools") == 1
    assert count(emulator, "load_balancers") == len(names)


class OtherUser(threading.Thread):
    """Another client of the same credential (a script, the dashboard): ``GET /zones`` about ``rate`` times a second."""

    def __init__(self, emulator, rate=3.0):
        super().__init__(daemon=True)
        self.url = emulator.base_url + "/zones"
        self.headers = {"Authorization": "Bearer %s" % emulator.token, "User-Agent": OTHER_AGENT}
        self.pause = 1.0 / rate
        self.stopped = threading.Event()
        self.sent = 0

    def run(self):
        with requests.Session() as session:
            while not self.stopped.is_set():
                started = time.monotonic()
                try:
                    session.get(self.url, headers=self.headers, timeout=5)
                except requests.RequestException:
                    pass
                self.sent += 1
                self.stopped.wait(max(0.0, self.pause - (time.monotonic() - started)))


def test_another_user_of_the_credential_throughout_a_rollout(emulator, playbook, tmp_path):
    names = zones("busy", 6)
    for name in names:
        emulator.add_zone(name)
    # at 3 requests a second the other user spends 15 of each 5 s window; 60 leave the fleet room to work
    limit = 60
    emulator.rate_limit(limit, WINDOW)
    inventory = shared_inventory(tmp_path / "inventory", names)
    other = OtherUser(emulator)
    other.start()
    try:
        time.sleep(1.0)  # the other user is already at it when the rollout starts
        run = playbook(FLEET, inventory=inventory, env=pacing(limit), extra_args=["--forks", "4"], timeout=600)
    finally:
        other.stopped.set()
        other.join(10)
    assert run.rc == 0, run
    log = emulator.log()
    ours = fleet_entries(log)
    theirs = [r for r in log["requests"] if r.get("user_agent") == OTHER_AGENT]
    assert len(ours) + len(theirs) == len(log["requests"]), "every request is the fleet's or the other user's"
    assert len(theirs) >= 3 * 5, "the other user kept sending during the rollout"
    assert [r for r in ours if r["status"] == 429] == [], "the fleet was rate limited"
    assert count(emulator, "monitors") == 1 and count(emulator, "pools") == 1
    assert count(emulator, "spectrum_apps") == len(names)


def budget_path(emulator, directory, limit=None, window=None):
    """The budget file the modules use for this credential, named by the collection's own function."""
    environ = {"CLOUDFLARE_API_RATE_DIR": str(directory)}
    if limit is not None:
        environ.update(pacing(limit, window))
    budget = throttle_from_params({"api_token": emulator.token, "base_url": emulator.base_url}, environ=environ)
    return Path(budget.path)


MONITOR_TASK = {"name": "one monitor", "edgeops.cloudflare.cf_lb_monitor": {
    "description": "budget check", "type": "tcp", "port": 2048}}


def test_a_booking_an_hour_ahead_does_not_hold_a_run_back(emulator, playbook, tmp_path):
    emulator.rate_limit(1200, 300)  # Cloudflare's own figures, so the rate-limit headers flow
    path = budget_path(emulator, tmp_path)  # the default pacing: 1,200 per 300 s
    ahead = time.time() + 3600
    path.write_text(json.dumps({"sent": [ahead] * 1200, "seen": {"remaining": 0, "reset_at": ahead, "at": ahead,
                                                                 "quota": 1200, "window": 300}}))
    path.chmod(0o600)
    started = time.monotonic()
    run = playbook([MONITOR_TASK])
    elapsed = time.monotonic() - started
    assert run.rc == 0 and run.result("one monitor")["changed"] is True, run
    assert elapsed < 20, "the run waited %.0f s for a booking an hour ahead" % elapsed
    assert "Waited" not in run.output
    assert "api_waited" not in run.result("one monitor")
    # the module used this very file: the impossible bookings are gone, its own are there
    state = json.loads(path.read_text())
    assert state["sent"] and max(state["sent"]) < time.time() + 60
    assert state["seen"]["quota"] == 1200 and state["seen"]["remaining"] < 1200


def test_a_run_that_waited_says_how_long_and_why(emulator, playbook, tmp_path):
    emulator.rate_limit(5, 4)
    tasks = [{"name": "monitors", "edgeops.cloudflare.cf_lb_monitor": {
        "description": "wait check {{ item }}", "type": "tcp", "port": 2048}, "loop": [1, 2, 3]}]
    # limit 5 per 4 s, and a reserve of 1 (the default keeps at least 10 back, more than this whole quota)
    run = playbook(tasks, env=pacing(5, 4, CLOUDFLARE_API_RATE_RESERVE="1"))
    assert run.rc == 0, run
    waits = WAITED_RE.findall(run.output)
    assert waits, run
    seconds, why = waits[0]
    assert 1.0 <= float(seconds) <= 5.0
    assert why.startswith("the account has 1 of 5 requests left in this window (the API's Ratelimit header"), why
    waited = [item.get("api_waited", 0) for item in run.result("monitors")["results"]]
    assert sum(waited) >= 1.0, waited
    assert 429 not in [r["status"] for r in emulator.log()["requests"]]
