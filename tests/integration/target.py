# -*- coding: utf-8 -*-
"""Where the integration scenarios run, and what the objects they create are called.

Two modes, chosen once per pytest process (``tests/conftest.py`` calls :func:`configure`):

* **emulator** (the default): the in-process emulator; the ``target`` fixture is an
  :class:`EmulatorTarget` (the emulator's control client, reset before each test). Names carry no
  prefix and hostnames live under ``example.com``, exactly as the scenarios were written.
* **live** (``pytest --live``, ``make test-live``): the API named by ``CLOUDFLARE_*``; the ``target``
  fixture is a :class:`LiveTarget` with the same read-side interface. Every monitor description,
  pool name, load balancer hostname and Spectrum ``dns.name`` carries a per-run prefix
  (``edgeops-t<8 hex>-``) and hostnames live under ``CLOUDFLARE_ZONE``. After each test (and at
  the end of the session) everything carrying the prefix is deleted, Spectrum apps first, then load
  balancers, pools, monitors; nothing without the prefix is ever changed or deleted.

Scenario names are built only through :class:`Names` (``tests/integration/harness.py`` takes them
from :func:`mode` when a test module imports it), so both modes share the scenarios.
"""

from __future__ import annotations

import os
import re
import secrets
import time

import pytest
import requests

from tools.emulator.control import EmulatorControl
from tests.integration import live_env
from tests.integration.recording_proxy import RecordingProxy

KINDS = ("monitors", "pools", "load_balancers", "spectrum_apps")
# Deletion order: what refers to something goes before it.
DELETE_ORDER = ("spectrum_apps", "load_balancers", "pools", "monitors")
PREFIX_RE = re.compile(r"^edgeops-t[0-9a-f]{8}-$")
EMULATOR_ZONE = "example.com"
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
# Control-client calls a live API has no counterpart for.
CONTROL_ONLY = ("reset", "sparse", "mode", "add_zone", "edit", "fault", "faults", "clear_faults", "rate_limit",
                "rate_limit_status")


def natural_key(kind, obj):
    """The field an object is found by: description, name, name, dns.name."""
    if kind == "monitors":
        return obj.get("description") or ""
    if kind in ("pools", "load_balancers"):
        return obj.get("name") or ""
    if kind == "spectrum_apps":
        return (obj.get("dns") or {}).get("name") or ""
    raise ValueError("unknown kind %r" % kind)


class Names(object):
    """Names of the objects a scenario creates: ``name(text)`` (monitor descriptions, pool names) and
    ``host(label)`` (load balancer and Spectrum hostnames, inside the zone)."""

    def __init__(self, zone=EMULATOR_ZONE, prefix=""):
        self.zone = zone.lower().rstrip(".")
        self.prefix = prefix

    def name(self, text):
        return self.prefix + text

    def host(self, label):
        return "%s%s.%s" % (self.prefix, label, self.zone)

    def inside(self, hostname):
        hostname = hostname.lower().rstrip(".")
        return hostname == self.zone or hostname.endswith("." + self.zone)

    def outside(self, label):
        """A hostname that is not inside the zone (``<label>.example.org`` unless the zone is that)."""
        for parent in ("example.org", "example.net", "example.invalid"):
            hostname = "%s.%s" % (label, parent)
            if not self.inside(hostname):
                return hostname
        raise AssertionError("no hostname outside %s" % self.zone)

    @staticmethod
    def variant(hostname):
        """The same hostname as a user might type it: other case, trailing dot."""
        return hostname.upper() + "."

    def carries(self, kind, obj):
        """Whether ``obj`` is one of this run's (its natural key starts with the prefix)."""
        return natural_key(kind, obj).lower().startswith(self.prefix.lower())


class Mode(object):
    def __init__(self, live, names, settings=None):
        self.live = live
        self.names = names
        self.settings = settings


_MODE = None
# Live mode's numbers for the terminal summary (filled when the session's LiveTarget stops).
LIVE_STATS = {}


def new_prefix():
    return "edgeops-t%s-" % secrets.token_hex(4)


