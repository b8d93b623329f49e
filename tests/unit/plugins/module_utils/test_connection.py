# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection (_connection): options and environment fallbacks, credential checks, client, zone and account."""

from __future__ import annotations


import pytest
from ansible.module_utils.basic import env_fallback
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_transport import FakeResponse, FakeSession
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import (
    DEFAULT_BASE_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    CloudflareAPIError,
    CloudflareClient,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._connection import (
    ENV_FALLBACKS,
    SCOPES,
    SECRET_OPTIONS,
    Connection,
    check_connection_params,
    connection_argument_spec,
    normalise_connection_params,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import RequestBudget

ACCOUNT_ID = "0123456789abcdef0123456789abcdef"
ZONE_ID = "fedcba9876543210fedcba9876543210"
OTHER_ZONE_ID = "00000000000000000000000000000001"
TOKEN = "s3cr3t-token"
KEY = "s3cr3t-key"
ENV_NAMES = [env for unused, env in ENV_FALLBACKS] + ["CLOUDFLARE_API_RATE_LIMIT", "CLOUDFLARE_API_RATE_WINDOW"]

CONNECTION_OPTIONS = {"api_token", "api_email", "api_key", "base_url", "validate_certs", "api_timeout", "api_retries",
                      "api_rate_limit"}
SCOPE_OPTIONS = {None: set(), "account": {"account_id"}, "zone": {"zone", "zone_id", "account_id"}}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No Cloudflare variable of the machine running the tests leaks into them."""
    for name in ENV_NAMES + ["CLOUDFLARE_API_RATE_DIR"]:
        monkeypatch.delenv(name, raising=False)


# -- connection_argument_spec ------------------------------------------------------------------
@pytest.mark.parametrize("scope", SCOPES)
def test_argument_spec_options_per_scope(scope):
    spec = connection_argument_spec(scope)
    assert set(spec) == CONNECTION_OPTIONS | SCOPE_OPTIONS[scope]
    assert all(spec[name]["type"] == "str" for name in SCOPE_OPTIONS[scope])


@pytest.mark.parametrize("scope", SCOPES)
def test_argument_spec_env_fallbacks_come_from_env_fallbacks(scope):
    spec = connection_argument_spec(scope)
    expected = dict((option, env) for option, env in ENV_FALLBACKS if option in spec)
    assert set(expected) >= {"api_token", "api_email", "api_key", "base_url"}
    assert ("account_id" in expected) == (scope is not None)
    for option, settings in spec.items():
        if option in expected:
            assert settings["fallback"] == (env_fallback, [expected[option]]), option
        else:
            assert "fallback" not in settings, option


@pytest.mark.parametrize("scope", SCOPES)
def test_argument_spec_hides_the_secrets_only(scope):
    spec = connection_argument_spec(scope)
    assert set(SECRET_OPTIONS) == {"api_token", "api_key"}
    assert {name for name, settings in spec.items() if settings.get("no_log")} == set(SECRET_OPTIONS)


def test_argument_spec_defaults():
    spec = connection_argument_spec()
    assert spec["validate_certs"] == {"type": "bool", "default": True}
    assert spec["api_timeout"] == {"type": "int", "default": DEFAULT_TIMEOUT}
    assert spec["api_retries"] == {"type": "int", "default": DEFAULT_RETRIES}
    assert spec["api_rate_limit"] == {"type": "int"}  # its environment variable is read by _throttle


def test_argument_spec_is_a_fresh_copy_each_time():
    spec = connection_argument_spec("zone")
    spec["api_token"]["no_log"] = False
    spec["zone"]["required"] = True
    again = connection_argument_spec("zone")
    assert again["api_token"]["no_log"] is True and "required" not in again["zone"]


@pytest.mark.parametrize("scope", ["zones", "", "ACCOUNT", 1])
def test_argument_spec_refuses_unknown_scopes(scope):
    with pytest.raises(ValueError, match="unknown scope"):
        connection_argument_spec(scope)


def test_argument_spec_fallbacks_work_in_ansibles_validator(monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "env-token")
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", ACCOUNT_ID)
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", "http://127.0.0.1:8080/client/v4")
    result = ArgumentSpecValidator(connection_argument_spec("account")).validate({"api_key": "given-key"})
    assert result.error_messages == []
    params = result.validated_parameters
    assert params["api_token"] == "env-token"
    assert params["account_id"] == ACCOUNT_ID
    assert params["base_url"] == "http://127.0.0.1:8080/client/v4"
    assert params["api_email"] is None
    assert {"env-token", "given-key"} <= result._no_log_values  # pylint: disable=protected-access


# -- normalise_connection_params --------------------------------------------------------------
@pytest.mark.parametrize("given, environ, expected", [
    # empty option, environment value: the environment's, trimmed
    ({"api_token": ""}, {"CLOUDFLARE_API_TOKEN": " env-token\n"}, {"api_token": "env-token"}),
    ({"api_token": "   "}, {"CLOUDFLARE_API_TOKEN": "env-token"}, {"api_token": "env-token"}),
    ({"api_token": None}, {"CLOUDFLARE_API_TOKEN": "env-token"}, {"api_token": "env-token"}),
    # a set option wins over the environment, trimmed
    ({"api_token": " given "}, {"CLOUDFLARE_API_TOKEN": "env-token"}, {"api_token": "given"}),
    # empty option and empty environment: unset
    ({"api_token": ""}, {"CLOUDFLARE_API_TOKEN": "  "}, {"api_token": None}),
    ({"api_token": ""}, {}, {"api_token": None}),
    ({"api_email": "", "api_key": ""}, {"CLOUDFLARE_EMAIL": "a@example.com", "CLOUDFLARE_API_KEY": "k "},
     {"api_email": "a@example.com", "api_key": "k"}),
    ({"base_url": " http://127.0.0.1:1/client/v4 "}, {}, {"base_url": "http://127.0.0.1:1/client/v4"}),
    ({"account_id": ""}, {"CLOUDFLARE_ACCOUNT_ID": " %s " % ACCOUNT_ID}, {"account_id": ACCOUNT_ID}),
    # options the module does not have are not added
    ({}, {"CLOUDFLARE_API_TOKEN": "env-token", "CLOUDFLARE_ACCOUNT_ID": ACCOUNT_ID}, {}),
    # zone and zone_id: blank is unset, other values are kept as given
    ({"zone": "  ", "zone_id": ""}, {}, {"zone": None, "zone_id": None}),
    ({"zone": "example.com", "zone_id": None}, {}, {"zone": "example.com", "zone_id": None}),
    # options without an environment variable are left alone
    ({"api_timeout": 10, "validate_certs": False}, {"CLOUDFLARE_API_TOKEN": "t"},
     {"api_timeout": 10, "validate_certs": False}),
])
def test_normalise_connection_params(given, environ, expected):
    params = dict(given)
    normalise_connection_params(params, environ=environ)
    assert params == expected


@pytest.mark.parametrize("given, environ, secrets", [
    ({"api_token": " tok ", "api_email": None, "api_key": None}, {}, ["tok"]),
    ({"api_token": "", "api_key": ""}, {"CLOUDFLARE_API_TOKEN": "env-tok", "CLOUDFLARE_API_KEY": "env-key"},
     ["env-tok", "env-key"]),
    ({"api_token": "", "api_email": "a@example.com", "base_url": "x", "account_id": ACCOUNT_ID}, {}, []),
    ({"api_email": "", "api_key": "k"}, {"CLOUDFLARE_EMAIL": "a@example.com"}, ["k"]),
    ({}, {"CLOUDFLARE_API_TOKEN": "env-tok"}, []),
])
def test_normalise_returns_the_secrets_to_mask(given, environ, secrets):
    assert normalise_connection_params(dict(given), environ=environ) == secrets


def test_normalise_reads_the_process_environment_by_default(monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "from-os")
    params = {"api_token": ""}
    assert normalise_connection_params(params) == ["from-os"]
    assert params == {"api_token": "from-os"}


# -- check_connection_params ------------------------------------------------------------------
def conn_params(**changes):
    params = {"api_token": TOKEN, "api_email": None, "api_key": None, "base_url": None, "validate_certs": True,
              "api_timeout": DEFAULT_TIMEOUT, "api_retries": DEFAULT_RETRIES, "api_rate_limit": None,
              "account_id": None, "zone": None, "zone_id": None}
    params.update(changes)
    return params


GOOD_PARAMS = [
    ("token", conn_params(), None, {}),
    ("email and key", conn_params(api_token=None, api_email="a@example.com", api_key="k"), None, {}),
    ("shortest timeout", conn_params(api_timeout=1), None, {}),
    ("no retries", conn_params(api_retries=0), None, {}),
    ("most retries", conn_params(api_retries=100), None, {}),
    ("unset numbers", conn_params(api_timeout=None, api_retries=None), None, {}),
    ("pacing off", conn_params(api_rate_limit=0), None, {}),
    ("pacing set", conn_params(api_rate_limit=600), None, {}),
    ("pacing from the environment", conn_params(), None,
     {"CLOUDFLARE_API_RATE_LIMIT": " 600 ", "CLOUDFLARE_API_RATE_WINDOW": "60"}),
    ("blank pacing environment", conn_params(), None, {"CLOUDFLARE_API_RATE_LIMIT": " ", "CLOUDFLARE_API_RATE_WINDOW": ""}),
    ("https base URL", conn_params(base_url="https://api.cloudflare.com/client/v4"), None, {}),
    ("http base URL", conn_params(base_url="http://127.0.0.1:8080/client/v4"), None, {}),
    ("account", conn_params(account_id=ACCOUNT_ID), "account", {}),
    ("zone by name", conn_params(zone="example.com"), "zone", {}),
    ("zone by id", conn_params(zone_id=ZONE_ID), "zone", {}),
    ("zone by id with account", conn_params(zone_id=ZONE_ID, account_id=ACCOUNT_ID), "zone", {}),
    ("no scope needs no account", conn_params(), None, {}),
]


@pytest.mark.parametrize("case, params, scope, environ", GOOD_PARAMS, ids=[c[0] for c in GOOD_PARAMS])
def test_check_connection_params_accepts(case, params, scope, environ):
    assert check_connection_params(params, scope=scope, environ=environ) is None


BAD_PARAMS = [
    # (case, params, scope, environment, texts the message must hold: the option first)
    ("token and email", conn_params(api_email="a@example.com"), None, {}, ["api_token and api_email are set"]),
    ("token and key", conn_params(api_key=KEY), None, {}, ["api_token and api_key are set"]),
    ("token, email and key", conn_params(api_email="a@example.com", api_key=KEY), None, {},
     ["api_token and api_email/api_key are set"]),
    ("email without key", conn_params(api_token=None, api_email="a@example.com"), None, {},
     ["api_email is set but api_key is missing"]),
    ("key without email", conn_params(api_token=None, api_key=KEY), None, {},
     ["api_key is set but api_email is missing"]),
    ("no credentials", conn_params(api_token=None), None, {},
     ["No Cloudflare credentials", "api_token", "CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL"]),
    ("empty token", conn_params(api_token=""), None, {}, ["No Cloudflare credentials"]),
    ("zero timeout", conn_params(api_timeout=0), None, {}, ["api_timeout", "got 0"]),
    ("negative timeout", conn_params(api_timeout=-5), None, {}, ["api_timeout", "got -5"]),
    ("negative retries", conn_params(api_retries=-1), None, {}, ["api_retries", "got -1"]),
    ("too many retries", conn_params(api_retries=101), None, {}, ["api_retries", "got 101"]),
    ("rate limit not a number", conn_params(), None, {"CLOUDFLARE_API_RATE_LIMIT": "lots"},
     ["CLOUDFLARE_API_RATE_LIMIT", "'lots'"]),
    ("rate window not whole", conn_params(), None, {"CLOUDFLARE_API_RATE_WINDOW": "1.5"},
     ["CLOUDFLARE_API_RATE_WINDOW", "'1.5'"]),
    ("negative rate limit in environment", conn_params(), None, {"CLOUDFLARE_API_RATE_LIMIT": "-1"},
     ["CLOUDFLARE_API_RATE_LIMIT"]),
    ("negative rate limit", conn_params(api_rate_limit=-1), None, {}, ["api_rate_limit", "got -1"]),
    ("base URL without scheme", conn_params(base_url="api.cloudflare.com/client/v4"), None, {},
     ["base_url", "'api.cloudflare.com/client/v4'"]),
    ("base URL of another scheme", conn_params(base_url="ftp://example.com"), None, {}, ["base_url"]),
    ("account scope without account", conn_params(), "account", {}, ["account_id is required",
                                                                     "CLOUDFLARE_ACCOUNT_ID"]),
    ("zone scope without zone", conn_params(), "zone", {}, ["one of zone", "zone_id"]),
    ("zone scope with blank zone", conn_params(zone=""), "zone", {}, ["one of zone"]),
    ("account id not an id", conn_params(account_id="my-account"), "account", {}, ["account_id", "'my-account'"]),
    ("upper-case account id", conn_params(account_id=ACCOUNT_ID.upper()), "account", {}, ["account_id"]),
    ("account id checked without scope", conn_params(account_id="x"), None, {}, ["account_id", "'x'"]),
    ("zone id not an id", conn_params(zone_id="example.com"), "zone", {}, ["zone_id", "'example.com'"]),
    ("zone id with a newline", conn_params(zone_id=ZONE_ID + "\n"), "zone", {}, ["zone_id"]),
]


@pytest.mark.parametrize("case, params, scope, environ, texts", BAD_PARAMS, ids=[c[0] for c in BAD_PARAMS])
def test_check_connection_params_refuses_naming_the_option(case, params, scope, environ, texts):
    with pytest.raises(CloudflareError) as info:
        check_connection_params(params, scope=scope, environ=environ)
    message = str(info.value)
    assert not isinstance(info.value, CloudflareAPIError)
    assert [t for t in texts if t not in message] == [], message
    assert TOKEN not in message and KEY not in message  # no secret in a message


def test_check_connection_params_reads_the_process_environment_by_default(monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_API_RATE_LIMIT", "many")
    with pytest.raises(CloudflareError, match="CLOUDFLARE_API_RATE_LIMIT"):
        check_connection_params(conn_params())


# -- Connection: client, call, cache ----------------------------------------------------------
def envelope(result, status=200, errors=None, info=None):
    body = {"success": status < 400, "errors": errors or [], "messages": [], "result": result}
    if info is not None:
        body["result_info"] = info
    return FakeResponse(status, body)


def zones_page(*zones):
    return envelope(list(zones), info={"page": 1, "per_page": 50, "count": len(zones), "total_count": len(zones),
                                       "total_pages": 1})


def zone(name, zone_id=ZONE_ID, account_id=ACCOUNT_ID):
    result = {"id": zone_id, "name": name, "status": "active"}
    if account_id is not None:
        result["account"] = {"id": account_id, "name": "Example account"}
    return result


def real_connection(responses, scope="zone", **params):
    """A Connection whose client is a real CloudflareClient on a fake session (no network, no sleeping)."""
    session = FakeSession(responses)
    client = CloudflareClient(api_token="tok", base_url="http://127.0.0.1:1/client/v4", session=session,
                              retries=0, sleep=lambda seconds: None)
    return Connection(conn_params(**params), scope=scope, client=client), session


def test_client_is_made_once_from_the_options(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_API_RATE_DIR", str(tmp_path))
    conn = Connection(conn_params(base_url="http://127.0.0.1:8080/client/v4/", api_timeout=7, api_retries=0,
                                  validate_certs=False))
    client = conn.client
    assert isinstance(client, CloudflareClient)
    assert conn.client is client
    assert client.base_url == "http://127.0.0.1:8080/client/v4"
    assert client.timeout == 7
    assert client.retries == 0  # 0 is kept, not replaced by the default
    assert client.session.verify is False
    assert client.session.headers["Authorization"] == "Bearer %s" % TOKEN
    assert isinstance(client.throttle, RequestBudget) and client.throttle.path.startswith(str(tmp_path))


def test_client_defaults_and_email_key_credentials():
    conn = Connection(conn_params(api_token=None, api_email="a@example.com", api_key="k", api_timeout=None,
                                  api_retries=None, api_rate_limit=0))
    client = conn.client
    assert client.base_url == DEFAULT_BASE_URL
    assert client.timeout == DEFAULT_TIMEOUT and client.retries == DEFAULT_RETRIES
    assert client.throttle is None  # api_rate_limit 0: no pacing
    assert client.session.headers["X-Auth-Email"] == "a@example.com"


def test_given_client_is_used():
    client = object()
    assert Connection(conn_params(), client=client).client is client


def test_warn_goes_to_the_wrapper_or_nowhere():
    seen = []
    Connection(conn_params(), warn=seen.append).warn("careful")
    assert seen == ["careful"]
    Connection(conn_params()).warn("nobody listens")  # no wrapper: no error


def test_check_mode_is_kept():
    assert Connection(conn_params(), check_mode=True).check_mode is True
    assert Connection(conn_params()).check_mode is False


def test_call_returns_the_result_and_passes_arguments():
    conn = Connection(conn_params(), client=object())
    assert conn.call("read", "pool 'web'", lambda a, b=None: (a, b), 1, b=2) == (1, 2)


@pytest.mark.parametrize("error, status, request_text", [
    (CloudflareAPIError("DELETE failed", status=409, errors=[{"code": 1001, "message": "in use"}],
                        messages=[{"message": "used by lb"}], method="DELETE", path="/accounts/a/pools/p"),
     409, "DELETE /accounts/a/pools/p"),
    (CloudflareAPIError("could not reach the API", method="GET", path="/zones"), None, "GET /zones"),
    (CloudflareAPIError("no request"), None, None),
])
def test_call_wraps_api_errors_into_cloudflare_errors(error, status, request_text):
    def fail():
        raise error

    conn = Connection(conn_params(), client=object())
    with pytest.raises(CloudflareError) as info:
        conn.call("delete", "pool 'web'", fail)
    wrapped = info.value
    assert type(wrapped) is CloudflareError  # pylint: disable=unidiomatic-typecheck
    assert wrapped.msg == "Failed to delete pool 'web': %s" % error.describe()
    assert wrapped.extras["http_status"] == status
    assert wrapped.extras["cloudflare_errors"] == error.errors
    assert wrapped.extras["cloudflare_messages"] == error.messages
    assert wrapped.extras["request"] == request_text


def test_call_wraps_a_real_clients_failure():
    conn, session = real_connection([envelope(None, 403, errors=[{"code": 9109, "message": "Unauthorized"}])])
    with pytest.raises(CloudflareError) as info:
        conn.call("read", "monitor 'x'", conn.client.get, "/accounts/%s/load_balancers/monitors/x" % ACCOUNT_ID)
    assert str(info.value) == "Failed to read monitor 'x': HTTP 403, Cloudflare errors: [9109] Unauthorized"
    assert info.value.extras == {
        "http_status": 403,
        "cloudflare_errors": [{"code": 9109, "message": "Unauthorized"}],
        "cloudflare_messages": [],
        "request": "GET /accounts/%s/load_balancers/monitors/x" % ACCOUNT_ID,
    }
    assert len(session.calls) == 1


@pytest.mark.parametrize("error", [CloudflareError("already a message"), ValueError("a bug"), KeyError("id")])
def test_call_lets_other_errors_through_unchanged(error):
    def fail():
        raise error

    with pytest.raises(type(error)) as info:
        Connection(conn_params(), client=object()).call("read", "x", fail)
    assert info.value is error


def test_cached_loads_once_per_key():
    conn = Connection(conn_params(), client=object())
    loads = []

    def loader(value):
        def load():
            loads.append(value)
            return [value]
        return load

    assert conn.cached("apps", loader("a")) == ["a"]
    assert conn.cached("apps", loader("b")) == ["a"]
    assert conn.cached("lbs", loader("c")) == ["c"]
    assert loads == ["a", "c"]
    assert conn.cache == {"apps": ["a"], "lbs": ["c"]}


def test_cached_none_is_not_loaded_again():
    conn = Connection(conn_params(), client=object())
    loads = []
    assert conn.cached("k", lambda: loads.append(1)) is None
    assert conn.cached("k", lambda: loads.append(2)) is None
    assert loads == [1]


# -- Connection: zone and account -------------------------------------------------------------
class FakeClient(object):
    """Answers list() with fixed zones, or raises; records the calls."""

    def __init__(self, zones=None, error=None):
        self.zones = zones or []
        self.error = error
        self.calls = []

    def list(self, path, params=None, paged=False, per_page=None):
        self.calls.append({"path": path, "params": params, "paged": paged, "per_page": per_page})
        if self.error is not None:
            raise self.error
        return list(self.zones)


def test_zone_id_option_needs_no_api_call():
    client = FakeClient()
    conn = Connection(conn_params(zone_id=ZONE_ID), scope="zone", client=client)
    assert conn.zone_id == ZONE_ID
    assert client.calls == []


@pytest.mark.parametrize("given", ["example.com", "Example.COM", "example.com."])
def test_zone_is_resolved_by_name_once(given):
    client = FakeClient([zone("example.com")])
    conn = Connection(conn_params(zone=given), scope="zone", client=client)
    assert conn.zone_id == ZONE_ID
    assert conn.zone_id == ZONE_ID
    assert client.calls == [{"path": "/zones", "params": {"name": "example.com"}, "paged": True, "per_page": 50}]


def test_zone_name_match_ignores_case_and_other_names():
    # a server whose name filter is loose (a prefix or substring match) returns other zones too
    client = FakeClient([zone("example.com.au", OTHER_ZONE_ID), zone("EXAMPLE.com"), zone("sub.example.com", "1" * 32)])
    assert Connection(conn_params(zone="example.com"), scope="zone", client=client).zone_id == ZONE_ID


@pytest.mark.parametrize("zones", [[], [zone("example.org", OTHER_ZONE_ID)], [{"id": OTHER_ZONE_ID}]])
def test_zone_not_found(zones):
    conn = Connection(conn_params(zone="example.com"), scope="zone", client=FakeClient(zones))
    with pytest.raises(CloudflareError) as info:
        conn.zone_id  # pylint: disable=pointless-statement
    assert "zone 'example.com' was not found" in str(info.value) and "zone_id" in str(info.value)


def test_zone_name_of_two_zones_asks_for_zone_id():
    client = FakeClient([zone("example.com", ZONE_ID), zone("example.com", OTHER_ZONE_ID)])
    conn = Connection(conn_params(zone="example.com"), scope="zone", client=client)
    with pytest.raises(CloudflareError) as info:
        conn.zone_id  # pylint: disable=pointless-statement
    message = str(info.value)
    assert "matches 2 zones" in message and ZONE_ID in message and OTHER_ZONE_ID in message
    assert "pass zone_id" in message


def test_zone_lookup_failure_names_the_zone():
    error = CloudflareAPIError("GET /zones failed", status=403, errors=[{"code": 9109, "message": "Unauthorized"}],
                               method="GET", path="/zones")
    conn = Connection(conn_params(zone="example.com"), scope="zone", client=FakeClient(error=error))
    with pytest.raises(CloudflareError) as info:
        conn.zone_id  # pylint: disable=pointless-statement
    assert str(info.value) == "Failed to list zones zone 'example.com': HTTP 403, Cloudflare errors: [9109] Unauthorized"
    assert info.value.extras["http_status"] == 403 and info.value.extras["request"] == "GET /zones"


def test_zone_is_resolved_through_a_real_client():
    conn, session = real_connection([zones_page(zone("example.com"))], zone="Example.com.")
    assert conn.zone_id == ZONE_ID
    assert conn.account_id == ACCOUNT_ID
    assert [(c["method"], c["url"], c["params"]) for c in session.calls] == [
        ("GET", "http://127.0.0.1:1/client/v4/zones", {"name": "example.com", "page": 1, "per_page": 50})]


@pytest.mark.parametrize("scope, params, expected", [
    ("account", conn_params(account_id=ACCOUNT_ID), ACCOUNT_ID),
    ("zone", conn_params(zone_id=ZONE_ID, account_id=ACCOUNT_ID), ACCOUNT_ID),
    ("zone", conn_params(zone="example.com", account_id=OTHER_ZONE_ID), OTHER_ZONE_ID),  # the option wins
    (None, conn_params(account_id=ACCOUNT_ID), ACCOUNT_ID),
])
def test_account_id_from_the_option_needs_no_api_call(scope, params, expected):
    client = FakeClient([zone("example.com")])
    conn = Connection(params, scope=scope, client=client)
    assert conn.account_known
    assert conn.account_id == expected
    assert client.calls == []


def test_account_id_from_the_zone_named_by_zone():
    client = FakeClient([zone("example.com", account_id=OTHER_ZONE_ID)])
    conn = Connection(conn_params(zone="example.com"), scope="zone", client=client)
    assert conn.account_known  # known without any call
    assert client.calls == []
    assert conn.account_id == OTHER_ZONE_ID
    assert conn.account_id == OTHER_ZONE_ID
    assert conn.zone_id == ZONE_ID
    assert len(client.calls) == 1  # zone and account from one lookup


@pytest.mark.parametrize("scope, params, zones", [
    ("zone", conn_params(zone="example.com"), [zone("example.com", account_id=None)]),  # zone without account
    ("zone", conn_params(zone="example.com"), [dict(zone("example.com"), account={})]),
    ("zone", conn_params(zone_id=ZONE_ID), []),                                         # no name to look up
    ("account", conn_params(), []),
    (None, conn_params(zone="example.com"), [zone("example.com")]),                     # zone only counts in zone scope
])
def test_account_id_missing(scope, params, zones):
    conn = Connection(params, scope=scope, client=FakeClient(zones))
    with pytest.raises(CloudflareError) as info:
        conn.account_id  # pylint: disable=pointless-statement
    assert "account_id is required" in str(info.value) and "CLOUDFLARE_ACCOUNT_ID" in str(info.value)


@pytest.mark.parametrize("scope, params, known", [
    ("zone", conn_params(zone_id=ZONE_ID), False),
    ("account", conn_params(), False),
    (None, conn_params(zone="example.com"), False),
    ("zone", conn_params(zone="example.com"), True),
])
def test_account_known(scope, params, known):
    assert Connection(params, scope=scope, client=FakeClient()).account_known is known


@pytest.mark.parametrize("scope, params, text", [
    ("account", conn_params(account_id=ACCOUNT_ID), "account %s" % ACCOUNT_ID),
    ("zone", conn_params(zone="example.com"), "zone example.com"),
    ("zone", conn_params(zone_id=ZONE_ID), "zone %s" % ZONE_ID),
    ("zone", conn_params(zone="example.com", zone_id=ZONE_ID), "zone example.com"),
    (None, conn_params(), "the API"),
])
def test_scope_text(scope, params, text):
    client = FakeClient()
    assert Connection(params, scope=scope, client=client).scope_text() == text
    assert client.calls == []


def test_pacing_waited_is_the_budget_s_total(tmp_path, monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_API_RATE_DIR", str(tmp_path))
    conn = Connection(conn_params())
    assert conn.pacing_waited() == 0.0  # no client made yet: nothing sent, nothing waited
    conn.client.throttle.waited = 3.5
    assert conn.pacing_waited() == 3.5
    unpaced = Connection(conn_params(api_rate_limit=0))
    assert unpaced.client.throttle is None
    assert unpaced.pacing_waited() == 0.0
