# -*- coding: utf-8 -*-
"""The notifications event source's logic without a server: payloads, options, the secret's comparison.

The source driven through main() over HTTP and HTTPS is in tests/integration/test_eda_sources.py.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source import notifications

ALERT = {
    "name": "LB health", "text": "Origin web-2 of pool web-pool is Unhealthy", "ts": 1767225600,
    "data": {"pool_name": "web-pool", "origin_name": "web-2", "new_health": "Unhealthy"},
    "policy_id": "6ec3f47f-5c04-4fbd-b6f5-7bcf1fc8e8f5", "alert_type": "load_balancing_health_alert",
    "account_id": "01a7362d577a6c3019a474fd6f485823", "alert_event": "ALERT_STATE_EVENT_START",
}


def body(payload):
    return json.dumps(payload).encode("utf-8")


def test_a_notification_becomes_one_event_with_its_fields():
    assert notifications.notification_event(body(ALERT)) == {"cloudflare": {
        "type": "notification", "alert_type": "load_balancing_health_alert", "name": "LB health",
        "text": ALERT["text"], "data": ALERT["data"], "ts": 1767225600, "policy_id": ALERT["policy_id"]}}


def test_nesting_up_to_64_levels_is_accepted():
    data = b'{"a":' * 63 + b"1" + b"}" * 63
    event = notifications.notification_event(b'{"text": "x", "data": ' + data + b"}")
    assert event["cloudflare"]["data"]["a"]["a"]["a"] is not None


def test_cloudflares_test_message_is_accepted_with_what_it_has():
    event = notifications.notification_event(body({"text": "Hello World! This is a test message"}))
    assert event == {"cloudflare": {"type": "notification", "alert_type": None, "name": None,
                                    "text": "Hello World! This is a test message", "data": {}, "ts": None,
                                    "policy_id": None}}


@pytest.mark.parametrize("raw, words", [
    (b"", "not JSON"),
    (b"{oops", "not JSON"),
    (b"\xff\xfe\x00", "not JSON"),
    (b'"text"', "not a JSON object"),
    (b"[]", "not a JSON object"),
    (body({"name": "x"}), "no 'text'"),
    (body(dict(ALERT, text=5)), "'text' is not a str"),
    (body(dict(ALERT, data=[1])), "'data' is not a dict"),
    (body(dict(ALERT, ts="yesterday")), "'ts' is not a int"),
    (body(dict(ALERT, ts=True)), "'ts' is not a int"),
    (body(dict(ALERT, alert_type=["a"])), "'alert_type' is not a str"),
    (body(dict(ALERT, text=None)), "no 'text'"),
    (b'{"text": "x", "ts": NaN}', "NaN, which is not JSON"),
    (b'{"text": "x", "ts": Infinity}', "Infinity, which is not JSON"),
    (b'{"text": "x", "data": {"v": -Infinity}}', "-Infinity, which is not JSON"),
    pytest.param(b'{"text": "x", "data": ' + b"[" * 100000 + b"]" * 100000 + b"}", "nested more than 64 levels",
                 id="nested-beyond-the-recursion-limit"),
    pytest.param(b'{"text": "x", "data": ' + b'{"a":' * 64 + b"1" + b"}" * 64 + b"}", "nested more than 64 levels",
                 id="nested-65-levels"),
])
def test_what_is_not_a_notifications_payload(raw, words):
    with pytest.raises(notifications.PayloadError, match=words):
        notifications.notification_event(raw)


def test_the_secret_comes_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.delenv(notifications.AUTH_VARIABLE, raising=False)
    with pytest.raises(notifications.SettingsError, match="secret is required"):
        notifications._secret({})
    with pytest.raises(notifications.SettingsError, match="secret is required"):
        notifications._secret({"secret": "   "})
    monkeypatch.setenv(notifications.AUTH_VARIABLE, "from-env")
    assert notifications._secret({}) == b"from-env"
    assert notifications._secret({"secret": "given"}) == b"given"


class FakeRequest(object):
    def __init__(self, headers):
        self.headers = headers


def test_the_header_is_compared_in_constant_time(monkeypatch):
    calls = []
    real = notifications.hmac.compare_digest

    def spy(given, expected):
        calls.append((given, expected))
        return real(given, expected)

    monkeypatch.setattr(notifications.hmac, "compare_digest", spy)
    receiver = notifications.Receiver(None, b"right")
    assert receiver.authentic(FakeRequest({"cf-webhook-auth": "right"}))
    assert not receiver.authentic(FakeRequest({"cf-webhook-auth": "wrong"}))
    assert not receiver.authentic(FakeRequest({}))
    assert not receiver.authentic(FakeRequest({"cf-webhook-auth": "r\u00e9ght"}))
    assert calls == [(b"right", b"right"), (b"wrong", b"right"), (b"", b"right"), ("r\u00e9ght".encode(), b"right")]


@pytest.mark.parametrize("value, expected", [(None, 5000), ("", 5000), (0, 0), ("8443", 8443), (65535, 65535)])
def test_port(value, expected):
    assert notifications._port(value) == expected


@pytest.mark.parametrize("value", [-1, 65536, "http", True, 1.5])
def test_bad_port(value):
    with pytest.raises(notifications.SettingsError, match="port must be a TCP port number"):
        notifications._port(value)


def test_tls_needs_both_files_that_load(tmp_path):
    assert notifications.tls_context(None, None) is None
    with pytest.raises(notifications.SettingsError, match="go together"):
        notifications.tls_context(str(tmp_path / "c.pem"), None)
    with pytest.raises(notifications.SettingsError, match="cannot load certfile"):
        notifications.tls_context(str(tmp_path / "c.pem"), str(tmp_path / "k.pem"))


def test_max_body():
    assert notifications._max_body(None) == 1024 * 1024
    assert notifications._max_body("2048") == 2048
    for bad in (0, "big", True):
        with pytest.raises(notifications.SettingsError, match="max_body"):
            notifications._max_body(bad)


# -- both sources' documentation ----------------------------------------------------------------------------
SOURCES = {
    "notifications": ["host", "port", "secret", "certfile", "keyfile", "max_body"],
    "pool_health": ["pools", "interval", "emit_initial", "api_token", "api_email", "api_key", "account_id",
                    "base_url", "validate_certs", "api_timeout", "api_retries", "api_rate_limit"],
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_documentation_and_examples_are_yaml_naming_every_option(name):
    import importlib

    import yaml

    module = importlib.import_module(
        "ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source." + name)
    doc = yaml.safe_load(module.DOCUMENTATION)
    assert sorted(doc) == ["description", "options", "short_description"]
    assert list(doc["options"]) == SOURCES[name]
    for option, spec in doc["options"].items():
        assert spec["type"] in ("str", "int", "bool", "list") and spec["description"], option
    examples = yaml.safe_load(module.EXAMPLES)
    assert "edgeops.cloudflare.%s" % name in examples[0]["sources"][0]
