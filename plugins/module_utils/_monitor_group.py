# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Load Balancing monitor group resource (account level), used by cf_lb_monitor_group.

A monitor group lets several monitors judge a pool's endpoints together. Its natural key is its
``description``; its ``members`` are compared as a set keyed by monitor id (their order means nothing to
the API), each filled with the API's defaults. Updates are a PUT of the whole group (description and
members), as the API's schema asks.
"""

from __future__ import annotations

import copy

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import is_cf_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field, fill_defaults
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import READ_ONLY_FIELDS, Resource, check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._lookup import resolve_monitor
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import MONITOR_GROUPS, MONITORS

# A member's flags, as the API defaults them.
MEMBER_DEFAULTS = {"enabled": True, "monitoring_only": False, "must_be_healthy": False}
MEMBER_FLAGS = tuple(MEMBER_DEFAULTS)
# What the API adds to a member and never takes back.
MEMBER_READ_ONLY = ("created_at", "updated_at")


def member_argument_spec():
    """One member of a group: the monitor (id or description) and its flags."""
    spec = dict(monitor=dict(type="str", required=True))
    spec.update((flag, dict(type="bool")) for flag in MEMBER_FLAGS)
    return spec


def _member_view(member):
    """A member as compared and shown: its monitor and flags (timestamps left out)."""
    if not isinstance(member, dict):
        return member
    return dict((k, copy.deepcopy(v)) for k, v in member.items() if k not in MEMBER_READ_ONLY)


class MonitorGroupResource(Resource):
    object_type = MONITOR_GROUPS
    result_key = "monitor_group"
    id_param = "monitor_group_id"
    key_param = "description"
    key_field = "description"
    fields = {"members": Field("keyed", key="monitor_id", item_defaults=MEMBER_DEFAULTS)}
    server_defaults = {"description": "", "members": []}
    update_method = "PUT"
    # the group's own timestamps, under either name the API's clients use
    read_only = READ_ONLY_FIELDS + MEMBER_READ_ONLY
    has_references = True
    converge_after_create = True  # like monitors, several runs may create a group with one description at once

    def validate(self):
        p = self.params
        check_id(p, "monitor_group_id")
        if p.get("monitor_group_id") is None and not (p.get("description") or "").strip():
            raise CloudflareError("description must not be empty: it names the monitor group (or give "
                                  "monitor_group_id).")
        members = p.get("members")
        if members is None:
            return
        if p.get("state", "present") == "present" and not members:
            raise CloudflareError("members must list at least one monitor.")
        seen = {}
        for index, member in enumerate(members):
            ref = (member.get("monitor") or "").strip()
            if not ref:
                raise CloudflareError("members[%d].monitor must be a monitor id or description, got an empty value."
                                      % index)
            if ref in seen:
                raise CloudflareError("members[%d].monitor: monitor %r is already members[%d]; a monitor can be in a "
                                      "group once." % (index, ref, seen[ref]))
            seen[ref] = index

    def desired(self):
        p = self.params
        want = {}
        if p.get("description") is not None:
            want["description"] = p["description"]
        if p.get("members") is not None:
            want["members"] = [dict([("monitor_id", m["monitor"].strip())]
                                    + [(flag, m[flag]) for flag in MEMBER_FLAGS if m.get(flag) is not None])
                               for m in p["members"]]
        return want

    def resolve(self, desired):
        members = desired.get("members")
        if not members:
            return desired
        seen = {}
        for index, member in enumerate(members):
            member["monitor_id"] = resolve_monitor(self.conn, member["monitor_id"], "members[%d].monitor" % index)
            if member["monitor_id"] in seen:
                raise CloudflareError("members[%d].monitor and members[%d].monitor name the same monitor (id %s); a "
                                      "monitor can be in a group once." % (seen[member["monitor_id"]], index,
                                                                           member["monitor_id"]))
            seen[member["monitor_id"]] = index
        return desired

    def before_write(self, action, desired, current):
        """A member given by id must be a monitor of the account (the API would answer 412)."""
        ids = [(i, m["monitor_id"]) for i, m in enumerate(desired.get("members") or ()) if is_cf_id(m["monitor_id"])]
        if not ids:
            return
        known = set(m.get("id") for m in MONITORS.list(self.conn))
        for index, monitor_id in ids:
            if monitor_id not in known:
                if self.conn.check_mode:
                    self.conn.warn("members[%d].monitor: monitor %s does not exist yet; check mode assumes an "
                                   "earlier task creates it." % (index, monitor_id))
                    continue
                raise CloudflareError("members[%d].monitor: monitor id %s is not a monitor of account %s."
                                      % (index, monitor_id, self.conn.account_id))

    def create_body(self, desired):
        body = copy.deepcopy(desired)
        body.setdefault("description", "")
        if "members" not in body:
            raise CloudflareError("members is required to create %s: list the monitors that judge its pools."
                                  % self.describe())
        body["members"] = [fill_defaults(m, MEMBER_DEFAULTS) for m in body["members"]]
        return body

    def comparable(self, current, desired):
        filled = super(MonitorGroupResource, self).comparable(current, desired)
        if isinstance(filled.get("members"), list):
            filled["members"] = [_member_view(m) for m in filled["members"]]
        return filled

    def full_body(self, changes, desired, current):
        """The whole group for a PUT: its description and members (each without the API's timestamps)."""
        body = {"description": current.get("description") or "",
                "members": [_member_view(m) for m in current.get("members") or []]}
        body.update(copy.deepcopy(changes))
        return body
