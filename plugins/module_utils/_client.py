# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of edgeops.cloudflare.

Everything that talks to the Cloudflare API goes through :class:`CloudflareClient`:
auth headers, the response envelope, pagination, retries with backoff that honour
``Retry-After``, and the single error type :class:`CloudflareAPIError`.
Modules never build URLs from scratch or parse envelopes themselves.
"""

from __future__ import annotations

import json
import platform
import random
import re
import time
from urllib.parse import quote

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._version import COLLECTION_NAME, COLLECTION_VERSION

try:
    import requests
    from requests import exceptions as requests_exceptions
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised only without requests
    requests = None
    requests_exceptions = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"
DEFAULT_TIMEOUT = 30
DEFAULT_RETRIES = 5

# Statuses that mean "try again later"; 429 is never committed by Cloudflare.
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504, 520, 521, 522, 523, 524))
BACKOFF_BASE = 0.5
MAX_PAGES = 1000
BACKOFF_CAP = 30.0
# How much of a transport exception's own text a message quotes.
FAULT_TEXT_MAX = 300


class CloudflareAPIError(CloudflareError):
    """A failed API call: HTTP status plus Cloudflare's own error codes and messages."""

    def __init__(self, message, status=None, errors=None, messages=None, method=None, path=None):
        super(CloudflareAPIError, self).__init__(message)
        self.message = message
        self.status = status
        self.errors = list(errors or [])
        self.messages = list(messages or [])
        self.method = method
        self.path = path
        self.sent = None  # the request's body, for explaining a refusal (_plans); never shown
        self.msg = self.describe()
        self.extras = dict(http_status=status, cloudflare_errors=self.errors, cloudflare_messages=self.messages,
                           request="%s %s" % (method, path) if method else None)

    @property
    def codes(self):
        return [e.get("code") for e in self.errors if isinstance(e, dict) and e.get("code") is not None]

    @property
    def not_found(self):
        """The object (or its route) does not exist: 404, or 400 with code 7003 "No route for the URI"."""
        return self.status == 404 or (self.status == 400 and 7003 in self.codes)

    def has_code(self, *codes):
        return any(c in self.codes for c in codes)

    def describe(self):
        """One line: HTTP status and each Cloudflare error as ``[code] message``."""
        parts = []
        if self.status:
            parts.append("HTTP %s" % self.status)
        details = []
        for err in self.errors:
            if isinstance(err, dict):
                details.append("[%s] %s" % (err.get("code", "?"), err.get("message", "")))
            else:
                details.append(str(err))
        if details:
            parts.append("Cloudflare errors: " + "; ".join(details))
        elif self.message:
            parts.append(self.message)
        return ", ".join(parts) if parts else "unknown error"

    def __str__(self):
        return self.describe()

    def to_dict(self):
        return {
            "status": self.status,
            "errors": self.errors,
            "messages": self.messages,
            "method": self.method,
            "path": self.path,
        }


class CloudflareUncertainWriteError(CloudflareAPIError):
    """A non-idempotent write (POST) whose outcome is unknown.

    The request may or may not have been committed (connection dropped, 5xx). The caller
    must re-read by natural key before trying again, so a lost response never makes a duplicate.
    """


def _parse_retry_after(value):
    if value is None:
        return None
    try:
        seconds = float(str(value).strip())
    except ValueError:
        # An HTTP date; Cloudflare sends seconds, so a date is treated as "soon".
        return 1.0
    return max(seconds, 0.0)


def backoff_delay(attempt, retry_after=None, rand=random.random):
    """Seconds to wait before retry number ``attempt`` (0-based).

    Exponential with jitter, capped at BACKOFF_CAP; a ``Retry-After`` value is honoured
    however long it is (Cloudflare blocks for the rest of a 5-minute window).
    """
    exp = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt))
    jittered = exp * (0.5 + rand() / 2.0)
    if retry_after is not None:
        # Never earlier than the server asked; a little jitter spreads out parallel forks.
        return retry_after + min(1.0, retry_after * 0.1) * rand()
    return jittered


