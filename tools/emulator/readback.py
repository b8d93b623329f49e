"""Another read-back the contract allows (``--read-back variant``): the same stored objects, answered in
the shapes other implementations of the API use.

The emulator's own shapes (``--read-back default``) are one choice among several the contract leaves
open: whether an empty map is returned or left out, whether an optional key that is not set (or was
removed) is left out or returned as ``null``, whether read-only fields such as ``disabled_at`` appear
while they mean nothing. A client, and a test, must accept each of them. The variant answers with the
other choice wherever the default makes one:

* monitor: an empty ``header`` map is left out;
* pool: ``monitor``, ``latitude`` and ``longitude`` are ``null`` when not set (after a removal too),
  ``disabled_at`` is ``null`` while the pool is enabled; each origin carries ``header`` (``{}`` when
  none is set) and ``disabled_at`` (``null`` while enabled);
* load balancer: ``session_affinity_ttl`` is ``null`` when the affinity has none, and empty
  ``region_pools`` / ``country_pools`` / ``pop_pools`` maps are left out;
* Spectrum app: the origin form not in use is ``null`` (``origin_direct``, or ``origin_dns`` and
  ``origin_port``).

Only responses change: stored objects, ``/__emulator__/state`` and ``/__emulator__/objects`` keep the
default shapes (so a state snapshot means the same under both read-backs). Like sparse mode
(``sparse.py``), the transformation applies to the object-returning handlers (list, create, get, put,
patch).
"""

from __future__ import annotations

from typing import Any, Callable, Dict

from .sparse import transform_result

READ_BACKS = ("default", "variant")

_LB_EMPTY_MAPS = ("region_pools", "country_pools", "pop_pools")


def vary_monitor(obj: dict) -> dict:
    if obj.get("header") == {}:
        del obj["header"]
    return obj


def vary_pool(obj: dict) -> dict:
    for key in ("monitor", "latitude", "longitude", "disabled_at"):
        obj.setdefault(key, None)
    for origin in obj.get("origins") or ():
        if isinstance(origin, dict):
            origin.setdefault("header", {})
            origin.setdefault("disabled_at", None)
    return obj


def vary_lb(obj: dict) -> dict:
    obj.setdefault("session_affinity_ttl", None)
    for key in _LB_EMPTY_MAPS:
        if obj.get(key) == {}:
            del obj[key]
    return obj


def vary_app(obj: dict) -> dict:
    if "origin_direct" in obj:
        obj.setdefault("origin_dns", None)
        obj.setdefault("origin_port", None)
    else:
        obj.setdefault("origin_direct", None)
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
