# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An account's whole Load Balancing and Spectrum setup, read at once: the query behind cf_account_setup_info.

Each collection is read once, through its object type (``_objects``): the account's zones (paged), monitors,
monitor groups and pools, then the load balancers and Spectrum applications of each zone asked for. Zones given
by id cost no read of the zone list. Two reads may fail without failing the query, because an account or zone can
lack what they need: monitor groups (an Enterprise feature) and a zone's Spectrum applications (a zone without
Spectrum, or a token without Spectrum permission). A 401, 403 or 404 there is reported in ``unreadable`` and the
collection is left out of the result; any other failure is an error naming the call.
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import host, is_cf_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import (
    LOAD_BALANCERS,
    MONITOR_GROUPS,
    MONITORS,
    POOLS,
    SPECTRUM_APPS,
)

ACCOUNT_COLLECTIONS = (("monitors", MONITORS), ("monitor_groups", MONITOR_GROUPS), ("pools", POOLS))
ZONE_COLLECTIONS = (("load_balancers", LOAD_BALANCERS), ("spectrum_apps", SPECTRUM_APPS))
COLLECTIONS = ("zones",) + tuple(name for name, _t in ACCOUNT_COLLECTIONS + ZONE_COLLECTIONS)
# Collections an account or zone may be unable to read without anything being wrong (see the module docstring).
TOLERATED = ("monitor_groups", "spectrum_apps")
TOLERATED_STATUS = (401, 403, 404)
ZONES_PER_PAGE = 50


class _ZoneView(object):
    """What an object type needs to read one zone's collection: the connection's client, that zone's id."""

    def __init__(self, conn, zone_id):
        self.client = conn.client
        self.account_id = conn.account_id
        self.zone_id = zone_id


class SetupQuery(object):
    """Read the collections named by ``read`` (all by default), for the zones named by ``zones``."""

    def __init__(self, conn):
        self.conn = conn
        self.params = conn.params
        self.unreadable = []

    def validate(self):
        for index, ref in enumerate(self.params.get("zones") or ()):
            if not isinstance(ref, str) or not ref.strip():
                raise CloudflareError("zones[%d] must be a zone name or id, got %r." % (index, ref))

    def account_zones(self):
        """Every zone of the account, ``[{"id", "name"}]`` sorted by name (the zone list, paged)."""
        conn = self.conn
        zones = conn.call("list", "zones of account %s" % conn.account_id, conn.client.list, "/zones",
                          params={"account.id": conn.account_id}, paged=True, per_page=ZONES_PER_PAGE)
        return sorted(({"id": z.get("id"), "name": host(z.get("name"))} for z in zones if isinstance(z, dict)),
                      key=lambda z: (z["name"] or "", z["id"] or ""))

    def selected_zones(self, listed):
        """The zones asked for: every zone of the account, or those named (ids are used as given)."""
        refs = self.params.get("zones")
        if refs is None:
            return listed()
        out = []
        names = None
        for ref in refs:
            ref = ref.strip()
            if is_cf_id(ref):
                out.append({"id": ref, "name": None})
                continue
            if names is None:
                names = dict((z["name"], z) for z in listed())
            zone = names.get(host(ref))
            if zone is None:
                raise CloudflareError("zones: zone %r is not a zone of account %s (or the credentials cannot read it)."
                                      % (ref, self.conn.account_id))
            out.append(zone)
        return out

    def read_tolerant(self, name, object_type, view, where):
        try:
            return object_type.read_list(view)
        except CloudflareError as failure:
            if name not in TOLERATED or failure.extras.get("http_status") not in TOLERATED_STATUS:
                raise
            entry = {"collection": name, "message": failure.msg}
            entry.update(where)
            self.unreadable.append(entry)
            return None

    def run(self):
        self.validate()
        read = self.params.get("read") or list(COLLECTIONS)
        result = {"changed": False, "account_id": self.conn.account_id}
        cache = {}

        def listed():
            if "zones" not in cache:
                cache["zones"] = self.account_zones()
            return cache["zones"]

        zone_reads = [(name, t) for name, t in ZONE_COLLECTIONS if name in read]
        if "zones" in read or zone_reads:
            result["zones"] = self.selected_zones(listed)
        for name, object_type in ACCOUNT_COLLECTIONS:
            if name in read:
                items = self.read_tolerant(name, object_type, self.conn, {})
                if items is not None:
                    result[name] = items
        for name, object_type in zone_reads:
            result[name] = {}
            for zone in result["zones"]:
                items = self.read_tolerant(name, object_type, _ZoneView(self.conn, zone["id"]),
                                           {"zone_id": zone["id"], "zone": zone["name"]})
                if items is not None:
                    result[name][zone["id"]] = items
        result["unreadable"] = self.unreadable
        return result
