"""Another read-back the contract allows (``--read-back variant``): the same stored objects, answered in
the shapes other implementations of the API use.

The emulator's own shapes (``--read-back default``) are one choice among several the contract leaves
open: whether an empty map is returned or left out, whether an optional key that is not set (or was
removed) is left out or returned as ``null``, whether read-only fields such as ``disabled_at`` appear
while they mean nothing. A client, and a test, must accept each of them. The variant answers with the
other choice wherever the default makes one:

* monitor: an empty ``header`` map is left out;
* pool: ``monitor``, ``monitor_group``, ``latitude`` and ``longitude`` are ``null`` when not set (after a
  removal too), ``disabled_at`` is ``null`` while the pool is enabled, ``health_sources`` is left out while
  null and ``networks`` while empty; each origin carries ``header`` (``{}`` when none is set) and
  ``disabled_at`` (``null`` while enabled), and leaves ``flatten_cname`` out while it is true;
* load balancer: ``session_affinity_ttl`` is ``null`` when the affinity has none, ``pool_sets`` is ``null``
  when there are none, and empty ``region_pools`` / ``country_pools`` / ``pop_pools`` maps and an empty
  ``networks`` list are left out;
* Spectrum app: the origin form not in use is ``null`` (``origin_direct``, or ``origin_dns`` and
  ``origin_port``), and so is ``virtual_network_id`` when not set.

Monitor groups read the same in both.

Only responses change: stored objects, ``/__emulator__/state`` and ``/__emulator__/objects`` keep the
default shapes (so a state snapshot means the same under both read-backs). Like sparse mode
(``sparse.py``), the transformation applies to the object-returning handlers (list, create, get, put,
patch).
"""

from __future__ import annotations

from typing import Any, Callable, Dict

from .sparse import transform_result

READ_BACKS = ("default", "variant")

# load balancer keys left out while empty
_LB_EMPTY = {"region_pools": {}, "country_pools": {}, "pop_pools": {}, "networks": []}


def _drop_equal(obj: dict, key: str, value: object) -> None:
    """Leave ``key`` out of ``obj`` while it holds ``value``."""
    if key in obj and obj[key] == value and type(obj[key]) is type(value):
        del obj[key]


def vary_monitor(obj: dict) -> dict:
    _drop_equal(obj, "header", {})
    return obj


def vary_pool(obj: dict) -> dict:
    for key in ("monitor", "monitor_group", "latitude", "longitude", "disabled_at"):
        obj.setdefault(key, None)
    _drop_equal(obj, "health_sources", None)
    _drop_equal(obj, "networks", [])
    for origin in obj.get("origins") or ():
        if isinstance(origin, dict):
            origin.setdefault("header", {})
            origin.setdefault("disabled_at", None)
            _drop_equal(origin, "flatten_cname", True)
    return obj


def vary_lb(obj: dict) -> dict:
    obj.setdefault("session_affinity_ttl", None)
    if obj.get("pool_sets") == []:
        obj["pool_sets"] = None
    for key, empty in _LB_EMPTY.items():
        _drop_equal(obj, key, empty)
    return obj


def vary_app(obj: dict) -> dict:
    if "origin_direct" in obj:
        obj.setdefault("origin_dns", None)
        obj.setdefault("origin_port", None)
    else:
        obj.setdefault("origin_direct", None)
    obj.setdefault("virtual_network_id", None)
    return obj


# handler name prefix -> transformation (only object-returning handlers are listed)
VARIANTS: Dict[str, Callable[[dict], dict]] = {
    "monitors": vary_monitor,
    "pools": vary_pool,
    "lbs": vary_lb,
    "apps": vary_app,
}


def vary_result(handler_name: str, result: Any) -> Any:
    """The API ``result`` of handler ``handler_name`` in the variant read-back."""
    return transform_result(VARIANTS, handler_name, result)
