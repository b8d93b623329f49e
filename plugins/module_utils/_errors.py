# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error type raised below the module boundary.

Everything in ``module_utils`` raises :class:`CloudflareError` (or the client's subclass
``CloudflareAPIError``); only the module entry point (``_module.CloudflareModule.run``) turns it
into a failed task. The error carries the message and the extra result keys a failed task shows
(``http_status``, ``cloudflare_errors``, ``cloudflare_messages``, ``request``, ``referenced_by``).
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._plans import explain


class CloudflareError(Exception):
    """A failure with a message for the user and extra result keys."""

    def __init__(self, msg, **extras):
        super(CloudflareError, self).__init__(msg)
        self.msg = msg
        self.extras = extras

    def __str__(self):
        return self.msg


def api_failure(operation, what, error):
    """A :class:`CloudflareError` for a failed API call: the operation, the object and Cloudflare's codes.

    A refusal that comes from the account's plan is followed by its plain words (``_plans.explain``).
    """
    said = error.describe()
    plain = explain(error)
    if plain:
        said += (" " if said.endswith(".") else ". ") + plain
    return CloudflareError(
        "Failed to %s %s: %s" % (operation, what, said),
        http_status=error.status,
        cloudflare_errors=error.errors,
        cloudflare_messages=error.messages,
        request="%s %s" % (error.method, error.path) if error.method else None,
    )
