# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""_version holds galaxy.yml's name and version, and the client's User-Agent carries them."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
import yaml
from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _client
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareClient, default_user_agent
from ansible_collections.edgeops.cloudflare.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION


def collection_root():
    """The collection root above this file (this checkout, or ansible-test's copy of it)."""
    for directory in Path(__file__).resolve().parents:
        if (directory / "galaxy.yml").is_file():
            return directory
    raise AssertionError("no galaxy.yml above %s" % __file__)


@pytest.fixture(scope="module")
def galaxy():
    return yaml.safe_load((collection_root() / "galaxy.yml").read_text(encoding="utf-8"))


def test_version_matches_galaxy_yml(galaxy):
    assert COLLECTION_VERSION == str(galaxy["version"])


def test_name_matches_galaxy_yml(galaxy):
    assert COLLECTION_NAME == "%s.%s" % (galaxy["namespace"], galaxy["name"])


def test_client_reports_the_version_it_was_given():
    assert _client.COLLECTION_VERSION is COLLECTION_VERSION
    assert _client.COLLECTION_NAME is COLLECTION_NAME


def test_default_user_agent_carries_galaxy_version(galaxy):
    expected = "%s.%s/%s (ansible-core/%s; python/%s)" % (
        galaxy["namespace"], galaxy["name"], galaxy["version"], ANSIBLE_VERSION, platform.python_version())
    assert default_user_agent() == expected


class _Session(object):
    def __init__(self):
        self.headers = {}
        self.verify = True


def test_client_sends_the_default_user_agent(galaxy):
    session = _Session()
    CloudflareClient(api_token="t", session=session)
    assert session.headers["User-Agent"].startswith("%s.%s/%s (" % (galaxy["namespace"], galaxy["name"],
                                                                    galaxy["version"]))


def test_client_user_agent_can_be_replaced():
    session = _Session()
    CloudflareClient(api_token="t", session=session, user_agent="my-tool/1.0")
    assert session.headers["User-Agent"] == "my-tool/1.0"