class CloudflareClient(object):
    """A small Cloudflare API v4 client on one ``requests.Session``."""

    def __init__(self, api_token=None, api_email=None, api_key=None, base_url=None,
                 timeout=DEFAULT_TIMEOUT, retries=DEFAULT_RETRIES, validate_certs=True,
                 user_agent=None, sleep=time.sleep, throttle=None, session=None):
        if not HAS_REQUESTS and session is None:
            raise RuntimeError("the Python 'requests' library is required: %s" % REQUESTS_IMPORT_ERROR)
        if api_token and (api_email or api_key):
            raise ValueError("use either an API token or an email and global API key, not both")
        if not api_token and not (api_email and api_key):
            raise ValueError("an API token, or an email together with a global API key, is required")
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.sleep = sleep
        self.throttle = throttle
        self.session = session or requests.Session()
        self.session.verify = validate_certs
        headers = {
            "Accept": "application/json",
            "User-Agent": user_agent or default_user_agent(),
        }
        if api_token:
            headers["Authorization"] = "Bearer %s" % api_token
        else:
            headers["X-Auth-Email"] = api_email
            headers["X-Auth-Key"] = api_key
        self.session.headers.update(headers)
        self.request_count = 0
        # never quoted in a message, whatever a transport exception says
        self._secrets = [s for s in (api_token, api_key) if s]

    # -- low level -----------------------------------------------------------------
    def _send(self, method, path, params=None, body=None):
        if self.throttle is not None:
            self.throttle()
        url = self.base_url + path
        data = None
        headers = None
        if body is not None:
            # Content-Type only with a body: strict servers refuse it on an empty GET or DELETE.
            data = json.dumps(body, separators=(",", ":"), sort_keys=True)
            headers = {"Content-Type": "application/json"}
        self.request_count += 1
        try:
            response = self.session.request(method, url, params=params, data=data, headers=headers,
                                            timeout=self.timeout)
        except (OSError, ValueError) as exc:
            # Every requests exception is an OSError; a socket error that requests lets through is one too, and
            # a ValueError (a header that cannot be encoded) means the request could not be made.
            raise _TransportFault(exc) from None
        observe = getattr(self.throttle, "observe", None)
        if observe is not None:
            # the account's remaining quota, as the API counts it (every client of this credential)
            observe(getattr(response, "headers", None))
        return response

    def request(self, method, path, params=None, body=None, idempotent=None):
        """Send one call and return the whole envelope (a dict) on success.

        Retries 429, 5xx and connection errors up to ``retries`` times. A POST is not
        idempotent: a 429 (never committed) is retried here, but a connection error or
        5xx raises :class:`CloudflareUncertainWriteError` for the caller to resolve.

        Transport failures (any exception of ``requests``, a socket error) are sorted by what
        reached the API: a connection refused or timed out while connecting sent nothing and is
        retried for every method; a request that could not be made (a bad URL or header) sent
        nothing and fails at once; anything else (a read timeout, a broken connection, a body cut
        short, a TLS error, too many redirects) may have been applied, so it is retried unless it is
        a POST, which raises :class:`CloudflareUncertainWriteError`. Every such error names the
        method and path, and quotes the exception's text without the credentials.
        """
        method = method.upper()
        if idempotent is None:
            idempotent = method != "POST"
        attempt = 0
        while True:
            try:
                response = self._send(method, path, params=params, body=body)
            except _TransportFault as fault:
                exc = fault.exc
                what = self._describe_fault(exc)
                if _is_unsendable(exc):
                    raise CloudflareAPIError("%s %s: the request could not be sent (%s)" % (method, path, what),
                                             method=method, path=path) from None
                if not idempotent and not _is_connect_refused(exc):
                    raise CloudflareUncertainWriteError(
                        "%s %s: the connection failed before the whole answer arrived, so the request may have "
                        "been applied (%s)" % (method, path, what), method=method, path=path) from None
                if attempt >= self.retries:
                    raise CloudflareAPIError(
                        "%s %s: no answer from %s after %d attempts (%s)" % (
                            method, path, self.base_url, attempt + 1, what),
                        method=method, path=path) from None
                self.sleep(backoff_delay(attempt))
                attempt += 1
                continue

            envelope = _decode(response)
            problem = _envelope_problem(envelope) if response.status_code < 400 else None
            if response.status_code < 400 and problem is None and envelope.get("success") is not False:
                return envelope
            if problem is not None:
                # A 2xx that is not the API's answer (a proxy's page, a body cut short): the call may
                # have been applied, so a POST is an uncertain write; any other call is asked again.
                if not idempotent:
                    raise CloudflareUncertainWriteError(problem, status=response.status_code, method=method, path=path)
                if attempt < self.retries:
                    self.sleep(backoff_delay(attempt))
                    attempt += 1
                    continue
                raise CloudflareAPIError(problem, status=response.status_code, method=method, path=path)

            error = CloudflareAPIError(
                "%s %s failed" % (method, path), status=response.status_code,
                errors=envelope.get("errors") or [{"code": 0, "message": response.reason or "error"}],
                messages=envelope.get("messages"), method=method, path=path)
            error.sent = body  # what was refused (never shown: it may hold a monitor's credentials)
            if response.status_code in RETRY_STATUSES:
                if not idempotent and response.status_code != 429:
                    raise CloudflareUncertainWriteError(
                        error.message, status=error.status, errors=error.errors,
                        messages=error.messages, method=method, path=path)
                if attempt < self.retries:
                    retry_after = _parse_retry_after(response.headers.get("Retry-After"))
                    self.sleep(backoff_delay(attempt, retry_after))
                    attempt += 1
                    continue
            raise error

    def _describe_fault(self, exc):
        """``Type: text`` of a transport exception: one line, short, with no credential in it."""
        text = str(exc)
        forms = set()
        for secret in self._secrets:
            forms.update((secret, repr(secret)[1:-1], quote(secret, safe="")))
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "********")
        text = _URL_USERINFO.sub(r"\1********@", " ".join(text.split()))
        if len(text) > FAULT_TEXT_MAX:
            text = text[:FAULT_TEXT_MAX - 3] + "..."
        return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__

    # -- conveniences ------------------------------------------------------------
    def get(self, path, params=None, empty=None):
        """One object (a GET of an item, a pool's health, a preview's result).

        ``empty``: what a ``null`` result stands for, where the API answers one for "nothing yet" (the health
        of a pool no monitor has checked yet); otherwise a ``null`` result is an error like any other shape.
        """
        envelope = self.request("GET", path, params=params)
        if empty is not None and envelope.get("result") is None:
            return empty
        return _object_result("GET", path, envelope)

    def post(self, path, body):
        return _object_result("POST", path, self.request("POST", path, body=body))

    def put(self, path, body):
        return _object_result("PUT", path, self.request("PUT", path, body=body))

    def patch(self, path, body):
        return _object_result("PATCH", path, self.request("PATCH", path, body=body))

    def delete(self, path):
        return self.request("DELETE", path).get("result")

    def create(self, path, body, find_existing):
        """POST a new object, never making a duplicate when an answer is lost.

        When the outcome of the POST is unknown (a dropped connection or a 5xx after the request
        left), ``find_existing()`` is asked first: the object it returns (it was created after all)
        is the result; if it returns None, the POST is retried with the same backoff as any other
        call, up to ``retries`` times.
        """
        attempt = 0
        while True:
            try:
                return self.post(path, body)
            except CloudflareUncertainWriteError:
                existing = find_existing()
                if existing is not None:
                    return existing
                if attempt >= self.retries:
                    raise
                self.sleep(backoff_delay(attempt))
                attempt += 1

    def list(self, path, params=None, paged=False, per_page=None):
        """Every item of a list endpoint, following pages to the last one.

        ``paged`` endpoints take ``page``/``per_page``; the others return everything at once
        and are asked once. Page following stops on the last page by ``total_pages`` when
        sent, else by ``total_count``, else on a short or empty page.
        """
        items = []
        page = 1
        while True:
            query = dict(params or {})
            if paged:
                query["page"] = page
                if per_page:
                    query["per_page"] = per_page
            envelope = self.request("GET", path, params=query or None)
            result = envelope.get("result")
            if not isinstance(result, list):
                raise CloudflareAPIError("GET %s answered %s where the API sends a list" % (path, _a(_kind(result))),
                                         method="GET", path=path)
            items.extend(result)
            if not paged or not result:
                return items
            info = envelope.get("result_info") or {}
            got_per_page = info.get("per_page") or per_page
            if not info or (got_per_page and len(result) < int(got_per_page)):
                return items  # a short page is the last one
            if info.get("page") is not None and int(info["page"]) != page:
                return items  # the server ignored the page parameter
            if info.get("total_pages") is not None and page >= int(info["total_pages"]):
                return items
            if info.get("total_pages") is None and info.get("total_count") is not None \
                    and len(items) >= int(info["total_count"]):
                return items
            if page >= MAX_PAGES:
                raise CloudflareAPIError("GET %s still had more results after %d pages" % (path, MAX_PAGES),
                                         method="GET", path=path)
            page += 1


