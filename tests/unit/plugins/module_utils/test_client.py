# -*- coding: utf-8 -*-
"""Client logic against a fake transport (a stand-in for requests.Session)."""

from __future__ import annotations

import json

import pytest
from requests import exceptions as rexc

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _client
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import (
    CloudflareAPIError, CloudflareClient, CloudflareUncertainWriteError, backoff_delay)


class FakeResponse(object):
    def __init__(self, status, body, headers=None):
        self.status_code = status
        self._body = body
        self.headers = headers or {}
        self.reason = "reason"
        self.text = json.dumps(body)

    def json(self):
        return self._body


class FakeSession(object):
    """Plays back a script of responses (or exceptions) and records each request."""

    def __init__(self, script):
        self.script = list(script)
        self.calls = []
        self.headers = {}
        self.verify = True

    def request(self, method, url, params=None, data=None, headers=None, timeout=None):
        self.calls.append({"method": method, "url": url, "params": params,
                           "body": json.loads(data) if data else None, "timeout": timeout})
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


def ok(result, info=None):
    body = {"success": True, "errors": [], "messages": [], "result": result}
    if info is not None:
        body["result_info"] = info
    return FakeResponse(200, body)


def err(status, code, message="nope", headers=None):
    return FakeResponse(status, {"success": False, "errors": [{"code": code, "message": message}],
                                 "messages": [], "result": None}, headers)


def make(script, **kwargs):
    sleeps = []
    session = FakeSession(script)
    kwargs.setdefault("api_token", "tok-secret")
    client = CloudflareClient(base_url="http://127.0.0.1:1/client/v4", session=session,
                              sleep=sleeps.append, **kwargs)
    return client, session, sleeps


def test_token_auth_headers_and_user_agent():
    client, session, _ = make([ok({})])
    assert session.headers["Authorization"] == "Bearer tok-secret"
    assert "X-Auth-Key" not in session.headers
    assert session.headers["User-Agent"].startswith("edgeops.cloudflare/%s " % _client.COLLECTION_VERSION)


def test_email_key_auth_headers():
    _, session, _ = make([], api_token=None, api_email="a@example.com", api_key="k")
    assert session.headers["X-Auth-Email"] == "a@example.com"
    assert session.headers["X-Auth-Key"] == "k"
    assert "Authorization" not in session.headers


@pytest.mark.parametrize("kwargs", [dict(api_token="t", api_key="k"), dict(api_token=None),
                                    dict(api_token=None, api_email="a@example.com")])
def test_credentials_must_be_exactly_one_form(kwargs):
    with pytest.raises(ValueError):
        CloudflareClient(session=FakeSession([]), **kwargs)


def test_envelope_unwrapped_and_error_carries_codes():
    client, _, _ = make([ok({"id": "a"}), err(400, 1002, "bad: validation failed")])
    assert client.get("/x") == {"id": "a"}
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/y")
    assert info.value.status == 400
    assert info.value.codes == [1002]
    assert "[1002] bad: validation failed" in str(info.value)
    assert "tok-secret" not in str(info.value)


def test_retry_after_is_honoured_however_long():
    client, session, sleeps = make([err(429, 10100, headers={"Retry-After": "300"}), ok([])])
    assert client.get("/x") == []
    assert len(session.calls) == 2
    assert 300 <= sleeps[0] <= 301


def test_retries_429_5xx_and_connection_errors_then_gives_up():
    script = [err(429, 10100, headers={"Retry-After": "1"}), err(503, 0), rexc.ConnectionError("reset"),
              err(502, 0), ok({"fine": True})]
    client, session, sleeps = make(script, retries=4)
    assert client.get("/x") == {"fine": True}
    assert len(sleeps) == 4
    client, session, sleeps = make([err(503, 0)] * 3, retries=2)
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/x")
    assert info.value.status == 503 and len(session.calls) == 3


def test_backoff_grows_with_jitter_and_caps():
    lows = [backoff_delay(n, rand=lambda: 0.0) for n in range(12)]
    highs = [backoff_delay(n, rand=lambda: 1.0) for n in range(12)]
    assert lows[0] == 0.25 and highs[0] == 0.5
    assert all(b >= a for a, b in zip(highs, highs[1:]))
    assert max(highs) == _client.BACKOFF_CAP
    assert backoff_delay(0, retry_after=2, rand=lambda: 0.0) == 2


