# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client-side pacing shared by every module process on the controller.

Cloudflare allows 1,200 requests per 5 minutes per user and, once that is exceeded,
refuses every call until the window ends. Retrying a 429 then costs minutes. Instead,
all module runs that share a credential draw from one request budget kept in a small
file under the temp directory, guarded by an exclusive ``flock``, so ten forks (or ten
playbooks) on one controller never send more than the budget between them.

The budget is a sliding-window log: it remembers when the last ``limit`` requests were
(or will be) sent, and a new request goes out only once fewer than ``limit`` were sent in
the last ``window`` seconds (plus a one-second margin for the trip to the API). So no
window of that length ever holds more than ``limit`` requests, whichever way the server
aligns its own window, and a long rollout still runs at the full allowed rate. A
single-zone run (a few dozen requests) never waits. The file is keyed by a hash of the
credential; the credential itself is never written anywhere.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - not POSIX
    HAS_FCNTL = False

# The environment variables that set the pacing (api_rate_limit falls back to the first).
RATE_ENV_VARS = ("CLOUDFLARE_API_RATE_LIMIT", "CLOUDFLARE_API_RATE_WINDOW")
DEFAULT_LIMIT = 1200
DEFAULT_WINDOW = 300.0
MARGIN = 1.0


class RequestBudget(object):
    """At most ``limit`` requests in any ``window`` seconds, shared between processes via ``path``."""

    def __init__(self, path, limit=DEFAULT_LIMIT, window=DEFAULT_WINDOW, clock=time.time, sleep=time.sleep,
                 margin=MARGIN):
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.path = path
        self.limit = int(limit)
        self.span = float(window) + margin
        self.clock = clock
        self.sleep = sleep
        self.waited = 0.0

    def _reserve(self):
        """Book the next free send time and return how long to wait for it.

        Bookings are appended in order, so concurrent callers queue up first come, first served.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if HAS_FCNTL:
                fcntl.flock(fd, fcntl.LOCK_EX)
            raw = b""
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                raw += chunk
            try:
                sent = [float(t) for t in json.loads(raw.decode("utf-8"))["sent"]] if raw else []
            except (ValueError, TypeError, KeyError, AttributeError):
                sent = []
            now = self.clock()
            slot = now
            if len(sent) >= self.limit:
                slot = max(now, sent[-self.limit] + self.span)
            if sent and sent[-1] > slot:
                slot = sent[-1]
            sent.append(slot)
            sent = sent[-self.limit:]
            data = json.dumps({"sent": [round(t, 3) for t in sent]}, separators=(",", ":")).encode("utf-8")
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, data)
            return slot - now
        finally:
            if HAS_FCNTL:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __call__(self):
        wait = self._reserve()
        if wait > 0:
            self.waited += wait
            self.sleep(wait)


def credential_fingerprint(params):
    """A short hash naming the credential (never the credential itself)."""
    if params.get("api_token"):
        material = "token:" + params["api_token"]
    else:
        material = "key:%s:%s" % (params.get("api_email") or "", params.get("api_key") or "")
    material += "|" + (params.get("base_url") or "")
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:24]


def throttle_from_params(params):
    """The shared request budget for these connection options, or None when pacing is off.

    ``api_rate_limit`` (``CLOUDFLARE_API_RATE_LIMIT``) is the number of requests allowed per
    ``CLOUDFLARE_API_RATE_WINDOW`` seconds (default 300); 0 turns pacing off.
    """
    limit = params.get("api_rate_limit")
    if limit is None:
        try:
            limit = int((os.environ.get("CLOUDFLARE_API_RATE_LIMIT") or "").strip() or DEFAULT_LIMIT)
        except ValueError:
            limit = DEFAULT_LIMIT
    if int(limit) <= 0:
        return None
    try:
        window = float(os.environ.get("CLOUDFLARE_API_RATE_WINDOW") or DEFAULT_WINDOW)
    except ValueError:
        window = DEFAULT_WINDOW
    if window <= 0:
        window = DEFAULT_WINDOW
    directory = os.environ.get("CLOUDFLARE_API_RATE_DIR") or tempfile.gettempdir()
    name = "edgeops-cloudflare-%s-%d-%d.budget" % (credential_fingerprint(params), int(limit), int(window))
    return RequestBudget(os.path.join(directory, name), limit=int(limit), window=window)
