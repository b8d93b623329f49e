# -*- coding: utf-8 -*-
"""The test tree's layout: what lets pytest and ansible-test collect every suite in one session.

pytest (default "prepend" import mode) names a test module after its file and the packages
(directories with __init__.py) above it. tests/unit and tests/integration are not packages, so two
test files with one basename there would be the same module and one of them would not run.
tests/unit/plugins mirrors plugins/ (ansible-test units runs it) and every directory in it is a package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SUITES = ("tests/unit", "tools/emulator/tests", "tests/integration")
PLUGIN_TESTS = REPO / "tests" / "unit" / "plugins"


def all_test_files():
    for suite in SUITES:
        for path in sorted((REPO / suite).rglob("*.py")):
            if "__pycache__" not in path.parts and (path.name.startswith("test_") or path.name.endswith("_test.py")):
                yield path


def module_name(path):
    """The name pytest's prepend import mode gives the test module at ``path``."""
    parts = [path.stem]
    directory = path.parent
    while (directory / "__init__.py").is_file():
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts)


def test_test_module_names_are_unique():
    seen = {}
    for path in all_test_files():
        seen.setdefault(module_name(path), []).append(str(path.relative_to(REPO)))
    clashes = dict((name, paths) for name, paths in seen.items() if len(paths) > 1)
    assert clashes == {}, "test files that pytest would import under one module name: %s" % clashes


@pytest.mark.parametrize("directory", sorted(
    str(d.relative_to(REPO)) for d in [PLUGIN_TESTS] + list(PLUGIN_TESTS.rglob("*"))
    if d.is_dir() and d.name != "__pycache__"))
def test_plugin_test_directories_are_packages_mirroring_plugins(directory):
    path = REPO / directory
    assert (path / "__init__.py").is_file(), "%s needs an (empty) __init__.py" % directory
    mirrored = REPO / "plugins" / path.relative_to(PLUGIN_TESTS)
    assert mirrored.is_dir(), "%s has no counterpart %s" % (directory, mirrored.relative_to(REPO))
