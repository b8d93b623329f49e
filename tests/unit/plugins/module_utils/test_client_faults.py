# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every exception a transport can raise ends as a CloudflareError: method and path named, no credential, no
traceback, and a POST repeated only as the client's retry rules allow (issue 18)."""

from __future__ import annotations

import traceback
import types

import pytest
import requests
from requests import exceptions as rexc

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _client
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import (
    CloudflareAPIError, CloudflareClient, CloudflareUncertainWriteError)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_lb_pool
from ansible_collections.edgeops.cloudflare.tests.unit.plugins import fake_api
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_transport import FakeSession

TOKEN = "tok-7f3a9c41-SECRET-do-not-print"
API_KEY = "key-51be0d77-SECRET-do-not-print"
SECRETS = (TOKEN, API_KEY)
BASE_URL = "http://127.0.0.1:9/client/v4"
PATH = "/accounts/0123/load_balancers/pools"
RETRIES = 2

# What reached the API, as _client.request() documents it:
#   refused - nothing was sent, and the next try may get through: retried for every method;
#   invalid - the request could not be made: nothing was sent, never retried;
#   lost    - the request may have been applied: GET and DELETE retried, a POST is an uncertain write.
REFUSED, INVALID, LOST = "refused", "invalid", "lost"


def leaky(secret):
    """Exception text quoting the secret the ways a transport might: in a URL, a query and a header."""
    return ("HTTPSConnectionPool(host='api.cloudflare.test', port=443): url: https://user:%s@proxy.test/x?key=%s "
            "(header value: 'Bearer %s')" % (secret, secret, secret))


def refused_text(secret):
    return ("HTTPSConnectionPool(host='api.cloudflare.test', port=443): Max retries exceeded with url: /x?key=%s "
            "(Caused by NewConnectionError('Failed to establish a new connection: [Errno 111] Connection refused'))"
            % secret)


# (id, factory(secret) -> exception, kind): one case per exception class of requests, plus the socket and encoding
# errors a transport can let through.
FAULTS = [
    ("ConnectionError-refused", lambda s: rexc.ConnectionError(refused_text(s)), REFUSED),
    ("ConnectionError-reset", lambda s: rexc.ConnectionError("Connection aborted. RemoteDisconnected " + leaky(s)),
     LOST),
    ("ConnectTimeout", lambda s: rexc.ConnectTimeout(leaky(s)), REFUSED),
    ("ReadTimeout", lambda s: rexc.ReadTimeout("Read timed out. " + leaky(s)), LOST),
    ("Timeout", lambda s: rexc.Timeout(leaky(s)), LOST),
    ("SSLError", lambda s: rexc.SSLError("CERTIFICATE_VERIFY_FAILED " + leaky(s)), LOST),
    ("ProxyError", lambda s: rexc.ProxyError("Unable to connect to proxy " + leaky(s)), LOST),
    ("TooManyRedirects", lambda s: rexc.TooManyRedirects("Exceeded 30 redirects. " + leaky(s)), LOST),
    ("ChunkedEncodingError", lambda s: rexc.ChunkedEncodingError("Connection broken: IncompleteRead " + leaky(s)),
     LOST),
    ("ContentDecodingError", lambda s: rexc.ContentDecodingError("Received response with content-encoding: gzip "
                                                                 + leaky(s)), LOST),
    ("RetryError", lambda s: rexc.RetryError("too many 500 error responses " + leaky(s)), LOST),
    ("StreamConsumedError", lambda s: rexc.StreamConsumedError(leaky(s)), LOST),
    ("UnrewindableBodyError", lambda s: rexc.UnrewindableBodyError("Unable to rewind request body " + leaky(s)),
     LOST),
    ("HTTPError", lambda s: rexc.HTTPError("500 Server Error " + leaky(s)), LOST),
    ("RequestException", lambda s: rexc.RequestException(leaky(s)), LOST),
    ("InvalidURL", lambda s: rexc.InvalidURL("Invalid URL " + leaky(s)), INVALID),
    ("InvalidProxyURL", lambda s: rexc.InvalidProxyURL("Please check proxy URL " + leaky(s)), INVALID),
    ("MissingSchema", lambda s: rexc.MissingSchema("No scheme supplied " + leaky(s)), INVALID),
    ("InvalidSchema", lambda s: rexc.InvalidSchema("No connection adapters were found " + leaky(s)), INVALID),
    ("InvalidHeader", lambda s: rexc.InvalidHeader("Invalid return character(s) in header value: "
                                                   "'Bearer %s\\n'" % s), INVALID),
    ("URLRequired", lambda s: rexc.URLRequired(leaky(s)), INVALID),
    # not requests' own: what a socket or http.client raises past it
    ("ConnectionRefusedError", lambda s: ConnectionRefusedError(111, "Connection refused " + leaky(s)), REFUSED),
    ("ConnectionResetError", lambda s: ConnectionResetError(104, "Connection reset by peer " + leaky(s)), LOST),
    ("socket-timeout", lambda s: TimeoutError("timed out " + leaky(s)), LOST),
    ("OSError", lambda s: OSError("Could not find a suitable TLS CA certificate bundle " + leaky(s)), LOST),
    ("UnicodeEncodeError", lambda s: UnicodeEncodeError("latin-1", "Bearer %s\u20ac" % s, 7 + len(s), 8 + len(s),
                                                        "ordinal not in range(256)"), INVALID),
    ("ValueError", lambda s: ValueError("Invalid header value " + leaky(s)), INVALID),
]
if hasattr(rexc, "InvalidJSONError"):  # requests 2.27 and later
    FAULTS.append(("InvalidJSONError", lambda s: rexc.InvalidJSONError(leaky(s)), INVALID))
