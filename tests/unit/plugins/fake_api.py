# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small in-memory fake of the Cloudflare API, behind a fake ``requests`` session.

Enough of the API for the unit tests of the resources and modules: one account and one zone,
monitors, pools, load balancers and Spectrum applications (list, get, create, patch, put,
delete), monitor and pool ``references``, pool ``health`` and monitor previews (origin addresses in
:attr:`FakeAPI.unhealthy` fail; a preview's result is ``{}`` for :attr:`FakeAPI.preview_pending` reads),
the response envelope with ``result_info`` (the zone and Spectrum lists are paged), and 404s for unknown
ids and routes. Every request is recorded.

It checks nothing beyond what routing needs: tests assert on the requests it records. It is not
the emulator (tools/emulator) and does not import it; it is deterministic (ids from a counter,
fixed timestamps) and needs no network.

Faults for one request at a time:

* :meth:`FakeAPI.fail` answers the next matching request with an error (any status);
* :meth:`FakeAPI.lose_answer` lets the next matching request commit, then drops the answer
  (a ``ConnectionError``, as when a connection breaks after the request left).
"""

from __future__ import annotations

import copy
import json
import re
from urllib.parse import urlsplit

from requests import exceptions as requests_exceptions

ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
ZONE_ID = "fedcba9876543210fedcba9876543210"
ZONE_NAME = "example.com"
BASE_URL = "https://api.cloudflare.test/client/v4"
TOKEN = "unit-test-token-do-not-print"
TIMESTAMP = "2026-01-01T00:00:00.000000Z"
MISSING_ID = "99999999999999999999999999999999"

_ROUTES = (
    ("zones", re.compile(r"^/zones$")),
    ("pool_health", re.compile(r"^/accounts/(?P<scope>[^/]+)/load_balancers/pools/(?P<id>[^/]+)/health$")),
    ("monitor_preview", re.compile(r"^/accounts/(?P<scope>[^/]+)/load_balancers/monitors/(?P<id>[^/]+)/preview$")),
    ("preview_result", re.compile(r"^/accounts/(?P<scope>[^/]+)/load_balancers/preview/(?P<id>[^/]+)$")),
    ("monitors", re.compile(r"^/accounts/(?P<scope>[^/]+)/load_balancers/monitors"
                            r"(?:/(?P<id>[^/]+)(?P<refs>/references)?)?$")),
    ("monitor_groups", re.compile(r"^/accounts/(?P<scope>[^/]+)/load_balancers/monitor_groups"
                                  r"(?:/(?P<id>[^/]+)(?P<refs>/references)?)?$")),
    ("pools", re.compile(r"^/accounts/(?P<scope>[^/]+)/load_balancers/pools"
                         r"(?:/(?P<id>[^/]+)(?P<refs>/references)?)?$")),
    ("load_balancers", re.compile(r"^/zones/(?P<scope>[^/]+)/load_balancers(?:/(?P<id>[^/]+))?$")),
    ("spectrum_apps", re.compile(r"^/zones/(?P<scope>[^/]+)/spectrum/apps(?:/(?P<id>[^/]+))?$")),
)
_ACCOUNT_LEVEL = ("monitors", "monitor_groups", "pools", "pool_health", "monitor_preview", "preview_result")
_HEALTH = ("pool_health", "monitor_preview", "preview_result")
HEALTHY = {"healthy": True, "failure_reason": "No failures", "response_code": 200, "rtt": "10ms"}
UNHEALTHY = {"healthy": False, "failure_reason": "Connection refused", "response_code": 0, "rtt": "0ms"}
_PAGED = ("zones", "spectrum_apps")
_POOL_MAPS = ("region_pools", "country_pools", "pop_pools")


class Request(object):
    """One recorded request: method, path (below the base URL), query parameters, JSON body, headers."""

    def __init__(self, method, path, params, body, headers):
        self.method = method
        self.path = path
        self.params = dict(params or {})
        self.body = body
        self.headers = dict(headers or {})

    def __repr__(self):
        return "<%s %s %s>" % (self.method, self.path, self.params or "")


class FakeResponse(object):
    """What the client reads from a ``requests.Response``."""

    def __init__(self, status, payload, headers=None):
        self.status_code = status
        self.headers = headers or {}
        self.reason = "OK" if status < 400 else "Error"
        self._payload = payload
        self.text = json.dumps(payload)

    def json(self):
        return copy.deepcopy(self._payload)


class FakeSession(object):
    """A stand-in for ``requests.Session`` that hands every request to a :class:`FakeAPI`."""

    def __init__(self, api):
        self.api = api
        self.headers = {}
        self.verify = True

    def request(self, method, url, params=None, data=None, headers=None, timeout=None):
        merged = dict(self.headers)
        merged.update(headers or {})
        return self.api.handle(method, url, params=params, data=data, headers=merged)

    def close(self):
        pass


def envelope(result, status=200, errors=None, result_info=None):
    payload = {"success": status < 400 and not errors, "errors": errors or [], "messages": [], "result": result}
    if result_info is not None:
        payload["result_info"] = result_info
    return FakeResponse(status, payload)


def error_response(status, code, message, headers=None):
    response = envelope(None, status=status, errors=[{"code": code, "message": message}])
    response.headers = dict(headers or {})
    return response


class FakeAPI(object):
    """The objects of one account and one zone, and the requests sent to them."""

    def __init__(self):
        self.zones = [{"id": ZONE_ID, "name": ZONE_NAME, "status": "active",
                       "account": {"id": ACCOUNT_ID, "name": "Unit test account"}}]
        self.store = {"monitors": {}, "monitor_groups": {}, "pools": {}, "load_balancers": {}, "spectrum_apps": {}}
        self.requests = []
        self.faults = []
        self._counter = 0
        # health checks: the origin addresses reported unhealthy, and how many reads of a preview's result
        # answer {} (not ready) first
        self.unhealthy = set()
        self.preview_pending = 0
        self.previews = {}

    # -- setting up ---------------------------------------------------------------------
    def session(self):
        return FakeSession(self)

    def new_id(self):
        self._counter += 1
        return "%032x" % (0xc0ffee00000000000000000000000000 + self._counter)

    def add(self, collection, **fields):
        """Store an object directly (no request recorded); returns a copy with its id."""
        obj = copy.deepcopy(fields)
        obj.setdefault("id", self.new_id())
        obj.setdefault("created_on", TIMESTAMP)
        obj.setdefault("modified_on", TIMESTAMP)
        self.store[collection][obj["id"]] = obj
        return copy.deepcopy(obj)

    def add_monitor(self, **fields):
        return self.add("monitors", **fields)

    def add_monitor_group(self, **fields):
        return self.add("monitor_groups", **fields)

    def add_pool(self, **fields):
        return self.add("pools", **fields)

    def add_load_balancer(self, **fields):
        return self.add("load_balancers", **fields)

    def add_spectrum_app(self, **fields):
        return self.add("spectrum_apps", **fields)

    def get(self, collection, object_id):
        obj = self.store[collection].get(object_id)
        return copy.deepcopy(obj)

    def all(self, collection):
        return [copy.deepcopy(o) for o in self.store[collection].values()]

    def fail(self, method, path, status=500, code=0, message="fault injected", headers=None, times=1, skip=0):
        """Answer ``times`` requests matching ``method`` and ``path`` (a regular expression searched in the
        path) with an error, after letting ``skip`` matching requests through."""
        self.faults.append({"method": method, "path": re.compile(path), "times": times, "skip": skip,
                            "response": lambda: error_response(status, code, message, headers)})

    def lose_answer(self, method, path, times=1):
        """Commit the next ``times`` matching requests, then drop their answers (a broken connection)."""
        self.faults.append({"method": method, "path": re.compile(path), "times": times, "skip": 0,
                            "response": None})

    # -- what was sent --------------------------------------------------------------------
    def calls(self, method=None, path=None):
        return [r for r in self.requests
                if (method is None or r.method == method) and (path is None or re.search(path, r.path))]

    @property
    def writes(self):
        return [r for r in self.requests if r.method != "GET"]

    # -- serving ------------------------------------------------------------------------
    def handle(self, method, url, params=None, data=None, headers=None):
        split = urlsplit(url)
        base_path = urlsplit(BASE_URL).path
        path = split.path[len(base_path):] if split.path.startswith(base_path) else split.path
        body = json.loads(data) if data else None
        request = Request(method, path, params, body, headers)
        self.requests.append(request)

        fault = self._take_fault(method, path)
        if fault is not None and fault["response"] is not None:
            return fault["response"]()
        response = self._route(request)
        if fault is not None:
            raise requests_exceptions.ConnectionError("Connection aborted: the answer to %s %s was lost"
                                                      % (method, path))
        return response

    def _take_fault(self, method, path):
        for fault in self.faults:
            if fault["method"] == method and fault["path"].search(path):
                if fault["skip"] > 0:
                    fault["skip"] -= 1
                    continue
                fault["times"] -= 1
                if fault["times"] <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _route(self, request):
        for collection, pattern in _ROUTES:
            match = pattern.match(request.path)
            if match:
                break
        else:
            return error_response(400, 7003, "No route for the URI")
        parts = match.groupdict()
        if collection == "zones":
            if request.method != "GET":
                return error_response(405, 10000, "Method not allowed")
            return self._list(self._zones_named(request.params.get("name")), request.params, paged=True)
        expected = ACCOUNT_ID if collection in _ACCOUNT_LEVEL else ZONE_ID
        if parts["scope"] != expected:
            return error_response(404, 7003, "Could not route to %s: unknown account or zone" % request.path)
        if collection in _HEALTH:
            return self._health(collection, parts["id"], request)
        if parts.get("refs"):
            if request.method != "GET":
                return error_response(405, 10000, "Method not allowed")
            return self._references(collection, parts["id"])
        if parts["id"] is None:
            if request.method == "GET":
                return self._list(self.all(collection), request.params, paged=collection in _PAGED)
            if request.method == "POST":
                return self._create(collection, request.body)
            return error_response(405, 10000, "Method not allowed")
        return self._item(collection, parts["id"], request)

    def _zones_named(self, name):
        return [copy.deepcopy(z) for z in self.zones if name is None or z["name"] == name]

    @staticmethod
    def _list(items, params, paged):
        if not paged:
            return envelope(items, result_info={"page": 1, "per_page": len(items) or 20, "count": len(items),
                                                "total_count": len(items)})
        page = int(params.get("page") or 1)
        per_page = int(params.get("per_page") or 20)
        chunk = items[(page - 1) * per_page:page * per_page]
        total_pages = max(1, -(-len(items) // per_page))
        return envelope(chunk, result_info={"page": page, "per_page": per_page, "count": len(chunk),
                                            "total_count": len(items), "total_pages": total_pages})

    def _create(self, collection, body):
        monitor = (body or {}).get("monitor")
        if collection == "pools" and monitor and monitor not in self.store["monitors"]:
            return error_response(400, 1002, "monitor: unknown monitor id %r: validation failed" % monitor)
        obj = copy.deepcopy(body or {})
        obj["id"] = self.new_id()
        obj["created_on"] = obj["modified_on"] = TIMESTAMP
        self.store[collection][obj["id"]] = obj
        return envelope(copy.deepcopy(obj))

    def _item(self, collection, object_id, request):
        current = self.store[collection].get(object_id)
        if current is None:
            return error_response(404, 1002, "%s %s not found" % (collection[:-1], object_id))
        if request.method == "GET":
            return envelope(copy.deepcopy(current))
        if request.method == "PATCH":
            current.update(copy.deepcopy(request.body or {}))
        elif request.method == "PUT":
            kept = dict((k, current[k]) for k in ("id", "created_on") if k in current)
            current.clear()
            current.update(copy.deepcopy(request.body or {}))
            current.update(kept)
        elif request.method == "DELETE":
            if self._referrers(collection, object_id):
                return error_response(400, 1001, "%s %s is still in use" % (collection[:-1], object_id))
            del self.store[collection][object_id]
            return envelope({"id": object_id})
        else:
            return error_response(405, 10000, "Method not allowed")
        current["modified_on"] = TIMESTAMP
        return envelope(copy.deepcopy(current))

    # -- health checks ------------------------------------------------------------------
    def _check(self, pool):
        origins = [{o["address"]: dict(UNHEALTHY if o["address"] in self.unhealthy else HEALTHY)}
                   for o in pool.get("origins") or []]
        return {"healthy": all(list(o.values())[0]["healthy"] for o in origins), "origins": origins}

    def _health(self, collection, object_id, request):
        allowed = "POST" if collection == "monitor_preview" else "GET"
        if request.method != allowed:
            return error_response(405, 10000, "Method not allowed")
        if collection == "pool_health":
            pool = self.store["pools"].get(object_id)
            if pool is None:
                return error_response(404, 1002, "pool %s not found" % object_id)
            return envelope({"pool_id": object_id, "pop_health": {pop: self._check(pool) for pop in ("AMS", "LAX")}})
        if collection == "monitor_preview":
            if object_id not in self.store["monitors"]:
                return error_response(404, 1002, "monitor %s not found" % object_id)
            pools = [p for p in self.store["pools"].values() if p.get("monitor") == object_id]
            preview_id = self.new_id()
            self.previews[preview_id] = {"pending": self.preview_pending,
                                         "result": dict((p["id"], self._check(p)) for p in pools)}
            return envelope({"preview_id": preview_id, "pools": dict((p["id"], p.get("name")) for p in pools)})
        preview = self.previews.get(object_id)
        if preview is None:
            return error_response(404, 1002, "preview %s not found" % object_id)
        if preview["pending"] > 0:
            preview["pending"] -= 1
            return envelope({})
        return envelope(copy.deepcopy(preview["result"]))

    # -- references ---------------------------------------------------------------------
    def _referrers(self, collection, object_id):
        if collection in ("monitors", "monitor_groups"):
            field = collection[:-1]
            refs = [{"reference_type": "referrer", "resource_type": "pool", "resource_id": p["id"],
                     "resource_name": p.get("name")}
                    for p in self.store["pools"].values() if p.get(field) == object_id]
            if collection == "monitors":
                refs += [{"reference_type": "referrer", "resource_type": "monitor_group", "resource_id": g["id"],
                          "resource_name": g.get("description")}
                         for g in self.store["monitor_groups"].values()
                         if any(m.get("monitor_id") == object_id for m in g.get("members") or ())]
            return refs
        if collection == "pools":
            return [{"reference_type": "referrer", "resource_type": "load_balancer", "resource_id": lb["id"],
                     "resource_name": lb.get("name")}
                    for lb in self.store["load_balancers"].values() if object_id in _pools_of(lb)]
        return []

    def _references(self, collection, object_id):
        current = self.store[collection].get(object_id)
        if current is None:
            return error_response(404, 1002, "%s %s not found" % (collection[:-1], object_id))
        refs = self._referrers(collection, object_id)
        if collection == "pools" and current.get("monitor"):
            monitor = self.store["monitors"].get(current["monitor"]) or {}
            refs.append({"reference_type": "referral", "resource_type": "monitor", "resource_id": current["monitor"],
                         "resource_name": monitor.get("description")})
        return envelope(refs)


def _pools_of(lb):
    """The pool ids a load balancer uses."""
    pools = list(lb.get("default_pools") or [])
    if lb.get("fallback_pool"):
        pools.append(lb["fallback_pool"])
    for field in _POOL_MAPS:
        for ids in (lb.get(field) or {}).values():
            pools.extend(ids or [])
    return pools
