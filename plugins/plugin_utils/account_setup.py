# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A whole Load Balancing and Spectrum setup as an inventory: export it, and plan applying it.

Controller side only (the ``account_setup_*`` filters, the ``cf_object`` action and ``playbooks/export.yml`` use
it). Nothing here knows a field of its own: every rule is read from where the modules keep it.

* The object kinds (:data:`KINDS`) are the modules: each one's ``ARGUMENT_SPEC`` and ``CONSTRAINTS``, and the
  resource the module runs (its fields and how they compare, its documented ``server_defaults``, its read-only
  fields, its natural key and its id option).
* :func:`to_options` turns an object as the API returns it into the options of its module, driven by those:
  the argument spec says which fields are options (and their suboptions), ``server_defaults`` and the keyed
  fields' item defaults say which values are defaults to leave out, ``read_only`` which fields to drop, and the
  comparison modes which lists may be sorted for a stable file. Where the module names an API field otherwise
  (a monitor group member's ``monitor`` is the API's ``monitor_id``), the module's own ``desired()`` says so
  (:func:`api_paths`). References between objects (a pool's monitor, a load balancer's pools) become names
  wherever a name is unique, generically: any value that is the id of a referable object.
* :func:`plan_item` runs the module's own resource in check mode against the objects already read (a
  :class:`SnapshotClient` answers its reads; it never writes), so "would this task change anything?" is answered
  by the module's code without a request. The export checks every object it writes this way (it must plan as
  unchanged), and the ``account_setup`` role runs a module only for the objects that plan as changed.