def configure(live, environ=None):
    """Fix this process's mode; called from ``pytest_configure`` before any test module is imported.

    Raises ``RuntimeError`` when live mode is asked for after the names were already taken in
    emulator mode (a scenario module imported too early would then use unprefixed names), and
    ``ValueError`` (listing each problem, naming the variable) when the environment is incomplete.
    """
    global _MODE
    environ = os.environ if environ is None else environ
    if _MODE is not None:
        if _MODE.live != live:
            raise RuntimeError("the scenario names were fixed for %s mode before live mode was configured"
                               % ("live" if _MODE.live else "emulator"))
        return _MODE
    if not live:
        _MODE = Mode(False, Names())
        return _MODE
    found = live_env.problems(environ)
    if found:
        raise ValueError(live_env.refusal(found))
    conf = live_env.settings(environ)
    _MODE = Mode(True, Names(conf["zone"], new_prefix()), conf)
    return _MODE


def mode():
    """This process's mode (emulator unless :func:`configure` said live)."""
    return _MODE if _MODE is not None else configure(False)


def _scope_path(kind, account_id, zone_id):
    if kind in ("monitors", "pools"):
        return "/accounts/%s/load_balancers/%s" % (account_id, kind)
    if kind == "load_balancers":
        return "/zones/%s/load_balancers" % zone_id
    if kind == "spectrum_apps":
        return "/zones/%s/spectrum/apps" % zone_id
    raise ValueError("unknown kind %r" % kind)


def kind_of_path(path):
    """Which kind a POST to ``path`` may have created (None: not an object collection)."""
    path = path.split("?")[0].rstrip("/")
    if "/spectrum/apps" in path:
        return "spectrum_apps"
    if "/load_balancers/monitors" in path:
        return "monitors"
    if "/load_balancers/pools" in path:
        return "pools"
    if re.search(r"/zones/[^/]+/load_balancers($|/)", path):
        return "load_balancers"
    return None


# --------------------------------------------------------------------------- emulator mode

class EmulatorTarget(EmulatorControl):
    """The emulator's control client with the read side a :class:`LiveTarget` also has."""

    live = False
    rate_dir = None

    def __init__(self, url, **kw):
        super(EmulatorTarget, self).__init__(url, **kw)
        self.names = Names()
        self.zone = self.names.zone

    def objects(self, kind):
        """Every object of ``kind`` (all accounts / zones)."""
        return [o for items in self.state()[kind].values() for o in items]

    def credentials_env(self):
        return {"CLOUDFLARE_API_TOKEN": self.token}


# --------------------------------------------------------------------------- live mode

class LiveTargetError(RuntimeError):
    pass


