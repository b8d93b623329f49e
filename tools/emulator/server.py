"""HTTP layer: routing, auth, validation, faults, rate limiting, request log, control endpoints."""

from __future__ import annotations

import hashlib
import json
import math
import re
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, unquote

from .readback import READ_BACKS, vary_result
from .sparse import thin_result
from .plans import DEFAULT_PLAN, check_plan
from .store import DEFAULT_ACCOUNT_ID, KINDS, ApiError, Store, zone_id_for
from .validation import OpenAPIRequestAdapter, ValidationCache, get_openapi

API_PREFIX = "/client/v4"
CONTROL_PREFIX = "/__emulator__"
DEFAULT_TOKENS = ("test-token",)
DEFAULT_EMAIL_KEYS = (("user@example.com", "test-key"),)
CONTROL_HEADER = "x-emulator-control"


def parse_rate_limit(value: Any) -> Optional[Tuple[int, float]]:
    """``"X/Y"``, ``(X, Y)`` or None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        x, _, y = value.partition("/")
        return int(x), float(y)
    x, y = value
    return int(x), float(y)


def credential_label(kind: str, secret: str) -> str:
    return f"{kind}:{hashlib.sha256(secret.encode()).hexdigest()[:10]}"


# --------------------------------------------------------------------------- routing

_ACCT = r"(?:/accounts/(?P<account_id>[^/]+)|/user)/load_balancers"
_ZONE = r"/zones/(?P<zone_id>[^/]+)"
_GROUPS = r"/accounts/(?P<account_id>[^/]+)/load_balancers/monitor_groups"  # account level only
ROUTES: List[Tuple[re.Pattern, Dict[str, str]]] = [
    (re.compile(r"^/zones$"), {"GET": "zones_list"}),
    (re.compile(f"^{_ACCT}/monitors$"), {"GET": "monitors_list", "POST": "monitors_create"}),
    (re.compile(f"^{_ACCT}/monitors/(?P<oid>[^/]+)$"),
     {"GET": "monitors_get", "PUT": "monitors_put", "PATCH": "monitors_patch", "DELETE": "monitors_delete"}),
    (re.compile(f"^{_ACCT}/monitors/(?P<oid>[^/]+)/preview$"), {"POST": "monitors_preview"}),
    (re.compile(f"^{_ACCT}/monitors/(?P<oid>[^/]+)/references$"), {"GET": "monitors_references"}),
    (re.compile(f"^{_ACCT}/preview/(?P<oid>[^/]+)$"), {"GET": "preview_result"}),
    (re.compile(f"^{_GROUPS}$"), {"GET": "groups_list", "POST": "groups_create"}),
    (re.compile(f"^{_GROUPS}/(?P<oid>[^/]+)$"),
     {"GET": "groups_get", "PUT": "groups_put", "PATCH": "groups_patch", "DELETE": "groups_delete"}),
    (re.compile(f"^{_GROUPS}/(?P<oid>[^/]+)/references$"), {"GET": "groups_references"}),
    (re.compile(f"^{_ACCT}/pools$"), {"GET": "pools_list", "POST": "pools_create"}),
    (re.compile(f"^{_ACCT}/pools/(?P<oid>[^/]+)$"),
     {"GET": "pools_get", "PUT": "pools_put", "PATCH": "pools_patch", "DELETE": "pools_delete"}),
    (re.compile(f"^{_ACCT}/pools/(?P<oid>[^/]+)/health$"), {"GET": "pools_health"}),
    (re.compile(f"^{_ACCT}/pools/(?P<oid>[^/]+)/references$"), {"GET": "pools_references"}),
    (re.compile(f"^{_ZONE}/load_balancers$"), {"GET": "lbs_list", "POST": "lbs_create"}),
    (re.compile(f"^{_ZONE}/load_balancers/(?P<oid>[^/]+)$"),
     {"GET": "lbs_get", "PUT": "lbs_put", "PATCH": "lbs_patch", "DELETE": "lbs_delete"}),
    (re.compile(f"^{_ZONE}/spectrum/apps$"), {"GET": "apps_list", "POST": "apps_create"}),
    (re.compile(f"^{_ZONE}/spectrum/apps/(?P<oid>[^/]+)$"),
     {"GET": "apps_get", "PUT": "apps_put", "DELETE": "apps_delete"}),
]


def match_route(path: str, method: str):
    for regex, methods in ROUTES:
        m = regex.match(path)
        if m:
            if method not in methods:
                raise ApiError(405, 7001, "Method not allowed for this route",
                               [f"{method} is not supported on {API_PREFIX}{path}; allowed: "
                                + ", ".join(sorted(methods))])
            return methods[method], m.groupdict()
    raise ApiError(404, 7003, "No route for the URI")


# --------------------------------------------------------------------------- faults & rate limit


class Faults:
    ACTIONS = ("status", "drop_before", "drop_after", "latency")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.items: List[dict] = []

    def add(self, spec: dict) -> dict:
        action = spec.get("action", "status")
        if action not in self.ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        item = {
            "method": str(spec.get("method", "*")).upper(),
            "path": spec.get("path", ""),
            "action": action,
            "count": int(spec.get("count", 1)),
            "status": int(spec.get("status", 503)),
            "retry_after": spec.get("retry_after"),
            "delay": float(spec.get("delay", 0)),
            "code": spec.get("code"),
            "message": spec.get("message"),
        }
        item["_re"] = re.compile(item["path"])
        with self.lock:
            self.items.append(item)
        return self._public(item)

    @staticmethod
    def _public(item: dict) -> dict:
        return {k: v for k, v in item.items() if not k.startswith("_")}

    def take(self, method: str, path: str) -> Optional[dict]:
        with self.lock:
            for item in self.items:
                if item["method"] in ("*", method) and item["_re"].search(path):
                    item["count"] -= 1
                    if item["count"] <= 0:
                        self.items.remove(item)
                    return dict(item)
        return None

    def list(self) -> List[dict]:
        with self.lock:
            return [self._public(i) for i in self.items]

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


class RateLimiter:
    """Fixed window per credential, counted from the first request of the window."""

    def __init__(self, config: Optional[Tuple[int, float]]) -> None:
        self.lock = threading.Lock()
        self.config = config
        self.windows: Dict[str, List[float]] = {}  # label -> [start, count]
        self.refused = 0

    def configure(self, config: Optional[Tuple[int, float]]) -> None:
        with self.lock:
            self.config = config
            self.windows.clear()

    def reset_counters(self) -> None:
        with self.lock:
            self.windows.clear()
            self.refused = 0

    def hit(self, label: str) -> Tuple[bool, Dict[str, str]]:
        """Count one request.  Returns (allowed, headers)."""
        with self.lock:
            if self.config is None:
                return True, {}
            limit, window = self.config
            now = time.monotonic()
            w = self.windows.get(label)
            if w is None or now >= w[0] + window:
                w = [now, 0]
                self.windows[label] = w
            w[1] += 1
            reset_in = max(1, int(math.ceil(w[0] + window - now)))
            policy = f'"default";q={limit};w={int(window) if float(window).is_integer() else window}'
            if w[1] > limit:
                self.refused += 1
                return False, {"Retry-After": str(reset_in), "Ratelimit": f'"default";r=0;t={reset_in}',
                               "Ratelimit-Policy": policy}
            return True, {"Ratelimit": f'"default";r={limit - int(w[1])};t={reset_in}',
                          "Ratelimit-Policy": policy}

    def describe(self) -> dict:
        with self.lock:
            cfg = self.config
            now = time.monotonic()
            return {
                "limit": cfg[0] if cfg else None,
                "window": cfg[1] if cfg else None,
                "refused_total": self.refused,
                "windows": {label: {"count": int(w[1]), "resets_in": max(0.0, round(w[0] + cfg[1] - now, 3))}
                            for label, w in self.windows.items()} if cfg else {},
            }


# --------------------------------------------------------------------------- request log


def _logged_body(method: str, body: bytes) -> Dict[str, Any]:
    """``{"body": <JSON>}`` for a write whose body is JSON (what the log shows), else ``{}``."""
    if method not in ("POST", "PUT", "PATCH") or not body or not body.strip():
        return {}
    try:
        return {"body": json.loads(body)}
    except ValueError:
        return {}


class RequestLog:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: List[dict] = []
        self.seq = 0

    def add(self, method: str, path: str, query: str, status: int, fault: Optional[str],
            credential: Optional[str], **extra: Any) -> None:
        with self.lock:
            self.seq += 1
            entry = {"seq": self.seq, "method": method, "path": path, "query": query, "status": status,
                     "fault": fault, "credential": credential, "time": time.time()}
            entry.update(extra)
            self.entries.append(entry)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def dump(self) -> dict:
        with self.lock:
            entries = [dict(e) for e in self.entries]
        counts: Dict[str, Any] = {"total": len(entries), "by_status": {}}
        for e in entries:
            counts[e["method"]] = counts.get(e["method"], 0) + 1
            key = str(e["status"])
            counts["by_status"][key] = counts["by_status"].get(key, 0) + 1
        return {"requests": entries, "counts": counts}


# --------------------------------------------------------------------------- the application


def envelope(result: Any = None, errors: Optional[list] = None, messages: Optional[list] = None,
             info: Optional[dict] = None) -> dict:
    body = {"success": not errors, "errors": errors or [], "messages": messages or [],
            "result": None if errors else result}
    if info is not None and not errors:
        body["result_info"] = info
    return body


class DropConnection(Exception):
    """Close the socket without a response (after optionally running the request)."""


class App:
    """Transport-independent request processing shared by every handler thread."""

    def __init__(self, store: Store, tokens=None, email_keys=None, rate_limit=None, verbose: bool = False,
                 read_back: str = "default"):
        if read_back not in READ_BACKS:
            raise ValueError(f"read_back must be one of {', '.join(READ_BACKS)}, not {read_back!r}")
        self.store = store
        self.tokens = set(tokens or DEFAULT_TOKENS)
        pairs = email_keys or DEFAULT_EMAIL_KEYS
        self.email_keys = {(e.lower(), k) for e, k in (p if isinstance(p, (tuple, list)) else p.split(":", 1)
                                                        for p in pairs)}
        self.faults = Faults()
        self.rate = RateLimiter(parse_rate_limit(rate_limit))
        self.log = RequestLog()
        self.verbose = verbose
        self.server_url = ""
        self.api = None
        self.validation: Optional[ValidationCache] = None
        self.sparse = False  # leave default-valued keys out of response objects (see sparse.py)
        self.read_back = read_back  # "variant": the other shapes the contract allows (see readback.py)

    def bind(self, port: int) -> None:
        self.server_url = f"http://127.0.0.1:{port}"
        self.api = get_openapi(self.server_url + API_PREFIX)
        self.validation = ValidationCache(self.api)

    # ----------------------------------------------------------------- auth

    def credential_of(self, headers: Dict[str, str]) -> Optional[str]:
        auth = headers.get("authorization")
        if auth:
            return credential_label("token", auth)
        email, key = headers.get("x-auth-email"), headers.get("x-auth-key")
        if email or key:
            return credential_label("key", f"{(email or '').lower()}:{key or ''}")
        return None

    def authenticate(self, headers: Dict[str, str]) -> None:
        auth = headers.get("authorization")
        email, key = headers.get("x-auth-email"), headers.get("x-auth-key")
        if auth is not None:
            scheme, _, token = auth.strip().partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise ApiError(400, 6003, "Invalid request headers",
                               ["6111: Invalid format for Authorization header"])
            if token.strip() not in self.tokens:
                raise ApiError(403, 10000, "Authentication error")
            return
        if email is None and key is None:
            raise ApiError(400, 6003, "Invalid request headers",
                           ["6100: Missing X-Auth-Email header", "6101: Missing X-Auth-Key header"])
        if not email:
            raise ApiError(400, 6003, "Invalid request headers", ["6100: Missing X-Auth-Email header"])
        if not key:
            raise ApiError(400, 6003, "Invalid request headers", ["6101: Missing X-Auth-Key header"])
        if (email.lower(), key) not in self.email_keys:
            raise ApiError(403, 10000, "Authentication error")

    # ----------------------------------------------------------------- API requests

    def handle_api(self, method: str, path: str, query: str, headers: Dict[str, str], body: bytes,
                   internal: bool = False) -> Tuple[int, Dict[str, str], dict, Optional[str]]:
        """Returns (status, extra headers, envelope, action-after) for an API request.

        ``action-after`` is "drop_after" when the connection must be closed instead of answering.
        May raise DropConnection for drop_before.
        """
        sub = path[len(API_PREFIX):] or "/"
        credential = self.credential_of(headers)
        logged = _logged_body(method, body)
        if headers.get("user-agent"):
            # tells clients sharing one credential apart (a fleet's modules, another tool, a test's own traffic)
            logged["user_agent"] = headers["user-agent"]
        fault = None if internal else self.faults.take(method, sub)
        fault_name = fault["action"] if fault else None
        if fault and fault["action"] == "drop_before":
            self.log.add(method, path, query, 0, "drop_before", credential, **logged)
            raise DropConnection()
        if fault and fault["action"] == "status":
            status = fault["status"]
            hdrs = {}
            if fault.get("retry_after") is not None:
                hdrs["Retry-After"] = str(int(math.ceil(float(fault["retry_after"]))))
            code, msg = {
                429: (10100, "Rate limited: please wait and consider throttling your request speed"),
                500: (10001, "Internal server error"),
                502: (10002, "Bad gateway"),
                503: (10003, "Service temporarily unavailable"),
            }.get(status, (10000 + status, "Injected failure"))
            if fault.get("code") is not None:
                code = int(fault["code"])
            if fault.get("message"):
                msg = fault["message"]
            self.log.add(method, path, query, status, "status", credential, **logged)
            return status, hdrs, envelope(errors=[{"code": code, "message": msg}]), None
        if fault and fault["action"] == "latency":
            time.sleep(fault["delay"])

        rl_headers: Dict[str, str] = {}
        if not internal:
            allowed, rl_headers = self.rate.hit(credential or "anonymous")
            if not allowed:
                limit, window = self.rate.config
                w = int(window) if float(window).is_integer() else window
                env = envelope(errors=[{"code": 10100,
                                        "message": f"More than {limit} requests per {w} seconds reached"}])
                self.log.add(method, path, query, 429, fault_name, credential, rate_limited=True, **logged)
                if fault_name == "drop_after":
                    return 429, rl_headers, env, "drop_after"
                return 429, rl_headers, env, None

        status, env = self._process(method, sub, path, query, headers, body)
        extra = dict(rl_headers)
        if not internal:
            if fault_name == "drop_after":
                self.log.add(method, path, query, 0, "drop_after", credential, executed_status=status, **logged)
                return status, extra, env, "drop_after"
            self.log.add(method, path, query, status, fault_name, credential, **logged)
        return status, extra, env, None

    def _process(self, method: str, sub: str, full_path: str, query: str, headers: Dict[str, str],
                 body: bytes) -> Tuple[int, dict]:
        try:
            handler_name, params = match_route(sub, method)
            self.authenticate(headers)
            qpairs = parse_qsl(query, keep_blank_values=True)
            auth_form = "bearer" if "authorization" in headers else "key"
            request = OpenAPIRequestAdapter(self.server_url, method, full_path, qpairs, headers, body)
            problems = self.validation.validate(request, auth_form, query)
            if problems:
                raise ApiError(400, 1002, f"{problems[0]}: validation failed",
                               [f"{p}: validation failed" for p in problems[1:]])
            data = None
            if body and body.strip():
                try:
                    data = json.loads(body)
                except ValueError:
                    if method in ("POST", "PUT", "PATCH"):
                        raise ApiError(400, 1002, "body: malformed JSON: validation failed")
            if method in ("POST", "PUT", "PATCH") and not isinstance(data, dict):
                raise ApiError(400, 1002, "body: must be a JSON object: validation failed")
            q = dict(qpairs)
            params = {k: unquote(v) for k, v in params.items() if v is not None}
            result, info = getattr(self, "h_" + handler_name)(params, q, data or {}, full_path)
            if self.sparse:
                result = thin_result(handler_name, result)
            if self.read_back == "variant":
                result = vary_result(handler_name, result)
            return 200, envelope(result, info=info)
        except ApiError as exc:
            return exc.status, {"success": False, "errors": exc.errors, "messages": exc.messages, "result": None}
        except Exception as exc:  # pragma: no cover - a bug in the emulator
            if self.verbose:
                import traceback
                traceback.print_exc()
            return 500, envelope(errors=[{"code": 10001, "message": f"emulator internal error: {exc!r}"}])

    # ----------------------------------------------------------------- handlers (params, query, body, path)

    def h_zones_list(self, p, q, b, path):
        return self.store.list_zones(q)

    def h_monitors_list(self, p, q, b, path):
        return self.store.list_monitors(p.get("account_id"))

    def h_monitors_create(self, p, q, b, path):
        return self.store.write_monitor(p.get("account_id"), b), None

    def h_monitors_get(self, p, q, b, path):
        return self.store.get_monitor(p.get("account_id"), p["oid"]), None

    def h_monitors_put(self, p, q, b, path):
        return self.store.write_monitor(p.get("account_id"), b, p["oid"]), None

    def h_monitors_patch(self, p, q, b, path):
        return self.store.write_monitor(p.get("account_id"), b, p["oid"], patch=True), None

    def h_monitors_delete(self, p, q, b, path):
        return self.store.delete_monitor(p.get("account_id"), p["oid"]), None

    def h_monitors_preview(self, p, q, b, path):
        return self.store.preview_monitor(p.get("account_id"), p["oid"], b), None

    def h_monitors_references(self, p, q, b, path):
        refs = self.store.monitor_references(p.get("account_id"), p["oid"])
        return refs, None

    def h_preview_result(self, p, q, b, path):
        return self.store.preview_result(p.get("account_id"), p["oid"]), None

    def h_groups_list(self, p, q, b, path):
        return self.store.list_groups(p.get("account_id"))

    def h_groups_create(self, p, q, b, path):
        return self.store.write_group(p.get("account_id"), b), None

    def h_groups_get(self, p, q, b, path):
        return self.store.get_group(p.get("account_id"), p["oid"]), None

    def h_groups_put(self, p, q, b, path):
        return self.store.write_group(p.get("account_id"), b, p["oid"]), None

    def h_groups_patch(self, p, q, b, path):
        return self.store.write_group(p.get("account_id"), b, p["oid"], patch=True), None

    def h_groups_delete(self, p, q, b, path):
        return self.store.delete_group(p.get("account_id"), p["oid"]), None

    def h_groups_references(self, p, q, b, path):
        return self.store.group_references(p.get("account_id"), p["oid"]), None

    def h_pools_list(self, p, q, b, path):
        return self.store.list_pools(p.get("account_id"), q.get("monitor"))

    def h_pools_create(self, p, q, b, path):
        return self.store.write_pool(p.get("account_id"), b), None

    def h_pools_get(self, p, q, b, path):
        return self.store.get_pool(p.get("account_id"), p["oid"]), None

    def h_pools_put(self, p, q, b, path):
        return self.store.write_pool(p.get("account_id"), b, p["oid"]), None

    def h_pools_patch(self, p, q, b, path):
        return self.store.write_pool(p.get("account_id"), b, p["oid"], patch=True), None

    def h_pools_delete(self, p, q, b, path):
        return self.store.delete_pool(p.get("account_id"), p["oid"]), None

    def h_pools_health(self, p, q, b, path):
        return self.store.pool_health(p.get("account_id"), p["oid"]), None

    def h_pools_references(self, p, q, b, path):
        return self.store.pool_references(p.get("account_id"), p["oid"]), None

    def _zone(self, p, path):
        self.store.zone(p["zone_id"], path)
        return p["zone_id"]

    def h_lbs_list(self, p, q, b, path):
        return self.store.list_lbs(self._zone(p, path))

    def h_lbs_create(self, p, q, b, path):
        return self.store.write_lb(self._zone(p, path), b), None

    def h_lbs_get(self, p, q, b, path):
        return self.store.get_lb(self._zone(p, path), p["oid"]), None

    def h_lbs_put(self, p, q, b, path):
        return self.store.write_lb(self._zone(p, path), b, p["oid"]), None

    def h_lbs_patch(self, p, q, b, path):
        return self.store.write_lb(self._zone(p, path), b, p["oid"], patch=True), None

    def h_lbs_delete(self, p, q, b, path):
        return self.store.delete_lb(self._zone(p, path), p["oid"]), None

    def h_apps_list(self, p, q, b, path):
        return self.store.list_apps(self._zone(p, path), q)

    def h_apps_create(self, p, q, b, path):
        return self.store.write_app(self._zone(p, path), b), None

    def h_apps_get(self, p, q, b, path):
        return self.store.get_app(self._zone(p, path), p["oid"]), None

    def h_apps_put(self, p, q, b, path):
        return self.store.write_app(self._zone(p, path), b, p["oid"]), None

    def h_apps_delete(self, p, q, b, path):
        return self.store.delete_app(self._zone(p, path), p["oid"]), None

    # ----------------------------------------------------------------- control endpoints

    def handle_control(self, method: str, path: str, body: bytes) -> Tuple[int, Any]:
        sub = path[len(CONTROL_PREFIX):].rstrip("/")
        try:
            data = json.loads(body) if body and body.strip() else {}
        except ValueError:
            return 400, {"error": "malformed JSON"}
        if sub == "/log":
            if method == "GET":
                return 200, self.log.dump()
            if method == "DELETE":
                self.log.clear()
                return 200, {"cleared": True}
        elif sub == "/reset" and method == "POST":
            self.store.reset()
            self.log.clear()
            self.faults.clear()
            self.rate.reset_counters()
            self.sparse = False
            if isinstance(data, dict) and "rate_limit" in data:
                self.rate.configure(parse_rate_limit(data["rate_limit"]))
            return 200, {"reset": True}
        elif sub == "/mode":
            if method == "GET":
                return 200, {"sparse": self.sparse}
            if method == "POST":
                if not isinstance(data, dict) or not isinstance(data.get("sparse"), bool):
                    return 400, {"error": 'body must be {"sparse": true|false}'}
                self.sparse = data["sparse"]
                return 200, {"sparse": self.sparse}
        elif sub == "/state" and method == "GET":
            return 200, self.store.state()
        elif sub == "/health" and method == "GET":
            return 200, {"ok": True, "base_url": self.server_url + API_PREFIX, "read_back": self.read_back,
                         "unique_app_hostnames": self.store.unique_app_hostnames, "plan": self.store.plan}
        elif sub == "/plan":
            if method == "GET":
                return 200, {"plan": self.store.plan}
            if method == "POST":
                problem = _plan_problem(data)
                if problem:
                    return 400, {"error": problem}
                return 200, self.store.set_plan(data["plan"])
        elif sub == "/origin_health":
            if method == "GET":
                return 200, self.store.origin_health()
            if method == "POST":
                problem = _origin_health_problem(data)
                if problem:
                    return 400, {"error": problem}
                return 200, self.store.set_origin_health(data.get("unhealthy"), data.get("preview_pending_polls"),
                                                         data.get("by_monitor"))
        elif sub == "/zones" and method == "POST":
            if not isinstance(data, dict) or not data.get("name"):
                return 400, {"error": "name is required"}
            zone = self.store.add_zone(data["name"], data.get("account_id"), data.get("account_name"))
            return 200, zone
        elif sub.startswith("/objects/"):
            parts = sub.split("/")
            if len(parts) == 4 and parts[2] in KINDS:
                kind, oid = parts[2], parts[3]
                try:
                    if method == "GET":
                        return 200, self.store.control_get(kind, oid)
                    if method == "PATCH":
                        if not isinstance(data, dict):
                            return 400, {"error": "body must be a JSON object"}
                        return 200, self.store.control_edit(kind, oid, data)
                    if method == "DELETE":
                        return 200, self.store.control_delete(kind, oid)
                except KeyError:
                    return 404, {"error": f"{kind} {oid} not found"}
        elif sub == "/faults":
            if method == "GET":
                return 200, {"faults": self.faults.list()}
            if method == "DELETE":
                self.faults.clear()
                return 200, {"cleared": True}
            if method == "POST":
                try:
                    specs = data if isinstance(data, list) else [data]
                    added = [self.faults.add(s) for s in specs]
                except (ValueError, TypeError, re.error) as exc:
                    return 400, {"error": str(exc)}
                return 200, {"added": added, "faults": self.faults.list()}
        elif sub == "/ratelimit":
            if method == "GET":
                return 200, self.rate.describe()
            if method == "POST":
                limit = data.get("limit") if isinstance(data, dict) else None
                cfg = None if limit is None else (int(limit), float(data.get("window", 300)))
                self.rate.configure(cfg)
                return 200, self.rate.describe()
        return 404, {"error": f"no control endpoint {method} {path}"}


def _plan_problem(data: Any) -> Optional[str]:
    """What is wrong with a ``POST /__emulator__/plan`` body, or None."""
    if not isinstance(data, dict) or set(data) != {"plan"}:
        return 'body must be {"plan": "enterprise" | "business" | "pro"}'
    return check_plan(data["plan"])


def _is_addresses(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(a, str) for a in value)


def _origin_health_problem(data: Any) -> Optional[str]:
    """What is wrong with a ``POST /__emulator__/origin_health`` body, or None."""
    if not isinstance(data, dict) or not set(data) <= {"unhealthy", "by_monitor", "preview_pending_polls"}:
        return ('body must be {"unhealthy": [address, ...], "by_monitor": {monitor_id: [address, ...]}, '
                '"preview_pending_polls": N} (any of the keys)')
    unhealthy = data.get("unhealthy")
    if unhealthy is not None and not _is_addresses(unhealthy):
        return "unhealthy must be a list of origin addresses"
    by_monitor = data.get("by_monitor")
    if by_monitor is not None and not (isinstance(by_monitor, dict) and all(map(_is_addresses, by_monitor.values()))):
        return "by_monitor must map monitor ids to lists of origin addresses"
    polls = data.get("preview_pending_polls")
    if polls is not None and (isinstance(polls, bool) or not isinstance(polls, int) or polls < 0):
        return "preview_pending_polls must be a whole number, 0 or more"
    return None


# --------------------------------------------------------------------------- HTTP server


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "cf-emulator/1.0"
    sys_version = ""
    disable_nagle_algorithm = True
    timeout = 120  # idle keep-alive connections are closed after this

    def log_message(self, fmt, *args):  # noqa: D401 - silence default logging
        if self.server.app.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    def _read_body(self) -> bytes:
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks = []
            while True:
                line = self.rfile.readline().strip()
                size = int(line.split(b";")[0] or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, payload: Any, headers: Optional[Dict[str, str]] = None) -> None:
        data = json.dumps(payload).encode()
        reason = self.responses.get(status, ("",))[0]
        lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json",
                 f"Content-Length: {len(data)}", f"Server: {self.server_version}",
                 f"Date: {self.date_time_string()}"]
        for k, v in (headers or {}).items():
            lines.append(f"{k}: {v}")
        if self.close_connection:
            lines.append("Connection: close")
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data)
        self.log_request(status, len(data))

    def _drop(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            # An abortive close (RST) so the client never mistakes it for a clean response end.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass

    def _dispatch(self) -> None:
        app: App = self.server.app
        method = self.command.upper()
        raw_path, _, query = self.path.partition("?")
        body = self._read_body()
        conn_hdr = (self.headers.get("Connection") or "").lower()
        if conn_hdr == "close":
            self.close_connection = True
        if raw_path.startswith(CONTROL_PREFIX):
            status, payload = app.handle_control(method, raw_path, body)
            self._send(status, payload)
            return
        if raw_path != API_PREFIX and not raw_path.startswith(API_PREFIX + "/"):
            self._send(404, envelope(errors=[{"code": 7003, "message": "No route for the URI"}]))
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        internal = headers.get(CONTROL_HEADER) == "1"
        try:
            status, extra, env, after = app.handle_api(method, raw_path, query, headers, body, internal)
        except DropConnection:
            self._drop()
            return
        if after == "drop_after":
            self._drop()
            return
        self._send(status, env, extra)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch


class EmulatorHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, port: int, app: App):
        self.app = app
        self.open_sockets: set = set()
        self.sockets_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), Handler)

    def process_request(self, request, client_address):
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def close_open_connections(self) -> None:
        """Close idle keep-alive connections so a stopped emulator really stops answering."""
        with self.sockets_lock:
            socks = list(self.open_sockets)
            self.open_sockets.clear()
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):  # quiet on client disconnects
        if self.app.verbose:
            super().handle_error(request, client_address)


class Emulator:
    """In-process emulator: ``Emulator(port=0).start()`` serves from a daemon thread."""

    def __init__(self, port: int = 0, zones: Optional[List[str]] = None, zone_count: int = 0,
                 rate_limit: Any = None, tokens: Optional[List[str]] = None,
                 email_keys: Optional[List[Any]] = None, verbose: bool = False, read_back: str = "default",
                 unique_app_hostnames: bool = False, plan: str = DEFAULT_PLAN):
        self.store = Store(zones=zones, zone_count=zone_count, unique_app_hostnames=unique_app_hostnames, plan=plan)
        self.app = App(self.store, tokens=tokens, email_keys=email_keys, rate_limit=rate_limit, verbose=verbose,
                       read_back=read_back)
        self._port = port
        self.server: Optional[EmulatorHTTPServer] = None
        self.thread: Optional[threading.Thread] = None

    # -- lifecycle
    def bind(self) -> "Emulator":
        """Bind the socket and prepare validation (no serving yet)."""
        if self.server is None:
            self.server = EmulatorHTTPServer(self._port, self.app)
            self.app.bind(self.port)
        return self

    def start(self) -> "Emulator":
        self.bind()
        if self.thread is None:
            self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2},
                                           name="cf-emulator", daemon=True)
            self.thread.start()
        return self

    def serve_forever(self) -> None:
        self.bind()
        self.server.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        if self.server is not None:
            self._port = self.server.server_address[1]  # keep .url meaningful after stop
            if self.thread is not None:
                self.server.shutdown()
                self.thread.join(5)
            self.server.server_close()
            self.server.close_open_connections()
            self.server = None
            self.thread = None

    def __enter__(self) -> "Emulator":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- addresses
    @property
    def port(self) -> int:
        return self.server.server_address[1] if self.server else self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return self.url + API_PREFIX

    @property
    def account_id(self) -> str:
        return self.store.default_account_id

    @staticmethod
    def zone_id(name: str) -> str:
        return zone_id_for(name)


__all__ = ["Emulator", "App", "DEFAULT_ACCOUNT_ID"]
