# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare what the user asked for with what the API returned.

Only the fields the user set are compared. Server-filled defaults and read-only
fields never cause a change. Each field has a comparison mode:

``scalar``  plain value; numbers compare by value (1 == 1.0), booleans only with booleans.
``subset``  an object the server fills in: only the keys the user gave are compared,
            and the value sent is the current object with the user's keys merged in.
``exact``   the whole value must match (maps such as HTTP headers or region pools).
``set``     a list whose order the API ignores.
``keyed``   a list of objects identified by one key (pool origins by ``name``): order is
            ignored, each item is filled with the API's defaults, then compared.

Documented defaults (:func:`fill_defaults`) are a dict per object; an object with several
kinds, told apart by one of its keys (edge IPs by ``type``), declares its defaults with
:class:`Variants`, so that a default of one kind is never filled into another kind.
"""

from __future__ import annotations

import copy

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import is_number


class Field(object):
    """How one top-level field is compared and sent."""

    def __init__(self, mode="scalar", key=None, item_defaults=None, normalize=None, item_ignore=(),
                 item_read_defaults=None):
        if mode not in ("scalar", "subset", "exact", "set", "keyed"):
            raise ValueError("unknown comparison mode %r" % mode)
        if mode == "keyed" and not key:
            raise ValueError("keyed fields need a key")
        self.mode = mode
        self.key = key
        self.item_defaults = item_defaults or {}
        self.normalize = normalize
        self.item_ignore = frozenset(item_ignore)
        # defaults of item fields that are compared with what the server holds but never sent unless set
        # (a server may leave them out of a read)
        self.item_read_defaults = item_read_defaults or {}


def values_equal(a, b):
    """Deep equality where 1 == 1.0 but True != 1, and dict key order never matters."""
    if is_number(a) and is_number(b):
        return float(a) == float(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return False
        return all(values_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b))
    return a == b


def is_subset(desired, current):
    """True when every key of ``desired`` (recursively for objects) equals ``current``'s."""
    if isinstance(desired, dict):
        if not isinstance(current, dict):
            return False
        return all(k in current and is_subset(v, current[k]) for k, v in desired.items())
    return values_equal(desired, current)


def deep_merge(base, override):
    """``base`` with ``override`` merged in, recursively for objects; inputs are not changed."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return copy.deepcopy(override)
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _canonical(value):
    """A hashable, order-stable form of a JSON value (used for set comparison)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(v) for v in value)
    if is_number(value):
        return float(value)
    return value


class Variants(object):
    """The documented defaults of an object that comes in several kinds.

    ``key`` names the field that tells the kinds apart (the discriminator, such as ``type``);
    ``by_value`` maps each of its values to the defaults of that kind only; ``common`` holds the
    defaults of every kind, the discriminator's own default among them when it has one. An object
    whose discriminator has no entry in ``by_value`` (or none at all) gets only ``common``.

    ``Variants("type", {"dynamic": {"connectivity": "all"}}, common={"type": "dynamic"})``: a missing
    object is ``{"type": "dynamic", "connectivity": "all"}``; ``{"type": "static", "ips": [...]}``
    gets no ``connectivity``.
    """

    def __init__(self, key, by_value, common=None):
        self.key = key
        self.by_value = dict(by_value)
        self.common = dict(common or {})

    def defaults_for(self, obj):
        """The defaults of the kind ``obj`` is (after the common defaults are filled in)."""
        value = obj.get(self.key) if isinstance(obj, dict) else None
        try:
            return self.by_value.get(value, {})
        except TypeError:  # a list or an object where the discriminator should be: no kind has that
            return {}


def _whole_default(default):
    """The value of a missing key: for an object, all its defaults (for Variants, its default kind's)."""
    if isinstance(default, (dict, Variants)):
        return fill_defaults({}, default)
    return copy.deepcopy(default)


