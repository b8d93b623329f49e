# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads shared by several modules: the account's and zone's object lists, and name-to-id resolution.

Each list is read through its object type (``_objects``), at most once per module run, and only when a module
needs it: name resolution when the user gave a name, the tutorial's rule checks (``_tutorial_rules``) only
when a write is about to be sent.
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import is_cf_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import MONITOR_GROUPS, MONITORS, POOLS, SPECTRUM_APPS


def spectrum_apps_for_hostname_rules(conn):
    """The zone's Spectrum apps for the tutorial's hostname rules only (``_tutorial_rules``), read tolerantly.

    A zone whose Spectrum applications cannot be read (not on the plan, or a token without Spectrum
    permission: HTTP 401, 403 or 404) has none this run can clash with; the rules are then skipped, and
    the skip is reported in the module's result (``skipped_checks``) and as a warning. Any other failure
    is an error. Never used to find an object: that is ``SPECTRUM_APPS.list``.
    """
    try:
        return SPECTRUM_APPS.list(conn)
    except CloudflareError as failure:
        if failure.extras.get("http_status") not in (401, 403, 404):
            raise
        reason = failure.msg.split(": ", 1)[-1]
        conn.skip_check("Spectrum hostname rules",
                        "Could not read the Spectrum applications of zone %s (%s), so the Spectrum hostname rules "
                        "were not checked." % (conn.zone_id, reason))
        return conn.cached(("spectrum_apps_unreadable", conn.zone_id), list)


def _resolve(conn, ref, option, object_type):
    """An id from an id or a name; an unknown or ambiguous name fails naming ``option``.

    An id is used as given (no read); a name costs one (cached) read of the list. In check
    mode a name that does not exist yet is kept as a placeholder, with a warning: an earlier
    task of the same run may be about to create it, and the whole chain can then be predicted.
    A real run still fails on a name that does not exist.
    """
    if is_cf_id(ref):
        return ref
    what, key_field = object_type.kind, object_type.key_field
    found = [o for o in object_type.list(conn) if o.get(key_field) == ref]
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        if conn.check_mode:
            conn.warn("%s: %s %r does not exist yet; check mode assumes an earlier task creates it."
                      % (option, what, ref))
            return ref
        raise CloudflareError("%s: %s %r matches no %s %s or id in account %s."
                              % (option, what, ref, what, key_field, conn.account_id))
    raise CloudflareError("%s: %s %s %r matches %d %ss (ids %s): give the %s id instead."
                          % (option, what, key_field, ref, len(found), what, ", ".join(o["id"] for o in found), what))


def resolve_monitor(conn, ref, option="monitor"):
    """A monitor id from an id or a description."""
    return _resolve(conn, ref, option, MONITORS)


def resolve_monitor_group(conn, ref, option="monitor_group"):
    """A monitor group id from an id or a description."""
    return _resolve(conn, ref, option, MONITOR_GROUPS)


def resolve_pool(conn, ref, option):
    """A pool id from an id or a name."""
    return _resolve(conn, ref, option, POOLS)


def pool_index(conn):
    """Pools by id."""
    return dict((p["id"], p) for p in POOLS.list(conn) if p.get("id"))
