#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pre-seed ansible-test's pip bootstrap cache so sanity and units run without ci-files.testing.ansible.com.

ansible-test bootstraps pip into each virtual environment it manages with a get-pip script that it
downloads from Ansible's CI file host and caches as ``~/.ansible/test/cache/get_pip_<version>.py``.
That host is not reachable from our CI network. ansible-test skips the download when the cache file
exists, so this tool writes a small stand-in there: it runs pip from the wheel bundled with CPython's
``ensurepip`` and asks it to install the pip version ansible-test wants from the configured indexes
(PyPI). Everything else ansible-test installs comes from PyPI as usual.

Usage: write_get_pip.py [--home DIR] [--pip-version X.Y ...]
The pip version defaults to the one(s) pinned by the installed ansible-test.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

BOOTSTRAP = '''\
"""Stand-in for get-pip.py, written by edgeops.cloudflare tests/tools/write_get_pip.py.

Installs pip from the wheel bundled with CPython's ensurepip, then lets that pip install the
requested packages (the command line ansible-test passes to get-pip.py) from the configured indexes.
"""

import glob
import os
import sys


def main():
    import ensurepip

    bundled = os.path.join(os.path.dirname(ensurepip.__file__), "_bundled")
    wheels = sorted(glob.glob(os.path.join(bundled, "pip-*.whl")))
    if not wheels:
        sys.stderr.write("pip bootstrap: no pip wheel bundled with ensurepip in %s\\n" % bundled)
        sys.exit(1)
    sys.path.insert(0, wheels[-1])
    from pip._internal.cli.main import main as pip_main  # pylint: disable=import-outside-toplevel

    # get-pip.py options that are not pip install options
    args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
    sys.exit(pip_main(["install", "--upgrade"] + args))


if __name__ == "__main__":
    main()
'''


def ansible_test_pip_versions() -> list[str]:
    """Return the pip version(s) the installed ansible-test bootstraps into its virtual environments."""
    import ansible_test  # pylint: disable=import-outside-toplevel

    source = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(source, encoding='utf-8') as handle:
        text = handle.read()
    versions = sorted(set(re.findall(r"\bpip\s*=\s*['\"]([0-9][0-9.]*)['\"]", text)))
    if not versions:
        raise SystemExit('write_get_pip: cannot find the pip version in %s; pass --pip-version' % source)
    return versions


def main() -> int:
    """Write the bootstrap script for each pip version and report what was done."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--home', default=os.path.expanduser('~'), help='HOME that ansible-test will run with')
    parser.add_argument('--pip-version', action='append', help='pip version to write a bootstrap for (repeatable)')
    args = parser.parse_args()

    cache_dir = os.path.join(os.path.abspath(args.home), '.ansible', 'test', 'cache')
    os.makedirs(cache_dir, exist_ok=True)
    for version in args.pip_version or ansible_test_pip_versions():
        path = os.path.join(cache_dir, 'get_pip_%s.py' % version.replace('.', '_'))
        try:
            with open(path, encoding='utf-8') as handle:
                current = handle.read()
        except FileNotFoundError:
            current = None
        if current == BOOTSTRAP:
            print('pip %s bootstrap for ansible-test already in place: %s' % (version, path))
            continue
        with open(path + '.tmp', 'w', encoding='utf-8') as handle:
            handle.write(BOOTSTRAP)
        os.replace(path + '.tmp', path)
        print('wrote pip %s bootstrap for ansible-test: %s' % (version, path))
    return 0


if __name__ == '__main__':
    sys.exit(main())
