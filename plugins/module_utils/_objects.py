# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The object types this collection manages: where each lives in the API and how it is listed.

One :class:`ObjectType` per type is the only home of its path, its scope (account or zone), its natural
key and its paging. The resources (``_engine`` and one file per type), the name lookups (``_lookup``),
the ``*_info`` queries (``_info``) and the monitor preview (``_preview``) all read and list through it:

* :meth:`ObjectType.list` is the read for finding and resolving: once per module run (cached), and any
  failure to read is an error naming the call - never an empty list;
* :meth:`ObjectType.read_list` is the same read, made now (after a create, to see what racing runs made).
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import api_failure


class ObjectType(object):
    """One Cloudflare object type."""

    def __init__(self, kind, plural, scope, collection, key_field, paged=False, per_page=None, read_permission=None):
        self.kind = kind                    # human name used in messages ("load balancer")
        self.plural = plural
        self.scope = scope                  # "account" or "zone"
        self.collection = collection        # path template of the collection, with the scope's id
        self.key_field = key_field          # the API field that names an object of this type
        self.paged = paged                  # the list endpoint takes page/per_page
        self.per_page = per_page
        self.read_permission = read_permission  # the token permission a read needs, told on 401/403

    def scope_id(self, conn):
        return conn.account_id if self.scope == "account" else conn.zone_id

    def collection_path(self, conn):
        return self.collection % self.scope_id(conn)

    def item_path(self, conn, object_id):
        return "%s/%s" % (self.collection_path(conn), object_id)

    def read_list(self, conn):
        """Every object of this type in the connection's account or zone, read now.

        A list that cannot be read raises :class:`~._errors.CloudflareError` naming the call (and, for a
        token that may not read it, the permission the read needs).
        """
        scope_id = self.scope_id(conn)
        try:
            return conn.client.list(self.collection_path(conn), paged=self.paged, per_page=self.per_page)
        except CloudflareAPIError as error:
            failure = api_failure("list", "%s in %s %s" % (self.plural, self.scope, scope_id), error)
            if self.read_permission and error.status in (401, 403):
                failure.msg += (". Reading a %s's %s needs an API token with %s permission on the %s (%s)."
                                % (self.scope, self.plural, self.read_permission[0], self.scope,
                                   self.read_permission[1]))
            raise failure

    def list(self, conn):
        """:meth:`read_list`, once per module run: lookups, rules and finding share one read."""
        return conn.cached((self.plural, self.scope_id(conn)), lambda: self.read_list(conn))


MONITORS = ObjectType("monitor", "monitors", "account", "/accounts/%s/load_balancers/monitors", "description")
MONITOR_GROUPS = ObjectType("monitor group", "monitor groups", "account", "/accounts/%s/load_balancers/monitor_groups",
                            "description")
POOLS = ObjectType("pool", "pools", "account", "/accounts/%s/load_balancers/pools", "name")
LOAD_BALANCERS = ObjectType("load balancer", "load balancers", "zone", "/zones/%s/load_balancers", "name")
SPECTRUM_APPS = ObjectType("Spectrum application", "Spectrum applications", "zone", "/zones/%s/spectrum/apps",
                           "dns.name", paged=True, per_page=100,
                           read_permission=("Spectrum read", "Zone > Spectrum > Read, or Edit"))
