# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read-only queries behind the ``*_info`` modules: list objects, or pick them by id or natural key.

A query never writes and never reports a change, so check mode runs it unchanged. It reads what its
filters need and no more: no filter or a natural key is one read of the list; an id is one GET of that
object. A GET answering "not found" is checked against the list, which tells a missing object (an empty
result) from a missing zone or account (an error, as in every module). A filter that matches nothing
is an empty list, never an error; malformed filters are refused before any request, naming the option.
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    check_hostname,
    host,
    is_cf_id,
    is_pool_name,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError, api_failure
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import hide_secret_headers
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import (
    LOAD_BALANCERS,
    MONITOR_GROUPS,
    MONITORS,
    POOLS,
    SPECTRUM_APPS,
)


def unhealthy_origins(checks):
    """The addresses that any of ``checks`` reports unhealthy, sorted, each once.

    A check is Cloudflare's ``{"healthy": ..., "origins": [{address: {"healthy": ..., ...}}, ...]}``, as a
    pool's health holds one per PoP and a monitor preview one per pool.
    """
    found = set()
    for check in checks:
        origins = check.get("origins") if isinstance(check, dict) else None
        for entry in origins or []:
            if not isinstance(entry, dict):
                continue
            for address, state in entry.items():
                if isinstance(state, dict) and state.get("healthy") is False:
                    found.add(address)
    return sorted(found)


class InfoQuery(object):
    """One object type's query: class attributes plus a few hooks; :meth:`run` returns the module result."""

    object_type = None          # its _objects.ObjectType: kind, path, scope, paging
    result_key = "objects"      # key of the returned list
    id_param = "id"             # option selecting one object by id
    key_param = "name"          # option selecting objects by natural key (exact)

    def __init__(self, conn):
        self.conn = conn
        self.params = conn.params

    @property
    def kind(self):
        return self.object_type.kind

    def list_all(self):
        return self.object_type.list(self.conn)

    def item_path(self, object_id):
        return self.object_type.item_path(self.conn, object_id)

    # -- hooks ---------------------------------------------------------------------
    def validate(self):
        """Check the filters before any request; raise :class:`CloudflareError` naming the option."""
        check_id(self.params, self.id_param)

    def matches_key(self, obj, key):
        return obj.get(self.key_param) == key

    def refine(self, items):
        """Further filters and additions to the selected objects."""
        return items

    def finish(self, result):
        return result

    # -- the query -----------------------------------------------------------------
    def get_by_id(self, object_id):
        try:
            obj = self.conn.client.get(self.item_path(object_id))
        except CloudflareAPIError as error:
            if not error.not_found:
                raise api_failure("read", "%s %s" % (self.kind, object_id), error)
            # The object, or the zone or account around it? The list answers (and fails for the latter).
            return [o for o in self.list_all() if o.get("id") == object_id]
        return [obj] if obj else []

    def select(self):
        object_id = self.params.get(self.id_param)
        if object_id is not None:
            return self.get_by_id(object_id)
        items = self.list_all()
        key = self.params.get(self.key_param)
        if key is None:
            return items
        return [o for o in items if self.matches_key(o, key)]

    def run(self):
        self.validate()
        result = {"changed": False}
        result[self.result_key] = self.refine(self.select())
        return self.finish(result)


class MonitorInfo(InfoQuery):
    object_type = MONITORS
    result_key = "monitors"
    id_param = "monitor_id"
    key_param = "description"

    def refine(self, items):
        for monitor in items:
            hide_secret_headers(self.conn, monitor)
        return items


def monitor_ids(conn, ref):
    """The ids of the monitors ``ref`` names: itself when it is an id, else every monitor with that description."""
    if is_cf_id(ref):
        return set([ref])
    return set(m.get("id") for m in MONITORS.list(conn) if m.get("description") == ref)


def _check_monitor_filter(p, option="monitor"):
    if p.get(option) is not None and not p[option].strip():
        raise CloudflareError("%s must be a monitor id or description, got an empty value." % option)


class MonitorGroupInfo(InfoQuery):
    object_type = MONITOR_GROUPS
    result_key = "monitor_groups"
    id_param = "monitor_group_id"
    key_param = "description"

    def validate(self):
        super(MonitorGroupInfo, self).validate()
        _check_monitor_filter(self.params)

    def refine(self, items):
        ref = self.params.get("monitor")
        if ref is None or not items:
            return items
        ids = monitor_ids(self.conn, ref)
        return [g for g in items if any(isinstance(m, dict) and m.get("monitor_id") in ids
                                        for m in g.get("members") or ())]


class PoolInfo(InfoQuery):
    object_type = POOLS
    result_key = "pools"
    id_param = "pool_id"
    key_param = "name"

    def validate(self):
        super(PoolInfo, self).validate()
        p = self.params
        if p.get("name") is not None and not is_pool_name(p["name"]):
            raise CloudflareError("name must be a pool name: letters, digits, '-' and '_' only, got %r." % p["name"])
        _check_monitor_filter(p)

    def refine(self, items):
        ref = self.params.get("monitor")
        if ref is not None and items:
            ids = monitor_ids(self.conn, ref)
            items = [p for p in items if p.get("monitor") in ids]
        if self.params.get("health"):
            items = [dict(p, health=self.health(p)) for p in items]
        return items

    def health(self, pool):
        """``pop_health`` as Cloudflare reports it, and the addresses any PoP reports unhealthy.

        A pool without a monitor or monitor group is not health checked: nothing is read, and its ``pop_health``
        is empty.
        """
        if not pool.get("monitor") and not pool.get("monitor_group"):
            return {"pop_health": {}, "unhealthy_origins": []}
        report = self.conn.call("read", "the health of pool %r (id %s)" % (pool.get("name"), pool["id"]),
                                self.conn.client.get, self.item_path(pool["id"]) + "/health", empty={})
        pop_health = report.get("pop_health") or {}
        return {"pop_health": pop_health, "unhealthy_origins": unhealthy_origins(pop_health.values())}


def _check_hostname_filter(p, option, example):
    """A hostname filter: normalised in place (see ``_checks.check_hostname``)."""
    if p.get(option) is not None:
        p[option] = check_hostname(p[option], option, example, p.get("zone"))


class _ZoneQuery(InfoQuery):
    def finish(self, result):
        result["zone_id"] = self.conn.zone_id
        return result


class LoadBalancerInfo(_ZoneQuery):
    object_type = LOAD_BALANCERS
    result_key = "load_balancers"
    id_param = "load_balancer_id"
    key_param = "name"

    def validate(self):
        super(LoadBalancerInfo, self).validate()
        _check_hostname_filter(self.params, "name", "lb.example.com")

    def matches_key(self, obj, key):
        return host(obj.get("name")) == key


class SpectrumAppInfo(_ZoneQuery):
    object_type = SPECTRUM_APPS
    result_key = "apps"
    id_param = "app_id"
    key_param = "dns_name"

    def validate(self):
        super(SpectrumAppInfo, self).validate()
        _check_hostname_filter(self.params, "dns_name", "ssh.example.com")

    def matches_key(self, obj, key):
        return host((obj.get("dns") or {}).get("name")) == key
