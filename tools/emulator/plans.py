"""The account plan the emulator plays (``--plan``, ``POST /__emulator__/plan``) and what it limits.

Cloudflare answers a value or a feature the plan does not allow with a plain 400, like any other
validation failure. The emulator does the same for the limits below (tools/emulator/README.md, "Plans"):

* the monitor interval floor: 10 s on Enterprise, 15 s on Business, 60 s on Pro (the ceiling is
  3600 s on every plan), refused as ``1002 "interval is not in range [<floor>, 3600]: validation failed"``;
* features only an Enterprise plan has, refused on Business and Pro with ``ENTERPRISE_ONLY_CODE`` and a
  message naming the field and the feature: monitor groups, pool sets, PoP steering (``pop_pools``)
  and monitor types other than http, https and tcp.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from .errors import ApiError

PLANS = ("enterprise", "business", "pro")
DEFAULT_PLAN = "enterprise"

# The zone's ``plan`` object for each plan (the enterprise id is the one zones always had).
_PLAN_IDS = {"enterprise": "94f3b7b768b0458b56d2cac4fe5ec0f9"}
_PRICES = {"enterprise": (0, ""), "business": (200, "monthly"), "pro": (20, "monthly")}

INTERVAL_FLOORS = {"enterprise": 10, "business": 15, "pro": 60}
MAX_INTERVAL = 3600
# Monitor types every plan has; the others need Enterprise.
BASIC_MONITOR_TYPES = ("http", "https", "tcp")

# The error code of every "needs an Enterprise plan" refusal (the API documents none; our choice).
ENTERPRISE_ONLY_CODE = 1016


def check_plan(name: object) -> Optional[str]:
    """What is wrong with a plan name, or None."""
    if name not in PLANS:
        return f"plan must be one of {', '.join(PLANS)}, not {name!r}"
    return None


def title(plan: str) -> str:
    return plan.capitalize()


def zone_plan(plan: str) -> dict:
    """The ``plan`` object of a zone on ``plan``."""
    price, frequency = _PRICES[plan]
    return {"id": _PLAN_IDS.get(plan) or hashlib.md5(f"plan:{plan}".encode()).hexdigest(),
            "name": f"{title(plan)} Website", "price": price, "currency": "USD", "frequency": frequency,
            "is_subscribed": True, "can_subscribe": False, "legacy_id": plan, "legacy_discount": False,
            "externally_managed": False}


def check_interval(plan: str, interval: object) -> None:
    """400 / 1002 with the API's own message when a monitor interval is outside the plan's range."""
    floor = INTERVAL_FLOORS[plan]
    if not (isinstance(interval, (int, float)) and floor <= interval <= MAX_INTERVAL):
        raise ApiError(400, 1002, f"interval is not in range [{floor}, {MAX_INTERVAL}]: validation failed")


def require_enterprise(plan: str, field: str, feature: str, symbol: Optional[str] = None) -> None:
    """400 / ``ENTERPRISE_ONLY_CODE`` on a plan below Enterprise: ``[<symbol>: ]<field>: <feature> need an
    Enterprise plan; this account is on the <Plan> plan`` (``feature`` is plural: "monitor groups")."""
    if plan == "enterprise":
        return
    prefix = f"{symbol}: " if symbol else ""
    raise ApiError(400, ENTERPRISE_ONLY_CODE, f"{prefix}{field}: {feature} need an Enterprise plan; "
                                              f"this account is on the {title(plan)} plan")
