# -*- coding: utf-8 -*-
"""Client logic against a fake transport (a stand-in for requests.Session)."""

from __future__ import annotations


import pytest
from requests import exceptions as rexc

from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_transport import FakeResponse, FakeSession, RawResponse
from ansible_collections.edgeops.cloudflare.plugins.module_utils import _client
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import (
    CloudflareAPIError, CloudflareClient, CloudflareUncertainWriteError, backoff_delay)


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
    client, session, unused = make([ok({})])
    assert session.headers["Authorization"] == "Bearer tok-secret"
    assert "X-Auth-Key" not in session.headers
    assert session.headers["User-Agent"].startswith("edgeops.cloudflare/%s " % _client.COLLECTION_VERSION)


def test_email_key_auth_headers():
    session = make([], api_token=None, api_email="a@example.com", api_key="k")[1]
    assert session.headers["X-Auth-Email"] == "a@example.com"
    assert session.headers["X-Auth-Key"] == "k"
    assert "Authorization" not in session.headers


@pytest.mark.parametrize("kwargs", [dict(api_token="t", api_key="k"), dict(api_token=None),
                                    dict(api_token=None, api_email="a@example.com")])
def test_credentials_must_be_exactly_one_form(kwargs):
    with pytest.raises(ValueError):
        CloudflareClient(session=FakeSession([]), **kwargs)


def test_envelope_unwrapped_and_error_carries_codes():
    client = make([ok({"id": "a"}), err(400, 1002, "bad: validation failed")])[0]
    assert client.get("/x") == {"id": "a"}
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/y")
    assert info.value.status == 400
    assert info.value.codes == [1002]
    assert "[1002] bad: validation failed" in str(info.value)
    assert "tok-secret" not in str(info.value)


def test_retry_after_is_honoured_however_long():
    client, session, sleeps = make([err(429, 10100, headers={"Retry-After": "300"}), ok({})])
    assert client.get("/x") == {}
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
    client, session, unused = make([err(503, 0)])
    with pytest.raises(CloudflareUncertainWriteError):
        client.post("/x", {"a": 1})
    assert len(session.calls) == 1
    client, session, unused = make([rexc.ConnectionError("RemoteDisconnected")])
    with pytest.raises(CloudflareUncertainWriteError):
        client.post("/x", {"a": 1})
    # a 429 is never committed, so the client retries it
    client, session, unused = make([err(429, 10100, headers={"Retry-After": "1"}), ok({"id": "n"})])
    assert client.post("/x", {"a": 1}) == {"id": "n"}
    assert len(session.calls) == 2


def test_pagination_follows_to_the_last_page():
    pages = [ok([1, 2], {"page": 1, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3}),
             ok([3, 4], {"page": 2, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3}),
             ok([5], {"page": 3, "per_page": 2, "count": 1, "total_count": 5, "total_pages": 3})]
    client, session, unused = make(pages)
    assert client.list("/zones", params={"name": "a"}, paged=True, per_page=2) == [1, 2, 3, 4, 5]
    assert [c["params"]["page"] for c in session.calls] == [1, 2, 3]
    assert all(c["params"]["name"] == "a" for c in session.calls)


def test_pagination_by_total_count_without_total_pages():
    pages = [ok([1, 2], {"page": 1, "per_page": 2, "count": 2, "total_count": 3}),
             ok([3], {"page": 2, "per_page": 2, "count": 1, "total_count": 3})]
    client, session, unused = make(pages)
    assert client.list("/x", paged=True, per_page=2) == [1, 2, 3]
    assert len(session.calls) == 2


def test_unpaged_list_is_one_request_without_page_params():
    client, session, unused = make([ok([1, 2, 3], {"page": 1, "per_page": 3, "count": 3, "total_count": 3})])
    assert client.list("/monitors") == [1, 2, 3]
    assert session.calls[0]["params"] is None


def test_non_json_error_response():
    class Bad(FakeResponse):
        def json(self):
            raise ValueError("no json")
    client = make([Bad(502, None)] * 1, retries=0)[0]
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/x")
    assert info.value.status == 502


def test_short_page_ends_paging_even_if_total_count_is_larger():
    # total_count may count results without the search filter; a short page is the last one
    client, session, unused = make([ok([1], {"page": 1, "per_page": 50, "count": 1, "total_count": 400})])
    assert client.list("/zones", params={"name": "a"}, paged=True, per_page=50) == [1]
    assert len(session.calls) == 1


def test_server_ignoring_the_page_parameter_does_not_loop():
    page = ok([1, 2], {"page": 1, "per_page": 2, "count": 2, "total_count": 10})
    client, session, unused = make([page, page, page])
    assert client.list("/x", paged=True, per_page=2) == [1, 2, 1, 2]
    assert len(session.calls) == 2


