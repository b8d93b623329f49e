# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the resource and module unit tests: the fake API, connections to it, and module runs."""

from __future__ import annotations

import contextlib
import json
import os
import types

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings

try:  # ansible-core 2.19 and later
    from ansible.module_utils import _internal as module_internal
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core 2.16 to 2.18: the arguments are read from basic._ANSIBLE_ARGS
    module_internal = None

    @contextlib.contextmanager
    def patch_module_args(args):
        """Give the next AnsibleModule these arguments, as ansible-core 2.16 to 2.18 read them."""
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _client
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareClient
from ansible_collections.edgeops.cloudflare.plugins.module_utils._connection import Connection
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import (
    ACCOUNT_ID,
    BASE_URL,
    TOKEN,
    ZONE_ID,
    FakeAPI,
)


@pytest.fixture
def api():
    """A fresh fake Cloudflare API (one account, one zone ``example.com``)."""
    return FakeAPI()


@pytest.fixture
def connect(api):
    """``connect(params, scope="account", check_mode=False)``: a Connection whose client talks to the fake API.

    The real client runs (envelopes, pagination, retries without sleeping); warnings are collected in
    ``conn.warnings``. ``account_id`` (account scope) or ``zone_id`` (zone scope, unless ``zone`` is given) are
    filled in.
    """
    def make(params=None, scope="account", check_mode=False, retries=2):
        p = {"state": "present"}
        given = params or {}
        if scope == "account":
            p["account_id"] = ACCOUNT_ID
        elif scope == "zone" and not ("zone" in given or "zone_id" in given):
            p["zone_id"] = ZONE_ID
        p.update(given)
        warnings = []
        client = CloudflareClient(api_token=TOKEN, base_url=BASE_URL, session=api.session(), retries=retries,
                                  sleep=lambda seconds: None)
        conn = Connection(p, scope=scope, check_mode=check_mode, warn=warnings.append, client=client)
        conn.warnings = warnings
        return conn
    return make


class ModuleRun(object):
    """The end of one module run: exit code, the JSON result and the raw text printed."""

    def __init__(self, code, out):
        self.code = code
        self.out = out
        self.result = json.loads(out)

    @property
    def failed(self):
        return bool(self.result.get("failed"))

    @property
    def warnings(self):
        """The warnings' texts (ansible-core 2.19 reports each one as a summary object)."""
        texts = []
        for warning in self.result.get("warnings") or []:
            if isinstance(warning, dict):
                warning = (warning.get("event") or {}).get("msg", warning)
            texts.append(warning)
        return texts

    def __repr__(self):
        return "<ModuleRun code=%s %s>" % (self.code, self.out)


@pytest.fixture
def module_env(api, monkeypatch):
    """Modules talk to the fake API: the client's ``requests.Session()`` is the fake session.

    The Cloudflare environment variables of the machine running the tests are removed, so only the
    module arguments count.
    """
    for name in list(os.environ):
        if name.startswith("CLOUDFLARE_"):
            monkeypatch.delenv(name)
    monkeypatch.setattr(_client, "requests", types.SimpleNamespace(Session=api.session))
    return api


@pytest.fixture
def run_module(module_env, capsys, monkeypatch):
    """``run_module(main, args, check_mode=False, diff=True)``: run a module's ``main()`` against the fake API.

    The connection options (token, base URL, no retries, no pacing) are added unless given. Returns a
    :class:`ModuleRun` with the JSON the module printed. Each run starts with no warnings or deprecations
    recorded (ansible-core keeps them per process, and a test process runs many modules).
    """
    def run(main, args, check_mode=False, diff=True):
        full = {"api_token": TOKEN, "base_url": BASE_URL, "api_retries": 0, "api_rate_limit": 0}
        full.update(args)
        full["_ansible_check_mode"] = check_mode
        full["_ansible_diff"] = diff
        # a test process that imported controller code (the filter's tests) would send warnings to the
        # controller's display instead of the module result: this is a module run
        if module_internal is not None:
            monkeypatch.setattr(module_internal, "is_controller", False)
        # a dict from 2.19 on, a list before
        monkeypatch.setattr(module_warnings, "_global_warnings", type(module_warnings._global_warnings)())
        monkeypatch.setattr(module_warnings, "_global_deprecations", type(module_warnings._global_deprecations)())
        capsys.readouterr()
        with patch_module_args(full):
            with pytest.raises(SystemExit) as info:
                main()
        return ModuleRun(info.value.code, capsys.readouterr().out)
    return run
