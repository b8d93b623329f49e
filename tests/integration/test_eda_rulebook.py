# -*- coding: utf-8 -*-
"""The example rulebook under ansible-rulebook, and its playbook, against the emulator.

ansible-rulebook (it needs Java 17) runs extensions/eda/rulebooks/origin_health.yml as users do, by its
collection name, with the connection in CLOUDFLARE_* and origin_health_disable_unhealthy on: an origin of a
two-origin pool goes down and the playbook disables it, leaving the healthy origin enabled and every weight,
port and header as it was; the origin comes back and is enabled again (what the first poll reports healthy
triggers nothing). An origin already down when the rulebook starts is disabled too (emit_initial), and when
the pool then goes down the playbook enables the origin it disabled again (the safety step). The playbook
alone (ansible-playbook, the event as an extra var) covers what it refuses: the pool's last healthy origin,
report-only by default.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml


pytestmark = pytest.mark.emulator_only("drives the emulator's origin health")

REPO = Path(__file__).resolve().parents[2]
UP = "192.0.2.10"
DOWN = "192.0.2.20"
PLAYBOOK = REPO / "playbooks" / "origin_health.yml"
JAVA_HOME = os.environ.get("JAVA_HOME") or "/usr/lib/jvm/java-17-openjdk-amd64"


@pytest.fixture
def web_pool(emulator):
    monitor = emulator.create("monitors", None, {"description": "web check", "type": "http", "path": "/health"})
    return emulator.create("pools", None, {"name": "web-pool", "monitor": monitor["id"], "origins": [
        {"name": "web-1", "address": UP, "weight": 0.7, "header": {"Host": ["www.example.com"]}},
        {"name": "web-2", "address": DOWN, "weight": 0.3, "port": 8080}]})


def origins(emulator, pool_id):
    return {o["name"]: o for o in emulator.get("pools", pool_id)["origins"]}


def wait_until(check, timeout, what, proc=None, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.2)
    raise AssertionError("%s did not happen within %d s\n%s" % (what, timeout, log.read_text()[-6000:] if log else ""))


def rulebook_env(emulator, tmp_path):
    """The environment of the ansible-rulebook run: the emulator's CLOUDFLARE_* settings (as the playbook runs'
    in conftest.base_env), this checkout's collection, Java 17."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLOUDFLARE_", "ANSIBLE_"))}
    env.update(emulator.credentials_env())
    env.update({
        "CLOUDFLARE_ACCOUNT_ID": emulator.account_id,
        "CLOUDFLARE_BASE_URL": emulator.base_url,
        "CLOUDFLARE_API_RATE_DIR": str(tmp_path),
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"),
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        "JAVA_HOME": JAVA_HOME,
    })
    (tmp_path / "ansible-tmp").mkdir(exist_ok=True)
    return env


@contextlib.contextmanager
def rulebook_running(emulator, tmp_path):
    """ansible-rulebook running the rulebook on web-pool, polled every second, acting; yields (process, log)."""
    rulebook = shutil.which("ansible-rulebook", path=os.path.dirname(sys.executable))
    if rulebook is None or not Path(JAVA_HOME, "bin", "java").exists():
        pytest.skip("needs ansible-rulebook (requirements-dev.txt) and Java 17 (JAVA_HOME=%s)" % JAVA_HOME)
    (tmp_path / "inventory.yml").write_text("all:\n  hosts:\n    localhost:\n      ansible_connection: local\n")
    (tmp_path / "vars.yml").write_text(yaml.safe_dump({
        "origin_health_pools": ["web-pool"], "origin_health_interval": 1, "origin_health_disable_unhealthy": True}))
    log = tmp_path / "ansible-rulebook.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [rulebook, "--rulebook", "edgeops.cloudflare.origin_health", "-i", str(tmp_path / "inventory.yml"),
             "--vars", str(tmp_path / "vars.yml")],
            cwd=str(tmp_path), env=rulebook_env(emulator, tmp_path), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        yield proc, log
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def test_rulebook_disables_the_origin_that_goes_down_and_enables_it_when_it_recovers(emulator, web_pool, tmp_path):
    before = origins(emulator, web_pool["id"])
    health_path = "/pools/%s/health" % web_pool["id"]
    started = time.monotonic()
    with rulebook_running(emulator, tmp_path) as (proc, log):
        # the source has read the pool's health twice: it knows the origin is healthy (the first poll's
        # events, all healthy with previous null, trigger nothing: see the writes below)
        wait_until(lambda: len(emulator.requests("GET", health_path)) >= 2, 60, "two polls", proc, log)
        ready = time.monotonic()
        emulator.mark_unhealthy(DOWN)
        wait_until(lambda: origins(emulator, web_pool["id"])["web-2"]["enabled"] is False, 60,
                   "web-2 disabled", proc, log)
        disabled = time.monotonic()
        after = origins(emulator, web_pool["id"])
        assert after["web-1"]["enabled"] is True
        for name in ("web-1", "web-2"):
            assert {k: v for k, v in after[name].items() if k not in ("enabled", "disabled_at")} == \
                {k: v for k, v in before[name].items() if k != "enabled"}
        emulator.mark_unhealthy()
        wait_until(lambda: origins(emulator, web_pool["id"])["web-2"]["enabled"] is True, 60,
                   "web-2 enabled again", proc, log)
        enabled = time.monotonic()
    assert origins(emulator, web_pool["id"]) == {
        name: {k: v for k, v in origin.items() if k != "disabled_at"} for name, origin in before.items()}
    writes = emulator.writes()
    # two writes of the pool, each sending only its origins
    assert [(w["path"].rsplit("/", 1)[-1], sorted(w["body"])) for w in writes] == [(web_pool["id"], ["origins"])] * 2
    assert all(w["method"] in ("PATCH", "PUT") for w in writes), writes
    output = log.read_text()
    assert "action: disable (it is down and web-1 healthy)" in output
    assert "action: enable (it is healthy again)" in output
    assert emulator.token not in output
    print("\nansible-rulebook: source polling %.1f s after start; origin disabled %.1f s after it went down, "
          "enabled %.1f s after it came back; %.1f s in all"
          % (ready - started, disabled - ready, enabled - disabled, time.monotonic() - started))


