# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module boundary: the one place that talks to ``AnsibleModule`` and ends the process.

:class:`CloudflareModule` wraps ``AnsibleModule`` with the connection options every module takes
and delegates explicitly what callers need (``params``, ``check_mode``, ``diff_mode``, ``warn``).
:func:`module_main` is the whole ``main()`` of every module: everything below it raises
:class:`~._errors.CloudflareError`, and only here does a failure become ``fail_json`` (with the
error's extras: ``http_status``, ``cloudflare_errors``, ``request``...) and a result ``exit_json``.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.edgeops.cloudflare.plugins.module_utils._connection import (
    Connection,
    check_connection_params,
    connection_argument_spec,
    normalise_connection_params,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError


class CloudflareModule(object):
    """An ``AnsibleModule`` with Cloudflare's connection options, and a :class:`Connection` made from them."""

    def __init__(self, argument_spec, scope=None, mutually_exclusive=None, required_one_of=None,
                 required_if=None, required_together=None, required_by=None):
        spec = connection_argument_spec(scope)
        mutually_exclusive = list(mutually_exclusive or [])
        if scope == "zone":
            mutually_exclusive.append(("zone", "zone_id"))
        spec.update(argument_spec)
        self.scope = scope
        self._module = AnsibleModule(
            argument_spec=spec,
            supports_check_mode=True,
            mutually_exclusive=mutually_exclusive,
            required_one_of=required_one_of or [],
            required_if=required_if or [],
            required_together=required_together or [],
            required_by=required_by or {},
        )
        for secret in normalise_connection_params(self._module.params):
            self._module.no_log_values.add(secret)
        # A blank secret option counts as unset (above); left among the values to mask, it would mask every
        # run of blanks in the output ("No********Cloudflare********credentials").
        for value in [v for v in self._module.no_log_values if isinstance(v, str) and not v.strip()]:
            self._module.no_log_values.discard(value)
        self.connection = Connection(self.params, scope=scope, check_mode=self.check_mode, warn=self.warn,
                                     hide=self._module.no_log_values.add)

    # -- what callers need, delegated explicitly -------------------------------------------
    @property
    def params(self):
        return self._module.params

    @property
    def check_mode(self):
        return self._module.check_mode

    @property
    def diff_mode(self):
        return self._module._diff

    def warn(self, message):
        self._module.warn(message)

    # -- the only exits --------------------------------------------------------------------------
    def fail(self, error):
        """End the module with ``error`` (a :class:`CloudflareError`): its message and extras."""
        extras = dict((k, v) for k, v in error.extras.items() if v is not None)
        extras.update(self._waited())
        extras.update(self._skipped())
        self._module.fail_json(msg=error.msg, **extras)

    def exit(self, result):
        if not self.diff_mode:
            result.pop("diff", None)
        result.update(self._waited())
        result.update(self._skipped())
        self._module.exit_json(**result)

    def _skipped(self):
        """``{"skipped_checks": [...]}`` when a check was skipped because what it needs could not be read."""
        skipped = self.connection.skipped_checks
        return {"skipped_checks": list(skipped)} if skipped else {}

    def _waited(self):
        """``{"api_waited": seconds}`` when the request budget made this module wait, else ``{}``.

        The same figure as the warning, as a value: ansible-core keeps warnings out of registered results,
        so a role or playbook can only add up the time its tasks waited from this key.
        """
        waited = self.connection.pacing_waited()
        return {"api_waited": round(waited, 3)} if waited > 0 else {}

    def run(self, work):
        """Check the connection options, run ``work(connection)`` and exit with its result or its error."""
        if not HAS_REQUESTS:
            self._module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))
        try:
            check_connection_params(self.params, self.scope)
            result = work(self.connection)
        except CloudflareError as error:
            self._report_pacing()
            self.fail(error)
        self._report_pacing()
        self.exit(result)

    def _report_pacing(self):
        report = self.connection.pacing_report()
        if report:
            self.warn(report)


def module_main(work_class, argument_spec, scope, **module_kwargs):
    """The whole ``main()`` of every module: ``work_class(connection).run()`` (a resource, a query or the preview)."""
    module = CloudflareModule(argument_spec, scope=scope, **module_kwargs)
    module.run(lambda connection: work_class(connection).run())
