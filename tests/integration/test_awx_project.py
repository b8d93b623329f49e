# -*- coding: utf-8 -*-
"""An AWX job, reproduced offline: this repository as an AWX project (SCM type git), no ``make``.

What AWX does for a job whose project is this repository:
* the project update checks the repository out (here: every file git would hand over, links kept as
  links) and installs ``collections/requirements.yml`` if there is one (we ship none) into a
  ``requirements_collections`` directory;
* the job runs ``ansible-playbook`` from the project directory with the collections path set to that
  directory, then the project's ``ansible.cfg`` ``collections_path``, then the defaults;
* the credential's injectors put its environment variables in place; nothing else is set up.
The collection must then resolve from the checkout itself (the committed
``.collections/ansible_collections/edgeops/cloudflare`` link), and the modules must run on the
controller's Python (the play's ``ansible_playbook_python``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import PlaybookRun
from tests.integration.harness import REPO

pytestmark = pytest.mark.emulator_only("runs the tutorial with its own example.com names")

VENV_BIN = os.path.dirname(sys.executable)


def project_checkout(dest: Path) -> Path:
    """The files an SCM project update brings: tracked and unignored files, symlinks as symlinks."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src, target = REPO / rel, dest / rel
        if not src.is_symlink() and not src.exists():
            continue  # deleted in the work tree, not yet committed
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), target)
        else:
            shutil.copy2(src, target)
    return dest


def awx_job_env(tmp_path: Path, project: Path, credential_env: dict) -> dict:
    """The environment of an AWX job: AWX's collections path, a fresh HOME, the credential's variables."""
    home = tmp_path / "home"
    home.mkdir()
    requirements_collections = tmp_path / "requirements_collections"
    requirements_collections.mkdir()
    collections_path = os.pathsep.join([str(requirements_collections), str(project / ".collections"),
                                        str(home / ".ansible" / "collections"), "/usr/share/ansible/collections"])
    env = {
        "PATH": VENV_BIN + os.pathsep + "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(tmp_path),
        "LANG": "C.UTF-8",
        # older AWX releases set the plural name, newer ones the singular; set both, as either may run
        "ANSIBLE_COLLECTIONS_PATH": collections_path,
        "ANSIBLE_COLLECTIONS_PATHS": collections_path,
        "ANSIBLE_NOCOLOR": "1",
    }
    env.update(credential_env)
    return env


def run_job(project: Path, env: dict, playbook: str) -> PlaybookRun:
    proc = subprocess.run([os.path.join(VENV_BIN, "ansible-playbook"), playbook], cwd=str(project), env=env,
                          capture_output=True, text=True, timeout=300)
    return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, [])


def test_tutorial_and_teardown_run_as_an_awx_job_from_the_project_checkout(emulator, tmp_path, awx_credential_env):
    project = project_checkout(tmp_path / "project")
    assert not (project / "collections" / "requirements.yml").exists()
    link = project / ".collections" / "ansible_collections" / "edgeops" / "cloudflare"
    assert link.is_symlink() and link.resolve() == project.resolve(), "the collection link must be in the checkout"

    credential = awx_credential_env({"api_token": emulator.token, "account_id": emulator.account_id,
                                     "base_url": emulator.base_url})
    env = awx_job_env(tmp_path, project, credential)

    first = run_job(project, env, "playbooks/tutorial.yml")
    assert first.rc == 0, first
    assert first.recap["localhost"]["changed"] > 0, first
    assert emulator.writes(), "the first run must create the tutorial's objects"

    emulator.clear_log()
    second = run_job(project, env, "playbooks/tutorial.yml")
    assert second.rc == 0, second
    assert second.recap["localhost"]["changed"] == 0, second
    assert emulator.writes() == []

    down = run_job(project, env, "playbooks/teardown.yml")
    assert down.rc == 0, down
    state = emulator.state()
    assert all(not objs for kind in ("monitors", "pools", "load_balancers", "spectrum_apps")
               for objs in state[kind].values()), state
