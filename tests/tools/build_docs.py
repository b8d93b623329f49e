#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the collection's HTML documentation site with antsibull-docs and Sphinx (``make docs``).

1. Stage the shipped files (tests/tools/stage_collection.py) under WORK/src, so the site documents what
   users install: every module and plugin found there, the roles with their argument specs, and the
   guides in docs/docsite/ (extra-docs.yml, links.yml, rst/).
2. ``antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error`` writes the Sphinx
   project (conf.py, antsibull-docs.cfg) to WORK/sphinx; conf.py is then made offline: intersphinx reads
   a small inventory written here (the few ansible-core documentation labels that generated pages refer
   to) instead of downloading inventories, so the links still point at the Ansible documentation.
3. ``antsibull-docs collection`` renders the RST of every plugin and role, and copies the guides.
   antsibull-docs copies only ``.rst`` files, so the other files under docs/docsite/rst/ (pictures) are
   copied beside them here.
4. ``sphinx-build -W --keep-going`` (warnings are errors) writes the HTML to DEST.
5. tests/tools/check_docs_site.py checks DEST has a page for every module, role and guide.

Nothing here reaches the network. Tools come from the venv this script runs in.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from stage_collection import load_galaxy, repo_root, stage  # noqa: E402 pylint: disable=wrong-import-position

import check_docs_site  # noqa: E402 pylint: disable=wrong-import-position

ANSIBLE_DOCS_URL = 'https://docs.ansible.com/projects/ansible/devel/'
# Labels of the ansible-core documentation that antsibull-docs' generated pages refer to, with the page
# (relative to ANSIBLE_DOCS_URL) and title each one has there. A generated page that refers to another one
# fails the build ("undefined label"): add it here.
ANSIBLE_LABELS = {
    'common_return_values': ('reference_appendices/common_return_values.html#common-return-values',
                             'Return Values'),
    'ansible_configuration_settings': ('reference_appendices/config.html#ansible-configuration-settings',
                                       'Ansible Configuration Settings'),
    # the note on a module that has an action plugin (cf_object, cf_account_setup_export)
    'action_plugins': ('plugins/action.html#action-plugins', 'Action plugins'),
}

CONF_OFFLINE = '''

# --- added by tests/tools/build_docs.py: an offline build ---------------------------------------------
# No inventory is downloaded: references to the Ansible documentation resolve through a local inventory
# (written by build_docs.py) and still link to {url}.
intersphinx_mapping = {{'ansible_devel': ({url!r}, {inventory!r})}}
'''

ANTSIBULL_DOCS_CFG = '''# Written by tests/tools/build_docs.py (replaces the one sphinx-init wrote).
breadcrumbs = true
indexes = true
use_html_blobs = false
add_antsibull_docs_version = true

collection_url = {{
  * = "{repository}"
}}

collection_install = {{
  * = "make build && ansible-galaxy collection install .work/dist/{{namespace}}-{{name}}-*.tar.gz (from a checkout; see the README)"
}}
'''


def run(command: list[str], env: dict[str, str], cwd: str | None = None) -> None:
    """Run a command, echoing it; exit with its status when it fails."""
    print('    $ %s' % ' '.join(command), flush=True)
    status = subprocess.call(command, env=env, cwd=cwd)
    if status:
        raise SystemExit('build_docs: FAILED (exit %d): %s' % (status, ' '.join(command)))


def write_inventory(path: str, labels: dict[str, tuple[str, str]]) -> None:
    """Write a Sphinx object inventory (version 2) holding ``labels`` as std:label entries."""
    header = ('# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
              '# The remainder of this file is compressed using zlib.\n')
    body = ''.join('%s std:label -1 %s %s\n' % (name, uri, title) for name, (uri, title) in sorted(labels.items()))
    with open(path, 'wb') as handle:
        handle.write(header.encode('utf-8'))
        handle.write(zlib.compress(body.encode('utf-8')))


def copy_non_rst(src: str, dest: str) -> list[str]:
    """Copy every file below src that is not RST to the same place below dest; return them (relative)."""
    copied = []
    if not os.path.isdir(src):
        return copied
    for dirname, _dirs, files in os.walk(src):
        for name in sorted(files):
            if name.endswith('.rst'):
                continue
            rel = os.path.relpath(os.path.join(dirname, name), src)
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copy2(os.path.join(dirname, name), os.path.join(dest, rel))
            copied.append(rel)
    return copied


