"""Monitor groups: their members, and how a group judges an origin.

A member is ``{monitor_id, enabled, monitoring_only, must_be_healthy, created_at, updated_at}``. How a
group judges an origin (Cloudflare's documented rule): it is unhealthy when an enabled member that must
be healthy says so, or when more than half of the voting members say so. Voting members are the
enabled ones that are not ``monitoring_only``; disabled members send no probes and ``monitoring_only``
members are reported but never count (not even when they are also ``must_be_healthy``).
"""

from __future__ import annotations

from typing import Callable, Collection, Dict, List, Optional, Tuple

from .errors import ApiError, invalid

MEMBER_FLAGS = {"enabled": True, "monitoring_only": False, "must_be_healthy": False}
# 412 when a member names a monitor the account does not have (the API documents the status, not the code)
MISSING_MONITOR_CODE = 1006


def build_members(members: object, old_members: Optional[List[dict]], monitors: Collection[str],
                  ts: str) -> List[dict]:
    """The members of a group write: flags filled in, ``created_at`` kept for a monitor that was already a
    member, ``updated_at`` renewed when its flags change. ``monitors``: the account's monitor ids."""
    if not isinstance(members, list) or not members:
        raise invalid("members: a monitor group needs at least one member")
    seen: Dict[str, int] = {}
    for i, member in enumerate(members):
        mid = member.get("monitor_id")
        if not isinstance(mid, str) or not mid:
            raise invalid(f"members[{i}].monitor_id: a monitor id is required")
        if mid in seen:
            raise invalid(f"members[{i}].monitor_id: monitor {mid} is already members[{seen[mid]}]; "
                          "a monitor can be in a group once")
        seen[mid] = i
    for i, member in enumerate(members):
        if member["monitor_id"] not in monitors:
            raise ApiError(412, MISSING_MONITOR_CODE,
                           f"members[{i}].monitor_id: monitor {member['monitor_id']} does not exist")
    old = {m["monitor_id"]: m for m in old_members or ()}
    out = []
    for member in members:
        item = {"monitor_id": member["monitor_id"]}
        item.update((flag, member.get(flag, default)) for flag, default in MEMBER_FLAGS.items())
        prev = old.get(item["monitor_id"])
        unchanged = prev is not None and all(prev[flag] == item[flag] for flag in MEMBER_FLAGS)
        item["created_at"] = prev["created_at"] if prev else ts
        item["updated_at"] = prev["updated_at"] if unchanged else ts
        out.append(item)
    return out


def judge(members: List[dict], says_down: Callable[[str], bool]) -> Tuple[bool, str, Dict[str, dict]]:
    """(healthy, failure reason, what each probing member says) for one origin.

    ``says_down(monitor_id)``: whether that monitor finds the origin unhealthy. Disabled members are not
    in the third item (they send no probes).
    """
    reports = {m["monitor_id"]: {"healthy": not says_down(m["monitor_id"]),
                                 "monitoring_only": m["monitoring_only"], "must_be_healthy": m["must_be_healthy"]}
               for m in members if m["enabled"]}
    voters = [mid for mid, r in reports.items() if not r["monitoring_only"]]
    for mid in voters:
        if reports[mid]["must_be_healthy"] and not reports[mid]["healthy"]:
            return False, f"Monitor {mid} must be healthy and reports the origin unhealthy", reports
    down = sum(1 for mid in voters if not reports[mid]["healthy"])
    if down * 2 > len(voters):
        return False, f"{down} of {len(voters)} voting monitors report the origin unhealthy", reports
    return True, "No failure reasons", reports