"""

from __future__ import annotations

import copy
import re

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import (
    Field,
    Variants,
    field_equal,
    fill_defaults,
    values_equal,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._connection import Connection, OptionsOnly
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._load_balancer import LoadBalancerResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import SECRET_HEADER_RE, MonitorResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import (
    LOAD_BALANCERS,
    MONITOR_GROUPS,
    MONITORS,
    POOLS,
    SPECTRUM_APPS,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._pool import PoolResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._spectrum import SpectrumAppResource
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_lb_monitor, cf_lb_pool, cf_load_balancer
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_spectrum_app

from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor_group import MonitorGroupResource
from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.failures import failure_text
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_lb_monitor_group

NAMESPACE = "edgeops.cloudflare"
# Header names whose values are credentials: they go to the secrets file, and tasks carrying them are no_log.
SECRETS_VARIABLE = "cloudflare_lb_secrets"
ACCOUNT_VARIABLE = "cloudflare_account_id"
# A placeholder id for an object the inventory declares and the account does not hold yet (never a Cloudflare id).
PLANNED = "planned:"
# The warning a resource gives, in check mode, for a name it cannot resolve (_lookup, monitor groups).
NOT_YET = " does not exist yet"


class Kind(object):
    """One object kind: its module, the resource the module runs, and its inventory variable."""

    def __init__(self, name, variable, module, module_file, resource, object_type, label):
        self.name = name                    # "pool": the kind's name in plans, reports and cf_object
        self.variable = variable            # "cloudflare_lb_pools": the inventory variable listing them
        self.module = module                # "cf_lb_pool"
        self.spec = module_file.ARGUMENT_SPEC
        self.constraints = getattr(module_file, "CONSTRAINTS", {})
        self.resource = resource
        self.object_type = object_type
        self.label = label                  # "pools": in the summary

    @property
    def scope(self):
        return self.object_type.scope

    @property
    def id_param(self):
        return self.resource.id_param

    @property
    def key_param(self):
        return self.resource.key_param.split(".")[0]

    def fqcn(self):
        return "%s.%s" % (NAMESPACE, self.module)


# In the order they are applied (what refers to something comes after it); pruned in the reverse order.
KINDS = [
    Kind("monitor", "cloudflare_lb_monitors", "cf_lb_monitor", cf_lb_monitor, MonitorResource, MONITORS, "monitors"),
    Kind("monitor_group", "cloudflare_lb_monitor_groups", "cf_lb_monitor_group", cf_lb_monitor_group,
         MonitorGroupResource, MONITOR_GROUPS, "monitor groups"),
    Kind("pool", "cloudflare_lb_pools", "cf_lb_pool", cf_lb_pool, PoolResource, POOLS, "pools"),
    Kind("load_balancer", "cloudflare_load_balancers", "cf_load_balancer", cf_load_balancer, LoadBalancerResource,
         LOAD_BALANCERS, "load balancers"),
    Kind("spectrum_app", "cloudflare_spectrum_apps", "cf_spectrum_app", cf_spectrum_app, SpectrumAppResource,
         SPECTRUM_APPS, "Spectrum apps"),
]
BY_NAME = dict((k.name, k) for k in KINDS)
ACCOUNT_KINDS = [k for k in KINDS if k.scope == "account"]
ZONE_KINDS = [k for k in KINDS if k.scope == "zone"]
# The setup-info result key of each kind's collection.
COLLECTION_OF = {"monitor": "monitors", "monitor_group": "monitor_groups", "pool": "pools",
                 "load_balancer": "load_balancers", "spectrum_app": "spectrum_apps"}


class SetupError(Exception):
    """Bad input to a filter (not a problem of the inventory, which is reported as data)."""


def plain(value):
    """``value`` rebuilt from plain dicts, lists and strings (ansible-core 2.19+ hands filters lazy containers)."""
    if isinstance(value, dict):
        return dict((str(k) if isinstance(k, str) else k, plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str.__str__(value)  # a plain str, also from ansible-core 2.16's unsafe text (whose str() is itself)
    return value


# ---------------------------------------------------------------------------------------------- the snapshot

class NotInSnapshot(Exception):
    """A plan needed something the snapshot does not hold: only the module itself can tell."""


class SnapshotClient(object):
    """A client that answers reads from objects already read and refuses everything else.

    Lists are served through the connection's cache (filled by :func:`snapshot_connection`), so this client only
    sees a GET of one object (found by its id among the snapshot's) and calls a plan cannot answer, which raise
    :class:`NotInSnapshot`.
    """

    throttle = None

    def __init__(self, objects):
        self.objects = dict((o["id"], o) for o in objects if isinstance(o, dict) and o.get("id"))

    def get(self, path, params=None, empty=None):
        object_id = path.rstrip("/").rsplit("/", 1)[-1]
        if object_id in self.objects:
            return copy.deepcopy(self.objects[object_id])
        raise CloudflareAPIError("not found", status=404, method="GET", path=path)

    def list(self, path, *args, **kwargs):
        raise NotInSnapshot("GET %s" % path)

    def _refuse(self, *args, **kwargs):
        raise NotInSnapshot("a write")

    request = post = put = patch = delete = create = _refuse


def snapshot_connection(params, scope, collections, warnings):
    """A check-mode :class:`Connection` whose reads come from ``collections``.

    ``collections`` is ``[(object type, scope id, [objects])]``; every list read a resource makes of one of them
    is answered from it, and a read of anything else raises :class:`NotInSnapshot`. Warnings go to ``warnings``.
    """
    objects = []
    for _type, _scope_id, items in collections:
        objects.extend(items)
    conn = Connection(params, scope=scope, check_mode=True, warn=warnings.append, client=SnapshotClient(objects))
    for object_type, scope_id, items in collections:
        conn.cache[(object_type.plural, scope_id)] = copy.deepcopy(items)
    return conn


def checked_params(kind, item):
    """``item`` as the module sees it after its argument spec (defaults filled, types converted).

    Raises :class:`CloudflareError` with the argument spec's messages.
    """
    if not isinstance(item, dict):
        raise CloudflareError("must be a mapping of %s options, got %s." % (kind.module, type(item).__name__))
    result = ArgumentSpecValidator(kind.spec, **kind.constraints).validate(copy.deepcopy(item))
    if result.error_messages:
        raise CloudflareError(" ".join("%s." % m.rstrip(".") for m in result.error_messages))
    return result.validated_parameters


def plan_item(kind, item, scope_params, collections):
    """What ``kind``'s module would do with ``item`` (its options), told by the module's resource in check mode.

    ``scope_params`` are the connection options that place it (``account_id``, ``zone``, ``zone_id``);
    ``collections`` what the snapshot holds (see :func:`snapshot_connection`). Returns a dict:

    * ``action``: ``unchanged`` (the module would change nothing), ``create`` or ``update`` (it would), ``run``
      (the snapshot cannot tell: the module must be run) or ``invalid`` (the module would refuse its options);
    * ``problem``: why it is invalid (the module's message), or None;
    * ``current``: the existing object it is (None when it would be created or cannot be told);
    * ``diff``: the fields that would change;
    * ``unresolved``: the references that name nothing the snapshot holds (check mode's "does not exist yet").
    """
    out = {"action": "run", "problem": None, "current": None, "diff": None, "unresolved": []}
    try:
        params = checked_params(kind, item)
    except CloudflareError as error:
        out.update(action="invalid", problem=error.msg)
        return out
    params.update(scope_params)
    warnings = []
    conn = snapshot_connection(params, kind.scope, collections, warnings)
    resource = kind.resource(conn)
    resource.converge_after_create = False  # a snapshot has no racing runs to wait for
    try:
        resource.validate()
    except CloudflareError as error:
        out.update(action="invalid", problem=error.msg)
        return out
    try:
        result = resource.run()
    except NotInSnapshot:
        return out
    except CloudflareError as error:
        # the module's own error once it runs (an ambiguous name, a rule that reads the API): let it tell
        out["problem"] = error.msg
        return out
    out["unresolved"] = [w.split(" does not exist yet", 1)[0] for w in warnings if NOT_YET in w]
    obj = result.get(resource.result_key)
    if not result.get("changed"):
        out.update(action="unchanged", current=obj)
    elif (result.get("diff") or {}).get("before") == {}:
        out["action"] = "create"
    else:
        out.update(action="update", current=obj, diff=sorted((result.get("diff") or {}).get("after") or {}))
    return out


# ---------------------------------------------------------------------------------------------- references

def refers_to(obj, object_id):
    """Whether ``object_id`` appears anywhere in ``obj`` (a value or a mapping key), its own ``id`` left aside."""
    if isinstance(obj, dict):
        return any((k != "id" and (k == object_id or refers_to(v, object_id))) for k, v in obj.items())
    if isinstance(obj, list):
        return any(refers_to(v, object_id) for v in obj)
    return obj == object_id


def key_of(kind, obj):
    """The natural key an object of ``kind`` is found by (as its resource matches it)."""
    value = obj.get(kind.resource.key_field) if isinstance(obj, dict) else None
    if kind.name == "spectrum_app":
        value = (value or {}).get("name") if isinstance(value, dict) else None
    return value


def names_by_id(snapshot):
    """``{id: name}`` of every account object a reference may name instead of its id: its key is unique and set."""
    names = {}
    for kind in ACCOUNT_KINDS:
        objects = snapshot.get(COLLECTION_OF[kind.name]) or []
        counts = {}
        for obj in objects:
            counts[key_of(kind, obj)] = counts.get(key_of(kind, obj), 0) + 1
        for obj in objects:
            key = key_of(kind, obj)
            if isinstance(key, str) and key.strip() and counts[key] == 1 and obj.get("id"):
                names[obj["id"]] = key
    return names


def _by_name(value, names):
    """``value`` with every id of ``names`` (a value or a mapping key) replaced by its name."""
    if isinstance(value, dict):
        return dict((names.get(k, k) if isinstance(k, str) else k, _by_name(v, names)) for k, v in value.items())
    if isinstance(value, list):
        return [_by_name(v, names) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


# ---------------------------------------------------------------------------------------------- API -> options

_PROBE = "\x00probe\x00"


def _find_path(value, mark, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            found = _find_path(item, mark, path + (key,))
            if found is not None:
                return found
    elif isinstance(value, list):
        for item in value:
            found = _find_path(item, mark, path)
            if found is not None:
                return found
    elif value == mark:
        return path
    return None


def _probe(kind, params):
    try:
        return kind.resource(OptionsOnly(params)).desired()
    except Exception:  # pylint: disable=broad-except  # an option the probe cannot set alone: taken as named
        return None


_API_PATHS = {}


def api_paths(kind):
    """``{option path: API field}`` where the module names an API field otherwise, told by its ``desired()``.

    Each string option (top level, and inside a dict or list-of-dicts option) is set alone to a marker and
    looked for in what the resource would send. A monitor group's ``members[].monitor`` is the API's
    ``members[].monitor_id``: ``{("members", "monitor"): "monitor_id"}``. An option that cannot be probed alone
    keeps its name.
    """
    if kind.name in _API_PATHS:
        return _API_PATHS[kind.name]
    paths = {}
    for option, entry in kind.spec.items():
        candidates = []
        if entry.get("type", "str") == "str":
            candidates.append(((option,), {option: _PROBE}))
        sub = entry.get("options") or {}
        for name, sub_entry in sub.items():
            if sub_entry.get("type", "str") != "str":
                continue
            value = {name: _PROBE}
            candidates.append(((option, name), {option: [value] if entry.get("type") == "list" else value}))
        for path, params in candidates:
            found = _find_path(_probe(kind, params), _PROBE)
            if found and len(found) == len(path) and found[:-1] == path[:-1] and found[-1] != path[-1]:
                paths[path] = found[-1]
    _API_PATHS[kind.name] = paths
    return paths


_DROP = object()


def _unset(value):
    return value is None or value == "" or value == {} or value == []


def _level_defaults(value, defaults):
    """The documented defaults of one object level, for the kind ``value`` is: ``{field: default}`` (raw)."""
    if isinstance(defaults, Variants):
        level = dict(defaults.common)
        kind_value = value.get(defaults.key, level.get(defaults.key)) if isinstance(value, dict) else None
        try:
            level.update(defaults.by_value.get(kind_value, {}))
        except TypeError:
            pass
        return level
    return dict(defaults) if isinstance(defaults, dict) else {}


def _whole(default):
    if isinstance(default, (dict, Variants)):
        return fill_defaults({}, default)
    return default


def _is_default(value, default):
    return default is not _DROP and values_equal(value, _whole(default))


def _sorted_if_same(value, field):
    """``value`` in a stable order, when its field compares it the same in any order (sets, keyed lists)."""
    if not isinstance(value, list) or field is None or field.mode not in ("set", "keyed"):
        return value
    if field.mode == "set":
        ordered = sorted(value, key=lambda v: (str(type(v)), str(v)))
    else:
        ordered = sorted(value, key=lambda v: str(v.get(field.key)) if isinstance(v, dict) else "")
    return ordered if field_equal(ordered, value, field) else value


def _shape(value, entry, default, field, renames, path):
    """One API value in the shape of its option ``entry`` (argument spec), defaults left out; _DROP if nothing."""
    if _unset(value):
        return _DROP
    options = entry.get("options")
    kind = entry.get("type", "str")
    if kind == "dict" and options and isinstance(value, dict):
        level = _level_defaults(value, default)
        out = {}
        told = False  # a value other than a default: without one, the whole value is its default
        for name, sub_entry in options.items():
            api_name = renames.get(path + (name,), name)
            if api_name not in value:
                continue
            sub_default = level.get(api_name, _DROP)
            shaped = _shape(value[api_name], sub_entry, sub_default, None, renames, path + (name,))
            if shaped is _DROP:
                continue
            if _is_default(shaped, sub_default):
                if not sub_entry.get("required"):
                    continue
            else:
                told = True
            out[name] = shaped
        return out if told else _DROP
    if kind == "list" and options and isinstance(value, list):
        item_defaults = {}
        if isinstance(field, Field):
            item_defaults.update(field.item_read_defaults)
            item_defaults.update(field.item_defaults)
        items = []
        for item in value:
            shaped = _shape(item, dict(type="dict", options=options), item_defaults, None, renames, path)
            items.append({} if shaped is _DROP else shaped)
        return _sorted_if_same(items, _renamed_field(field, renames, path)) if items else _DROP
    if kind == "list" and isinstance(value, list):
        return _sorted_if_same(list(value), field)
    return copy.deepcopy(value)


def _renamed_field(field, renames, path):
    """``field`` with its key named as the option names it (to sort items shaped as options)."""
    if isinstance(field, Field) and field.mode == "keyed":
        for option_path, api_name in renames.items():
            if option_path[:-1] == path and api_name == field.key:
                return Field("keyed", key=option_path[-1], item_defaults=field.item_defaults)
    return field


def to_options(kind, obj):
    """The options of ``kind``'s module that describe ``obj`` (as the API returns it), ids kept.

    Read-only fields, fields no option manages, unset values and documented defaults are left out; the natural
    key comes first, the rest in the argument spec's order.
    """
    resource = kind.resource
    renames = api_paths(kind)
    level = _level_defaults(obj, resource.server_defaults)
    out = {}
    for option, entry in kind.spec.items():
        api_name = renames.get((option,), option)
        if option == kind.id_param or api_name in resource.read_only or api_name not in obj:
            continue
        default = level.get(api_name, _DROP)
        shaped = _shape(obj[api_name], entry, default, resource.fields.get(api_name), renames, (option,))
        if shaped is _DROP or _is_default(shaped, default):
            continue
        out[option] = shaped
    ordered = {}
    if kind.key_param in out:
        ordered[kind.key_param] = out.pop(kind.key_param)
    ordered.update(out)
    return ordered


# ---------------------------------------------------------------------------------------------- secrets

def _slug(text):
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_") or "value"


def split_secrets(options, owner, secrets):
    """``options`` with each credential header value replaced by a reference to ``secrets`` (filled in place).

    A credential header is one under a ``header`` mapping whose name says it carries credentials
    (:data:`SECRET_HEADER_RE`); its values go to ``secrets`` under a name made of ``owner`` and the header name.
    Returns the new options and whether any value moved.
    """
    moved = [False]

    def walk(value, parent):
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if parent == "header" and isinstance(key, str) and SECRET_HEADER_RE.search(key):
                    out[key] = [secret_ref(key, v) for v in (item if isinstance(item, list) else [item])]
                else:
                    out[key] = walk(item, key)
            return out
        if isinstance(value, list):
            return [walk(v, parent) for v in value]
        return value

    def secret_ref(header, value):
        base = "%s_%s" % (_slug(owner), _slug(header))
        name, count = base, 1
        while name in secrets:
            count += 1
            name = "%s_%d" % (base, count)
        secrets[name] = value
        moved[0] = True
        return "{{ %s['%s'] }}" % (SECRETS_VARIABLE, name)

    return walk(options, None), moved[0]


def carries_secret(options):
    """Whether ``options`` hold a credential header (the task that sends them must not log them)."""
    if isinstance(options, dict):
        for key, value in options.items():
            if key == "header" and isinstance(value, dict) and any(
                    isinstance(k, str) and SECRET_HEADER_RE.search(k) for k in value):
                return True
            if carries_secret(value):
                return True
    elif isinstance(options, list):
        return any(carries_secret(v) for v in options)
    return False


# ---------------------------------------------------------------------------------------------- labels

def describe(kind, options=None, obj=None):
    """``pool 'web'`` / ``monitor (id f1ab...)``: an object as messages and the summary name it."""
    options = options or {}
    key = options.get(kind.key_param) if options else None
    if isinstance(key, dict):
        key = key.get("name")
    if key in (None, "") and obj:
        key = key_of(kind, obj)
    object_id = options.get(kind.id_param) or (obj or {}).get("id")
    what = kind.object_type.kind
    if kind.name == "spectrum_app":
        protocol = options.get("protocol") or (obj or {}).get("protocol")
        if key and protocol:
            return "%s %r (%s)" % (what, key, protocol)
    if key not in (None, ""):
        return "%s %r" % (what, key)
    return "%s (id %s)" % (what, object_id)


def item_label(kind, index, item):
    """``cloudflare_lb_pools[2] (web)``: where an inventory item is, for messages."""
    key = item.get(kind.key_param) if isinstance(item, dict) else None
    if isinstance(key, dict):
        key = key.get("name")
    if key in (None, "") and isinstance(item, dict):
        key = item.get(kind.id_param)
    return "%s[%d]%s" % (kind.variable, index, " (%s)" % key if key not in (None, "") else "")


# ---------------------------------------------------------------------------------------------- export

_FIRST_WORD = re.compile(r"^([A-Za-z_]+)\b")


def _with_id(kind, options, object_id):
    """``options`` naming the object by id too, right after its natural key."""
    out = {}
    if kind.key_param in options:
        out[kind.key_param] = options[kind.key_param]
    out[kind.id_param] = object_id
    out.update((k, v) for k, v in options.items() if k != kind.key_param)
    return out


def export_object(kind, obj, names, scope_params, collections):
    """The options that describe ``obj`` and apply to it with no change: ``(options, problem)``.

    References by name and no id where the module finds the object by its natural key; by id where a name is
    ambiguous. Each candidate is planned against the snapshot (:func:`plan_item`), and the first one the module
    would find as ``obj`` and leave unchanged is taken; when none is, ``problem`` says what would change.
    """
    base = to_options(kind, obj)
    by_name = _by_name(base, names)
    candidates = []
    for options in (by_name, base):
        for with_id in (False, True):
            candidate = _with_id(kind, options, obj["id"]) if with_id else options
            if candidate not in candidates:
                candidates.append(candidate)
    first = None
    for candidate in candidates:
        plan = plan_item(kind, candidate, scope_params, collections)
        # A field the module refuses for this object (an HTTP-only field the API holds for a TCP monitor) is one it
        # cannot manage: left out. The module's messages start with the option they concern.
        while plan["action"] == "invalid":
            option = _FIRST_WORD.match(plan["problem"] or "")
            option = option.group(1) if option else None
            if option not in candidate or option in (kind.key_param, kind.id_param):
                break
            candidate = dict((k, v) for k, v in candidate.items() if k != option)
            plan = plan_item(kind, candidate, scope_params, collections)
        if plan["action"] == "unchanged" and (plan["current"] or {}).get("id") == obj["id"]:
            return candidate, None
        first = first or plan
    reason = first["problem"] or ("would change %s" % ", ".join(first["diff"]) if first["diff"]
                                  else "its module would not find it by these options")
    return candidates[-1], "%s (id %s) does not export exactly: %s" % (describe(kind, obj=obj), obj["id"], reason)


def _sort_key(kind, obj):
    key = key_of(kind, obj)
    return (str(key or "").lower(), str(obj.get("protocol") or ""), str(obj.get("id") or ""))


def export_setup(snapshot, zones=None):
    """An inventory of the setup ``snapshot`` holds (``cf_account_setup_info``'s result).

    ``zones``: the zones asked for (names); when not given, every zone that holds a load balancer or a Spectrum
    application. Returns ``{"account": {...}, "secrets": {...}, "hosts": {zone: vars}, "host_vars": {zone: {...}},
    "problems": [...], "counts": {kind: n}, "unreadable": [...]}``: the account file's variables, the secrets
    file's, the inventory's hosts, each zone's variables, the objects that would not apply unchanged, how many
    objects of each kind, and the collections that could not be read.
    """
    snapshot = plain(snapshot)
    account_id = snapshot.get("account_id")
    if not account_id:
        raise SetupError("account_setup_export expects cf_account_setup_info's result (it has no account_id)")
    names = names_by_id(snapshot)
    secret_values = {}
    problems = []
    counts = dict((k.name, 0) for k in KINDS)
    account_collections = [(k.object_type, account_id, snapshot[COLLECTION_OF[k.name]]) for k in ACCOUNT_KINDS
                           if COLLECTION_OF[k.name] in snapshot]

    account = {ACCOUNT_VARIABLE: account_id}
    for kind in ACCOUNT_KINDS:
        objects = snapshot.get(COLLECTION_OF[kind.name])
        if objects is None:
            continue  # not readable: the kind stays out of the inventory (and out of pruning)
        items = []
        for obj in sorted(objects, key=lambda o, k=kind: _sort_key(k, o)):
            options, problem = export_object(kind, obj, names, {"account_id": account_id}, account_collections)
            if problem:
                problems.append(problem)
            options, _moved = split_secrets(options, key_of(kind, obj) or obj["id"], secret_values)
            items.append(options)
        account[kind.variable] = items
        counts[kind.name] = len(items)

    hosts = {}
    host_vars = {}
    asked = zones is not None
    for zone in snapshot.get("zones") or ():
        zone_name = zone.get("name") or zone.get("id")
        found = dict((k.name, (snapshot.get(COLLECTION_OF[k.name]) or {}).get(zone["id"])) for k in ZONE_KINDS)
        if not asked and not any(found.values()):
            continue
        scope = {"account_id": account_id, "zone": zone.get("name"), "zone_id": zone["id"]}
        collections = account_collections + [(k.object_type, zone["id"], found[k.name])
                                             for k in ZONE_KINDS if found[k.name] is not None]
        variables = {}
        for kind in ZONE_KINDS:
            if found[kind.name] is None:
                continue  # not readable in this zone: left out, so never pruned there
            items = []
            for obj in sorted(found[kind.name], key=lambda o, k=kind: _sort_key(k, o)):
                options, problem = export_object(kind, obj, names, scope, collections)
                if problem:
                    problems.append("zone %s: %s" % (zone_name, problem))
                items.append(options)
            variables[kind.variable] = items
            counts[kind.name] += len(items)
        hosts[zone_name] = {"cloudflare_zone": zone.get("name") or zone_name, "cloudflare_zone_id": zone["id"]}
        host_vars[zone_name] = variables
    return {"account": account, "secrets": {SECRETS_VARIABLE: secret_values} if secret_values else {},
            "hosts": hosts, "host_vars": host_vars, "problems": problems, "counts": counts,
            "unreadable": snapshot.get("unreadable") or []}


# ---------------------------------------------------------------------------------------------- plans

def _declared(inventory, kind, problems):
    """The items the inventory lists for ``kind`` (None: the variable is not set, the kind is out of scope)."""
    items = inventory.get(kind.variable)
    if items is None:
        return None
    if not isinstance(items, list):
        problems.append("%s must be a list of %s options, got %s."
                        % (kind.variable, kind.module, type(items).__name__))
        return []
    return items


def _key_params(kind, item, scope_params):
    """The checked options of ``item`` and a resource reading them (its key and id), or ``(None, None)``."""
    try:
        params = checked_params(kind, item)
    except CloudflareError:
        return None, None
    params.update(scope_params)
    resource = kind.resource(OptionsOnly(params))
    try:
        resource.validate()
    except CloudflareError:
        return None, None
    return params, resource


def _claimed_objects(kind, resource, existing):
    """The objects of ``existing`` that an inventory item (read by ``resource``) names: by its id option, or by its
    natural key as the module tells several apart (a Spectrum app's protocol); all of them where it cannot."""
    object_id = resource.params.get(kind.id_param)
    if object_id:
        return [o for o in existing if o.get("id") == object_id]
    key = resource.key_value()
    if key in (None, ""):
        return []
    candidates = [o for o in existing if resource.matches_key(o, key)]
    if len(candidates) < 2:
        return candidates
    try:
        found = resource.find_by_key(candidates)
    except CloudflareError:
        return candidates  # ambiguous to the module: none of them is pruned
    return [found] if found is not None else []


def _placeholders(kind, items, existing, scope_params):
    """Objects the inventory declares and ``existing`` lacks, as placeholders others may refer to by name."""
    out = []
    for item in items or ():
        _params, resource = _key_params(kind, item, scope_params)
        if resource is None or resource.params.get(kind.id_param):
            continue
        key = resource.key_value()
        if key in (None, "") or any(resource.matches_key(o, key) for o in existing):
            continue
        out.append({"id": PLANNED + "%s:%s" % (kind.name, key), kind.resource.key_field: key})
    return out


def _task_scope(kind, scope_params):
    """The connection options a task of ``kind`` adds: the zone's id (no zone lookup), nothing for the account."""
    return {"zone_id": scope_params["zone_id"]} if kind.scope == "zone" else {}


def _plan_kind(kind, items, scope_params, collections, existing, prune):
    """Plan one kind's items: ``{"ensure": [...], "unchanged": n, "prune": [...], "problems": [...]}``."""
    out = {"ensure": [], "unchanged": 0, "prune": [], "problems": []}
    claimed = set()
    keys = {}
    resources = []
    for index, item in enumerate(items):
        label = item_label(kind, index, item)
        plan = plan_item(kind, item, scope_params, collections)
        if plan["action"] == "invalid":
            out["problems"].append("%s: %s" % (label, plan["problem"]))
            continue
        _params, resource = _key_params(kind, item, scope_params)
        # two items that name one object (by key, or by id and key) would undo each other's changes
        key = (resource.params.get(kind.id_param) or resource.key_value(), resource.params.get("protocol")
               if kind.name == "spectrum_app" else None)
        found = (plan["current"] or {}).get("id")
        same = keys.get(key) or (keys.get(("id", found)) if found else None)
        if same:
            out["problems"].append("%s names the same %s as %s; list each object once."
                                   % (label, kind.object_type.kind, same))
            continue
        keys[key] = label
        if found:
            keys[("id", found)] = label
        resources.append(resource)
        for ref in plan["unresolved"]:
            out["problems"].append("%s: %s exists neither in the inventory nor in account %s."
                                   % (label, ref, scope_params.get("account_id")))
        if plan["current"] and plan["current"].get("id"):
            claimed.add(plan["current"]["id"])
        if plan["action"] == "unchanged":
            out["unchanged"] += 1
            continue
        # The entry names the item (variable and index), never its values: plans are facts, and a monitor's
        # headers may hold credentials. The task reads the item from the inventory.
        out["ensure"].append({"kind": kind.name, "variable": kind.variable, "index": index,
                              "scope": _task_scope(kind, scope_params), "label": describe(kind, item),
                              "action": plan["action"],
                              "secret": carries_secret(item) or carries_secret(plan["current"])})
    if prune and existing is not None and not out["problems"]:
        for resource in resources:
            claimed.update(o.get("id") for o in _claimed_objects(kind, resource, existing))
        for obj in sorted(existing, key=lambda o: _sort_key(kind, o)):
            if obj.get("id") in claimed:
                continue
            options = {kind.id_param: obj["id"], "state": "absent"}
            if "in_use" in kind.spec:
                options["in_use"] = "keep"  # still used by what the inventory does not list: kept, and said so
            options.update(_task_scope(kind, scope_params))
            out["prune"].append({"kind": kind.name, "options": options, "label": describe(kind, obj=obj),
                                 "id": obj["id"], "action": "delete", "secret": carries_secret(obj)})
    return out


def _empty_plan(kinds):
    return {"problems": [], "ensure": dict((k.name, []) for k in kinds), "prune": dict((k.name, []) for k in kinds),
            "unchanged": dict((k.name, 0) for k in kinds), "in_scope": []}


def plan_account(inventory, snapshot, prune=False):
    """What applying the inventory's account objects takes, planned against ``snapshot`` (no request).

    ``inventory`` holds the inventory's variables (``cloudflare_lb_monitors``, ``cloudflare_lb_monitor_groups``,
    ``cloudflare_lb_pools``, ``cloudflare_account_id``; a variable not set leaves its kind alone), ``snapshot``
    ``cf_account_setup_info``'s result. Returns ``{"problems", "ensure": {kind: [...]}, "unchanged": {kind: n},
    "prune": {kind: [...]}, "in_scope": [kinds]}``: ``ensure`` lists the objects a module must be run for (new,
    changed, or not told by the snapshot), each ``{"kind", "variable", "index", "scope", "label", "action",
    "secret"}`` (the item is ``variable[index]``, sent with ``scope`` added); ``prune``
    the account's objects of an in-scope kind that no item names (only with ``prune``).
    """
    inventory, snapshot = plain(inventory or {}), plain(snapshot or {})
    account_id = snapshot.get("account_id")
    plan = _empty_plan(ACCOUNT_KINDS)
    expected = inventory.get(ACCOUNT_VARIABLE)
    if expected not in (None, "") and expected != account_id:
        plan["problems"].append("%s is %s but the connection works in account %s: this inventory describes another "
                                "account (set CLOUDFLARE_ACCOUNT_ID, or change %s)."
                                % (ACCOUNT_VARIABLE, expected, account_id, ACCOUNT_VARIABLE))
        return plan
    scope_params = {"account_id": account_id}
    declared = dict((k.name, _declared(inventory, k, plan["problems"])) for k in ACCOUNT_KINDS)
    existing = dict((k.name, snapshot.get(COLLECTION_OF[k.name])) for k in ACCOUNT_KINDS)
    placeholders = dict((k.name, _placeholders(k, declared[k.name], existing[k.name] or [], scope_params))
                        for k in ACCOUNT_KINDS)
    for kind in ACCOUNT_KINDS:
        items = declared[kind.name]
        if items is None:
            continue
        plan["in_scope"].append(kind.name)
        # the kinds it refers to hold what the run will create too (a pool may name a monitor made before it)
        collections = [(k.object_type, account_id,
                        (existing[k.name] or []) + (placeholders[k.name] if k is not kind else []))
                       for k in ACCOUNT_KINDS if existing[k.name] is not None]
        part = _plan_kind(kind, items, scope_params, collections, existing[kind.name], prune)
        plan["problems"].extend(part["problems"])
        plan["ensure"][kind.name] = part["ensure"]
        plan["unchanged"][kind.name] = part["unchanged"]
        plan["prune"][kind.name] = part["prune"]
    return plan


def plan_zone(inventory, zone, snapshot, account, prune=False):
    """What applying one zone's load balancers and Spectrum applications takes, planned without a request.

    ``inventory``: the zone's variables (``cloudflare_load_balancers``, ``cloudflare_spectrum_apps``) and the
    inventory's ``cloudflare_lb_pools`` (pools the run creates may be named before they exist); ``zone``:
    ``{"name", "id"}``; ``snapshot``: ``cf_account_setup_info``'s read of the zone; ``account``: ``{"account_id",
    "pools"}``, the account's pools as the run left them. Returns the same shape as :func:`plan_account`.
    """
    inventory, snapshot, account = plain(inventory or {}), plain(snapshot or {}), plain(account or {})
    plan = _empty_plan(ZONE_KINDS)
    account_id = account.get("account_id")
    zone_id, zone_name = zone.get("id"), zone.get("name")
    scope_params = {"account_id": account_id, "zone": zone_name, "zone_id": zone_id}
    pools = list(account.get("pools") or [])
    pool_kind = BY_NAME["pool"]
    pools += _placeholders(pool_kind, _declared(inventory, pool_kind, []) or [], pools, {"account_id": account_id})
    existing = dict((k.name, (snapshot.get(COLLECTION_OF[k.name]) or {}).get(zone_id)) for k in ZONE_KINDS)
    collections = [(POOLS, account_id, pools)] + [(k.object_type, zone_id, existing[k.name]) for k in ZONE_KINDS
                                                  if existing[k.name] is not None]
    for kind in ZONE_KINDS:
        items = _declared(inventory, kind, plan["problems"])
        if items is None:
            continue
        plan["in_scope"].append(kind.name)
        part = _plan_kind(kind, items, scope_params, collections, existing[kind.name], prune)
        plan["problems"].extend(part["problems"])
        plan["ensure"][kind.name] = part["ensure"]
        plan["unchanged"][kind.name] = part["unchanged"]
        plan["prune"][kind.name] = part["prune"]
    return plan


def removed_referrers(target_id, results, removed_ids):
    """The referrers of ``target_id`` this run removes: what it deleted, and what it wrote without a reference.

    ``results`` are the objects the run's tasks returned (in check mode, what they would leave), ``removed_ids``
    the ids it deleted (or would). Passed to a prune task's ``removed_referrers``, so that check mode predicts
    the deletion of an object whose last users the run changes or deletes, and the real run does exactly that.
    """
    out = [i for i in removed_ids if i]
    for obj in results:
        if isinstance(obj, dict) and obj.get("id") and obj["id"] not in out and not refers_to(obj, target_id):
            out.append(obj["id"])
    return out


# ---------------------------------------------------------------------------------------------- reports

OUTCOMES = ("created", "updated", "deleted", "kept", "unchanged", "failed")


def _without_headers(value):
    """``value`` without its ``header`` mappings (a report keeps objects for their references, never credentials)."""
    if isinstance(value, dict):
        return dict((k, _without_headers(v)) for k, v in value.items() if k != "header")
    if isinstance(value, list):
        return [_without_headers(v) for v in value]
    return value


def report(results, plan=None, failure=None):
    """What one host's run did, from its registered loop results (each item a plan entry) and its plan.

    Returns ``{"kinds": {kind: {outcome: n}}, "kept": [...], "changes", "waited", "objects", "removed", "error"}``:
    per kind how many objects were created, updated, deleted, kept (still used elsewhere), unchanged or failed;
    the objects the run wrote, by kind (without their headers: for the pools the zones refer to, and the
    referrers of later deletions), the ids it deleted, and the failure, if any.
    """
    kinds = {}
    kept = []
    objects = {}
    removed = []
    waited = 0.0

    def count(kind, outcome, number=1):
        kinds.setdefault(kind, dict((o, 0) for o in OUTCOMES))[outcome] += number

    for name, unchanged in ((plan or {}).get("unchanged") or {}).items():
        if unchanged:
            count(name, "unchanged", unchanged)
    # Only the keys read here are read: a skipped loop's other keys (skipped_reason) are deprecated on access.
    for loop in results or []:
        if not isinstance(loop, dict):
            continue
        for result in loop.get("results") or ():
            entry = plain(result.get("item")) if isinstance(result, dict) else None
            if not isinstance(entry, dict) or entry.get("kind") not in BY_NAME or result.get("skipped"):
                continue
            kind = BY_NAME[entry["kind"]]
            waited += float(result.get("api_waited") or 0)
            if result.get("failed"):
                count(kind.name, "failed")
            elif result.get("kept"):
                count(kind.name, "kept")
                kept.append({"kind": kind.name, "label": entry.get("label"),
                             "used_by": [plain(r.get("resource_name")) for r in result.get("referenced_by") or ()]})
            elif result.get("removed"):
                count(kind.name, "deleted")
                removed.append(plain(result["removed"].get("id")))
            elif result.get("changed"):
                count(kind.name, "created" if entry.get("action") == "create" else "updated")
                obj = plain(result.get(kind.resource.result_key))
                if isinstance(obj, dict):
                    objects.setdefault(kind.name, []).append(_without_headers(obj))
            else:
                count(kind.name, "unchanged")
    error = failure_text(failure)
    if error is None and (plan or {}).get("problems"):
        error = " ".join(plan["problems"])
    changes = sum(v["created"] + v["updated"] + v["deleted"] for v in kinds.values())
    return {"kinds": kinds, "kept": kept, "changes": changes, "waited": round(waited, 3), "objects": objects,
            "removed": removed, "error": error,
            "in_scope": list(plan.get("in_scope") or []) if isinstance(plan, dict) else None}


def _kind_text(kind, counts, in_scope):
    parts = ["%d %s" % (counts[o], o) for o in OUTCOMES if counts.get(o)]
    if not parts and in_scope is not None and kind.name not in in_scope:
        return "%s not listed" % kind.label  # the inventory leaves the kind alone
    return "%s %s" % (kind.label, ", ".join(parts) if parts else "none")


def summary(records, check_mode=False):
    """One line per record (the account, then each zone) and the totals, like ``fleet_summary``'s.

    ``records`` are ``{"name", "scope", "report"}`` (``scope``: ``account`` or ``zone``; ``report``: :func:`report`'s
    result, or None when the host did not get that far).
    """
    rows = []
    for record in plain(records or []):
        rep = record.get("report") if isinstance(record.get("report"), dict) else {}
        error = rep.get("error") if rep else "did not run"
        counts = rep.get("kinds") or {}
        kinds = ACCOUNT_KINDS if record.get("scope") == "account" else ZONE_KINDS
        outcome = "failed" if error or any(c.get("failed") for c in counts.values()) else (
            "changed" if rep.get("changes") else "unchanged")
        in_scope = rep.get("in_scope")
        line_kinds = "; ".join(_kind_text(k, counts.get(k.name) or {}, in_scope) for k in kinds)
        rows.append({"name": str(record.get("name")), "scope": record.get("scope"), "outcome": outcome,
                     "changes": int(rep.get("changes") or 0), "waited": float(rep.get("waited") or 0),
                     "kinds": line_kinds, "kept": rep.get("kept") or [], "error": error})
    zones = [r for r in rows if r["scope"] == "zone"]
    account = [r for r in rows if r["scope"] == "account"]
    failed = [r["name"] for r in rows if r["outcome"] == "failed"]
    totals = {
        "zones": len(zones),
        "changed": len([z for z in zones if z["outcome"] == "changed"]),
        "unchanged": len([z for z in zones if z["outcome"] == "unchanged"]),
        "failed": len([z for z in zones if z["outcome"] == "failed"]),
        "account_failed": any(r["outcome"] == "failed" for r in account),
        "changes": sum(r["changes"] for r in rows),
        "waited": round(sum(r["waited"] for r in rows), 1),
        "kept": sum(len(r["kept"]) for r in rows),
    }
    width = max([len(r["name"]) for r in rows] + [4])
    lines = []
    for row in rows:
        line = "%-*s  %-9s  %s" % (width, row["name"], row["outcome"], row["kinds"])
        for kept in row["kept"]:
            users = ", ".join(str(u) for u in kept.get("used_by") or ()) or "others"
            line += "; kept %s (used by %s)" % (kept.get("label"), users)
        if row["waited"]:
            line += "; waited %.1f s" % row["waited"]
        if row["error"]:
            line += "; FAILED at %s" % row["error"]
        lines.append(line)
    lines.append("%d zone%s: %d changed, %d unchanged, %d failed%s; %d change%s in all%s (account %s); tasks waited "
                 "%.1f s in all for the API's request budget" % (
                     totals["zones"], "" if totals["zones"] == 1 else "s", totals["changed"], totals["unchanged"],
                     totals["failed"], (" (%s)" % ", ".join(n for n in failed if n not in [a["name"] for a in account]))
                     if totals["failed"] else "", totals["changes"], "" if totals["changes"] == 1 else "s",
                     ", predicted in check mode" if check_mode else "",
                     "failed" if totals["account_failed"] else ("changed" if any(a["changes"] for a in account)
                                                                else "unchanged"),
                     totals["waited"]))
    return {"lines": lines, "rows": rows, "totals": totals, "failed": failed}


# ---------------------------------------------------------------------------------------------- files

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML comes with ansible-core
    yaml = None

FILE_HEADER = ("# Written by edgeops.cloudflare's playbooks/export.yml from account %s.\n"
               "# Apply with: ansible-playbook -i <this directory> playbooks/apply.yml (--check --diff first).\n")
SECRETS_HEADER = ("# Credentials from monitor headers, written with mode 0600 by playbooks/export.yml.\n"
                  "# Encrypt this file before you commit it: ansible-vault encrypt %s\n")


class _Unsafe(str):
    """A string Ansible must not template (it holds ``{{`` or ``{%``): written with the ``!unsafe`` tag."""


def _mark_unsafe(value):
    if isinstance(value, dict):
        return dict((k, _mark_unsafe(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_mark_unsafe(v) for v in value]
    if isinstance(value, str) and ("{{" in value or "{%" in value or "{#" in value) \
            and not value.startswith("{{ %s[" % SECRETS_VARIABLE):
        return _Unsafe(value)
    return value


def to_yaml(data):
    """``data`` as YAML a person would commit: keys in the order given, lists indented, one item per object."""
    if yaml is None:  # pragma: no cover
        raise SetupError("PyYAML is needed to write the inventory")

    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow=False, indentless=False):
            return super(Dumper, self).increase_indent(flow, False)

    Dumper.add_representer(_Unsafe, lambda dumper, value: dumper.represent_scalar("!unsafe", str.__str__(value)))
    Dumper.add_multi_representer(str, yaml.representer.SafeRepresenter.represent_str)
    return yaml.dump(_mark_unsafe(data), Dumper=Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=120)


def inventory_files(export, secrets_path="group_vars/all/cloudflare_secrets.yml"):
    """The files of an export (:func:`export_setup`): ``{"files": {path: text}, "secrets": {path: text}}``."""
    account_id = export["account"].get(ACCOUNT_VARIABLE)
    header = FILE_HEADER % account_id
    hosts = {"cloudflare_zones": {"hosts": export["hosts"]}}
    files = {"hosts.yml": header + to_yaml(hosts) if export["hosts"] else header + "cloudflare_zones:\n  hosts: {}\n",
             "group_vars/all/cloudflare_account.yml": header + to_yaml(export["account"])}
    for zone, variables in sorted(export["host_vars"].items()):
        files["host_vars/%s.yml" % zone] = header + "# Zone %s.\n" % zone + to_yaml(variables)
    secrets = {}
    if export["secrets"]:
        secrets[secrets_path] = SECRETS_HEADER % secrets_path + to_yaml(export["secrets"])
    return {"files": files, "secrets": secrets}