def test_rulebook_handles_an_origin_down_at_start_and_enables_it_again_when_the_pool_goes_down(
        emulator, web_pool, tmp_path):
    before = origins(emulator, web_pool["id"])
    emulator.mark_unhealthy(DOWN)                   # down before the rulebook starts
    with rulebook_running(emulator, tmp_path) as (proc, log):
        # the first poll's event (healthy: false, previous: null) goes the same way as a change
        wait_until(lambda: origins(emulator, web_pool["id"])["web-2"]["enabled"] is False, 60,
                   "web-2 disabled", proc, log)
        assert origins(emulator, web_pool["id"])["web-1"]["enabled"] is True
        # web-1 goes down too: the pool has no healthy enabled origin, so the origin the playbook disabled (which
        # real Cloudflare would no longer check) is enabled again rather than leaving the pool without one
        emulator.mark_unhealthy(UP, DOWN)
        wait_until(lambda: origins(emulator, web_pool["id"])["web-2"]["enabled"] is True, 60,
                   "web-2 enabled again", proc, log)
        # both events of that poll (the pool, then web-1) have run their playbook
        wait_until(lambda: log.read_text().count("PLAY RECAP") >= 3, 60, "three playbook runs", proc, log)
    assert origins(emulator, web_pool["id"]) == {
        name: {k: v for k, v in origin.items() if k != "disabled_at"} for name, origin in before.items()}
    assert len(emulator.writes()) == 2
    output = log.read_text()
    assert "pool web-pool (%s): origin web-2 is down" % web_pool["id"] in output
    assert "action: disable (it is down and web-1 healthy)" in output
    assert "pool web-pool (%s): the pool is down" % web_pool["id"] in output
    assert ("action: enable (no enabled origin of the pool is healthy: enabling the disabled web-2 so Cloudflare"
            " checks them again)") in output
    assert "action: none (no other enabled origin of the pool is healthy, so it stays enabled)" in output


def event_vars(pool, healthy, origin="web-2", **extra):
    extra.update({"origin_health_event": {"type": "pool_health", "pool": {"id": pool["id"], "name": pool["name"]},
                                          "origin": {"name": origin, "address": DOWN}, "healthy": healthy}})
    return extra


def test_playbook_never_disables_the_pools_last_healthy_origin(emulator, web_pool, playbook):
    # both down: disabling web-2 would leave the pool without a healthy enabled origin (and Cloudflare does not
    # check a disabled one, so it would never be seen coming back)
    emulator.mark_unhealthy(UP, DOWN)
    emulator.clear_log()
    run = playbook(PLAYBOOK, extra_vars=event_vars(web_pool, False, origin_health_disable_unhealthy=True))
    assert run.rc == 0, run
    assert "action: none (no other enabled origin of the pool is healthy, so it stays enabled)" in run.stdout, run
    assert emulator.writes() == []
    # web-1 is back: now web-2 would be disabled (check mode: it says so and writes nothing; the rulebook test
    # above makes the change for real)
    emulator.mark_unhealthy(DOWN)
    run = playbook(PLAYBOOK, check=True, extra_vars=event_vars(web_pool, False, origin_health_disable_unhealthy=True))
    assert run.rc == 0 and run.changed == 1 and emulator.writes() == [], run
    assert "action: disable (it is down and web-1 healthy)" in run.stdout


def test_playbook_reports_only_unless_told_and_checks_the_event(emulator, web_pool, playbook):
    emulator.mark_unhealthy(DOWN)
    emulator.clear_log()
    run = playbook(PLAYBOOK, extra_vars=event_vars(web_pool, False))
    assert run.rc == 0, run
    assert "report only: origin_health_disable_unhealthy would disable it" in run.stdout
    assert "web-2   192.0.2.20  yes         0.3  down     Amsterdam, NL; Los Angeles, CA" in run.stdout
    assert emulator.writes() == []
    run = playbook(PLAYBOOK, extra_vars={"origin_health_event": {"pool": {"id": web_pool["id"]}}})
    assert run.rc != 0 and "origin_health_event must be a pool_health event of an origin" in run.stdout
