"""Client for the emulator's control endpoints (``/__emulator__/...``), built on requests."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

import requests

from .store import DEFAULT_ACCOUNT_ID, zone_id_for

CONTROL = "/__emulator__"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


class EmulatorError(RuntimeError):
    """A control call or a public-API call made by the control client failed."""

    def __init__(self, message: str, response: Optional[requests.Response] = None):
        super().__init__(message)
        self.response = response


class EmulatorControl:
    """``EmulatorControl("http://127.0.0.1:PORT")``."""

    def __init__(self, url: str, token: str = "test-token", account_id: str = DEFAULT_ACCOUNT_ID,
                 timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.base_url = self.url + "/client/v4"
        self.token = token
        self.email = "user@example.com"
        self.api_key = "test-key"
        self.account_id = account_id
        self.timeout = timeout
        self.session = requests.Session()

    # ----------------------------------------------------------------- plumbing
    def _call(self, method: str, path: str, json: Any = None) -> Any:
        resp = self.session.request(method, self.url + CONTROL + path, json=json, timeout=self.timeout)
        if resp.status_code >= 400:
            raise EmulatorError(f"{method} {CONTROL}{path}: HTTP {resp.status_code} {resp.text}", resp)
        return resp.json()

    @staticmethod
    def zone_id(name: str) -> str:
        return zone_id_for(name)

    # ----------------------------------------------------------------- state
    def reset(self, **body: Any) -> dict:
        """Back to the initial zones; ``reset(rate_limit=None)`` also disables rate limiting."""
        return self._call("POST", "/reset", body or None)

    def sparse(self, on: bool = True) -> dict:
        """Sparse responses on/off: API objects leave out default-valued keys (reset turns it off)."""
        return self._call("POST", "/mode", {"sparse": bool(on)})

    def mode(self) -> dict:
        return self._call("GET", "/mode")

    def state(self) -> dict:
        return self._call("GET", "/state")

    def add_zone(self, name: str, account_id: Optional[str] = None) -> dict:
        body = {"name": name}
        if account_id:
            body["account_id"] = account_id
        return self._call("POST", "/zones", body)

    def get(self, kind: str, object_id: str) -> dict:
        return self._call("GET", f"/objects/{kind}/{object_id}")

    def edit(self, kind: str, object_id: str, fields: Dict[str, Any]) -> dict:
        """Drift: shallow-merge ``fields`` into the stored object (no validation)."""
        return self._call("PATCH", f"/objects/{kind}/{object_id}", fields)

    def delete(self, kind: str, object_id: str) -> dict:
        """Remove an object without integrity checks."""
        return self._call("DELETE", f"/objects/{kind}/{object_id}")

    def create(self, kind: str, scope_id: Optional[str], body: Dict[str, Any]) -> dict:
        """Create an object through the public API with the default token ("made outside Ansible").

        ``scope_id`` is the account id (monitors, monitor_groups, pools; None = default account) or the zone id or
        zone name (load_balancers, spectrum_apps).  The request carries ``X-Emulator-Control: 1``:
        it is validated like any other, but it is not logged, not rate limited and never faulted.
        Returns the ``result``; raises EmulatorError on failure.
        """
        if kind in ("monitors", "monitor_groups", "pools"):
            path = f"/accounts/{scope_id or self.account_id}/load_balancers/{kind}"
        elif kind in ("load_balancers", "spectrum_apps"):
            if not scope_id:
                raise ValueError(f"{kind} need a zone id or name")
            zid = scope_id if _HEX32.match(scope_id) else zone_id_for(scope_id)
            path = f"/zones/{zid}/" + ("load_balancers" if kind == "load_balancers" else "spectrum/apps")
        else:
            raise ValueError(f"unknown kind {kind!r}")
        resp = self.session.post(self.base_url + path, json=body, timeout=self.timeout,
                                 headers={"Authorization": f"Bearer {self.token}", "X-Emulator-Control": "1"})
        data = resp.json()
        if not data.get("success"):
            raise EmulatorError(f"create {kind} failed: HTTP {resp.status_code} {data.get('errors')}", resp)
        return data["result"]

    # ----------------------------------------------------------------- plan
    def set_plan(self, name: str) -> dict:
        """Play the ``enterprise``, ``business`` or ``pro`` plan from now on (a reset returns to ``--plan``)."""
        return self._call("POST", "/plan", {"plan": name})

    def plan(self) -> str:
        return self._call("GET", "/plan")["plan"]

    # ----------------------------------------------------------------- health checks
    def origin_health(self, unhealthy: Optional[List[str]] = None, preview_pending_polls: Optional[int] = None,
                      by_monitor: Optional[Dict[str, List[str]]] = None) -> dict:
        """What the health checks report: ``unhealthy`` origin addresses for every monitor (replacing the
        list), ``by_monitor`` {monitor id: addresses} for one monitor each (replacing the lists of the monitors
        named), and how many GETs of a new preview's result answer ``{}`` (not ready) first. No arguments:
        the current setting."""
        body: Dict[str, Any] = {}
        if unhealthy is not None:
            body["unhealthy"] = list(unhealthy)
        if by_monitor is not None:
            body["by_monitor"] = {mid: list(addresses) for mid, addresses in by_monitor.items()}
        if preview_pending_polls is not None:
            body["preview_pending_polls"] = preview_pending_polls
        if not body:
            return self._call("GET", "/origin_health")
        return self._call("POST", "/origin_health", body)

    def mark_unhealthy(self, *addresses: str) -> dict:
        """Every monitor finds these origin addresses unhealthy (in pool health and monitor previews), the
        others healthy unless one monitor says otherwise (``mark_unhealthy_for``)."""
        return self.origin_health(unhealthy=list(addresses))

    def mark_unhealthy_for(self, monitor_id: str, *addresses: str) -> dict:
        """Monitor ``monitor_id`` alone finds these origin addresses unhealthy (replacing what it found before;
        no addresses: it finds every origin healthy again). The other monitors are not affected."""
        return self.origin_health(by_monitor={monitor_id: list(addresses)})

    # ----------------------------------------------------------------- log
    def log(self) -> dict:
        return self._call("GET", "/log")

    def clear_log(self) -> dict:
        return self._call("DELETE", "/log")

    def requests(self, method: Optional[str] = None, path_contains: Optional[str] = None) -> List[dict]:
        out = []
        for entry in self.log()["requests"]:
            if method and entry["method"] != method.upper():
                continue
            if path_contains and path_contains not in entry["path"]:
                continue
            out.append(entry)
        return out

    def writes(self) -> List[dict]:
        return [e for e in self.log()["requests"] if e["method"] != "GET"]

    # ----------------------------------------------------------------- faults
    def fault(self, method: str, path: str, action: str, count: int = 1, **kw: Any) -> dict:
        """``fault("POST", r"/pools$", "status", status=503)``; kw: status, retry_after, delay, code, message."""
        body = {"method": method, "path": path, "action": action, "count": count}
        body.update(kw)
        return self._call("POST", "/faults", body)

    def faults(self) -> List[dict]:
        return self._call("GET", "/faults")["faults"]

    def clear_faults(self) -> dict:
        return self._call("DELETE", "/faults")

    # ----------------------------------------------------------------- rate limit
    def rate_limit(self, limit: Optional[int], window: float = 300) -> dict:
        """``rate_limit(10, 2)`` = 10 requests per 2 s per credential; ``rate_limit(None)`` disables."""
        return self._call("POST", "/ratelimit", {"limit": limit, "window": window})

    def rate_limit_status(self) -> dict:
        return self._call("GET", "/ratelimit")
