# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action plugins cf_object (one module by kind) and cf_account_setup_export (read, then write the files)."""

from __future__ import annotations

import os
import stat
from unittest import mock

import pytest

from ansible.errors import AnsibleActionFail

from ansible_collections.edgeops.cloudflare.plugins.action import cf_account_setup_export, cf_object

ACCOUNT = "0123456789abcdef0123456789abcdef"
SETUP = {"changed": False, "account_id": ACCOUNT, "zones": [],
         "monitors": [{"id": "a" * 32, "description": "web", "type": "https", "expected_codes": "200",
                       "header": {"Authorization": ["Bearer hidden"]}}],
         "pools": [], "load_balancers": {}, "spectrum_apps": {}, "unreadable": []}


def action(cls, args, check_mode=False, answer=None):
    task = mock.MagicMock()
    task.args = args
    task.async_val = 0
    task.check_mode = check_mode
    plugin = cls.ActionModule(task, mock.MagicMock(), mock.MagicMock(), loader=None, templar=None,
                              shared_loader_obj=None)
    plugin._execute_module = mock.MagicMock(return_value=dict(answer or {}))
    return plugin


def test_cf_object_runs_the_kind_s_module_with_the_options():
    plugin = action(cf_object, {"kind": "pool", "options": {"name": "p"}}, answer={"changed": True})
    result = plugin.run(task_vars={})
    assert result["changed"] is True
    assert plugin._execute_module.call_args.kwargs["module_name"] == "edgeops.cloudflare.cf_lb_pool"
    assert plugin._execute_module.call_args.kwargs["module_args"] == {"name": "p"}
    with pytest.raises(AnsibleActionFail, match="kind must be one of"):
        action(cf_object, {"kind": "zone", "options": {}}).run(task_vars={})
    with pytest.raises(AnsibleActionFail, match="options must be a mapping of cf_lb_pool options"):
        action(cf_object, {"kind": "pool", "options": "name=p"}).run(task_vars={})


def test_the_export_writes_the_files_and_the_secrets_apart(tmp_path):
    dest = tmp_path / "inventory"
    plugin = action(cf_account_setup_export, {"dest": str(dest), "api_token": "t"}, answer=SETUP)
    result = plugin.run(task_vars={})
    assert plugin._execute_module.call_args.kwargs["module_args"] == {"api_token": "t"}
    assert result["changed"] and result["secrets_file"] == "group_vars/all/cloudflare_secrets.yml"
    assert "Bearer hidden" not in str(result)
    secrets = dest / result["secrets_file"]
    assert stat.S_IMODE(os.stat(secrets).st_mode) == 0o600 and "Bearer hidden" in secrets.read_text()
    assert stat.S_IMODE(os.stat(dest / "hosts.yml").st_mode) == 0o644
    assert "Bearer hidden" not in (dest / "group_vars/all/cloudflare_account.yml").read_text()
    # a non-empty directory is refused before any read, unless forced; forced, an unchanged export changes nothing
    refused = action(cf_account_setup_export, {"dest": str(dest)}, answer=SETUP)
    with pytest.raises(AnsibleActionFail, match="is not empty"):
        refused.run(task_vars={})
    assert not refused._execute_module.called
    again = action(cf_account_setup_export, {"dest": str(dest), "force": "yes"}, answer=SETUP).run(task_vars={})
    assert again["changed"] is False and again["written"] == []


def test_the_export_in_check_mode_writes_nothing_and_a_failed_read_fails(tmp_path):
    dest = tmp_path / "inventory"
    result = action(cf_account_setup_export, {"dest": str(dest)}, check_mode=True, answer=SETUP).run(task_vars={})
    assert result["changed"] and "hosts.yml" in result["written"] and not dest.exists()
    failed = action(cf_account_setup_export, {"dest": str(dest)},
                    answer={"failed": True, "msg": "Failed to list monitors", "http_status": 403}).run(task_vars={})
    assert failed["failed"] and failed["msg"] == "Failed to list monitors" and failed["http_status"] == 403
    with pytest.raises(AnsibleActionFail, match="force must be a boolean"):
        action(cf_account_setup_export, {"dest": str(dest), "force": "maybe"}).run(task_vars={})
    with pytest.raises(AnsibleActionFail, match="dest is required"):
        action(cf_account_setup_export, {}).run(task_vars={})
