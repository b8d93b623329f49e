# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client-side pacing: one request budget per credential, shared by every module process on the
controller, and kept in step with other controllers through the API's rate-limit headers.

Cloudflare allows 1,200 requests per 5 minutes per user and, once they are spent, refuses every
call of that user (the dashboard too) until the window ends. Retrying a 429 then costs minutes.

Two sources of truth, kept in one small file per credential, under an exclusive ``flock``:

* **This controller's own sends** (a sliding-window log): a request goes out only once fewer than
  ``limit`` were sent in the last ``window`` seconds plus a one-second margin, so forks and
  playbooks on one controller never exceed the limit between them, and a single-zone run (a few
  dozen requests) never waits. This is all there is until the API has answered once.
* **The account's real remaining quota**, read from the ``Ratelimit`` (``r`` remaining, ``t``
  seconds to reset) and ``Ratelimit-Policy`` (``q`` quota, ``w`` window) headers of every response
  and recorded here, so the next module process knows it before its first request. Requests of
  other controllers, other tools and the dashboard on the same credential show up in it. When the
  remaining quota, less this controller's requests in flight, falls to a reserve (room for the
  requests that may be in flight at once), the next request waits for the window to reset instead
  of spending it.

Safety: the file lives in a private per-user directory (mode 0700, owned by the user, not a link;
``CLOUDFLARE_API_RATE_DIR`` overrides it) and is opened without following links; bookings further
ahead than one window plus the margin, and unreadable content, are discarded; no wait is longer than
the window plus the margin. A directory that cannot be used means no local pacing and a warning,
never a failure or a hang. The file and the lock files are named by a hash of the credential; the
credential itself is never written anywhere.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import tempfile
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - not POSIX
    HAS_FCNTL = False

# The environment variables that set the pacing (api_rate_limit falls back to the first).
RATE_ENV_VARS = ("CLOUDFLARE_API_RATE_LIMIT", "CLOUDFLARE_API_RATE_WINDOW", "CLOUDFLARE_API_RATE_RESERVE")
DIR_ENV_VAR = "CLOUDFLARE_API_RATE_DIR"
DEFAULT_LIMIT = 1200
DEFAULT_WINDOW = 300.0
MARGIN = 1.0
# After a window resets, wait this much longer before the first request of the new one: the
# header's ``t`` is rounded up to whole seconds, so this only guards against clock granularity.
RESET_MARGIN = 0.25
# Two answers whose windows reset less than this many seconds apart are in the same window (``t`` is
# rounded up to whole seconds).
SAME_WINDOW = 1.5
# How long a process waits for another process's lock (creating the same object) before going on.
LOCK_TIMEOUT = 120.0

_RATELIMIT_RE = re.compile(r"\b([a-z]+)=([0-9.]+)")


