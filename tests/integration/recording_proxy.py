# -*- coding: utf-8 -*-
"""A recording reverse proxy on 127.0.0.1 in front of a live Cloudflare API (live mode only).

In live mode the modules get ``http://127.0.0.1:PORT/client/v4`` as ``CLOUDFLARE_BASE_URL``; every
request is relayed unchanged to the live base URL and recorded the way the emulator's request log
records it (``seq``, ``method``, ``path`` as ``/client/v4/...``, ``query``, ``status``,
``credential`` label, ``time`` and, for a JSON POST/PUT/PATCH, the parsed ``body``), so the checks
"check mode sends no write" and "a no-op reads exactly this" work against a real account too.
Nothing of a credential is recorded but a short hash label.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import requests

API_PREFIX = "/client/v4"
# Not relayed: hop-by-hop headers, and the ones requests sets itself for the upstream connection.
DROP_REQUEST = frozenset(("connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer",
                          "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding"))
DROP_RESPONSE = frozenset(("connection", "keep-alive", "proxy-authenticate", "te", "trailer", "transfer-encoding",
                           "upgrade", "content-length", "content-encoding", "date", "server"))
WRITE_METHODS = ("POST", "PUT", "PATCH")


def credential_label(headers):
    """``token:<10 hex>`` / ``key:<10 hex>`` (a SHA-256 prefix, as the emulator labels it) or None."""
    auth = headers.get("Authorization")
    if auth:
        return "token:" + hashlib.sha256(auth.encode("utf-8")).hexdigest()[:10]
    email, key = headers.get("X-Auth-Email"), headers.get("X-Auth-Key")
    if email or key:
        material = "%s:%s" % ((email or "").lower(), key or "")
        return "key:" + hashlib.sha256(material.encode("utf-8")).hexdigest()[:10]
    return None


class RecordingProxy(object):
    """``RecordingProxy(upstream_base_url).start()``; ``.base_url`` is what the modules are given."""

    def __init__(self, upstream, timeout=60.0):
        self.upstream = upstream.rstrip("/")
        self.timeout = timeout
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0
        self.total = 0          # every request relayed since start (clear() does not reset it)
        self.posted = []        # paths of every POST since the last take_posted()
        self._local = threading.local()
        self.server = None
        self.thread = None

    # ----------------------------------------------------------------- lifecycle
    def start(self):
        proxy = self

        class Handler(_Handler):
            owner = proxy

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.2},
                                       name="recording-proxy", daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    @property
    def base_url(self):
        return self.url + API_PREFIX

    # ----------------------------------------------------------------- the record
    def log(self):
        with self._lock:
            entries = [dict(e) for e in self._entries]
        counts = {"total": len(entries), "by_status": {}}
        for entry in entries:
            counts[entry["method"]] = counts.get(entry["method"], 0) + 1
            key = str(entry["status"])
            counts["by_status"][key] = counts["by_status"].get(key, 0) + 1
        return {"requests": entries, "counts": counts}

    def clear(self):
        with self._lock:
            self._entries = []

    def take_posted(self):
        """The paths POSTed since the last call (what may have created an object), and forget them."""
        with self._lock:
            posted, self.posted = self.posted, []
        return posted

    def _record(self, entry):
        with self._lock:
            self._seq += 1
            self.total += 1
            entry["seq"] = self._seq
            self._entries.append(entry)
            if entry["method"] == "POST":
                self.posted.append(entry["path"])

    # ----------------------------------------------------------------- relaying
    def _session(self):
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def relay(self, method, raw_path, headers, body):
        """(status, headers, content) of the upstream answer; the request is recorded."""
        split = urlsplit(raw_path)
        path, query = split.path, split.query
        entry = {"method": method, "path": path, "query": query, "status": 0, "fault": None,
                 "credential": credential_label(headers), "time": time.time()}
        if method in WRITE_METHODS and body:
            try:
                entry["body"] = json.loads(body.decode("utf-8"))
            except ValueError:
                pass
        if path != API_PREFIX and not path.startswith(API_PREFIX + "/"):
            entry["status"] = 404
            self._record(entry)
            return 404, {"Content-Type": "application/json"}, _envelope(7003, "not under %s" % API_PREFIX)
        url = self.upstream + path[len(API_PREFIX):] + ("?" + query if query else "")
        forward = {k: v for k, v in headers.items() if k.lower() not in DROP_REQUEST}
        try:
            resp = self._session().request(method, url, data=body or None, headers=forward, timeout=self.timeout,
                                           allow_redirects=False)
        except requests.RequestException as exc:
            entry["status"] = 502
            self._record(entry)
            message = "recording proxy: %s" % type(exc).__name__
            return 502, {"Content-Type": "application/json"}, _envelope(10002, message)
        entry["status"] = resp.status_code
        self._record(entry)
        out = {k: v for k, v in resp.headers.items() if k.lower() not in DROP_RESPONSE}
        return resp.status_code, out, resp.content


def _envelope(code, message):
    return json.dumps({"success": False, "errors": [{"code": code, "message": message}], "messages": [],
                       "result": None}).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner = None  # set on the subclass made by RecordingProxy.start()

    def log_message(self, fmt, *args):  # quiet
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, content = self.owner.relay(self.command, self.path, self.headers, body)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle
