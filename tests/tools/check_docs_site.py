#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check that a built documentation site (``make docs``) documents everything in the checkout.

The expected pages come from the files, never from a list kept here:

* every module file ``plugins/modules/<name>.py`` has ``<name>_module.html``, naming the module's FQCN;
* every role ``roles/<name>/`` has ``<name>_role.html``, naming the role's FQCN, each entry point of
  ``meta/argument_specs.yml`` and each of its options;
* every guide ``docs/docsite/rst/<path>.rst`` has ``docsite/<path>.html``, and every picture a guide shows
  (``.. image::`` / ``.. figure::``) is in the site's ``_images/``;
* the site has an ``index.html``.

The layout is antsibull-docs' for one collection with ``--squash-hierarchy`` (tests/tools/build_docs.py).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys

import yaml

# Where antsibull-docs puts a collection's extra docs (docs/docsite/rst/) in a squashed site.
GUIDES_DIR = 'docsite'
PICTURE = re.compile(r'^\s*\.\.\s+(?:image|figure)::\s*(\S+)\s*$', re.M)
TAG = re.compile(r'<[^>]+>')


def repo_root() -> str:
    """The checkout this script belongs to (tests/tools/..)."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))


def collection_name(root: str) -> str:
    """``namespace.name`` from galaxy.yml."""
    with open(os.path.join(root, 'galaxy.yml'), encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    return '%s.%s' % (galaxy['namespace'], galaxy['name'])


def modules(root: str) -> list[str]:
    """Module names, from the files in plugins/modules/."""
    directory = os.path.join(root, 'plugins', 'modules')
    if not os.path.isdir(directory):
        return []
    return sorted(name[:-3] for name in os.listdir(directory)
                  if name.endswith('.py') and name != '__init__.py' and not name.startswith('.'))


def roles(root: str) -> list[str]:
    """Role names, from the directories in roles/."""
    directory = os.path.join(root, 'roles')
    if not os.path.isdir(directory):
        return []
    return sorted(name for name in os.listdir(directory)
                  if os.path.isdir(os.path.join(directory, name)) and not name.startswith('.'))


def role_arguments(root: str, role: str) -> dict[str, list[str]]:
    """``{entry point: [option names]}`` from the role's meta/argument_specs.yml ({} without one)."""
    for name in ('argument_specs.yml', 'argument_specs.yaml'):
        path = os.path.join(root, 'roles', role, 'meta', name)
        if os.path.isfile(path):
            with open(path, encoding='utf-8') as handle:
                specs = (yaml.safe_load(handle) or {}).get('argument_specs') or {}
            return dict((entry, sorted((spec or {}).get('options') or {})) for entry, spec in specs.items())
    return {}


def guides(root: str) -> list[str]:
    """Guide paths relative to docs/docsite/rst/, without ``.rst``."""
    directory = os.path.join(root, 'docs', 'docsite', 'rst')
    found = []
    for dirname, _dirs, files in os.walk(directory):
        for name in files:
            if name.endswith('.rst'):
                found.append(os.path.relpath(os.path.join(dirname, name), directory)[:-4])
    return sorted(found)


def guide_pictures(root: str, guide: str) -> list[str]:
    """The pictures a guide shows, as written in its image/figure directives."""
    with open(os.path.join(root, 'docs', 'docsite', 'rst', guide + '.rst'), encoding='utf-8') as handle:
        return PICTURE.findall(handle.read())


def page_text(path: str) -> str:
    """The text of an HTML page, tags removed and entities decoded."""
    with open(path, encoding='utf-8') as handle:
        return html.unescape(TAG.sub(' ', handle.read()))


def check(site: str, root: str) -> tuple[list[str], dict[str, int]]:
    """``(problems, counts)`` for the site at ``site`` against the checkout at ``root``."""
    fqcn = collection_name(root)
    problems: list[str] = []

    def page(rel: str, what: str, must_name: list[str]) -> None:
        path = os.path.join(site, rel)
        if not os.path.isfile(path):
            problems.append('%s: no page %s' % (what, rel))
            return
        text = page_text(path)
        for name in must_name:
            if name not in text:
                problems.append('%s: %s does not name %s' % (what, rel, name))

    page('index.html', 'site', [])
    found_modules = modules(root)
    for name in found_modules:
        page('%s_module.html' % name, 'module %s' % name, ['%s.%s' % (fqcn, name)])
    found_roles = roles(root)
    for name in found_roles:
        arguments = role_arguments(root, name)
        if not arguments:
            problems.append('role %s: no meta/argument_specs.yml, so its page would have no options' % name)
        needed = ['%s.%s' % (fqcn, name)]
        for entry, options in sorted(arguments.items()):
            needed += [entry] + options
        page('%s_role.html' % name, 'role %s' % name, needed)
    found_guides = guides(root)
    pictures = 0
    for guide in found_guides:
        page('%s/%s.html' % (GUIDES_DIR, guide), 'guide %s' % guide, [])
        for picture in guide_pictures(root, guide):
            pictures += 1
            if not os.path.isfile(os.path.join(site, '_images', os.path.basename(picture))):
                problems.append('guide %s: picture %s is not in the site (_images/%s)'
                                % (guide, picture, os.path.basename(picture)))
    html_pages = sum(1 for _d, _s, files in os.walk(site) for f in files if f.endswith('.html'))
    counts = {'modules': len(found_modules), 'roles': len(found_roles), 'guides': len(found_guides),
              'pictures': pictures, 'html pages': html_pages}
    return problems, counts


def main(argv: list[str] | None = None) -> int:
    """Check the site; print the problems, or a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('site', help='the built HTML site (make docs: .work/docs-site)')
    parser.add_argument('--root', default=repo_root(), help='the collection checkout (default: this one)')
    args = parser.parse_args(argv)

    if not os.path.isdir(args.site):
        print('docs site check FAILED: %s is not a directory (run make docs)' % args.site)
        return 1
    problems, counts = check(args.site, args.root)
    if problems:
        print('docs site check FAILED for %s:' % args.site)
        for problem in problems:
            print('  - %s' % problem)
        return 1
    print('docs site check ok: %s' % ', '.join('%d %s' % (n, what) for what, n in counts.items()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