def default_reserve(limit):
    """Requests kept back from the account's remaining quota: room for what may be in flight at once."""
    return max(10, int(limit) // 20)


def parse_rate_headers(headers, now):
    """``{"remaining", "reset_at", "quota", "window"}`` from Cloudflare's rate-limit headers, or None.

    ``Ratelimit: "default";r=50;t=30`` (remaining, seconds to reset) and
    ``Ratelimit-Policy: "default";q=1200;w=300`` (quota, window).
    """
    if not headers:
        return None
    raw = headers.get("Ratelimit") or headers.get("RateLimit")
    if not raw:
        return None
    values = dict((k, float(v)) for k, v in _RATELIMIT_RE.findall(str(raw)))
    if "r" not in values or "t" not in values:
        return None
    policy = dict((k, float(v)) for k, v in _RATELIMIT_RE.findall(str(headers.get("Ratelimit-Policy") or "")))
    seen = {"remaining": int(values["r"]), "reset_at": now + values["t"], "at": now}
    if policy.get("q"):
        seen["quota"] = int(policy["q"])
    if policy.get("w"):
        seen["window"] = policy["w"]
    return seen


class RequestBudget(object):
    """At most ``limit`` requests in any ``window`` seconds, shared between processes via ``path``,
    and never into the last ``reserve`` requests of the account's quota that the API reports."""

    def __init__(self, path, limit=DEFAULT_LIMIT, window=DEFAULT_WINDOW, clock=time.time, sleep=time.sleep,
                 margin=MARGIN, reserve=None):
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.path = path
        self.limit = int(limit)
        self.window = float(window)
        self.span = float(window) + margin
        self.margin = margin
        self.reserve = default_reserve(limit) if reserve is None else int(reserve)
        self.clock = clock
        self.sleep = sleep
        self.waited = 0.0
        self.reasons = []
        self.last_seen = None     # the rate-limit headers of the answer to this process's latest request
        self.last_counted = None  # this controller's requests answered in that window, that one included

    # -- the file ----------------------------------------------------------------------------
    def _open(self):
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.path, flags, 0o600)
        if HAS_FCNTL:
            fcntl.flock(fd, fcntl.LOCK_EX)
        return fd

    @staticmethod
    def _close(fd):
        if HAS_FCNTL:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def _load(self, fd, now):
        """``(sent, seen, counted)``: this controller's bookings, the latest rate-limit observation, and how
        many of this controller's requests the API has answered in the observed window."""
        raw = b""
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            raw += chunk
        try:
            data = json.loads(raw.decode("utf-8")) if raw else {}
            sent = [float(t) for t in data.get("sent", [])]
            seen = data.get("seen")
            if seen is not None:
                seen = dict((k, float(seen[k])) for k in ("remaining", "reset_at", "at"))
                seen.update((k, float(v)) for k, v in data["seen"].items() if k in ("quota", "window"))
            counted = data.get("counted")
            if counted is not None:
                counted = {"reset_at": float(counted["reset_at"]), "n": int(counted["n"])}
        except (ValueError, TypeError, KeyError, AttributeError):
            sent, seen, counted = [], None, None
        horizon = now + self.span
        # A booking or an observation further ahead than one window plus the margin cannot be real
        # (a clock stepped back, or a file someone else wrote): forget it rather than wait for it.
        sent = [t for t in sent if t <= horizon]
        if seen is not None and (seen["reset_at"] > now + seen.get("window", self.window) + self.margin
                                 or seen["at"] > horizon):
            seen = None
        if counted is not None and counted["reset_at"] > now + self.span + self.window:
            counted = None
        return sent, seen, counted

    def _save(self, fd, sent, seen, counted):
        data = {"sent": [round(t, 3) for t in sent[-self.limit:]]}
        if seen is not None:
            data["seen"] = seen
        if counted is not None:
            data["counted"] = counted
        encoded = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, encoded)

    # -- before a request ----------------------------------------------------------------------
    def _reserve(self):
        """Book the next free send time and return ``(seconds to wait, why)``.

        Bookings are appended in order, so concurrent callers queue up first come, first served.
        """
        fd = self._open()
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            now = self.clock()
            sent, seen, counted = self._load(fd, now)
            slot, why = now, None
            if len(sent) >= self.limit:
                local = sent[-self.limit] + self.span
                if local > slot:
                    slot, why = local, "this controller's budget of %d requests per %g s is spent" % (
                        self.limit, self.window)
            if sent and sent[-1] > slot:
                slot = sent[-1]
            if seen is not None and now < seen["reset_at"]:
                in_flight = len([t for t in sent if t > seen["at"]])
                left = seen["remaining"] - in_flight
                if left <= self.reserve and seen["reset_at"] + RESET_MARGIN > slot:
                    slot = seen["reset_at"] + RESET_MARGIN
                    why = ("the account has %d of %s requests left in this window (the API's Ratelimit header, "
                           "counting every client of this credential), at the reserve of %d"
                           % (max(left, 0), "%d" % seen["quota"] if "quota" in seen else "its", self.reserve))
            slot = min(slot, now + self.span)  # never longer than the window plus the margin
            sent.append(slot)
            self._save(fd, sent, seen, counted)
            return slot - now, why
        finally:
            self._close(fd)

    def __call__(self):
        wait, why = self._reserve()
        if wait > 0:
            self.waited += wait
            if why and why not in self.reasons:
                self.reasons.append(why)
            self.sleep(wait)

    # -- after a response -------------------------------------------------------------------------
    def observe(self, headers):
        """Record what a response's rate-limit headers say: the account's remaining quota, and that the
        API counted one more request of this controller in that window."""
        now = self.clock()
        new = parse_rate_headers(headers, now)
        self.last_seen = new
        if new is None:
            return
        fd = self._open()
        try:
            sent, seen, counted = self._load(fd, now)
            if counted is not None and abs(new["reset_at"] - counted["reset_at"]) < SAME_WINDOW:
                counted["n"] += 1
            elif counted is None or new["reset_at"] > counted["reset_at"]:
                counted = {"reset_at": new["reset_at"], "n": 1}
            self.last_counted = counted["n"] if abs(new["reset_at"] - counted["reset_at"]) < SAME_WINDOW else None
            if seen is not None and now < seen["reset_at"] and abs(new["reset_at"] - seen["reset_at"]) < SAME_WINDOW \
                    and new["remaining"] >= seen["remaining"]:
                new = seen  # the same window: the counter only goes down, and answers may arrive out of order
            self._save(fd, sent, new, counted)
        finally:
            self._close(fd)

    def others_active(self):
        """Whether a client other than this controller has used the credential in the current window.

        Judged on the answer to this process's latest request: by then the API had counted
        ``quota - remaining`` requests in the window, and this controller had been answered for a
        number of its own requests in that window. Equal: every request counted was this
        controller's, so nobody else sent anything (False). More: someone else did, or some of this
        controller's requests were still unanswered (True: assume the worst). None when it cannot be
        told (no rate-limit headers with a quota).
        """
        seen, ours = self.last_seen, self.last_counted
        if seen is None or ours is None or "quota" not in seen:
            return None
        used = seen["quota"] - seen["remaining"]
        if used == ours:
            return False
        return True if used > ours else None

    def report(self):
        """A sentence on the time spent waiting, or None when nothing worth saying happened."""
        if self.waited < 1:
            return None
        return "Waited %.1f s before sending requests to the Cloudflare API: %s." % (
            self.waited, "; ".join(self.reasons) or "pacing")


