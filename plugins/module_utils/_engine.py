# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine: what every "ensure" module does, for any Cloudflare object.

A module describes one object type by subclassing :class:`Resource` (class attributes plus a
few hooks); :meth:`Resource.run` then finds the object by id or natural key, compares the
user's fields with the API's, creates / updates / deletes it (or, in check mode, predicts it),
and returns the module result with ``changed`` and the diff. It raises
:class:`~._errors.CloudflareError` on bad input or a failed call and never exits: the module
entry point (``_module.module_main``) does that.
"""

from __future__ import annotations

import copy
import datetime
import re
import time

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import is_cf_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import compare, diff_view, fill_defaults
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError, api_failure

READ_ONLY_FIELDS = ("id", "created_on", "modified_on")
# Several objects with one natural key, the newest created less than this long ago, may be a race
# between runs that are converging (each loser deletes its own): read again before calling it ambiguous.
RACE_SECONDS = 120
RACE_REREADS = 3
RACE_PAUSE = 1.0
_TIMESTAMP_RE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?")


def _created(obj):
    """When ``obj`` was created: ``created_on``, or ``created_at`` as some clients of newer objects name it."""
    return str(obj.get("created_on") or obj.get("created_at") or "")


def created_order(obj):
    """Sort key: oldest ``created_on`` first (fractional seconds compared as numbers), then the id."""
    match = _TIMESTAMP_RE.match(_created(obj))
    stamp = (match.group(1), float("0" + (match.group(2) or ".0"))) if match else ("9999", 0.0)
    return stamp, str(obj.get("id") or "")


def _age_seconds(obj, now=None):
    match = _TIMESTAMP_RE.match(_created(obj))
    if not match:
        return None
    created = datetime.datetime.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return (now - created).total_seconds() - float("0" + (match.group(2) or ".0"))


def check_id(params, option):
    """An id option, when given, must be a Cloudflare id."""
    value = params.get(option)
    if value is not None and not is_cf_id(value):
        raise CloudflareError("%s must be a 32-character lowercase hexadecimal id, got %r." % (option, value))


# Options of the modules whose objects other objects refer to (pools, monitors): what to do with an object
# still in use when state=absent, and which referrers the run removes (so they do not count). Documented in
# the edgeops.cloudflare.in_use doc fragment.
IN_USE_CHOICES = ("fail", "keep")
IN_USE_ARGUMENT_SPEC = dict(
    in_use=dict(type="str", choices=list(IN_USE_CHOICES), default="fail"),
    removed_referrers=dict(type="list", elements="str", default=[]),
)


class Resource(object):
    """One Cloudflare object type, described by class attributes and a few hooks."""

    object_type = None               # its _objects.ObjectType: kind, path, scope, paging
    result_key = "object"            # key of the returned object
    id_param = "id"                  # module option holding the object id
    key_param = "name"               # module option holding the natural key
    key_field = "name"               # API field holding the natural key
    fields = {}                      # field name -> _compare.Field
    read_only = READ_ONLY_FIELDS
    update_method = "PATCH"          # PATCH sends the changed fields; PUT sends the whole object
    server_defaults = {}             # documented defaults, for servers that leave them out of a GET
    has_references = False           # the API offers "<item path>/references"
    # Shared objects that several runs may create at once (the API does not keep their key unique):
    # after a create, read again and keep the oldest, deleting our own if it lost.
    converge_after_create = False

    def __init__(self, conn):
        self.conn = conn
        self.params = conn.params

    @property
    def kind(self):
        """The human name of the object type, used in messages ("load balancer")."""
        return self.object_type.kind

    def collection_path(self):
        return self.object_type.collection_path(self.conn)

    def item_path(self, object_id):
        return self.object_type.item_path(self.conn, object_id)

    # -- hooks for subclasses ------------------------------------------------------
    def validate(self):
        """Check the options before any API call; raise :class:`CloudflareError` on bad input."""

    def desired(self):
        """The user-set fields in API shape (no ``None`` values)."""
        return {}

    def resolve(self, desired):
        """Turn names into ids (may read the API); returns the desired fields."""
        return desired

    def before_write(self, action, desired, current):
        """Rules checked only when a write is about to be sent (may read the API)."""

    def create_body(self, desired):
        return copy.deepcopy(desired)

    def predicted(self, body):
        """The object a create of ``body`` makes, as far as known before it is made (check mode, diff)."""
        return copy.deepcopy(body)

    def update_request(self, changes, desired, current):
        """Return ``(method, body)`` for an update."""
        if self.update_method == "PUT":
            return "PUT", self.full_body(changes, desired, current)
        return "PATCH", copy.deepcopy(changes)

    def full_body(self, changes, desired, current):
        """The whole object for a PUT: what the API holds, with the user's changes."""
        body = {k: copy.deepcopy(v) for k, v in current.items() if k not in self.read_only}
        body.update(copy.deepcopy(changes))
        return body

    def comparable(self, current, desired):
        """The current object as compared: documented defaults filled where the server left them out."""
        return fill_defaults(current, self.server_defaults)

    def matches_key(self, obj, key):
        return obj.get(self.key_field) == key

    def is_created_object(self, obj):
        """After a lost create answer: whether ``obj`` is the object this run asked for (by natural key)."""
        key = self.key_value()
        return key not in (None, "") and self.matches_key(obj, key)

    def finish(self, result):
        """Last touch to the result of a run (subclasses add their own keys)."""
        return result

    # -- naming --------------------------------------------------------------------
    def plural(self):
        return self.object_type.plural

    def key_value(self):
        return self.params.get(self.key_param)

    def describe(self, obj=None):
        key = (obj or {}).get(self.key_field) if obj else None
        key = key if key is not None else self.key_value()
        object_id = (obj or {}).get("id") or self.params.get(self.id_param)
        if key not in (None, "") and object_id:
            return "%s %r (id %s)" % (self.kind, key, object_id)
        if key not in (None, ""):
            return "%s %r" % (self.kind, key)
        return "%s %s" % (self.kind, object_id)

    def scope_text(self):
        return self.conn.scope_text()

    # -- reads ---------------------------------------------------------------------
    def list_all(self):
        """Every object of this type where it lives, read once per module run (an unreadable list is an error)."""
        return self.object_type.list(self.conn)

    def get_by_id(self, object_id):
        try:
            return self.conn.client.get(self.item_path(object_id))
        except CloudflareAPIError as error:
            if error.not_found:
                return None
            raise api_failure("read", "%s %s" % (self.kind, object_id), error)

    def find_by_key(self, candidates):
        """The one object among ``candidates`` that is this run's; several are ambiguous."""
        if len(candidates) > 1:
            raise CloudflareError("%d %s in %s have %s %r (ids %s): set %s to choose one."
                                  % (len(candidates), self.plural(), self.scope_text(), self.key_param,
                                     self.key_value(), ", ".join(o.get("id", "?") for o in candidates),
                                     self.id_param))
        return candidates[0] if candidates else None

    def find(self):
        """The existing object by id or natural key, or None."""
        object_id = self.params.get(self.id_param)
        if object_id:
            obj = self.get_by_id(object_id)
            if obj is None and self.params.get("state", "present") == "present":
                raise CloudflareError("%s=%s does not exist in %s; omit %s to create a new %s."
                                      % (self.id_param, object_id, self.scope_text(), self.id_param, self.kind))
            return obj
        key = self.key_value()
        candidates = [o for o in self.list_all() if self.matches_key(o, key)]
        for _attempt in range(RACE_REREADS):
            if not self._may_be_converging(candidates):
                break
            # racing runs are still converging (each loser deletes its own object): look again
            time.sleep(RACE_PAUSE)
            candidates = [o for o in self.client_list_or_fail() if self.matches_key(o, key)]
        return self.find_by_key(candidates)

    def _may_be_converging(self, candidates):
        if not self.converge_after_create or len(candidates) < 2:
            return False
        ages = [_age_seconds(o) for o in candidates]
        return any(age is not None and age < RACE_SECONDS for age in ages)

    def client_list_or_fail(self):
        """The list, read now (never from a cache)."""
        return self.object_type.read_list(self.conn)

    def converge(self, created):
        """After creating ``created``: if racing runs made the same object, all keep the oldest.

        Re-reads by natural key (unless the API's rate-limit counter proves no other client was active);
        when there are several, the oldest (by ``created_on``, then id) wins everywhere. If ours lost, it
        is deleted and the winner is returned; an object this run did not create is never deleted.
        """
        if self.conn.others_active() is False:
            # The API's rate-limit counter shows no request in this window but this controller's, whose
            # processes take turns at creating this object: nobody can have created it at the same time.
            return created
        candidates = [o for o in self.client_list_or_fail() if self.is_created_object(o)]
        if not any(o.get("id") == created.get("id") for o in candidates):
            candidates.append(created)
        winner = min(candidates, key=created_order)
        if winner.get("id") == created.get("id"):
            return created
        self.delete(created)
        self.conn.warn("Another run created %s at the same time; this run deleted its own copy (id %s) and uses "
                       "the older one (id %s)." % (self.describe(winner), created.get("id"), winner.get("id")))
        return winner

    # -- writes --------------------------------------------------------------------
    def create(self, body):
        """POST the object; after a lost response, re-read by natural key before any retry.

        Returns ``(object, adopted)``: ``adopted`` is true when the API refused the create because the
        key is taken (1003 "value not unique", another run created it meanwhile) and the object now
        holding it was found instead.
        """
        try:
            return self.conn.client.create(self.collection_path(), body, self._find_after_lost_create), False
        except CloudflareAPIError as error:
            if error.has_code(1003):
                existing = self._find_after_lost_create()
                if existing is not None:
                    return existing, True
            raise api_failure("create", self.describe(), error)

    def _find_after_lost_create(self):
        try:
            items = self.object_type.read_list(self.conn)
        except CloudflareError:
            return None
        found = [o for o in items if self.is_created_object(o)]
        return found[0] if len(found) == 1 else None

    def update(self, method, current, body):
        return self.conn.call("update", self.describe(current), self.conn.client.request, method,
                              self.item_path(current["id"]), body=body).get("result")

    def delete(self, current):
        try:
            self.conn.client.delete(self.item_path(current["id"]))
        except CloudflareAPIError as error:
            if error.not_found:
                return  # already gone (for example a retried DELETE whose first answer was lost)
            raise api_failure("delete", self.describe(current), error)

    def validate_in_use(self):
        """The in-use options, before any API call: the referrers the run removes are ids."""
        if not self.has_references:
            return
        for index, ref in enumerate(self.params.get("removed_referrers") or ()):
            if not is_cf_id(ref):
                raise CloudflareError("removed_referrers[%d]: %r is not an object id (32 hexadecimal characters): "
                                      "give the ids of the load balancers or pools this run removes." % (index, ref))

    def users_of(self, current):
        """Who still uses ``current``: the API's referrers, minus those this run removes (``removed_referrers``:
        deleted by an earlier task of the run, or predicted deleted by it in check mode). None when the object
        is gone meanwhile (another run deleted it)."""
        if not self.has_references:
            return []
        try:
            refs = self.conn.client.list(self.item_path(current["id"]) + "/references")
        except CloudflareAPIError as error:
            # not found: the object is gone (another run deleted it) - unless a read of the object says it is
            # still there, and only its references could not be read
            if error.not_found and self.get_by_id(current["id"]) is None:
                return None
            raise api_failure("read references of", self.describe(current), error)
        removed = set(self.params.get("removed_referrers") or ())
        return [r for r in refs if r.get("reference_type") == "referrer" and r.get("resource_id") not in removed]

    def remove(self, current, result):
        """state=absent on an existing object: delete it (predict it in check mode), or, while others use it,
        fail naming them (in_use=fail) or keep it and say who uses it (in_use=keep)."""
        users = self.users_of(current)
        if users is None:
            # deleted meanwhile by another run (a fork tearing down a zone that shared it): nothing to do here
            result[self.result_key] = None
            return result
        if users:
            names = ", ".join("%s %r (id %s)" % (r.get("resource_type", "object"), r.get("resource_name"),
                                                 r.get("resource_id")) for r in users)
            if self.params.get("in_use") == "keep":
                result.update(kept=True, referenced_by=users)
                result[self.result_key] = current
                self.conn.warn("Kept %s: it is still used by %s." % (self.describe(current), names))
                return result
            raise CloudflareError("Cannot delete %s: it is used by %s. Remove it from them (or delete them) first."
                                  % (self.describe(current), names), referenced_by=users)
        if not self.conn.check_mode:
            self.delete(current)
        result["changed"] = True
        result["diff"] = {"before": self.public_view(current), "after": {}}
        result["removed"] = {"id": current.get("id"), self.key_field: current.get(self.key_field)}
        result[self.result_key] = None
        return result

    # -- the whole run -------------------------------------------------------------
    def run(self):
        """Bring the object to the requested state; return the module result (``changed``, ``diff``, the object)."""
        self.validate()
        self.validate_in_use()
        state = self.params.get("state", "present")
        if state == "present" and not self.conn.check_mode and not self.params.get(self.id_param) \
                and self.key_value() not in (None, ""):
            # forks and playbooks on this controller ensuring the same object take turns at find-then-create
            with self.conn.object_lock(self.scope_text(), self.kind, self.key_value()):
                return self._run(state)
        if state == "absent" and self.has_references and not self.conn.check_mode:
            # forks tearing down zones that share this object take turns at find-check-delete: the last one
            # finds it gone instead of failing on its references
            with self.conn.object_lock(self.scope_text(), self.kind,
                                       self.params.get(self.id_param) or self.key_value()):
                return self._run(state)
        return self._run(state)

    def _run(self, state):
        current = self.find()
        check_mode = self.conn.check_mode
        result = {"changed": False}
        if state == "absent":
            if current is None:
                result[self.result_key] = None
                return self.finish(result)
            return self.finish(self.remove(current, result))

        desired = self.resolve(self.desired())
        if current is None:
            body = self.create_body(desired)
            self.before_write("create", desired, None)
            after = self.predicted(body)
            if check_mode:
                obj, adopted = copy.deepcopy(after), False
            else:
                obj, adopted = self.create(body)
                if not adopted and self.converge_after_create:
                    obj = self.converge(obj)
            if not adopted:
                result.update(changed=True, diff={"before": {}, "after": after})
                result[self.result_key] = obj
                return self.finish(result)
            current = obj  # created by another run meanwhile: ensure it as an existing object

        comparable = self.comparable(current, desired)
        changes = compare(desired, comparable, self.fields)
        if not changes:
            result[self.result_key] = current
            return self.finish(result)
        self.before_write("update", desired, current)
        method, body = self.update_request(changes, desired, current)
        if check_mode:
            obj = copy.deepcopy(current)
            obj.update(copy.deepcopy(changes))
        else:
            obj = self.update(method, current, body)
        # "before" as compared: a field the server left out shows its default, not null
        result.update(changed=True, diff=diff_view(changes, comparable, self.fields))
        result[self.result_key] = obj
        return self.finish(result)

    def public_view(self, obj):
        return copy.deepcopy(obj) if obj else {}
