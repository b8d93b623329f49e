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
not shipped (tests/unit, tests/integration, tools/emulator, ...) is not covered by ansible-test
sanity; pytest covers it instead.

``--also PATH`` adds unshipped paths to the copy (``make units`` adds tests/unit/plugins and
tests/unit/requirements.txt for ``ansible-test units``), with the same built-in ignore rules. Python
files added that way may import the collection (``ansible_collections.<namespace>.<name>...``) but not
this checkout's ``tests`` package (the emulator, the repository tools), which the copy does not have.

Symbolic links are copied as links, so the ``symlinks`` sanity test still sees them.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
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
# An import of this checkout's own tests package (tools.emulator, tests.tools, ...), which a copy lacks.
REPO_TESTS_IMPORT = re.compile(r'^[ \t]*(?:from|import)[ \t]+tests(?:[. \t].*)?$', re.M)


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


def iter_tree(src: str, rel_dir: str, patterns: list[str], skipped: list[str] | None = None):
    """Yield (relative path, kind) below src/rel_dir, without what the patterns or ignored dirs exclude."""
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
            yield from iter_tree(src, rel_path, patterns, skipped)
        else:
            yield rel_path, 'file'


def iter_shipped(src: str, build_ignore: list[str], skipped: list[str] | None = None):
    """Yield (relative path, kind) for what ansible-galaxy would ship; kind is 'dir', 'file' or 'link'."""
    yield from iter_tree(src, '', GALAXY_IGNORE_PATTERNS + list(build_ignore), skipped)


def iter_also(src: str, rel_path: str):
    """Yield (relative path, kind) for an extra path (a file or a directory tree), with ansible-galaxy's own ignores."""
    rel_path = os.path.normpath(rel_path)
    abs_path = os.path.join(src, rel_path)
    if rel_path.startswith('..') or os.path.isabs(rel_path) or not os.path.lexists(abs_path):
        raise SystemExit('stage_collection: --also %s is not a path inside %s' % (rel_path, src))
    if os.path.islink(abs_path):
        yield rel_path, 'link'
    elif os.path.isdir(abs_path):
        yield rel_path, 'dir'
        yield from iter_tree(src, rel_path, GALAXY_IGNORE_PATTERNS)
    else:
        yield rel_path, 'file'


def repo_test_imports(path: str) -> list[str]:
    """The lines of a Python file that import this checkout's tests package."""
    with open(path, encoding='utf-8') as handle:
        return [match.group(0).strip() for match in REPO_TESTS_IMPORT.finditer(handle.read())]


def stage(src: str, dest_root: str, also: list[str] | None = None) -> tuple[str, int, list[str]]:
    """Copy the shipped files (and the ``also`` paths) to dest_root/ansible_collections/ns/name.

    Returns (path, files copied, skipped).
    """
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
    problems = []
    for extra in also or []:
        for rel_path, kind in iter_also(src, extra):
            source, target = os.path.join(src, rel_path), os.path.join(collection, rel_path)
            if kind == 'dir':
                os.makedirs(target, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if kind == 'link':
                os.symlink(os.readlink(source), target)
            else:
                if rel_path.endswith('.py'):
                    problems += ['%s: %s' % (rel_path, line) for line in repo_test_imports(source)]
                shutil.copy2(source, target)
            copied += 1
    if problems:
        raise SystemExit('stage_collection: staged test code imports this checkout\'s tests package, which the copy '
                         'does not have (import the collection as ansible_collections.%s.%s... and keep helpers '
                         'beside the tests):\n  %s' % (galaxy['namespace'], galaxy['name'], '\n  '.join(problems)))
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
    parser.add_argument('--also', action='append', default=[], metavar='PATH',
                        help='also copy this unshipped file or directory (relative to --src); repeatable')
    args = parser.parse_args()

    collection, copied, skipped = stage(os.path.realpath(args.src), args.dest, args.also)
    print('staged %d %sfiles into %s' % (copied, 'shipped and test ' if args.also else 'shipped ', collection))
    shown = [path for path in skipped if path.count('/') <= 2]
    print('not staged (galaxy build rules + build_ignore): %s' % (' '.join(shown) or 'nothing'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