class _TransportFault(Exception):
    """What the session raised (``exc``), carried from :meth:`CloudflareClient._send` to ``request``."""

    def __init__(self, exc):
        super(_TransportFault, self).__init__(exc)
        self.exc = exc


# The user part of a URL (``//user:password@``) in an exception's text.
_URL_USERINFO = re.compile(r"(//)[^/@\s]+@")


def _is_connect_refused(exc):
    """True when the connection was never made, so nothing can have been sent."""
    if isinstance(exc, ConnectionRefusedError):
        return True
    if requests_exceptions is None or not isinstance(exc, requests_exceptions.ConnectionError):
        return False
    if isinstance(exc, requests_exceptions.ConnectTimeout):
        return True
    text = repr(exc)
    return "NewConnectionError" in text or "Connection refused" in text


def _is_unsendable(exc):
    """True when the request could not be made (a bad URL, header or body), so asking again cannot help.

    requests raises these as ValueErrors (InvalidURL, MissingSchema, InvalidSchema, InvalidHeader), as
    URLRequired and (2.27 on) InvalidJSONError; http.client raises a UnicodeEncodeError for a header it
    cannot encode.
    """
    if requests_exceptions is not None:
        unsendable = (requests_exceptions.URLRequired, getattr(requests_exceptions, "InvalidJSONError", ValueError))
        if isinstance(exc, unsendable):
            return True
    return isinstance(exc, ValueError)