if hasattr(rexc, "JSONDecodeError"):
    FAULTS.append(("JSONDecodeError", lambda s: rexc.JSONDecodeError("Expecting value " + leaky(s), "<html>", 0),
                   INVALID))

CALLS = {
    "GET": lambda client: client.list(PATH),
    "POST": lambda client: client.post(PATH, {"name": "eu-pool"}),
    "DELETE": lambda client: client.delete(PATH + "/abc"),
}
AUTHS = {"token": dict(api_token=TOKEN), "key": dict(api_email="ops@example.com", api_key=API_KEY)}


class RaisingSession(FakeSession):
    """A session whose every request raises a new exception from ``factory``."""

    def __init__(self, factory):
        super(RaisingSession, self).__init__([])
        self.factory = factory

    def request(self, method, url, params=None, data=None, headers=None, timeout=None):
        self.script.append(self.factory())
        return super(RaisingSession, self).request(method, url, params=params, data=data, headers=headers,
                                                   timeout=timeout)


def make(factory, auth):
    session = RaisingSession(factory)
    sleeps = []
    client = CloudflareClient(base_url=BASE_URL, session=session, retries=RETRIES, sleep=sleeps.append,
                              **AUTHS[auth])
    return client, session, sleeps


def check_clean(error, method, path):
    """A CloudflareError naming method and path, with no credential in it or in its traceback."""
    assert isinstance(error, CloudflareError) and not isinstance(error, rexc.RequestException)
    text = str(error)
    assert text.startswith("%s %s: " % (method, path)), text
    assert (error.method, error.path) == (method, path)
    assert error.extras["request"] == "%s %s" % (method, path)
    printed = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    for secret in SECRETS:
        assert secret not in text and secret not in error.msg and secret not in printed
    # the original exception is not chained in: a printed traceback could quote it
    assert error.__cause__ is None and error.__suppress_context__


def test_every_requests_exception_class_has_a_case():
    names = {name.split("-")[0] for name, unused, unused in FAULTS}
    classes = {name for name in dir(rexc)
               if isinstance(getattr(rexc, name), type) and issubclass(getattr(rexc, name), rexc.RequestException)}
    assert classes <= names, classes - names


@pytest.mark.parametrize("auth", sorted(AUTHS))
@pytest.mark.parametrize("method", sorted(CALLS))
@pytest.mark.parametrize("name, factory, kind", FAULTS, ids=[f[0] for f in FAULTS])
def test_a_transport_fault_is_a_clean_error(name, factory, kind, method, auth):
    secret = TOKEN if auth == "token" else API_KEY
    client, session, sleeps = make(lambda: factory(secret), auth)
    with pytest.raises(CloudflareError) as caught:
        CALLS[method](client)
    error = caught.value
    path = PATH + "/abc" if method == "DELETE" else PATH
    check_clean(error, method, path)
    assert type(factory(secret)).__name__ in str(error)
    assert [c["method"] for c in session.calls] == [method] * len(session.calls)
    if kind == INVALID:
        # nothing was sent and asking again cannot help
        assert len(session.calls) == 1 and sleeps == []
        assert "could not be sent" in str(error)
        assert not isinstance(error, CloudflareUncertainWriteError)
    elif method == "POST" and kind == LOST:
        # may have been applied: never repeated here, the caller must look first
        assert len(session.calls) == 1 and sleeps == []
        assert isinstance(error, CloudflareUncertainWriteError)
        assert "may have been applied" in str(error)
    else:
        # nothing sent (refused), or a GET/DELETE that is safe to ask again
        assert len(session.calls) == RETRIES + 1 and len(sleeps) == RETRIES
        assert not isinstance(error, CloudflareUncertainWriteError)
        assert "no answer from %s after %d attempts" % (BASE_URL, RETRIES + 1) in str(error)