def main() -> int:
    """Build the site and check it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--work', required=True, help='scratch directory (staged collection, Sphinx project)')
    parser.add_argument('--dest', required=True, help='where the HTML site goes (replaced)')
    parser.add_argument('--home', help='HOME for the tools (antsibull-docs writes ~/antsibull.log)')
    args = parser.parse_args()

    started = time.monotonic()
    root = repo_root()
    galaxy = load_galaxy(root)
    fqcn = '%s.%s' % (galaxy['namespace'], galaxy['name'])
    work, dest = os.path.abspath(args.work), os.path.abspath(args.dest)
    venv_bin = os.path.dirname(os.path.abspath(sys.executable))

    env = dict(os.environ)
    env['PATH'] = venv_bin + os.pathsep + env.get('PATH', '')
    if args.home:
        os.makedirs(args.home, exist_ok=True)
        env['HOME'] = os.path.abspath(args.home)
    # Only the staged copy: no other collection (a user's ~/.ansible, a site-wide path) gets documented.
    env['ANSIBLE_COLLECTIONS_PATH'] = os.path.join(work, 'src')
    env['ANSIBLE_COLLECTIONS_SCAN_SYS_PATH'] = 'false'

    if os.path.isdir(work):
        shutil.rmtree(work)
    collection, copied, _skipped = stage(root, os.path.join(work, 'src'))
    print('==> docs: staged %d shipped files into %s' % (copied, collection), flush=True)

    sphinx = os.path.join(work, 'sphinx')
    rst = os.path.join(sphinx, 'rst')
    # antsibull-docs writes only into directories that exist, are the user's and only the user may write to.
    os.makedirs(sphinx)
    os.chmod(sphinx, 0o755)
    authors = [re.sub(r'\s*<[^>]*>', '', author) for author in galaxy.get('authors') or []]
    print('==> docs: antsibull-docs sphinx-init (offline, --use-current)', flush=True)
    run(['antsibull-docs', 'sphinx-init', '--use-current', '--squash-hierarchy', '--fail-on-error',
         '--dest-dir', sphinx, '--project', fqcn, '--title', '%s documentation' % fqcn,
         '--html-short-title', fqcn, '--copyright', ', '.join(authors) or 'the authors',
         fqcn], env)
    inventory = os.path.join(sphinx, 'ansible_devel.inv')
    write_inventory(inventory, ANSIBLE_LABELS)
    with open(os.path.join(sphinx, 'conf.py'), 'a', encoding='utf-8') as handle:
        handle.write(CONF_OFFLINE.format(url=ANSIBLE_DOCS_URL, inventory=inventory))
    with open(os.path.join(sphinx, 'antsibull-docs.cfg'), 'w', encoding='utf-8') as handle:
        handle.write(ANTSIBULL_DOCS_CFG.format(repository=galaxy.get('repository') or galaxy.get('homepage') or ''))

    print('==> docs: antsibull-docs collection (modules, plugins, roles, guides)', flush=True)
    os.makedirs(rst, mode=0o755, exist_ok=True)
    os.chmod(rst, 0o755)
    run(['antsibull-docs', '--config-file', os.path.join(sphinx, 'antsibull-docs.cfg'), 'collection',
         '--use-current', '--squash-hierarchy', '--fail-on-error', '--cleanup', 'everything',
         '--dest-dir', rst, fqcn], env)
    pictures = copy_non_rst(os.path.join(collection, 'docs', 'docsite', 'rst'),
                            os.path.join(rst, check_docs_site.GUIDES_DIR))
    if pictures:
        print('    copied beside the guides: %s' % ' '.join(pictures))

    print('==> docs: sphinx-build -W --keep-going (warnings are errors) -> %s' % dest, flush=True)
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    run(['sphinx-build', '-b', 'html', '-W', '--keep-going', '-q', '-c', sphinx,
         '-d', os.path.join(sphinx, 'doctrees'), rst, dest], env)

    print('==> docs: check the site (tests/tools/check_docs_site.py)', flush=True)
    status = check_docs_site.main([dest, '--root', root])
    if status:
        return status
    print('==> docs: ok, %s/index.html (%.0f s)' % (os.path.relpath(dest, root), time.monotonic() - started))
    return 0


if __name__ == '__main__':
    sys.exit(main())