class LiveTarget(object):
    """A live Cloudflare account, seen through this run's prefix.

    Read side as :class:`EmulatorTarget`: ``token`` / ``email`` / ``api_key`` (a test needing a
    credential that is not configured is skipped), ``account_id``, ``base_url`` (the recording
    proxy), ``zone``, ``zone_id(name)``, ``objects(kind)``, ``state()``, ``get(kind, id)``,
    ``create(kind, scope, body)``, ``delete(kind, id)``, and the request log of the modules'
    traffic: ``log()``, ``clear_log()``, ``requests()``, ``writes()``. The harness's own requests
    (listing, setup, cleanup) go straight to the API and are not in that log, as the emulator's
    control requests are not in its log.
    """

    live = True

    def __init__(self, settings, names, rate_dir=None, timeout=60.0, sleep=time.sleep):
        if not PREFIX_RE.match(names.prefix):
            raise LiveTargetError("live mode needs a run prefix like edgeops-t0123abcd-, not %r" % names.prefix)
        self.settings = settings
        self.names = names
        self.zone = names.zone
        self.account_id = settings["account_id"]
        self.upstream = settings["base_url"]
        self.rate_dir = rate_dir
        self.timeout = timeout
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers.update(self._auth_headers())
        self.proxy = RecordingProxy(self.upstream, timeout=timeout)
        self.api_requests = 0          # the harness's own requests (not through the proxy)
        self._zone_ids = {}
        self._touched = set()          # kinds created by create() since the last sweep

    # ----------------------------------------------------------------- credentials
    def _credential(self, key, variable):
        value = self.settings.get(key)
        if not value:
            pytest.skip("live mode: %s is not set" % variable)
        return value

    @property
    def token(self):
        return self._credential("token", "CLOUDFLARE_API_TOKEN")

    @property
    def email(self):
        return self._credential("email", "CLOUDFLARE_EMAIL")

    @property
    def api_key(self):
        return self._credential("api_key", "CLOUDFLARE_API_KEY")

    def _auth_headers(self):
        if self.settings.get("token"):
            return {"Authorization": "Bearer %s" % self.settings["token"]}
        return {"X-Auth-Email": self.settings["email"], "X-Auth-Key": self.settings["api_key"]}

    def credentials_env(self):
        """What the modules get: the token when there is one, else the e-mail and global key."""
        if self.settings.get("token"):
            return {"CLOUDFLARE_API_TOKEN": self.settings["token"]}
        return {"CLOUDFLARE_EMAIL": self.settings["email"], "CLOUDFLARE_API_KEY": self.settings["api_key"]}

    # ----------------------------------------------------------------- lifecycle
    @property
    def base_url(self):
        return self.proxy.base_url

    @property
    def url(self):
        return self.proxy.url

    def start(self):
        """Start the proxy and check the zone and the account (raises LiveTargetError saying what is wrong)."""
        zone = self._find_zone(self.zone)
        if zone is None:
            raise LiveTargetError("CLOUDFLARE_ZONE=%s: no such zone for these credentials at %s"
                                  % (self.zone, self.upstream))
        owner = ((zone.get("account") or {}).get("id") or "").lower()
        if owner and owner != self.account_id:
            raise LiveTargetError("CLOUDFLARE_ZONE=%s belongs to account %s, not CLOUDFLARE_ACCOUNT_ID=%s"
                                  % (self.zone, owner, self.account_id))
        for kind in ("monitors", "spectrum_apps"):   # Load Balancing and Spectrum are reachable
            self._list(kind)
        self.proxy.start()
        return self

    def stop(self):
        self.proxy.stop()
        self.session.close()

    # ----------------------------------------------------------------- API plumbing
    def _api(self, method, path, params=None, body=None, ok_statuses=()):
        """The ``result`` of one API call; 429 and 5xx are retried (Retry-After honoured)."""
        url = self.upstream + path
        for attempt in range(8):
            self.api_requests += 1
            try:
                resp = self.session.request(method, url, params=params, json=body, timeout=self.timeout)
            except requests.RequestException as exc:
                if attempt == 7:
                    raise LiveTargetError("%s %s: %s" % (method, path, exc))
                self.sleep(min(2 ** attempt, 30))
                continue
            if resp.status_code == 429 or resp.status_code >= 500:
                if attempt == 7:
                    break
                retry_after = resp.headers.get("Retry-After")
                try:
                    wait = float(retry_after) if retry_after else min(2 ** attempt, 30)
                except ValueError:
                    wait = 5.0
                self.sleep(min(max(wait, 0.5), 310))
                continue
            if resp.status_code in ok_statuses:
                return None
            try:
                data = resp.json()
            except ValueError:
                data = {}
            if resp.status_code >= 400 or not data.get("success", False):
                raise LiveTargetError("%s %s: HTTP %s %s" % (method, path, resp.status_code, data.get("errors")))
            return data
        raise LiveTargetError("%s %s: still HTTP %s after retries" % (method, path, resp.status_code))

    def _find_zone(self, name):
        data = self._api("GET", "/zones", params={"name": name, "per_page": 50})
        for zone in data.get("result") or []:
            if zone.get("name", "").lower() == name.lower():
                self._zone_ids[name.lower()] = zone["id"]
                return zone
        return None

    def zone_id(self, name=None):
        name = (name or self.zone).lower().rstrip(".")
        if name not in self._zone_ids and self._find_zone(name) is None:
            raise LiveTargetError("zone %s not found" % name)
        return self._zone_ids[name]

    def _path(self, kind, object_id=None):
        path = _scope_path(kind, self.account_id, self.zone_id() if kind in ("load_balancers", "spectrum_apps")
                           else None)
        return path + ("/%s" % object_id if object_id else "")

    def _list(self, kind):
        if kind != "spectrum_apps":
            return self._api("GET", self._path(kind))["result"] or []
        items, page = [], 1
        while True:
            data = self._api("GET", self._path(kind), params={"page": page, "per_page": 100})
            result = data.get("result") or []
            items += result
            info = data.get("result_info") or {}
            if len(result) < 100 or (info.get("total_pages") and page >= int(info["total_pages"])):
                return items
            page += 1

    # ----------------------------------------------------------------- read side
    def objects(self, kind):
        """This run's objects of ``kind`` (those whose natural key carries the prefix)."""
        return [o for o in self._list(kind) if self.names.carries(kind, o)]

    def state(self):
        """Like the emulator's /__emulator__/state, holding only this run's objects."""
        zone_id = self.zone_id()
        return {"zones": [{"id": zone_id, "name": self.zone}],
                "monitors": {self.account_id: self.objects("monitors")},
                "pools": {self.account_id: self.objects("pools")},
                "load_balancers": {zone_id: self.objects("load_balancers")},
                "spectrum_apps": {zone_id: self.objects("spectrum_apps")}}

    def get(self, kind, object_id):
        obj = self._api("GET", self._path(kind, object_id))["result"]
        if not self.names.carries(kind, obj):
            raise LiveTargetError("%s %s is not one of this run's objects" % (kind, object_id))
        return obj

    def create(self, kind, scope_id, body):
        """Create an object "outside Ansible" (straight through the API, not logged); its natural key
        must carry the run prefix, so cleanup finds it."""
        if not self.names.carries(kind, body):
            raise LiveTargetError("refusing to create %s %r without the run prefix %s"
                                  % (kind, natural_key(kind, body), self.names.prefix))
        if kind in ("monitors", "pools"):
            if scope_id and scope_id.lower() != self.account_id:
                raise LiveTargetError("live mode creates %s only in CLOUDFLARE_ACCOUNT_ID" % kind)
            path = self._path(kind)
        else:
            if not scope_id:
                raise ValueError("%s need a zone id or name" % kind)
            zone_id = scope_id if _HEX32.match(scope_id) else self.zone_id(scope_id)
            if zone_id != self.zone_id():
                raise LiveTargetError("live mode creates %s only in CLOUDFLARE_ZONE" % kind)
            path = self._path(kind)
        self._touched.add(kind)
        return self._api("POST", path, body=body)["result"]

    def delete(self, kind, object_id):
        """Delete one of this run's objects (anything else is refused)."""
        self.get(kind, object_id)
        self._api("DELETE", self._path(kind, object_id), ok_statuses=(404,))
        return {"deleted": object_id}

    # ----------------------------------------------------------------- request log (the proxy's)
    def log(self):
        return self.proxy.log()

    def clear_log(self):
        self.proxy.clear()
        return {"cleared": True}

    def requests(self, method=None, path_contains=None):
        return [e for e in self.log()["requests"]
                if (not method or e["method"] == method.upper()) and (not path_contains or path_contains in e["path"])]

    def writes(self):
        return [e for e in self.log()["requests"] if e["method"] != "GET"]

    # ----------------------------------------------------------------- control-only calls
    def __getattr__(self, name):
        if name in CONTROL_ONLY:
            def control_only(*args, **kwargs):
                pytest.skip("live mode: %s() needs the emulator's control endpoints" % name)
            return control_only
        raise AttributeError(name)

    # ----------------------------------------------------------------- cleanup
    def touched_kinds(self):
        """Kinds something may have been created in since the last sweep (POSTs through the proxy or
        create()); forgets them. An unrecognised POST counts as every kind."""
        kinds, self._touched = set(self._touched), set()
        for path in self.proxy.take_posted():
            kind = kind_of_path(path)
            kinds.update([kind] if kind else KINDS)
        return kinds

    def sweep(self, kinds=KINDS):
        """Delete every object of ``kinds`` carrying the prefix, apps first, monitors last.

        Tolerates partial states (an object already gone is fine). Returns what is left over, as
        ``{kind: [(id, natural key), ...]}`` (empty when everything went).
        """
        errors = []
        for kind in DELETE_ORDER:
            if kind not in kinds:
                continue
            for obj in self.objects(kind):
                try:
                    self._api("DELETE", self._path(kind, obj["id"]), ok_statuses=(404,))
                except LiveTargetError as exc:
                    errors.append(str(exc))
        leftovers = {}
        for kind in DELETE_ORDER:
            if kind in kinds:
                left = [(o["id"], natural_key(kind, o)) for o in self.objects(kind)]
                if left:
                    leftovers[kind] = left
        if leftovers and errors:
            leftovers["errors"] = errors
        return leftovers

    def sweep_touched(self):
        kinds = self.touched_kinds()
        return self.sweep(kinds) if kinds else {}
