#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Copy the shipped part of this collection to DEST/ansible_collections/<namespace>/<name>.

ansible-test must run from a real (not symlinked) directory laid out as
``ansible_collections/<namespace>/<name>``, and its ``symlinks`` sanity test rejects directory links
inside the tree, so ``make sanity`` (and the docs lint) work on a copy.

The copy holds exactly the files ``ansible-galaxy collection build`` would ship: the same built-in
ignore rules as ansible-galaxy plus ``build_ignore`` from galaxy.yml (``make build`` checks that the
two agree). galaxy.yml itself is kept, because ansible-test reads it. Consequence: test code that is
not shipped (tests/unit, tests/integration, tests/emulator, ...) is not covered by ansible-test
sanity; pytest covers it instead.

Symbolic links are copied as links, so the ``symlinks`` sanity test still sees them.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import shutil
import sys

import yaml

# Mirrors ansible.galaxy.collection._build_files_manifest_walk (ansible-core 2.19).
GALAXY_IGNORE_PATTERNS = ['MANIFEST.json', 'FILES.json', 'galaxy.yml', 'galaxy.yaml', '.git', '*.pyc', '*.retry', 'tests/output']
GALAXY_IGNORE_DIRS = frozenset(['CVS', '.bzr', '.hg', '.git', '.svn', '__pycache__', '.tox'])
# Never copied, whatever galaxy.yml says: local tool state (and .work holds the copy itself).
ALWAYS_IGNORE = frozenset(['.venv', '.collections', '.work', '.ansible', '.pytest_cache'])
# Kept in the staged copy although the build turns it into MANIFEST.json: ansible-test reads it.
KEEP_FOR_ANSIBLE_TEST = frozenset(['galaxy.yml'])


def repo_root() -> str:
    """Return the collection root this script belongs to (tests/tools/..)."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))


def load_galaxy(src: str) -> dict:
    """Return galaxy.yml of the collection at src."""
    with open(os.path.join(src, 'galaxy.yml'), encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    if galaxy.get('manifest') is not None:
        raise SystemExit('stage_collection: galaxy.yml uses "manifest"; this tool only understands build_ignore')
    return galaxy


def iter_shipped(src: str, build_ignore: list[str], skipped: list[str] | None = None):
    """Yield (relative path, kind) for what ansible-galaxy would ship; kind is 'dir', 'file' or 'link'."""
    patterns = GALAXY_IGNORE_PATTERNS + list(build_ignore)

    def walk(rel_dir: str):
        for item in sorted(os.listdir(os.path.join(src, rel_dir))):
            rel_path = os.path.join(rel_dir, item) if rel_dir else item
            abs_path = os.path.join(src, rel_path)
            is_dir = os.path.isdir(abs_path)
            excluded = (is_dir and item in GALAXY_IGNORE_DIRS) or any(fnmatch.fnmatch(rel_path, p) for p in patterns)
            if excluded or (not rel_dir and item in ALWAYS_IGNORE):
                if skipped is not None:
                    skipped.append(rel_path + ('/' if is_dir else ''))
                continue
            if os.path.islink(abs_path):
                yield rel_path, 'link'
            elif is_dir:
                yield rel_path, 'dir'
                yield from walk(rel_path)
            else:
                yield rel_path, 'file'

    yield from walk('')


def stage(src: str, dest_root: str) -> tuple[str, int, list[str]]:
    """Copy the shipped files to dest_root/ansible_collections/ns/name; return (path, files copied, skipped)."""
    galaxy = load_galaxy(src)
    collection = os.path.join(os.path.abspath(dest_root), 'ansible_collections', galaxy['namespace'], galaxy['name'])
    if os.path.lexists(collection):
        shutil.rmtree(collection)
    os.makedirs(collection)

    skipped: list[str] = []
    copied = 0
    for rel_path, kind in iter_shipped(src, galaxy.get('build_ignore') or [], skipped):
        source, target = os.path.join(src, rel_path), os.path.join(collection, rel_path)
        if kind == 'dir':
            os.mkdir(target)
            continue
        if kind == 'link':
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)
        copied += 1
    for name in KEEP_FOR_ANSIBLE_TEST:
        if os.path.isfile(os.path.join(src, name)):
            shutil.copy2(os.path.join(src, name), os.path.join(collection, name))
            skipped.remove(name)
    return collection, copied, skipped


def main() -> int:
    """Stage the collection and print where it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--src', default=repo_root(), help='collection root (default: this checkout)')
    parser.add_argument('--dest', required=True, help='directory that will contain ansible_collections/')
    args = parser.parse_args()

    collection, copied, skipped = stage(os.path.realpath(args.src), args.dest)
    print('staged %d shipped files into %s' % (copied, collection))
    shown = [path for path in skipped if path.count('/') <= 2]
    print('not staged (galaxy build rules + build_ignore): %s' % (' '.join(shown) or 'nothing'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
