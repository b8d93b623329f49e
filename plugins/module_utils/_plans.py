# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What Cloudflare allows by plan, and the plain words for a refusal that comes from the account's plan.

The API refuses a value or a feature the account's plan does not allow with a bare 400, such as
``[1002] interval is not in range [60, 3600]: validation failed`` (the monitor interval floor of a Pro plan) or a
pool-set ``..._ENTITLEMENT`` code. :func:`explain` turns such an answer into a sentence naming the option, the
plan-dependent limit and, where the API says it, what the account allows. It only says what the API's answer
supports: an answer that does not speak of a range or of an entitlement gets no explanation.
"""

from __future__ import annotations

import re

# The lowest monitor interval (seconds) of each plan, per Cloudflare's Load Balancing documentation.
MONITOR_INTERVAL_FLOORS = (("Pro", 60), ("Business", 15), ("Enterprise", 10))
# Monitor types every plan has; the others need Enterprise.
EVERY_PLAN_MONITOR_TYPES = ("http", "https", "tcp")

_RANGE_RE = re.compile(r"(?P<field>[A-Za-z_][A-Za-z0-9_.\[\]]*)(?: list)?(?: length)? (?:is not|must be) in range "
                       r"\[(?P<low>-?[0-9.]+), ?(?P<high>-?[0-9.]+)\]", re.IGNORECASE)
# The pool-set refusals of a missing entitlement: which part of a set asked for it.
_POOL_SET_CODE_RE = re.compile(r"POOL_SET_(POP|REGION|COUNTRY)_ENTITLEMENT", re.IGNORECASE)
_POOL_SET_TOPOLOGY = {"POP": ("pops", "matching by Cloudflare data centre (PoP)"),
                      "REGION": ("regions", "matching by region"),
                      "COUNTRY": ("countries", "matching by country")}
_ENTITLEMENT_RE = re.compile(r"entitle|enterprise|\bplan\b|subscription|not (?:available|enabled|allowed) (?:for|on)",
                             re.IGNORECASE)


def _floors():
    return ", ".join("%d s on %s" % (floor, plan) for plan, floor in MONITOR_INTERVAL_FLOORS)


def _enterprise_features(path, body):
    """``(option, what it is)`` for each Enterprise-only feature the refused request asked for."""
    body = body if isinstance(body, dict) else {}
    found = []
    if "/monitor_groups" in (path or ""):
        found.append(("monitor group", "monitor groups need an Enterprise plan with Load Balancing"))
    if body.get("monitor_group"):
        found.append(("monitor_group", "monitor groups need an Enterprise plan with Load Balancing"))
    if body.get("pool_sets"):
        found.append(("pool_sets", "pool sets need an Enterprise plan with Traffic Steering"))
    if body.get("pop_pools"):
        found.append(("pop_pools", "steering by Cloudflare data centre (PoP) needs an Enterprise plan"))
    for index, rule in enumerate(body.get("rules") or []):
        if isinstance(rule, dict) and (rule.get("overrides") or {}).get("pop_pools"):
            found.append(("rules[%d].overrides.pop_pools" % index,
                          "steering by Cloudflare data centre (PoP) needs an Enterprise plan"))
            break
    if any(isinstance(o, dict) and "flatten_cname" in o for o in body.get("origins") or []):
        found.append(("origins[].flatten_cname", "CNAME flattening of origins needs an Enterprise plan with Load "
                                                 "Balancing (in limited availability)"))
    if body.get("type") and "/monitors" in (path or "") and body["type"] not in EVERY_PLAN_MONITOR_TYPES:
        found.append(("type", "%s monitors need an Enterprise plan (other plans have %s)"
                      % (body["type"], ", ".join(EVERY_PLAN_MONITOR_TYPES))))
    if body.get("health_sources"):
        found.append(("health_sources", "regional health checks are in beta for eligible accounts"))
    return found


def _range_sentence(field, low, high, body):
    field = field.lower() if field.lower() in ("interval", "origins") else field
    sent = body.get(field) if isinstance(body, dict) else None
    given = " (this task sent %s)" % sent if sent is not None and not isinstance(sent, (dict, list)) else ""
    if field == "interval":
        if low == high == "0":
            return ("interval: this account's plan allows no monitor interval at all%s: it has no Load Balancing "
                    "subscription that runs health monitors. Cloudflare's floors are %s." % (given, _floors()))
        return ("interval: this account's plan allows a monitor interval from %s to %s seconds%s. The floor depends on "
                "the plan: %s." % (low, high, given, _floors()))
    if field == "origins" or field.startswith("origin"):
        count = " (this task sent %d)" % len(body["origins"]) if isinstance(body.get("origins"), list) else ""
        return ("origins: this account's plan allows %s to %s origins per pool%s; the number depends on the plan."
                % (low, high, count))
    return ("%s: the API accepts %s to %s here%s, a limit that may depend on the account's plan."
            % (field, low, high, given))


def explain(error):
    """Plain words for ``error`` (a refused write) when it comes from a plan limit, else ``None``."""
    if getattr(error, "status", None) not in (400, 403, 422):
        return None
    body = getattr(error, "sent", None)
    body = body if isinstance(body, dict) else {}
    texts = [str(e.get("message", "")) for e in getattr(error, "errors", ()) if isinstance(e, dict)]
    sentences = []
    for text in texts:
        match = _RANGE_RE.search(text)
        if match:
            sentences.append(_range_sentence(match.group("field"), match.group("low"), match.group("high"), body))
    topology = _pool_set_topology(texts, body)
    if topology:
        sentences.extend(topology)
    elif any(_ENTITLEMENT_RE.search(text) for text in texts):
        features = _enterprise_features(getattr(error, "path", None), body)
        lowered = [text.lower() for text in texts]
        named = [f for f in features if any(f[0].split("[")[0].lower() in text for text in lowered)] or features
        for option, what in named:
            sentences.append("%s: Cloudflare refused it for this account's plan; %s." % (option, what))
    return " ".join(sentences) or None


def _pool_set_topology(texts, body):
    """Sentences for the pool-set matches (PoPs, regions, countries) an answer says the account is not entitled to,
    each naming the first set that asked for it."""
    sentences = []
    kinds = []
    for text in texts:
        kinds.extend(k.upper() for k in _POOL_SET_CODE_RE.findall(text))
    for kind in sorted(set(kinds), key=kinds.index):
        field, what = _POOL_SET_TOPOLOGY[kind]
        sets = body.get("pool_sets") if isinstance(body.get("pool_sets"), list) else []
        index = next((i for i, item in enumerate(sets) if isinstance(item, dict)
                      and ((item.get("match") or {}).get("topology") or {}).get(field)), None)
        option = "pool_sets[%s].match.topology.%s" % ("" if index is None else index, field)
        sentences.append("%s: Cloudflare refused it for this account's plan; %s in pool sets needs its own Traffic "
                         "Steering entitlement (Enterprise)." % (option, what))
    return sentences
