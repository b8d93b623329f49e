# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Load Balancing pool resource (account level), used by cf_lb_pool."""

from __future__ import annotations

import copy

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    is_multiple_of,
    is_origin_address,
    is_pool_name,
    is_uuid,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import READ_ONLY_FIELDS, Resource, check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import POOLS
from ansible_collections.edgeops.cloudflare.plugins.module_utils._lookup import resolve_monitor, resolve_monitor_group

# The fields a pool write may carry (never id, created_on, modified_on, disabled_at).
POOL_FIELDS = ("name", "description", "enabled", "minimum_origins", "monitor", "monitor_group", "check_regions",
               "latitude", "longitude", "notification_email", "notification_filter", "origin_steering",
               "load_shedding", "origins", "health_sources", "networks")
ORIGIN_FIELDS = ("name", "address", "enabled", "weight", "port", "header", "virtual_network_id", "flatten_cname")
# What the API fills in for an origin field that is not sent.
ORIGIN_DEFAULTS = {"enabled": True, "weight": 1, "port": 0}
# Origin defaults that are compared with a read but never sent unless set (flatten_cname needs an entitlement).
ORIGIN_READ_DEFAULTS = {"flatten_cname": True}
# The only health_sources the API accepts besides null (regional health, beta).
HEALTH_SOURCES = ["regional", "global"]
# Origin fields that are simply absent unless set.
ORIGIN_OPTIONAL = ("header", "virtual_network_id")
FILTER_DEFAULTS = {"disable": False, "healthy": None}
HEALTH_SOURCES_NEED_REGIONS = ("health_sources %s needs check_regions: regional health reads the health of the "
                               "regions the pool is checked from; list at least one." % (HEALTH_SOURCES,))


def _normalise_origins(origins):
    """Origins in a comparable shape: optional fields present (None when unset), read-only ones dropped."""
    if not isinstance(origins, list):
        return origins
    out = []
    for origin in origins:
        if not isinstance(origin, dict):
            out.append(origin)
            continue
        item = dict((k, v) for k, v in origin.items() if k != "disabled_at")
        if isinstance(item.get("header"), dict):
            # header names are not case-sensitive: a read-back of "host" is the Host header
            item["header"] = dict(("Host" if str(k).lower() == "host" else k, v) for k, v in item["header"].items())
        for name in ORIGIN_OPTIONAL:
            item.setdefault(name, None)
        if isinstance(item["virtual_network_id"], str):
            item["virtual_network_id"] = item["virtual_network_id"].lower()  # a UUID is the same in either case
        out.append(item)
    return out


def _monitor_or_none(value):
    return value or None


