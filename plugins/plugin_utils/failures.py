# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One line of text for a failure that a role's ``rescue`` recorded (``{"task": ..., "result": ...}``).

Controller side only: the ``fleet_summary`` and ``account_setup_summary`` filters both report failures this way.
"""

from __future__ import annotations

MESSAGE_LIMIT = 300


def failure_text(failure):
    """``task: message`` from what a rescue recorded; a loop's message is its first failed item's, after the
    item's ``label`` when it has one. Whitespace is folded and the message cut at :data:`MESSAGE_LIMIT`."""
    if failure in (None, "", {}):
        return None
    if not isinstance(failure, dict):
        return " ".join(str(failure).split())
    result = failure.get("result") if isinstance(failure.get("result"), dict) else {}
    message = result.get("msg")
    items = [r for r in result.get("results") or [] if isinstance(r, dict) and r.get("failed")]
    if items:
        label = (items[0].get("item") or {}).get("label") if isinstance(items[0].get("item"), dict) else None
        message = "%s: %s" % (label, items[0].get("msg")) if label else items[0].get("msg")
    message = " ".join(str(message or "failed").split())
    if len(message) > MESSAGE_LIMIT:
        message = message[:MESSAGE_LIMIT - 3] + "..."
    task = failure.get("task")
    return "%s: %s" % (task, message) if task else message
