# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A pool's health report as verdicts, and what changed between two of them.

Cloudflare reports a pool's health per PoP (``GET .../pools/{id}/health``, read by ``_info.PoolInfo.health``):
``{PoP: {"healthy": bool, "origins": [{address: {"healthy": bool, ...}}, ...]}}``. Read as ``_info.unhealthy_origins``
reads it, the pool, or an origin, is

* unhealthy when any PoP reports it unhealthy (``pops`` names those PoPs),
* healthy when some PoP reports it and none reports it unhealthy,
* unknown (``None``) when no PoP says anything about it: an empty report (no check has run yet, a pool without
  a monitor), or an origin the report leaves out (Cloudflare does not check a disabled origin).

:func:`compare` tells what changed between two such verdicts; an unknown verdict never counts as a change, so a
report that could not be read, or that says nothing, is neither "healthy" nor "unhealthy".
"""

from __future__ import annotations


def _verdict(flags):
    """``{"healthy", "pops"}`` from ``{PoP: healthy flag}`` (flags that are not booleans are ignored)."""
    known = dict((pop, flag) for pop, flag in flags.items() if isinstance(flag, bool))
    pops = sorted(pop for pop, flag in known.items() if flag is False)
    healthy = None if not known else not pops
    return {"healthy": healthy, "pops": pops}


def health_verdicts(pop_health):
    """The pool's and each origin's verdict in one health report.

    Returns ``{"pool": verdict, "origins": {address: verdict}}``, each verdict ``{"healthy": True, False or None,
    "pops": [PoPs that see it unhealthy, sorted]}``. Origins are keyed by the address the report names.
    """
    pool_flags = {}
    origin_flags = {}
    for pop, check in (pop_health or {}).items():
        if not isinstance(check, dict):
            continue
        pool_flags[pop] = check.get("healthy")
        for entry in check.get("origins") or []:
            if not isinstance(entry, dict):
                continue
            for address, state in entry.items():
                if isinstance(state, dict):
                    origin_flags.setdefault(address, {})[pop] = state.get("healthy")
    return {
        "pool": _verdict(pool_flags),
        "origins": dict((address, _verdict(flags)) for address, flags in origin_flags.items()),
    }


def compare(known, seen):
    """What changed from the ``known`` verdicts to the ``seen`` ones, and what is known afterwards.

    ``known`` and ``seen`` are :func:`health_verdicts` results; ``known`` may be None (nothing known yet).
    Returns ``(changes, after)``. ``changes`` is a list of ``{"origin": address or None for the pool, "healthy",
    "previous", "pops"}``, the pool first, then origins by address: one for every verdict of ``seen`` that is known
    and differs from the known one (``previous`` None when there was none). ``after`` is ``known`` with the known
    verdicts of ``seen`` in place: an unknown verdict keeps what was known before, so a silent report changes
    nothing.
    """
    known = known or {"pool": {"healthy": None, "pops": []}, "origins": {}}
    changes = []
    pool = _merge(known["pool"], seen["pool"], None, changes)
    origins = dict(known["origins"])
    for address in sorted(seen["origins"]):
        origins[address] = _merge(known["origins"].get(address), seen["origins"][address], address, changes)
    return changes, {"pool": pool, "origins": origins}


def _merge(before, now, origin, changes):
    """The verdict known after ``now`` was seen; a change from ``before`` is appended to ``changes``."""
    previous = (before or {}).get("healthy")
    if now["healthy"] is None:
        return before or now
    if now["healthy"] is not previous:
        changes.append({"origin": origin, "healthy": now["healthy"], "previous": previous, "pops": list(now["pops"])})
    return now
