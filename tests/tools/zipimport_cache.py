#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test runs only: a bytecode cache for code Python imports from zip files (Ansible's AnsiballZ payloads).

Every module task runs a fresh Python on an AnsiballZ file: a zip holding the module and all the
module_utils it imports (ansible.module_utils.basic and its dependencies, this collection's
module_utils). Python never caches the bytecode of what it imports from a zip, so each module run
compiles all of that again: about 0.3 of the 0.45 CPU seconds a bare module run costs on ansible-core
2.21 / Python 3.13 (0.15 of 0.3 on 3.11), and the integration targets and the pytest scenarios run
modules thousands of times.

This file, installed into a virtual environment (``python zipimport_cache.py install``, run with that
environment's python: it copies itself into site-packages as ``_edgeops_zipimport_cache.py`` with a
``.pth`` line that calls :func:`activate` at interpreter start), replaces zipimport's compile step with
one that keeps the compiled code in ``$HOME/.cache/edgeops-zipimport/``, keyed by a hash of the source,
the interpreter's bytecode magic number and its optimisation level. It is active only while that
directory exists: ``tests/tools/matrix.py`` creates it in each ansible-core line's own HOME and
``tests/tools/run_pytest.sh`` in the pytest HOME; anything else using the venv (``make demo``, a
developer's ansible-playbook) is unaffected.

What runs does not change: the code object is the one ``compile()`` made from the same bytes by the
same interpreter (only its file name is set to the current zip path, as importlib does for a moved
.pyc); files imported from directories, and every run without the directory, are untouched.
"""

from __future__ import annotations

import os
import sys

CACHE_NAME = 'edgeops-zipimport'
INSTALLED_NAME = '_edgeops_zipimport_cache'


def cache_dir(environ=None):
    """Where the cache lives for this process, whether or not it exists."""
    environ = os.environ if environ is None else environ
    return os.path.join(environ.get('HOME') or '/nonexistent', '.cache', CACHE_NAME)


def activate():
    """Called from the .pth at interpreter start: hook zipimport if the cache directory exists."""
    directory = cache_dir()
    if not os.path.isdir(directory):
        return
    try:
        import zipimport
        import _imp
        from _frozen_importlib_external import MAGIC_NUMBER
        compile_source = zipimport._compile_source
        fix_filename = _imp._fix_co_filename
    except (ImportError, AttributeError):
        return  # another Python's zipimport: leave it alone
    salt = MAGIC_NUMBER + b'-O%d\0' % sys.flags.optimize

    def cached_compile_source(pathname, source):
        if pathname.endswith('sitecustomize.py'):
            return compile_source(pathname, source)  # AnsiballZ writes one per run, naming the run's zip
        import hashlib
        import marshal
        path = os.path.join(directory, hashlib.sha256(salt + source).hexdigest())
        try:
            with open(path, 'rb') as handle:
                code = marshal.loads(handle.read())
        except (OSError, EOFError, ValueError, TypeError):
            code = compile_source(pathname, source)
            temp = '%s.%d.tmp' % (path, os.getpid())
            try:
                with open(temp, 'wb') as handle:
                    handle.write(marshal.dumps(code))
                os.replace(temp, path)
            except OSError:
                pass
            return code
        fix_filename(code, pathname)
        return code

    zipimport._compile_source = cached_compile_source


def install():
    """Copy this file into the running interpreter's site-packages with a .pth that activates it."""
    import sysconfig
    site = sysconfig.get_paths()['purelib']
    with open(os.path.realpath(__file__), encoding='utf-8') as handle:
        module = handle.read()
    wanted = {
        INSTALLED_NAME + '.py': module,
        INSTALLED_NAME + '.pth': 'import %s; %s.activate()\n' % (INSTALLED_NAME, INSTALLED_NAME),
    }
    for name, text in wanted.items():
        path = os.path.join(site, name)
        try:
            with open(path, encoding='utf-8') as handle:
                if handle.read() == text:
                    continue
        except OSError:
            pass
        temp = '%s.%d.tmp' % (path, os.getpid())
        with open(temp, 'w', encoding='utf-8') as handle:
            handle.write(text)
        os.replace(temp, path)


if __name__ == '__main__':
    if sys.argv[1:] != ['install']:
        sys.exit('usage: %s install   (with the python of the venv to install into)' % sys.argv[0])
    install()