class PoolResource(Resource):
    object_type = POOLS
    result_key = "pool"
    id_param = "pool_id"
    key_param = "name"
    key_field = "name"
    read_only = READ_ONLY_FIELDS + ("disabled_at",)
    has_references = True
    converge_after_create = True  # shared by many zones; several runs may create it at once
    # Cloudflare's documented pool defaults, for servers that leave them out of a GET.
    server_defaults = {
        "description": "", "enabled": True, "minimum_origins": 1, "notification_email": "",
        "origin_steering": {"policy": "random"},
        "load_shedding": {"default_percent": 0, "default_policy": "random", "session_percent": 0,
                          "session_policy": "hash"},
        "notification_filter": {"origin": FILTER_DEFAULTS, "pool": FILTER_DEFAULTS},
    }
    fields = {
        # The API returns origins sorted by name: compare them as a set keyed by name, each one filled
        # with the API's defaults; an omitted header or virtual network means "none".
        "origins": Field("keyed", key="name", item_defaults=ORIGIN_DEFAULTS, normalize=_normalise_origins,
                         item_ignore=("disabled_at",), item_read_defaults=ORIGIN_READ_DEFAULTS),
        # "" means "no monitor", which the API shows as an absent key.
        "monitor": Field("scalar", normalize=_monitor_or_none),
        "monitor_group": Field("scalar", normalize=_monitor_or_none),
        "check_regions": Field("set"),
        "networks": Field("set"),
        # order matters (highest priority first); [] and null both mean "unset"
        "health_sources": Field("exact", normalize=_monitor_or_none),
        "origin_steering": Field("subset"),
        "load_shedding": Field("subset"),
        "notification_filter": Field("subset"),
    }

    # -- input checks ----------------------------------------------------------------
    def validate(self):
        p = self.params
        check_id(p, "pool_id")
        name = p.get("name")
        if name is not None and not is_pool_name(name):
            raise CloudflareError("name must be made of letters, digits, '-' and '_' only (no spaces or dots), got %r."
                                  % name)
        if p.get("state") == "absent":
            return
        origins = p.get("origins")
        if origins is not None:
            p["origins"] = self._check_origins(origins)
        minimum = p.get("minimum_origins")
        if minimum is not None:
            if minimum < 1:
                raise CloudflareError("minimum_origins must be at least 1, got %s." % minimum)
            if origins is not None and minimum > len(origins):
                raise CloudflareError("minimum_origins (%s) cannot be more than the number of origins (%d)."
                                      % (minimum, len(origins)))
        sources = p.get("health_sources")
        if sources and list(sources) != HEALTH_SOURCES:
            raise CloudflareError("health_sources must be %s (regional health) or [] (unset), got %s."
                                  % (HEALTH_SOURCES, list(sources)))
        if sources and p.get("check_regions") == []:
            raise CloudflareError(HEALTH_SOURCES_NEED_REGIONS)
        if p.get("networks") is not None and not all(isinstance(n, str) and n.strip() for n in p["networks"]):
            raise CloudflareError("networks must list network names such as cloudflare, got %s." % p["networks"])
        lat, lon = p.get("latitude"), p.get("longitude")
        if (lat is None) != (lon is None):
            raise CloudflareError("latitude and longitude must be set together (both or neither); only %s is set."
                                  % ("latitude" if lat is not None else "longitude"))
        if lat is not None and not -90 <= lat <= 90:
            raise CloudflareError("latitude must be between -90 and 90 degrees, got %s." % lat)
        if lon is not None and not -180 <= lon <= 180:
            raise CloudflareError("longitude must be between -180 and 180 degrees, got %s." % lon)
        shedding = p.get("load_shedding") or {}
        for option in ("default_percent", "session_percent"):
            value = shedding.get(option)
            if value is not None and not 0 <= value <= 100:
                raise CloudflareError("load_shedding.%s must be between 0 and 100, got %s." % (option, value))

    def _check_origins(self, origins):
        if not origins:
            raise CloudflareError("origins must list at least one origin.")
        seen = set()
        checked = []
        for index, origin in enumerate(origins):
            where = "origins[%d]" % index
            name = origin.get("name")
            if not name or not name.strip():
                raise CloudflareError("%s.name must not be empty." % where)
            where = "origins[%d] (%s)" % (index, name)
            if name in seen:
                raise CloudflareError("origins: the origin name %r is used more than once; origin names must be unique "
                                      "within a pool." % name)
            seen.add(name)
            if not is_origin_address(origin.get("address")):
                raise CloudflareError("%s.address must be an IPv4 or IPv6 address or a hostname, got %r."
                                      % (where, origin.get("address")))
            weight = origin.get("weight")
            if weight is not None:
                if not 0 <= weight <= 1:
                    raise CloudflareError("%s.weight must be between 0 and 1, got %s." % (where, weight))
                if not is_multiple_of(weight, 0.01):
                    raise CloudflareError("%s.weight may have at most two decimals (a multiple of 0.01), got %s."
                                          % (where, weight))
            port = origin.get("port")
            if port is not None and not 0 <= port <= 65535:
                raise CloudflareError("%s.port must be between 0 and 65535, got %s." % (where, port))
            vnet = origin.get("virtual_network_id")
            if vnet is not None and not is_uuid(vnet):
                raise CloudflareError("%s.virtual_network_id must be a UUID such as "
                                      "a5624d4e-044a-4ff0-b3e1-e2465353d4b4, got %r."
                                      % (where, vnet))
            item = dict((k, origin[k]) for k in ORIGIN_FIELDS if origin.get(k) is not None)
            if "header" in item:
                item["header"] = self._check_header(where, item["header"])
            checked.append(item)
        return checked

    def _check_header(self, where, header):
        other = [k for k in header if str(k).lower() != "host"]
        if other:
            raise CloudflareError("%s.header: only the Host header is supported, not %r." % (where, other[0]))
        if len(header) > 1:
            raise CloudflareError("%s.header names the Host header twice (%s); header names are not case-sensitive."
                                  % (where, ", ".join(sorted(header))))
        given = next(iter(header.values())) if header else None
        host = [given] if isinstance(given, str) else given
        if not isinstance(host, list) or len(host) != 1 or not isinstance(host[0], str) or not host[0].strip():
            raise CloudflareError("%s.header.Host must be one hostname (a string or a list with one string), got %r."
                                  % (where, given))
        return {"Host": host}

    # -- desired state -------------------------------------------------------------------
    def desired(self):
        p = self.params
        want = {}
        for name in ("name", "description", "enabled", "minimum_origins", "monitor", "monitor_group", "latitude",
                     "longitude", "notification_email"):
            if p.get(name) is not None:
                want[name] = p[name]
        # a pool has a monitor or a monitor group, never both: setting one takes the other away
        if p.get("monitor_group"):
            want["monitor"] = ""
        elif p.get("monitor"):
            want["monitor_group"] = ""
        if p.get("health_sources") is not None:
            want["health_sources"] = list(p["health_sources"]) or None
        if p.get("networks") is not None:
            want["networks"] = list(p["networks"])
        if p.get("origins") is not None:
            # the API returns origins sorted by name; sending them in that order keeps the diff aligned
            want["origins"] = sorted(copy.deepcopy(p["origins"]), key=lambda o: o["name"])
        if p.get("check_regions") is not None:
            # an empty list means "every region", which the API holds as null
            want["check_regions"] = list(p["check_regions"]) or None
        for name in ("origin_steering", "load_shedding"):
            value = dict((k, v) for k, v in (p.get(name) or {}).items() if v is not None)
            if value:
                want[name] = value
        nfilter = {}
        for target in ("origin", "pool"):
            options = (p.get("notification_filter") or {}).get(target)
            if options is not None:
                # a filter given is taken whole: what is left out takes the API's defaults
                # (disable false, healthy null = every event)
                item = dict(FILTER_DEFAULTS)
                item.update((k, v) for k, v in options.items() if v is not None)
                nfilter[target] = item
        if nfilter:
            want["notification_filter"] = nfilter
        return want

    def resolve(self, desired):
        if desired.get("monitor"):
            desired["monitor"] = resolve_monitor(self.conn, desired["monitor"], option="monitor")
        if desired.get("monitor_group"):
            desired["monitor_group"] = resolve_monitor_group(self.conn, desired["monitor_group"])
        return desired

    # -- writes ------------------------------------------------------------------------------
    def before_write(self, action, desired, current):
        if action == "create" and "origins" not in desired:
            raise CloudflareError("origins is required to create %s: list at least one origin." % self.describe())
        if desired.get("health_sources"):
            # the pool's check_regions after this write: as set, else as it is (a new pool has none)
            regions = desired["check_regions"] if "check_regions" in desired else (current or {}).get("check_regions")
            if not regions:
                raise CloudflareError(HEALTH_SOURCES_NEED_REGIONS)
        minimum = desired.get("minimum_origins")
        if minimum is not None and "origins" not in desired and current is not None:
            count = len(current.get("origins") or [])
            if minimum > count:
                raise CloudflareError("minimum_origins (%s) cannot be more than the number of origins (%d) of %s."
                                      % (minimum, count, self.describe(current)))

    def create_body(self, desired):
        body = dict((k, copy.deepcopy(v)) for k, v in desired.items() if v not in (None, ""))
        if "origins" in body:
            body["origins"] = [dict(ORIGIN_DEFAULTS, **o) for o in body["origins"]]
        return body

    def update_request(self, changes, desired, current):
        if any(name in changes and not changes[name] for name in ("monitor", "monitor_group")):
            # Removing the monitor (or the monitor group, or switching between them): a PATCH cannot leave a
            # key out to unset it, a PUT can (fields not sent go back to their defaults, and a pool has no
            # monitor and no monitor group by default).
            return "PUT", self.full_body(changes, desired, current)
        return "PATCH", copy.deepcopy(changes)

    def full_body(self, changes, desired, current):
        body = {}
        for name in POOL_FIELDS:
            if name in changes:
                value = changes[name]
            elif name in current:
                value = current[name]
            else:
                continue
            if value is None or (name in ("monitor", "monitor_group") and not value):
                continue
            body[name] = copy.deepcopy(value)
        # every origin as read, less what the API fills in by itself when it is left out (flatten_cname needs an
        # entitlement: never sent at its default)
        body["origins"] = [dict((k, v) for k, v in o.items() if k in ORIGIN_FIELDS and v is not None
                                and not (k in ORIGIN_READ_DEFAULTS and v == ORIGIN_READ_DEFAULTS[k]))
                           for o in body.get("origins") or []]
        return body
