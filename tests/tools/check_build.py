#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check a collection artifact built by ``ansible-galaxy collection build`` (``make build``).

* nothing development-only leaked into it (virtualenvs, work dirs, the collection link, the emulator,
  non-shipped tests, git metadata);
* the files it holds are exactly the ones tests/tools/stage_collection.py stages for sanity and the
  docs lint, so those checks look at what users install;
* the metadata every install needs is there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from stage_collection import load_galaxy, iter_shipped, repo_root  # noqa: E402 pylint: disable=wrong-import-position

REQUIRED = ['MANIFEST.json', 'FILES.json', 'README.md', 'meta/runtime.yml']
FORBIDDEN_PREFIXES = ['.venv/', '.work/', '.collections/', '.ansible/', '.git/', '.pytest_cache/', 'tests/output/',
                      'tools/', 'tests/integration/', 'tests/unit/', 'tests/benchmarks/',
                      'tests/conftest.py']


def main() -> int:
    """Compare the artifact with the staged file list and report differences."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('artifact', help='path to <namespace>-<name>-<version>.tar.gz')
    args = parser.parse_args()

    src = repo_root()
    galaxy = load_galaxy(src)
    with tarfile.open(args.artifact) as archive:
        members = {member.name: member for member in archive.getmembers()}
        manifest = json.load(archive.extractfile('MANIFEST.json'))

    in_tar = {name for name, member in members.items() if not member.isdir()}
    expected = {path for path, kind in iter_shipped(src, galaxy.get('build_ignore') or []) if kind != 'dir'}
    expected |= {'MANIFEST.json', 'FILES.json'}

    problems = []
    problems += ['required file missing: %s' % name for name in REQUIRED if name not in in_tar]
    for prefix in FORBIDDEN_PREFIXES:
        leaked = [name for name in in_tar if name == prefix or name.startswith(prefix)]
        if leaked:
            problems.append('development-only path shipped: %s (%d file(s)); add "%s" to build_ignore in galaxy.yml'
                            % (prefix, len(leaked), prefix.rstrip('/')))
    problems += ['shipped but not staged for sanity: %s' % name for name in sorted(in_tar - expected)]
    problems += ['staged for sanity but not shipped: %s' % name for name in sorted(expected - in_tar)]
    info = manifest['collection_info']
    if (info['namespace'], info['name'], info['version']) != (galaxy['namespace'], galaxy['name'], str(galaxy['version'])):
        problems.append('MANIFEST.json collection_info does not match galaxy.yml')

    if problems:
        print('build check FAILED for %s:' % args.artifact)
        for problem in problems:
            print('  - %s' % problem)
        return 1
    print('build check ok: %s ships %d files, none development-only, same set as the sanity copy'
          % (os.path.basename(args.artifact), len(in_tar)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
