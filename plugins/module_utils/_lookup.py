# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reads shared by several modules: name-to-id resolution and the tutorial's cross-object rules.

Each list is read at most once per module run (``CloudflareModule.cached``), and only
when a module needs it: name resolution when the user gave a name, rule checks only when
a write is about to be sent.
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import is_cf_id


def _host(name):
    return (name or "").rstrip(".").lower()


def list_monitors(cf):
    path = "/accounts/%s/load_balancers/monitors" % cf.account_id
    return cf.cached(("monitors", cf.account_id), lambda: cf.call(
        "list", "monitors in account %s" % cf.account_id, cf.client.list, path))


def list_pools(cf):
    path = "/accounts/%s/load_balancers/pools" % cf.account_id
    return cf.cached(("pools", cf.account_id), lambda: cf.call(
        "list", "pools in account %s" % cf.account_id, cf.client.list, path))


def list_load_balancers(cf):
    path = "/zones/%s/load_balancers" % cf.zone_id
    return cf.cached(("load_balancers", cf.zone_id), lambda: cf.call(
        "list", "load balancers in zone %s" % cf.zone_id, cf.client.list, path))


def list_spectrum_apps(cf):
    """The zone's Spectrum apps; a zone where Spectrum cannot be read (not on the plan, or a token
    without Spectrum permission) has none to clash with, so that is a warning, not a failure."""
    path = "/zones/%s/spectrum/apps" % cf.zone_id

    def load():
        try:
            return cf.client.list(path, paged=True, per_page=100)
        except CloudflareAPIError as error:
            if error.status in (401, 403, 404):
                cf.module.warn("Could not read the Spectrum applications of zone %s (%s), so the Spectrum "
                               "hostname rules were not checked." % (cf.zone_id, error.describe()))
                return []
            cf.fail_api("list", "Spectrum applications in zone %s" % cf.zone_id, error)
    return cf.cached(("spectrum_apps", cf.zone_id), load)


def _resolve(cf, ref, option, what, key_field, loader):
    """An id from an id or a name; an unknown or ambiguous name fails naming ``option``.

    An id is used as given (no read); a name costs one (cached) read of the list. In check
    mode a name that does not exist yet is kept as a placeholder, with a warning: an earlier
    task of the same run may be about to create it, and the whole chain can then be predicted.
    A real run still fails on a name that does not exist.
    """
    if is_cf_id(ref):
        return ref
    found = [o for o in loader(cf) if o.get(key_field) == ref]
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        if cf.check_mode:
            cf.module.warn("%s: %s %r does not exist yet; check mode assumes an earlier task creates it."
                           % (option, what, ref))
            return ref
        cf.fail("%s: %s %r matches no %s %s or id in account %s." % (option, what, ref, what, key_field, cf.account_id))
    cf.fail("%s: %s %s %r matches %d %ss (ids %s): give the %s id instead."
            % (option, what, key_field, ref, len(found), what, ", ".join(o["id"] for o in found), what))


def resolve_monitor(cf, ref, option="monitor"):
    """A monitor id from an id or a description."""
    return _resolve(cf, ref, option, "monitor", "description", list_monitors)


def resolve_pool(cf, ref, option):
    """A pool id from an id or a name."""
    return _resolve(cf, ref, option, "pool", "name", list_pools)


def pool_index(cf):
    """Pools by id."""
    return dict((p["id"], p) for p in list_pools(cf) if p.get("id"))


def load_balancer_by_host(cf, hostname):
    host = _host(hostname)
    for lb in list_load_balancers(cf):
        if _host(lb.get("name")) == host:
            return lb
    return None


def spectrum_apps_by_host(cf, hostname):
    host = _host(hostname)
    return [a for a in list_spectrum_apps(cf) if _host((a.get("dns") or {}).get("name")) == host]


def spectrum_apps_using_origin(cf, hostname):
    host = _host(hostname)
    return [a for a in list_spectrum_apps(cf) if _host((a.get("origin_dns") or {}).get("name")) == host]
