# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_object: run the module of an object kind with the given options (the account_setup role's one task per step).

The kinds and their modules are ``plugin_utils.account_setup.KINDS``: a kind the collection gains is reachable here
with no change. The module runs exactly as if the task named it: check mode, diff and no_log come from the task.
"""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.account_setup import BY_NAME


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("kind", "options"))
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # no temporary files
        kind = self._task.args.get("kind")
        options = self._task.args.get("options")
        if kind not in BY_NAME:
            raise AnsibleActionFail("kind must be one of %s, got %r." % (", ".join(sorted(BY_NAME)), kind))
        if not isinstance(options, dict):
            raise AnsibleActionFail("options must be a mapping of %s options, got %s."
                                    % (BY_NAME[kind].module, type(options).__name__))
        result.update(self._execute_module(module_name=BY_NAME[kind].fqcn(), module_args=dict(options),
                                           task_vars=task_vars))
        return result
