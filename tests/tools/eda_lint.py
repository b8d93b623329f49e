#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""galaxy-importer's Event-Driven Ansible checks, run the way its test container runs them.

galaxy-importer lints a collection's ``extensions/eda/plugins`` with ruff and pylint in its ansible-test container
(the commands are in its own ``ansible_test/container/eda/tox.ini``), which ``make importer`` cannot start (no
podman or docker). This runs those same commands, read from the installed galaxy-importer, with the ruff and
pylint of galaxy-importer's venv (tests/importer-requirements.txt pins them), on the collection as the built
tarball ships it. Unlike the container, where a finding only prints, any finding here fails: 0 errors and 0
warnings is the bar.

    .work/importer/venv/bin/python tests/tools/eda_lint.py --tarball .work/dist/edgeops-cloudflare-0.1.0.tar.gz \
        --work .work/importer/eda
"""

from __future__ import annotations

import argparse
import configparser
import glob
import os
import shlex
import shutil
import subprocess
import sys
import tarfile
from importlib import resources


def tox_commands() -> list[tuple[str, list[str]]]:
    """(test environment, command with ``{posargs}`` left in) for each EDA check in galaxy-importer's tox.ini."""
    ini = resources.files('galaxy_importer').joinpath('ansible_test', 'container', 'eda', 'tox.ini').read_text()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(ini)
    found = []
    for section in parser.sections():
        if not section.startswith('testenv:'):
            continue
        for line in parser[section].get('commands', '').splitlines():
            line = line.strip()
            if line.startswith('- '):  # tox: ignore the exit status (galaxy-importer only prints findings)
                line = line[2:].strip()
            if line:
                found.append((section.split(':', 1)[1], shlex.split(line)))
    return found


def extract(tarball: str, work: str) -> str:
    """Unpack the tarball as ansible_collections/<namespace>/<name> under work; return that directory."""
    name = os.path.basename(tarball)[:-len('.tar.gz')]
    namespace, collection = name.split('-')[:2]
    tree = os.path.join(work, 'ansible_collections', namespace, collection)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(tree)
    with tarfile.open(tarball) as archive:
        archive.extractall(tree, filter='data')
    return tree


def expand(command: list[str], tree: str) -> list[str] | None:
    """The command with {posargs} set to the tree and its globs expanded; None when a glob matches nothing."""
    out = []
    for arg in command:
        arg = arg.replace('{posargs}', tree)
        if any(c in arg for c in '*?['):
            matches = sorted(glob.glob(arg))
            if not matches:
                return None
            out.extend(matches)
        else:
            out.append(arg)
    return out


def main() -> int:
    """Run each check; print its output; fail on a finding or a non-zero exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--tarball', required=True)
    parser.add_argument('--work', required=True)
    args = parser.parse_args()
    tree = extract(args.tarball, args.work)
    if not os.path.isdir(os.path.join(tree, 'extensions', 'eda', 'plugins')):
        print('eda_lint: the collection ships no extensions/eda/plugins: nothing to check')
        return 0
    bindir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get('PATH', ''))
    failed = 0
    for env_name, command in tox_commands():
        argv = expand(command, tree)
        shown = ' '.join(command)
        if argv is None:
            print('eda_lint: %s: nothing to check (%s)' % (env_name, shown))
            continue
        argv[0] = shutil.which(argv[0], path=bindir) or argv[0]
        proc = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True, check=False)
        output = (proc.stdout + proc.stderr).strip()
        findings = [line for line in output.splitlines() if line.strip()]
        if proc.returncode or findings:
            failed += 1
            print('eda_lint: %s: FAILED (exit status %d): %s' % (env_name, proc.returncode, shown))
            for line in findings:
                print('    ' + line.replace(tree + os.sep, ''))
        else:
            print('eda_lint: %s: ok: %s' % (env_name, shown))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