def fill_defaults(obj, defaults):
    """``obj`` with the API's documented defaults filled in where the server left a key out.

    Servers differ in whether a GET repeats default values; comparing against the filled
    object keeps a re-run unchanged either way. Nested objects are filled key by key;
    ``defaults`` (or a nested one) may be :class:`Variants`, filled for the object's kind only.
    """
    if isinstance(defaults, Variants):
        filled = fill_defaults(obj, defaults.common)
        return fill_defaults(filled, defaults.defaults_for(filled))
    filled = copy.deepcopy(obj) if isinstance(obj, dict) else {}
    for key, default in defaults.items():
        if key not in filled or filled[key] is None and default is not None:
            filled[key] = _whole_default(default)
        elif isinstance(default, (dict, Variants)) and isinstance(filled[key], dict):
            filled[key] = fill_defaults(filled[key], default)
    return filled


def fill_item(item, defaults):
    filled = copy.deepcopy(defaults)
    filled.update(copy.deepcopy(item))
    return filled


def _keyed_equal(desired, current, field):
    if not isinstance(current, list):
        return False
    want = {}
    for item in desired:
        want[item.get(field.key)] = fill_item(item, field.item_defaults)
    have = {}
    for item in current:
        if isinstance(item, dict):
            have[item.get(field.key)] = item
    if set(want) != set(have):
        return False
    for key, item in want.items():
        other = have[key]
        for name, value in item.items():
            if name in field.item_ignore:
                continue
            # A key the server left out holds its default; an empty value means "not set".
            theirs = other.get(name, field.item_defaults.get(name, field.item_read_defaults.get(name)))
            if _unset(value) and _unset(theirs):
                continue
            if not values_equal(value, theirs):
                return False
    return True


def _unset(value):
    return value is None or value == {} or value == [] or value == ""


def field_equal(desired, current, field):
    if field.normalize is not None:
        desired = field.normalize(desired)
        current = field.normalize(current)
    if field.mode == "scalar" or field.mode == "exact":
        return values_equal(desired, current)
    if field.mode == "subset":
        if desired is None or current is None:
            return desired is None and current is None
        return is_subset(desired, current)
    if field.mode == "set":
        if desired is None or current is None:
            return desired is None and current is None
        if not isinstance(current, list):
            return False
        return sorted(_canonical(v) for v in desired) == sorted(_canonical(v) for v in current)
    return _keyed_equal(desired, current, field)


def value_to_send(desired, current, field):
    """What to write for a changed field: subset objects keep their other current keys."""
    if field.mode == "subset" and isinstance(desired, dict) and isinstance(current, dict):
        return deep_merge(current, desired)
    if field.mode == "keyed":
        return [fill_item(item, field.item_defaults) for item in desired]
    return copy.deepcopy(desired)


def compare(desired, current, fields):
    """Return ``{field: value to send}`` for each user-set field that differs from ``current``.

    ``desired`` holds only what the user set (API-shaped). Fields missing from ``fields``
    are compared as scalars.
    """
    changes = {}
    for name, want in desired.items():
        field = fields.get(name) or Field()
        have = current.get(name) if isinstance(current, dict) else None
        if not field_equal(want, have, field):
            changes[name] = value_to_send(want, have, field)
    return changes


def _with_read_defaults(value, field):
    """A keyed list as shown in a diff: each item with the defaults a server may leave out or fill in itself, so
    that a default shown on one side only is not read as a change."""
    if field is None or field.mode != "keyed" or not field.item_read_defaults or not isinstance(value, list):
        return copy.deepcopy(value)
    return [fill_item(item, field.item_read_defaults) if isinstance(item, dict) else copy.deepcopy(item)
            for item in value]


def diff_view(changes, current, fields=None):
    """Before/after of exactly the fields that change."""
    fields = fields or {}
    before = {}
    after = {}
    for name, value in changes.items():
        before[name] = _with_read_defaults(current.get(name) if isinstance(current, dict) else None, fields.get(name))
        after[name] = _with_read_defaults(value, fields.get(name))
    return {"before": before, "after": after}