def test_post_is_not_blindly_repeated_after_uncertain_failures():
    client, session, _ = make([err(503, 0)])
    with pytest.raises(CloudflareUncertainWriteError):
        client.post("/x", {"a": 1})
    assert len(session.calls) == 1
    client, session, _ = make([rexc.ConnectionError("RemoteDisconnected")])
    with pytest.raises(CloudflareUncertainWriteError):
        client.post("/x", {"a": 1})
    # a 429 is never committed, so the client retries it
    client, session, _ = make([err(429, 10100, headers={"Retry-After": "1"}), ok({"id": "n"})])
    assert client.post("/x", {"a": 1}) == {"id": "n"}
    assert len(session.calls) == 2


def test_pagination_follows_to_the_last_page():
    pages = [ok([1, 2], {"page": 1, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3}),
             ok([3, 4], {"page": 2, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3}),
             ok([5], {"page": 3, "per_page": 2, "count": 1, "total_count": 5, "total_pages": 3})]
    client, session, _ = make(pages)
    assert client.list("/zones", params={"name": "a"}, paged=True, per_page=2) == [1, 2, 3, 4, 5]
    assert [c["params"]["page"] for c in session.calls] == [1, 2, 3]
    assert all(c["params"]["name"] == "a" for c in session.calls)


def test_pagination_by_total_count_without_total_pages():
    pages = [ok([1, 2], {"page": 1, "per_page": 2, "count": 2, "total_count": 3}),
             ok([3], {"page": 2, "per_page": 2, "count": 1, "total_count": 3})]
    client, session, _ = make(pages)
    assert client.list("/x", paged=True, per_page=2) == [1, 2, 3]
    assert len(session.calls) == 2


def test_unpaged_list_is_one_request_without_page_params():
    client, session, _ = make([ok([1, 2, 3], {"page": 1, "per_page": 3, "count": 3, "total_count": 3})])
    assert client.list("/monitors") == [1, 2, 3]
    assert session.calls[0]["params"] is None


def test_non_json_error_response():
    class Bad(FakeResponse):
        def json(self):
            raise ValueError("no json")
    client, _, _ = make([Bad(502, None)] * 1, retries=0)
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/x")
    assert info.value.status == 502


def test_short_page_ends_paging_even_if_total_count_is_larger():
    # total_count may count results without the search filter; a short page is the last one
    client, session, _ = make([ok([1], {"page": 1, "per_page": 50, "count": 1, "total_count": 400})])
    assert client.list("/zones", params={"name": "a"}, paged=True, per_page=50) == [1]
    assert len(session.calls) == 1


def test_server_ignoring_the_page_parameter_does_not_loop():
    page = ok([1, 2], {"page": 1, "per_page": 2, "count": 2, "total_count": 10})
    client, session, _ = make([page, page, page])
    assert client.list("/x", paged=True, per_page=2) == [1, 2, 1, 2]
    assert len(session.calls) == 2


def test_content_type_only_with_a_body():
    class Recording(FakeSession):
        def request(self, method, url, params=None, data=None, headers=None, timeout=None):
            self.calls.append({"method": method, "headers": headers})
            return self.script.pop(0)
    session = Recording([ok([]), ok({"id": "a"}), ok({"id": "a"})])
    client = CloudflareClient(api_token="t", base_url="http://127.0.0.1:1/client/v4", session=session)
    client.get("/x")
    client.post("/x", {"a": 1})
    client.delete("/x/a")
    assert "Content-Type" not in session.headers
    assert [c["headers"] for c in session.calls] == [None, {"Content-Type": "application/json"}, None]


def test_not_found_covers_404_and_no_route():
    assert CloudflareAPIError("x", status=404, errors=[{"code": 1001}]).not_found
    assert CloudflareAPIError("x", status=400, errors=[{"code": 7003, "message": "No route"}]).not_found
    assert not CloudflareAPIError("x", status=400, errors=[{"code": 1002}]).not_found