def test_content_type_only_with_a_body():
    class Recording(FakeSession):
        def request(self, method, url, params=None, data=None, headers=None, timeout=None):
            self.calls.append({"method": method, "headers": headers})
            return self.script.pop(0)
    session = Recording([ok({}), ok({"id": "a"}), ok({"id": "a"})])
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


# -- create(): a lost answer never makes a duplicate ------------------------------------------------
class Finder(object):
    """find_existing() for create(): answers from a script (None: not there) and counts the calls."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.answers.pop(0)


def exp_bounds(attempt):
    """The lowest and highest backoff_delay(attempt) without Retry-After."""
    exp = min(_client.BACKOFF_CAP, _client.BACKOFF_BASE * (2 ** attempt))
    return exp * 0.5, exp


def test_create_posts_once_and_never_looks_when_the_answer_arrives():
    client, session, sleeps = make([ok({"id": "new"})])
    finder = Finder()
    assert client.create("/x", {"name": "a"}, finder) == {"id": "new"}
    assert [c["method"] for c in session.calls] == ["POST"]
    assert session.calls[0]["body"] == {"name": "a"}
    assert finder.calls == 0 and sleeps == []


@pytest.mark.parametrize("lost", [err(500, 0), err(502, 0), err(503, 0), err(524, 0),
                                  rexc.ConnectionError("RemoteDisconnected"), rexc.ReadTimeout("read timed out")],
                         ids=["500", "502", "503", "524", "dropped", "read-timeout"])
def test_create_after_a_lost_answer_returns_the_object_that_was_made(lost):
    client, session, sleeps = make([lost])
    finder = Finder({"id": "made-after-all", "name": "a"})
    assert client.create("/x", {"name": "a"}, finder) == {"id": "made-after-all", "name": "a"}
    assert len(session.calls) == 1  # not posted again
    assert finder.calls == 1 and sleeps == []


def test_create_not_made_is_posted_again_after_a_backoff():
    client, session, sleeps = make([err(503, 0), rexc.ConnectionError("reset"), ok({"id": "new"})], retries=3)
    finder = Finder(None, None)
    assert client.create("/x", {"name": "a"}, finder) == {"id": "new"}
    assert [c["method"] for c in session.calls] == ["POST"] * 3
    assert all(c["body"] == {"name": "a"} for c in session.calls)
    assert finder.calls == 2
    assert len(sleeps) == 2
    for attempt, seconds in enumerate(sleeps):
        low, high = exp_bounds(attempt)
        assert low <= seconds <= high


@pytest.mark.parametrize("retries", [0, 1, 3])
def test_create_gives_up_after_the_retries(retries):
    client, session, sleeps = make([err(503, 0)] * (retries + 1), retries=retries)
    finder = Finder(*[None] * (retries + 1))
    with pytest.raises(CloudflareUncertainWriteError) as info:
        client.create("/x", {"name": "a"}, finder)
    assert info.value.status == 503 and info.value.method == "POST" and info.value.path == "/x"
    assert len(session.calls) == retries + 1
    assert finder.calls == retries + 1  # looked for it after every attempt, the last one too
    assert len(sleeps) == retries
    assert all(exp_bounds(n)[0] <= s <= exp_bounds(n)[1] for n, s in enumerate(sleeps))


def test_create_found_on_a_later_attempt():
    client, session, sleeps = make([err(502, 0), err(502, 0)], retries=5)
    finder = Finder(None, {"id": "found"})
    assert client.create("/x", {}, finder) == {"id": "found"}
    assert len(session.calls) == 2 and finder.calls == 2 and len(sleeps) == 1


@pytest.mark.parametrize("answer", [err(400, 1002), err(409, 1001), err(403, 9109)])
def test_create_refused_raises_without_looking(answer):
    client, session, sleeps = make([answer])
    finder = Finder()
    with pytest.raises(CloudflareAPIError) as info:
        client.create("/x", {}, finder)
    assert not isinstance(info.value, CloudflareUncertainWriteError)
    assert finder.calls == 0 and len(session.calls) == 1 and sleeps == []


def test_create_refused_connection_is_retried_as_nothing_was_sent():
    refused = rexc.ConnectionError("HTTPConnectionPool: NewConnectionError: [Errno 111] Connection refused")
    client, session, sleeps = make([refused, rexc.ConnectTimeout("connect timeout"), ok({"id": "new"})])
    finder = Finder()
    assert client.create("/x", {}, finder) == {"id": "new"}
    assert finder.calls == 0 and len(session.calls) == 3 and len(sleeps) == 2


def test_create_lookup_failure_propagates():
    client = make([err(503, 0)])[0]

    def find_existing():
        raise CloudflareAPIError("GET failed", status=403)

    with pytest.raises(CloudflareAPIError) as info:
        client.create("/x", {}, find_existing)
    assert info.value.status == 403


# -- the rest of the client ------------------------------------------------------------------
def test_requires_requests_unless_given_a_session(monkeypatch):
    monkeypatch.setattr(_client, "HAS_REQUESTS", False)
    with pytest.raises(RuntimeError, match="requests"):
        CloudflareClient(api_token="t")
    CloudflareClient(api_token="t", session=FakeSession([]))


def test_throttle_is_asked_before_every_request():
    budget = []
    client, session, unused = make([err(429, 10100, headers={"Retry-After": "1"}), ok({}), ok({})],
                                   throttle=lambda: budget.append(len(budget)))
    client.get("/a")
    client.put("/b", {"x": 1})
    assert len(budget) == 3 == len(session.calls)


@pytest.mark.parametrize("method, call", [("PUT", "put"), ("PATCH", "patch"), ("POST", "post")])
def test_writes_send_the_body_and_return_the_result(method, call):
    client, session, unused = make([ok({"id": "a"})])
    assert getattr(client, call)("/x", {"b": [1, 2]}) == {"id": "a"}
    assert session.calls[0]["method"] == method and session.calls[0]["body"] == {"b": [1, 2]}
    assert session.calls[0]["url"] == "http://127.0.0.1:1/client/v4/x"


def test_delete_is_retried_like_any_idempotent_call():
    client, session, sleeps = make([err(503, 0), ok({"id": "a"})])
    assert client.delete("/x/a") == {"id": "a"}
    assert len(session.calls) == 2 and len(sleeps) == 1


def test_unreachable_api_after_the_retries():
    client, session, sleeps = make([rexc.ConnectionError("reset")] * 3, retries=2)
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/x")
    assert str(info.value) == \
        "GET /x: no answer from http://127.0.0.1:1/client/v4 after 3 attempts (ConnectionError: reset)"
    assert info.value.method == "GET" and info.value.status is None
    assert len(session.calls) == 3 and len(sleeps) == 2


def test_success_false_in_a_200_is_an_error():
    body = {"success": False, "errors": [{"code": 1000, "message": "odd"}], "messages": [], "result": None}
    client = make([FakeResponse(200, body)])[0]
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/x")
    assert info.value.codes == [1000]


def test_error_without_cloudflare_errors_uses_the_reason():
    client = make([FakeResponse(418, {"success": False, "errors": [], "result": None})])[0]
    with pytest.raises(CloudflareAPIError) as info:
        client.get("/x")
    assert info.value.errors == [{"code": 0, "message": "reason"}]


@pytest.mark.parametrize("value, expected", [
    (None, None), ("5", 5.0), (" 2.5 ", 2.5), ("0", 0.0), ("-3", 0.0), ("Wed, 21 Oct 2026 07:28:00 GMT", 1.0)])
def test_retry_after_parsing(value, expected):
    assert _client._parse_retry_after(value) == expected  # pylint: disable=protected-access


@pytest.mark.parametrize("kwargs, text", [
    (dict(status=400, errors=[{"code": 1002, "message": "bad"}, "plain text"]),
     "HTTP 400, Cloudflare errors: [1002] bad; plain text"),
    (dict(status=500, errors=[{"message": "no code"}]), "HTTP 500, Cloudflare errors: [?] no code"),
    (dict(status=502), "HTTP 502, boom"),
    (dict(), "boom"),
])
def test_describe(kwargs, text):
    assert CloudflareAPIError("boom", **kwargs).describe() == text
    assert str(CloudflareAPIError("boom", **kwargs)) == text


def test_error_codes_details_and_extras():
    error = CloudflareAPIError("x", status=400, errors=[{"code": 1002}, {"message": "no code"}, "text", {"code": 7003}],
                               messages=[{"message": "m"}], method="GET", path="/p")
    assert error.codes == [1002, 7003]
    assert error.has_code(7003, 9999) and not error.has_code(1001)
    assert error.to_dict() == {"status": 400, "errors": error.errors, "messages": [{"message": "m"}],
                               "method": "GET", "path": "/p"}
    assert error.extras == {"http_status": 400, "cloudflare_errors": error.errors,
                            "cloudflare_messages": [{"message": "m"}], "request": "GET /p"}
    assert CloudflareAPIError("x").extras["request"] is None


def test_list_refuses_a_result_that_is_not_a_list():
    client = make([ok({"id": "a"})])[0]
    with pytest.raises(CloudflareAPIError, match="GET /x answered an object where the API sends a list"):
        client.list("/x")


@pytest.mark.parametrize("pages, calls", [
    # full pages up to total_pages: stops on the last page without asking for an empty one
    ([ok([1, 2], {"page": 1, "per_page": 2, "total_pages": 2}),
      ok([3, 4], {"page": 2, "per_page": 2, "total_pages": 2})], 2),
    # full pages up to total_count (no total_pages)
    ([ok([1, 2], {"page": 1, "per_page": 2, "total_count": 4}),
      ok([3, 4], {"page": 2, "per_page": 2, "total_count": 4})], 2),
    # no result_info: one page
    ([ok([1, 2, 3, 4])], 1),
    # an empty page ends the list
    ([ok([1, 2], {"page": 1, "per_page": 2}), ok([3, 4], {"page": 2, "per_page": 2}), ok([], {"page": 3})], 3),
])
def test_pagination_stops_on_the_last_page(pages, calls):
    client, session, unused = make(pages)
    items = client.list("/x", paged=True, per_page=2)
    assert items == [1, 2, 3, 4] and len(session.calls) == calls


def test_pagination_has_a_limit(monkeypatch):
    monkeypatch.setattr(_client, "MAX_PAGES", 3)
    pages = [ok([n], {"page": n, "per_page": 1}) for n in (1, 2, 3)]
    client, session, unused = make(pages)
    with pytest.raises(CloudflareAPIError, match="still had more results after 3 pages"):
        client.list("/x", paged=True)
    assert len(session.calls) == 3


# -- answers that are not the API's envelope -----------------------------------------------------
CUT_SHORT = '{"success": true, "result": ['
HTML_PAGE = "<html><body><h1>Welcome to our proxy</h1></body></html>"


@pytest.mark.parametrize("answer, says", [
    (RawResponse(200, CUT_SHORT), "not JSON"),
    (RawResponse(200, HTML_PAGE), "not JSON"),
    (FakeResponse(200, [{"id": "a"}]), r"JSON \(an array\)"),
    (FakeResponse(200, "just a string"), r"JSON \(a string\)"),
    (FakeResponse(200, {"success": True, "errors": []}), "without 'result'"),
    (FakeResponse(200, {"result": []}), "without 'success'"),
])
def test_a_list_answered_with_something_else_is_an_error_after_the_retries(answer, says):
    client, session, sleeps = make([answer] * 3, retries=2)
    with pytest.raises(CloudflareAPIError, match=says) as caught:
        client.list("/accounts/x/load_balancers/monitors")
    assert len(session.calls) == 3 and len(sleeps) == 2
    assert caught.value.method == "GET" and caught.value.path == "/accounts/x/load_balancers/monitors"
    assert "tok-secret" not in str(caught.value)


def test_a_body_cut_short_once_is_asked_again():
    client, session, unused = make([RawResponse(200, CUT_SHORT), ok([{"id": "a"}])])
    assert client.list("/x") == [{"id": "a"}]
    assert len(session.calls) == 2


def test_a_list_whose_result_is_null_is_an_error():
    client = make([ok(None)])[0]
    with pytest.raises(CloudflareAPIError, match="GET /x answered null where the API sends a list"):
        client.list("/x")


def test_a_post_answered_with_a_page_is_an_uncertain_write():
    client, session, unused = make([RawResponse(200, HTML_PAGE)])
    with pytest.raises(CloudflareUncertainWriteError, match="not JSON"):
        client.post("/x", {"name": "a"})
    assert len(session.calls) == 1


def test_a_create_answered_with_a_page_looks_for_the_object_before_posting_again():
    client, session, unused = make([RawResponse(200, HTML_PAGE)])
    found = client.create("/x", {"name": "a"}, find_existing=lambda: {"id": "made"})
    assert found == {"id": "made"} and len(session.calls) == 1


def test_a_502_page_names_the_status_and_what_came():
    client = make([RawResponse(502, "<html>Bad gateway</html>")] * 2, retries=1)[0]
    with pytest.raises(CloudflareAPIError) as caught:
        client.get("/x")
    text = str(caught.value)
    assert "HTTP 502" in text and "not JSON" in text and "Bad gateway" in text


@pytest.mark.parametrize("method, answer, error", [
    ("GET", [], "CloudflareAPIError"),
    ("GET", "text", "CloudflareAPIError"),
    ("PATCH", None, "CloudflareAPIError"),
    ("PUT", 3, "CloudflareAPIError"),
    ("POST", [{"id": "a"}], "CloudflareUncertainWriteError"),  # made or not: a create looks before posting again
])
def test_a_call_for_one_object_answered_with_something_else_is_an_error_naming_the_call(method, answer, error):
    client, session, unused = make([ok(answer)])
    call = {"GET": lambda: client.get("/x"), "PATCH": lambda: client.patch("/x", {"a": 1}),
            "PUT": lambda: client.put("/x", {"a": 1}), "POST": lambda: client.post("/x", {"a": 1})}[method]
    with pytest.raises(CloudflareAPIError) as info:
        call()
    assert type(info.value).__name__ == error
    assert str(info.value).startswith("%s /x answered " % method)
    assert "where the API sends an object" in str(info.value)
