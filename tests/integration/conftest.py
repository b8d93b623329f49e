# -*- coding: utf-8 -*-
"""Harness for integration tests: real ``ansible-playbook`` runs against the emulator."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.integration import target as targets

REPO = Path(__file__).resolve().parents[2]
CALLBACKS = Path(__file__).resolve().parent / "callback_plugins"
RECAP_RE = re.compile(r"^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)", re.M)


class PlaybookRun(object):
    def __init__(self, rc, stdout, stderr, results):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.results = results
        self.recap = {}
        for m in RECAP_RE.finditer(stdout):
            self.recap[m.group(1)] = dict(ok=int(m.group(2)), changed=int(m.group(3)),
                                          unreachable=int(m.group(4)), failed=int(m.group(5)),
                                          skipped=int(m.group(6)))

    @property
    def output(self):
        return self.stdout + self.stderr

    def task(self, name=None, index=None):
        """The result record of one task (by name, or by position among module tasks)."""
        records = [r for r in self.results if r["action"] not in ("ansible.builtin.debug", "debug")]
        if name is not None:
            found = [r for r in records if r["task"] == name]
            assert found, "no task named %r in %s" % (name, [r["task"] for r in records])
            return found[-1]
        return records[index if index is not None else -1]

    def result(self, name=None, index=None):
        return self.task(name, index)["result"]

    @property
    def changed(self):
        return sum(h["changed"] for h in self.recap.values())

    @property
    def failed(self):
        return sum(h["failed"] for h in self.recap.values())

    def __repr__(self):
        return "<PlaybookRun rc=%s recap=%s>\n%s\n%s" % (self.rc, self.recap, self.stdout[-3000:], self.stderr[-2000:])


def base_env(target, tmp_path):
    """The environment of one ansible-playbook run: only the target's CLOUDFLARE_* settings.

    ``target`` is the emulator (its token) or, in live mode, the live account's credential with the
    recording proxy as base URL and one pacing budget directory for the whole session.
    """
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("CLOUDFLARE_") or name.startswith("ANSIBLE_"):
            del env[name]
    env.update(target.credentials_env())
    env.update({
        "CLOUDFLARE_ACCOUNT_ID": target.account_id,
        "CLOUDFLARE_BASE_URL": target.base_url,
        "CLOUDFLARE_API_RATE_DIR": str(target.rate_dir or tmp_path),
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / ".collections"),
        "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACKS),
        "ANSIBLE_CALLBACKS_ENABLED": "json_results",
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
    })
    return env


@pytest.fixture(scope="session")
def live_target(tmp_path_factory):
    """Live mode: the LiveTarget for the session (recording proxy started, zone and account checked).

    At the end everything carrying the run prefix is deleted; anything left over fails the session.
    """
    mode = targets.mode()
    if not mode.live:
        pytest.skip("needs --live")
    live = targets.LiveTarget(mode.settings, mode.names, rate_dir=tmp_path_factory.mktemp("cloudflare-budget"))
    try:
        live.start()
    except targets.LiveTargetError as exc:
        live.stop()
        pytest.exit("live mode: refusing to run: %s" % exc, returncode=2)
    try:
        yield live
    finally:
        try:
            leftovers = live.sweep()
        finally:
            targets.LIVE_STATS.update(prefix=mode.names.prefix, module_requests=live.proxy.total,
                                      harness_requests=live.api_requests)
            live.stop()
        targets.LIVE_STATS["leftovers"] = leftovers
        assert not leftovers, "live mode: objects of this run (prefix %s) could not be removed: %s" % (
            mode.names.prefix, leftovers)


@pytest.fixture
def target(request):
    """Where a scenario runs: the ``emulator`` fixture, or (``--live``) the session's LiveTarget.

    In live mode each test starts with an empty request log, and afterwards, pass or fail, every
    object of this run in the kinds the test may have created in is deleted.
    """
    if not targets.mode().live:
        yield request.getfixturevalue("emulator")
        return
    live = request.getfixturevalue("live_target")
    live.touched_kinds()
    live.clear_log()
    yield live
    leftovers = live.sweep_touched()
    assert not leftovers, "live mode: cleanup after the test left %s" % leftovers


@pytest.fixture
def playbook(target, tmp_path):
    """Run tasks (or a playbook file) with ``ansible-playbook`` and return a :class:`PlaybookRun`.

    ``run(tasks, check=False, diff=False, env=None, verbosity=0, extra_args=())``: ``tasks`` is a
    list of task dicts for a localhost play, or a path to a playbook file.
    """
    counter = {"n": 0}

    def run(tasks, check=False, diff=False, env=None, verbosity=0, extra_args=(), extra_vars=None,
            inventory=None, timeout=300):
        counter["n"] += 1
        if isinstance(tasks, (str, Path)):
            book = Path(tasks)
        else:
            book = tmp_path / ("play%d.yml" % counter["n"])
            play = {"name": "test", "hosts": "localhost", "connection": "local", "gather_facts": False,
                    "tasks": tasks}
            book.write_text(yaml.safe_dump([play], sort_keys=False))
        results_file = tmp_path / ("results%d.json" % counter["n"])
        run_env = base_env(target, tmp_path)
        run_env["JSON_RESULTS_FILE"] = str(results_file)
        (tmp_path / "ansible-tmp").mkdir(exist_ok=True)
        if env:
            for key, value in env.items():
                if value is None:
                    run_env.pop(key, None)
                else:
                    run_env[key] = value
        cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), str(book)]
        if inventory:
            cmd += ["-i", str(inventory)]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        if verbosity:
            cmd.append("-" + "v" * verbosity)
        if extra_vars:
            cmd += ["-e", json.dumps(extra_vars)]
        cmd += list(extra_args)
        proc = subprocess.run(cmd, cwd=str(REPO), env=run_env, capture_output=True, text=True, timeout=timeout)
        results = json.loads(results_file.read_text()) if results_file.exists() else []
        return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, results)

    return run


@pytest.fixture
def awx_credential_env():
    """``render(inputs)``: the environment this project's AWX credential type injects for ``inputs``,
    rendered as AWX renders it (tests/tools/check_awx_credential_type.py)."""
    from tests.tools import check_awx_credential_type as awx

    inputs, injectors = awx.load(str(REPO))
    return lambda credential: awx.render_env(inputs, injectors, credential)