# Marks the envelope _decode makes up for a body that is not a JSON object.
_NOT_AN_ENVELOPE = "_edgeops_not_an_envelope"


def _decode(response):
    """The JSON object of the body, or a made-up failed envelope (marked) describing what came instead."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        snippet = " ".join((response.text or "").split())[:200]
        if data is None:
            what = "a body that is not JSON (cut short, or a page from something in between)"
        else:
            what = "JSON (%s), not the API's envelope" % _a(_kind(data))
        message = "the answer is %s: %r" % (what, snippet)
        return {"success": False, "result": None, _NOT_AN_ENVELOPE: message,
                "errors": [{"code": 0, "message": message}]}
    return data


def _envelope_problem(envelope):
    """Why a 2xx answer is not the API's envelope (``success`` true and a ``result`` key), or None."""
    if _NOT_AN_ENVELOPE in envelope:
        return envelope[_NOT_AN_ENVELOPE]
    missing = [key for key in ("success", "result") if key not in envelope]
    if missing:
        return "the answer is a JSON object without %s, not the API's envelope" % (
            " and ".join("'%s'" % key for key in missing))
    return None


def _object_result(method, path, envelope):
    """The ``result`` of a call that answers one object; anything else is an error naming the call.

    After a POST the object may have been made all the same: that is an uncertain write, so a create looks
    for it before trying again.
    """
    result = envelope.get("result")
    if isinstance(result, dict):
        return result
    error = CloudflareUncertainWriteError if method == "POST" else CloudflareAPIError
    raise error("%s %s answered %s where the API sends an object" % (method, path, _a(_kind(result))),
                method=method, path=path)


def _a(kind):
    """``kind`` with its article: "an object", "a string", "null"."""
    return kind if kind == "null" else ("an " if kind[0] in "aeiou" else "a ") + kind


def _kind(value):
    """A JSON value's type in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    return "number"


def default_user_agent():
    try:
        from ansible.module_utils.ansible_release import __version__ as ansible_version
    except ImportError:  # pragma: no cover
        ansible_version = "unknown"
    return "%s/%s (ansible-core/%s; python/%s)" % (
        COLLECTION_NAME, COLLECTION_VERSION, ansible_version, platform.python_version())