def credential_fingerprint(params):
    """A short hash naming the credential (never the credential itself)."""
    if params.get("api_token"):
        material = "token:" + params["api_token"]
    else:
        material = "key:%s:%s" % (params.get("api_email") or "", params.get("api_key") or "")
    material += "|" + (params.get("base_url") or "")
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:24]


def budget_dir(environ=None):
    """``(directory, problem)``: the private per-user directory for budget and lock files.

    ``CLOUDFLARE_API_RATE_DIR`` names it explicitly; otherwise it is ``edgeops-cloudflare-<uid>``
    under the temporary directory, created with mode 0700. A directory that is a link, is not owned
    by this user, or is open to others is refused (``(None, why)``).
    """
    environ = os.environ if environ is None else environ
    explicit = (environ.get(DIR_ENV_VAR) or "").strip()
    uid = os.getuid() if hasattr(os, "getuid") else None
    private = "edgeops-cloudflare-%s" % (uid if uid is not None else "user")
    path = explicit or os.path.join(tempfile.gettempdir(), private)
    try:
        if not explicit:
            try:
                os.mkdir(path, 0o700)
            except OSError as exc:
                if exc.errno != errno.EEXIST:
                    raise
        info = os.lstat(path)
    except OSError as exc:
        return None, "%s cannot be used (%s)" % (path, exc.strerror or exc)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        return None, "%s is not a directory (or is a link)" % path
    if uid is not None and info.st_uid != uid:
        return None, "%s belongs to another user" % path
    if not explicit and info.st_mode & 0o077:
        return None, "%s is open to other users (mode %o)" % (path, stat.S_IMODE(info.st_mode))
    return path, None


def _env_number(environ, name, default, cast=int):
    raw = (environ.get(name) or "").strip()
    try:
        return cast(raw) if raw else default
    except ValueError:
        return default


def throttle_from_params(params, environ=None, warn=None):
    """The shared request budget for these connection options, or None when pacing is off.

    ``api_rate_limit`` (``CLOUDFLARE_API_RATE_LIMIT``) is the number of requests allowed per
    ``CLOUDFLARE_API_RATE_WINDOW`` seconds (default 300); 0 turns pacing off.
    ``CLOUDFLARE_API_RATE_RESERVE`` sets the reserve kept back from the account's remaining quota.
    A budget directory that cannot be used turns local pacing off, with a warning through ``warn``.
    """
    environ = os.environ if environ is None else environ
    limit = params.get("api_rate_limit")
    if limit is None:
        limit = _env_number(environ, "CLOUDFLARE_API_RATE_LIMIT", DEFAULT_LIMIT)
    if int(limit) <= 0:
        return None
    window = _env_number(environ, "CLOUDFLARE_API_RATE_WINDOW", DEFAULT_WINDOW, float)
    if window <= 0:
        window = DEFAULT_WINDOW
    reserve = _env_number(environ, "CLOUDFLARE_API_RATE_RESERVE", None)
    directory, problem = budget_dir(environ)
    if directory is None:
        if warn is not None:
            warn("Request pacing is off for this task: the budget directory %s. Set %s to a private directory."
                 % (problem, DIR_ENV_VAR))
        return None
    name = "edgeops-cloudflare-%s-%d-%d.budget" % (credential_fingerprint(params), int(limit), int(window))
    return RequestBudget(os.path.join(directory, name), limit=int(limit), window=window, reserve=reserve)


class KeyLock(object):
    """An exclusive lock per (credential, scope, kind, natural key), in the budget directory.

    Forks and playbooks on one controller that ensure the same object take turns at find-then-create,
    so they never both create it. Waiting is bounded: after ``timeout`` seconds the holder is presumed
    stuck and the caller goes on without the lock.
    """

    def __init__(self, directory, fingerprint, parts, timeout=LOCK_TIMEOUT, clock=time.time, sleep=time.sleep):
        digest = hashlib.sha256("\0".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:24]
        self.path = os.path.join(directory, "edgeops-cloudflare-%s-%s.lock" % (fingerprint, digest))
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep
        self.fd = None
        self.waited = 0.0

    def __enter__(self):
        if not HAS_FCNTL:  # pragma: no cover
            return self
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            return self
        start = self.clock()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.fd = fd
                break
            except OSError:
                if self.clock() - start >= self.timeout:
                    os.close(fd)
                    break
                self.sleep(0.05)
        self.waited = self.clock() - start
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
        return False
