# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: write every task result of a playbook run to a JSON file.

Enabled by the integration harness with ANSIBLE_CALLBACKS_ENABLED=json_results and
JSON_RESULTS_FILE=<path>; the harness then asserts on real module results.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: json_results
type: aggregate
short_description: write task results to JSON_RESULTS_FILE (tests only)
description: Test helper.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "json_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self.records = []

    def _add(self, status, result):
        data = result._result
        try:
            data = json.loads(json.dumps(data, default=str))
        except (TypeError, ValueError):
            data = {"unserialisable": repr(data)}
        self.records.append({
            "task": result._task.get_name(),
            "action": result._task.action,
            "host": result._host.get_name(),
            "status": status,
            "result": data,
        })

    def v2_runner_on_ok(self, result):
        self._add("changed" if result._result.get("changed") else "ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._add("failed", result)

    def v2_runner_on_skipped(self, result):
        self._add("skipped", result)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("JSON_RESULTS_FILE")
        if path:
            with open(path, "w") as handle:
                json.dump(self.records, handle)
