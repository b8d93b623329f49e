# -*- coding: utf-8 -*-
"""tests/tools/check_docs_site.py, the check `make docs` runs on the built site.

The expected pages come from the checkout's files (modules, roles, guides); these tests build a small
checkout and site by hand and break them one way at a time: each break must be reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools import check_docs_site as check

REPO = Path(__file__).resolve().parents[2]


def write(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path):
    """A checkout with two modules, one role and two guides (one with a picture), and its complete site."""
    root, site = tmp_path / "root", tmp_path / "site"
    write(root / "galaxy.yml", "namespace: acme\nname: thing\nversion: 1.0.0\n")
    write(root / "plugins" / "modules" / "__init__.py")
    write(root / "plugins" / "modules" / "one.py", "# module\n")
    write(root / "plugins" / "modules" / "two_info.py", "# module\n")
    write(root / "roles" / "deploy" / "meta" / "argument_specs.yml",
          "argument_specs:\n  main:\n    options:\n      deploy_zone: {type: str}\n      deploy_state: {type: str}\n")
    write(root / "docs" / "docsite" / "rst" / "guide.rst", "Guide\n=====\n\n.. image:: images/pic.svg\n   :alt: x\n")
    write(root / "docs" / "docsite" / "rst" / "more" / "other.rst", "Other\n=====\n")

    write(site / "index.html", "<html>index</html>")
    write(site / "one_module.html", "<h1>acme.thing.one module</h1>")
    write(site / "two_info_module.html", "<h1>acme.thing.two_info module</h1>")
    write(site / "deploy_role.html",
          "<h1>acme.thing.deploy role</h1><p>Entry point <code>main</code></p>"
          "<p><strong>deploy_zone</strong></p><p><strong>deploy_state</strong></p>")
    write(site / "docsite" / "guide.html", "<h1>Guide</h1>")
    write(site / "docsite" / "more" / "other.html", "<h1>Other</h1>")
    write(site / "_images" / "pic.svg", "<svg/>")
    return root, site


def test_complete_site_passes(tree, capsys):
    root, site = tree
    problems, counts = check.check(str(site), str(root))
    assert problems == []
    assert counts == {"modules": 2, "roles": 1, "guides": 2, "pictures": 1, "html pages": 6}
    assert check.main([str(site), "--root", str(root)]) == 0
    assert "docs site check ok: 2 modules, 1 roles, 2 guides" in capsys.readouterr().out


@pytest.mark.parametrize("remove, expected", [
    ("one_module.html", "module one: no page one_module.html"),
    ("deploy_role.html", "role deploy: no page deploy_role.html"),
    ("docsite/more/other.html", "guide more/other: no page docsite/more/other.html"),
    ("_images/pic.svg", "guide guide: picture images/pic.svg is not in the site"),
    ("index.html", "site: no page index.html"),
])
def test_each_missing_page_is_reported(tree, remove, expected):
    root, site = tree
    (site / remove).unlink()
    problems, _counts = check.check(str(site), str(root))
    assert [p for p in problems if p.startswith(expected)], problems


def test_a_new_module_file_needs_a_page(tree):
    root, site = tree
    write(root / "plugins" / "modules" / "three.py", "# module\n")
    problems, _counts = check.check(str(site), str(root))
    assert problems == ["module three: no page three_module.html"]


def test_role_page_must_show_every_option_of_its_argument_spec(tree):
    root, site = tree
    write(site / "deploy_role.html", "<h1>acme.thing.deploy role</h1><p>main</p><p>deploy_zone</p>")
    problems, _counts = check.check(str(site), str(root))
    assert problems == ["role deploy: deploy_role.html does not name deploy_state"]


def test_role_without_argument_spec_is_reported(tree):
    root, site = tree
    write(root / "roles" / "bare" / "tasks" / "main.yml", "---\n")
    write(site / "bare_role.html", "<h1>acme.thing.bare role</h1>")
    problems, _counts = check.check(str(site), str(root))
    assert problems == ["role bare: no meta/argument_specs.yml, so its page would have no options"]


def test_page_must_name_the_fqcn(tree):
    root, site = tree
    write(site / "one_module.html", "<h1>an error page</h1>")
    problems, _counts = check.check(str(site), str(root))
    assert problems == ["module one: one_module.html does not name acme.thing.one"]


def test_missing_site_fails(tmp_path, capsys):
    assert check.main([str(tmp_path / "nowhere"), "--root", str(REPO)]) == 1
    assert "run make docs" in capsys.readouterr().out


def test_this_checkout_expects_its_modules_role_and_guides():
    assert set(check.modules(str(REPO))) >= {"cf_lb_monitor", "cf_lb_pool", "cf_load_balancer", "cf_spectrum_app"}
    assert check.roles(str(REPO)) == ["account_setup", "spectrum_load_balancer"]
    assert "cloudflare_lb_pools" in str(check.role_arguments(str(REPO), "account_setup"))
    assert "spectrum_lb_pools" in check.role_arguments(str(REPO), "spectrum_load_balancer")["main"]
    assert set(check.guides(str(REPO))) >= {"tutorial", "awx", "fleets", "testing_live"}
    assert check.guide_pictures(str(REPO), "tutorial") == ["images/objects.svg"]
