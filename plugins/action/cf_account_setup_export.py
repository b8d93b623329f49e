# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_account_setup_export: read a whole setup (cf_account_setup_info) and write it as an inventory, on the controller.

The reading is the module's; the conversion is ``plugin_utils.account_setup`` (every object checked to apply
unchanged); this action only writes the files, so that credentials from monitor headers go from the API to the
secrets file (mode 0600) without passing through a task result.
"""

from __future__ import annotations

import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.account_setup import (
    SetupError,
    export_setup,
    inventory_files,
)

SECRETS_PATH = "group_vars/all/cloudflare_secrets.yml"
OWN_ARGS = ("dest", "zones", "force")


def _write(path, text, mode):
    """Write ``text`` to ``path`` atomically with ``mode``; returns whether the content changed."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            if handle.read() == text and (os.stat(path).st_mode & 0o777) == mode:
                return False
    except (IOError, OSError, UnicodeDecodeError):
        pass
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".export-")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


class ActionModule(ActionBase):

    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # no temporary files on a target
        args = dict(self._task.args)
        dest = args.get("dest")
        zones = args.get("zones")
        force = self._bool(args.get("force", False), "force")
        if not isinstance(dest, str) or not dest.strip():
            raise AnsibleActionFail("dest is required: the inventory directory to write.")
        if zones is not None and (not isinstance(zones, list) or not all(isinstance(z, str) for z in zones)):
            raise AnsibleActionFail("zones must be a list of zone names, got %r." % (zones,))
        dest = os.path.abspath(os.path.expanduser(dest))
        if os.path.exists(dest) and not os.path.isdir(dest):
            raise AnsibleActionFail("dest %s exists and is not a directory." % dest)
        if os.path.isdir(dest) and os.listdir(dest) and not force:
            raise AnsibleActionFail("dest %s is not empty (%d entries): choose an empty or new directory, or overwrite "
                                    "the export's files with force=true (export_force=true)."
                                    % (dest, len(os.listdir(dest))))

        module_args = dict((k, v) for k, v in args.items() if k not in OWN_ARGS)
        if zones is not None:
            module_args["zones"] = zones
        setup = self._execute_module(module_name="edgeops.cloudflare.cf_account_setup_info", module_args=module_args,
                                     task_vars=task_vars)
        if setup.get("failed"):
            result.update(failed=True, msg=setup.get("msg"))
            for key in ("http_status", "cloudflare_errors", "request", "api_waited"):
                if key in setup:
                    result[key] = setup[key]
            return result
        try:
            export = export_setup(setup, zones=zones)
            files = inventory_files(export, secrets_path=SECRETS_PATH)
        except SetupError as error:
            raise AnsibleActionFail(str(error))

        changed = []
        writes = [(path, text, 0o644) for path, text in sorted(files["files"].items())]
        writes += [(path, text, 0o600) for path, text in files["secrets"].items()]
        for path, text, mode in writes:
            full = os.path.join(dest, path)
            if self._task.check_mode:
                if not os.path.isfile(full) or open(full, encoding="utf-8").read() != text:
                    changed.append(path)
                continue
            os.makedirs(os.path.dirname(full), mode=0o755, exist_ok=True)
            if _write(full, text, mode):
                changed.append(path)
        result.update(
            changed=bool(changed), dest=dest, files=sorted(files["files"]), written=changed,
            secrets_file=SECRETS_PATH if files["secrets"] else None, counts=export["counts"], zones=sorted(export["hosts"]),
            problems=export["problems"], unreadable=export["unreadable"])
        if setup.get("api_waited"):
            result["api_waited"] = setup["api_waited"]
        return result

    @staticmethod
    def _bool(value, name):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.strip().lower() in ("true", "yes", "1")
        raise AnsibleActionFail("%s must be a boolean, got %r." % (name, value))
