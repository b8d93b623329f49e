# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads shared by several modules: the account's and zone's object lists, and name-to-id resolution.

Each list is read at most once per module run (``Connection.cached``), and only when a module
needs it: name resolution when the user gave a name, the tutorial's rule checks (``_rules``) only
when a write is about to be sent.
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import is_cf_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError, api_failure


def list_monitors(conn):
    path = "/accounts/%s/load_balancers/monitors" % conn.account_id
    return conn.cached(("monitors", conn.account_id), lambda: conn.call(
        "list", "monitors in account %s" % conn.account_id, conn.client.list, path))


def list_pools(conn):
    path = "/accounts/%s/load_balancers/pools" % conn.account_id
    return conn.cached(("pools", conn.account_id), lambda: conn.call(
        "list", "pools in account %s" % conn.account_id, conn.client.list, path))


def list_load_balancers(conn):
    path = "/zones/%s/load_balancers" % conn.zone_id
    return conn.cached(("load_balancers", conn.zone_id), lambda: conn.call(
        "list", "load balancers in zone %s" % conn.zone_id, conn.client.list, path))


def list_spectrum_apps(conn):
    """The zone's Spectrum apps. A list that cannot be read is an error (never "no apps"); a token without
    Spectrum permission is told which permission the read needs."""
    path = "/zones/%s/spectrum/apps" % conn.zone_id

    def load():
        try:
            return conn.client.list(path, paged=True, per_page=100)
        except CloudflareAPIError as error:
            failure = api_failure("list", "Spectrum applications in zone %s" % conn.zone_id, error)
            if error.status in (401, 403):
                failure.msg += (". Reading a zone's Spectrum applications needs an API token with Spectrum read "
                                "permission on the zone (Zone > Spectrum > Read, or Edit).")
            raise failure
    return conn.cached(("spectrum_apps", conn.zone_id), load)


def spectrum_apps_for_hostname_rules(conn):
    """The zone's Spectrum apps for the tutorial's hostname rules only (``_rules``), read tolerantly.

    A zone whose Spectrum applications cannot be read (not on the plan, or a token without Spectrum
    permission: HTTP 401, 403 or 404) has none this run can clash with; the rules are then skipped, and
    the skip is reported in the module's result (``skipped_checks``) and as a warning. Any other failure
    is an error. Never used to find an object: that is :func:`list_spectrum_apps`.
    """
    try:
        return list_spectrum_apps(conn)
    except CloudflareError as failure:
        if failure.extras.get("http_status") not in (401, 403, 404):
            raise
        reason = failure.msg.split(": ", 1)[-1]
        conn.skip_check("Spectrum hostname rules",
                        "Could not read the Spectrum applications of zone %s (%s), so the Spectrum hostname rules "
                        "were not checked." % (conn.zone_id, reason))
        return conn.cached(("spectrum_apps_unreadable", conn.zone_id), list)


def _resolve(conn, ref, option, what, key_field, loader):
    """An id from an id or a name; an unknown or ambiguous name fails naming ``option``.

    An id is used as given (no read); a name costs one (cached) read of the list. In check
    mode a name that does not exist yet is kept as a placeholder, with a warning: an earlier
    task of the same run may be about to create it, and the whole chain can then be predicted.
    A real run still fails on a name that does not exist.
    """
    if is_cf_id(ref):
        return ref
    found = [o for o in loader(conn) if o.get(key_field) == ref]
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
    return _resolve(conn, ref, option, "monitor", "description", list_monitors)


def resolve_pool(conn, ref, option):
    """A pool id from an id or a name."""
    return _resolve(conn, ref, option, "pool", "name", list_pools)


def pool_index(conn):
    """Pools by id."""
    return dict((p["id"], p) for p in list_pools(conn) if p.get("id"))