@pytest.mark.parametrize("name, factory, kind", FAULTS, ids=[f[0] for f in FAULTS])
def test_create_never_posts_again_without_looking_first(name, factory, kind):
    client, session, sleeps = make(lambda: factory(TOKEN), "token")
    looked_after = []

    def find_existing():
        looked_after.append(len(session.calls))  # how many POSTs had gone out when it looked
        return None

    with pytest.raises(CloudflareError) as caught:
        client.create(PATH, {"name": "eu-pool"}, find_existing)
    check_clean(caught.value, "POST", PATH)
    posts = len(session.calls)
    if kind == LOST:
        # every POST after the first follows a look that found nothing
        assert posts == RETRIES + 1 and looked_after == list(range(1, posts + 1))
    elif kind == REFUSED:
        assert posts == RETRIES + 1 and looked_after == []
    else:
        assert posts == 1 and looked_after == []


# -- the real requests library: requests that fail before anything leaves ------------------------------------
@pytest.mark.parametrize("method", sorted(CALLS))
@pytest.mark.parametrize("kwargs, raised", [
    (dict(api_token=TOKEN, base_url="api.cloudflare.test/client/v4"), "MissingSchema"),
    (dict(api_token=TOKEN, base_url="ftp://api.cloudflare.test/client/v4"), "InvalidSchema"),
    (dict(api_token=TOKEN, base_url="http:///client/v4"), "InvalidURL"),
    (dict(api_token=TOKEN + "\n", base_url=BASE_URL), "InvalidHeader"),
    (dict(api_email="ops@example.com", api_key=API_KEY + "\n", base_url=BASE_URL), "InvalidHeader"),
    (dict(api_token=TOKEN + "\u20ac", base_url=BASE_URL), "UnicodeEncodeError"),
], ids=["no-scheme", "ftp", "no-host", "token-newline", "key-newline", "token-not-latin-1"])
def test_a_request_that_cannot_be_made_with_real_requests(kwargs, raised, method):
    client = CloudflareClient(session=requests.Session(), retries=RETRIES, sleep=lambda seconds: None, **kwargs)
    with pytest.raises(CloudflareAPIError) as caught:
        CALLS[method](client)
    path = PATH + "/abc" if method == "DELETE" else PATH
    check_clean(caught.value, method, path)
    assert "the request could not be sent (%s: " % raised in str(caught.value)


# -- a module run ------------------------------------------------------------------------------------------
class FaultySession(fake_api.FakeSession):
    """The fake API's session, but every ``method`` request raises a ReadTimeout quoting the token."""

    def __init__(self, api, method):
        super(FaultySession, self).__init__(api)
        self.method = method
        self.sent = []

    def request(self, method, url, params=None, data=None, headers=None, timeout=None):
        self.sent.append(method)
        if method == self.method:
            raise rexc.ReadTimeout("HTTPSConnectionPool(host='api.cloudflare.test', port=443): Read timed out. "
                                   "(read timeout=%s) Authorization: Bearer %s" % (timeout, fake_api.TOKEN))
        return super(FaultySession, self).request(method, url, params=params, data=data, headers=headers,
                                                  timeout=timeout)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_module_fails_cleanly_on_a_read_timeout(run_module, api, monkeypatch, method):
    api.add_monitor(description="ssh check", type="tcp", port=22)
    sessions = []

    def session():
        sessions.append(FaultySession(api, method))
        return sessions[-1]

    monkeypatch.setattr(_client, "requests", types.SimpleNamespace(Session=session))
    run = run_module(cf_lb_pool.main, {"account_id": fake_api.ACCOUNT_ID, "name": "eu-pool", "monitor": "ssh check",
                                       "origins": [{"name": "origin-a", "address": "192.0.2.1"}]})
    assert run.failed and run.code == 1
    assert "ReadTimeout" in run.result["msg"]
    assert "%s /accounts/%s/" % (method, fake_api.ACCOUNT_ID) in run.result["msg"]
    assert "Traceback" not in run.out
    assert fake_api.TOKEN not in run.out
    assert api.writes == []
    sent = [m for s in sessions for m in s.sent]
    assert sent.count("POST") == (1 if method == "POST" else 0)
