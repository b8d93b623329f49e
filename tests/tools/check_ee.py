#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check the execution-environment metadata that ansible-builder reads from this collection.

* meta/execution-environment.yml is valid and its python requirements file exists and is shipped;
* that file neither pins nor caps versions (only ``>=``/``>``/``!=``, as the Ansible collection
  requirements ask, so EEs bundling several collections can resolve);
* requirements.txt (what a controller installs from a clone) holds lower bounds only too, and every
  runtime requirement in it is declared there with the same version spec.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from stage_collection import load_galaxy, repo_root  # noqa: E402 pylint: disable=wrong-import-position

import yaml  # noqa: E402 pylint: disable=wrong-import-position

NAME = re.compile(r'^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$')
FORBIDDEN_OPERATORS = re.compile(r'(===|==|~=|<=|<)')


def read_requirements(path: str) -> dict[str, str]:
    """Return {normalised name: version spec} of a pip requirements file (options and includes skipped)."""
    result = {}
    with open(path, encoding='utf-8') as handle:
        for line in handle:
            line = line.split('#', 1)[0].strip()
            if not line or line.startswith('-'):
                continue
            match = NAME.match(line)
            if not match:
                raise SystemExit('check_ee: cannot parse requirement %r in %s' % (line, path))
            result[re.sub(r'[-_.]+', '-', match.group(1)).lower()] = match.group(3).split(';', 1)[0].strip()
    return result


def main() -> int:
    """Report problems with the EE metadata; return 1 if there are any."""
    root = repo_root()
    problems = []
    with open(os.path.join(root, 'meta', 'execution-environment.yml'), encoding='utf-8') as handle:
        ee = yaml.safe_load(handle) or {}
    python_file = (ee.get('dependencies') or {}).get('python')
    if ee.get('version') != 1:
        problems.append('meta/execution-environment.yml: expected "version: 1" (collection metadata format)')
    if not python_file:
        problems.append('meta/execution-environment.yml: dependencies.python is not set')
        python_file = 'meta/ee-requirements.txt'
    if not os.path.isfile(os.path.join(root, python_file)):
        problems.append('%s (dependencies.python) does not exist' % python_file)
        ee_reqs = {}
    else:
        ee_reqs = read_requirements(os.path.join(root, python_file))
    build_ignore = load_galaxy(root).get('build_ignore') or []
    for path in ('meta/execution-environment.yml', python_file):
        if any(fnmatch.fnmatch(path, pattern) for pattern in build_ignore):
            problems.append('%s is excluded by galaxy.yml build_ignore, so ansible-builder cannot see it' % path)
    for name, spec in sorted(ee_reqs.items()):
        if FORBIDDEN_OPERATORS.search(spec):
            problems.append('%s: %s%s pins or caps a version; use >= only' % (python_file, name, spec))
    runtime = read_requirements(os.path.join(root, 'requirements.txt'))
    for name, spec in sorted(runtime.items()):
        if FORBIDDEN_OPERATORS.search(spec):
            problems.append('requirements.txt: %s%s pins or caps a version; use >= only (exact pins belong in '
                            'constraints.txt, the development toolchain in requirements-dev.txt)' % (name, spec))
    # ansible-core is the EE's own (its definition installs it), not a requirement of the modules.
    for name in sorted(set(runtime) - {'ansible-core'}):
        if name not in ee_reqs:
            problems.append('requirements.txt needs %s but %s does not declare it' % (name, python_file))
        elif runtime[name].replace(' ', '') != ee_reqs[name].replace(' ', ''):
            problems.append('requirements.txt asks for %s%s but %s declares %s%s'
                            % (name, runtime[name], python_file, name, ee_reqs[name]))

    for problem in problems:
        print('check_ee: %s' % problem)
    if problems:
        return 1
    print('check_ee: ok: %s declares %s' % (python_file, ', '.join('%s%s' % item for item in sorted(ee_reqs.items())) or 'nothing'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
