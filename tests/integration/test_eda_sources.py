# -*- coding: utf-8 -*-
"""The Event-Driven Ansible sources, each driven through its ``main(queue, args)`` against the emulator.

pool_health: a two-origin pool polled every second; one origin marked unhealthy, then healthy: exactly
one event each way and nothing else, at most one health request per pool per interval (counted in the
emulator's log); API errors make no event and do not end the source, and are logged without the token;
a deleted pool is reported once. notifications: wrong or missing ``cf-webhook-auth`` is a 401 with no
event, a right one with a load_balancing_health_alert payload is a 200 and one event, a body that is
not a Notifications payload is a 400, over HTTP and HTTPS. The secret is in no event and no log line.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import ssl
import subprocess
import time

import aiohttp
import pytest

from ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source import notifications
from ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source import pool_health
from tools.emulator.store import HEALTH_POPS

pytestmark = pytest.mark.emulator_only("drives the emulator's origin health, faults and log")

DOWN = "192.0.2.20"
UP = "192.0.2.10"
SECRET = "s3cret-Webhook-value"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    """No CLOUDFLARE_* setting from outside; a private pacing budget directory for this test."""
    for name in list(os.environ):
        if name.startswith("CLOUDFLARE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CLOUDFLARE_API_RATE_DIR", str(tmp_path))


@pytest.fixture
def web_pool(emulator):
    monitor = emulator.create("monitors", None, {"description": "web check", "type": "http", "path": "/health"})
    return emulator.create("pools", None, {"name": "web-pool", "monitor": monitor["id"], "origins": [
        {"name": "web-1", "address": UP}, {"name": "web-2", "address": DOWN, "weight": 0.5}]})


def source_args(emulator, **extra):
    args = {"api_token": emulator.token, "account_id": emulator.account_id, "base_url": emulator.base_url,
            "interval": 1}
    args.update(extra)
    return args


class Run(object):
    """One source running as an asyncio task, with the events it put on its queue."""

    def __init__(self, module, args):
        self.queue = asyncio.Queue()
        self.task = asyncio.ensure_future(module.main(self.queue, args))
        self.events = []

    async def wait_for(self, count, timeout):
        """Wait until ``count`` events in all have arrived (or ``timeout`` seconds pass)."""
        deadline = time.monotonic() + timeout
        while len(self.events) < count and time.monotonic() < deadline:
            try:
                self.events.append(await asyncio.wait_for(self.queue.get(), deadline - time.monotonic()))
            except asyncio.TimeoutError:
                break
        return self.events

    async def settle(self, seconds):
        """Let the source run ``seconds`` more, collecting what it emits."""
        await asyncio.sleep(seconds)
        while not self.queue.empty():
            self.events.append(self.queue.get_nowait())
        assert not self.task.done(), self.task.exception()

    async def stop(self):
        self.task.cancel()
        try:
            await self.task
        except asyncio.CancelledError:
            pass


def health_requests(emulator, pool_id):
    return [e for e in emulator.requests("GET", "/pools/%s/health" % pool_id)]


def origin_event(pool, name, address, healthy, previous, pops):
    return {"cloudflare": {"type": "pool_health", "pool": {"id": pool["id"], "name": pool["name"]},
                           "origin": {"name": name, "address": address}, "healthy": healthy,
                           "previous": previous, "pops": pops}}


def test_one_origin_down_then_up_is_two_events_and_one_health_read_per_interval(emulator, web_pool, capsys):
    pops = sorted(HEALTH_POPS)

    async def scenario():
        run = Run(pool_health, source_args(emulator, pools=["web-pool"]))
        start = time.time()
        await run.settle(1.6)                       # first polls: everything healthy, nothing to say
        assert run.events == []
        emulator.mark_unhealthy(DOWN)
        await run.wait_for(1, timeout=5)
        await run.settle(1.6)                       # still down: no repeat
        emulator.mark_unhealthy()                   # healthy again
        await run.wait_for(2, timeout=5)
        await run.settle(1.6)
        await run.stop()
        return run.events, time.time() - start

    emulator.clear_log()
    events, elapsed = asyncio.run(scenario())
    assert events == [origin_event(web_pool, "web-2", DOWN, False, True, pops),
                      origin_event(web_pool, "web-2", DOWN, True, False, [])], events

    reads = health_requests(emulator, web_pool["id"])
    times = [e["time"] for e in reads]
    gaps = [b - a for a, b in zip(times, times[1:])]
    lists = emulator.requests("GET", "/load_balancers/pools")
    list_reads = [e for e in lists if e["path"].endswith("/load_balancers/pools")]
    with capsys.disabled():
        print("\npool_health: %d events in %.1f s; %d health reads of the pool (interval 1 s, smallest gap %.2f s), "
              "%d pool list reads, %d requests in all"
              % (len(events), elapsed, len(reads), min(gaps), len(list_reads), len(emulator.log()["requests"])))
    assert len(reads) <= int(elapsed) + 1
    assert min(gaps) >= 0.9, gaps
    assert all(e["status"] == 200 for e in emulator.log()["requests"])


def test_api_errors_make_no_event_and_a_deleted_pool_is_reported_once(emulator, web_pool, caplog):
    caplog.set_level(logging.INFO)

    async def scenario():
        run = Run(pool_health, source_args(emulator, api_retries=0))
        await run.settle(1.5)                       # every pool of the account, all healthy
        # The next two health reads fail (with no retry); the origin goes down and up meanwhile.
        emulator.fault("GET", r"/pools/[0-9a-f]+/health$", "status", count=2, status=500)
        emulator.mark_unhealthy(DOWN)
        await asyncio.sleep(0.4)
        emulator.mark_unhealthy()
        await run.settle(3.5)                       # failed polls, backoff, then healthy as before
        assert run.events == []
        emulator.delete("pools", web_pool["id"])
        await run.wait_for(1, timeout=5)
        await run.settle(1.6)
        await run.stop()
        return run.events

    events = asyncio.run(scenario())
    assert events == [{"cloudflare": {"type": "pool_removed", "pool": {"id": web_pool["id"], "name": "web-pool"},
                                      "origin": None, "healthy": None, "previous": True, "pops": []}}]
    failed = [e for e in emulator.log()["requests"] if e["status"] == 500]
    assert len(failed) == 2
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("edgeops.cloudflare")
                and r.levelno == logging.WARNING]
    assert len(warnings) == 2 and all("HTTP 500" in w and "next read of this pool in" in w for w in warnings), warnings
    assert "next read of this pool in 1 s" in warnings[0] and "next read of this pool in 2 s" in warnings[1], warnings
    assert emulator.token not in caplog.text


def test_bad_options_fail_before_any_request(emulator):
    emulator.clear_log()
    for args, words in (
            ({"account_id": emulator.account_id, "base_url": emulator.base_url}, "No Cloudflare credentials"),
            (source_args(emulator, interval=0), "interval must be at least 1"),
            (source_args(emulator, interval="often"), "interval must be a whole number"),
            (source_args(emulator, pools=[""]), "pools must be a list"),
            (source_args(emulator, account_id=None), "account_id is required"),
            (source_args(emulator, emit_initial="maybe"), "emit_initial must be true or false")):
        with pytest.raises(pool_health.SettingsError, match=words):
            asyncio.run(pool_health.main(asyncio.Queue(), args))
    assert emulator.log()["requests"] == []


def test_emit_initial_and_environment_fallbacks(emulator, web_pool, monkeypatch):
    emulator.mark_unhealthy(DOWN)
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", emulator.token)
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", emulator.account_id)
    monkeypatch.setenv("CLOUDFLARE_BASE_URL", emulator.base_url)

    async def scenario():
        run = Run(pool_health, {"pools": web_pool["id"], "emit_initial": True, "interval": 1})
        await run.wait_for(3, timeout=5)
        await run.settle(1.2)
        await run.stop()
        return run.events

    events = asyncio.run(scenario())
    healthy = [(e["cloudflare"]["origin"] or {}).get("name", "pool") for e in events if e["cloudflare"]["healthy"]]
    down = [e["cloudflare"]["origin"]["name"] for e in events if not e["cloudflare"]["healthy"]]
    assert sorted(healthy) == ["pool", "web-1"] and down == ["web-2"], events
    assert all(e["cloudflare"]["previous"] is None for e in events)


# ---------------------------------------------------------------- notifications


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


HEALTH_ALERT = {
    "name": "Origin health",
    "text": "Pool web-pool origin web-2 is Unhealthy",
    "data": {"alert_name": "Origin health", "pool_id": "17b5962d775c646f3f9725cbc7a53df4", "pool_name": "web-pool",
             "origin_name": "web-2", "new_health": "Unhealthy", "event_source": "origin"},
    "ts": 1767225600,
    "account_id": "01a7362d577a6c3019a474fd6f485823",
    "policy_id": "6ec3f47f-5c04-4fbd-b6f5-7bcf1fc8e8f5",
    "alert_type": "load_balancing_health_alert",
    "alert_event": "ALERT_STATE_EVENT_START",
}


async def post(url, body, headers=None, ssl_context=None):
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers=headers or {}, ssl=ssl_context) as response:
            return response.status, await response.text()


async def wait_listening(port, run):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert not run.task.done(), run.task.exception()
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return
    raise AssertionError("the webhook source did not listen on port %d" % port)


def test_webhook_secret_payloads_and_answers(caplog):
    caplog.set_level(logging.DEBUG)
    port = free_port()
    url = "http://127.0.0.1:%d/cloudflare" % port
    body = json.dumps(HEALTH_ALERT)

    async def scenario():
        run = Run(notifications, {"host": "127.0.0.1", "port": port, "secret": SECRET})
        await wait_listening(port, run)
        answers = [
            await post(url, body),                                                  # no header
            await post(url, body, {"cf-webhook-auth": SECRET[:-1]}),                # wrong
            await post(url, body, {"cf-webhook-auth": SECRET + "x"}),               # wrong (longer)
            await post(url, body, {"cf-webhook-auth": SECRET.upper()}),             # wrong case
        ]
        await run.settle(0.2)
        refused = list(run.events)
        answers.append(await post(url, body, {"cf-webhook-auth": SECRET}))          # right
        bad = [b"{not json", b"[1, 2]", json.dumps({"name": "no text"}).encode(),
               json.dumps(dict(HEALTH_ALERT, data="not an object")).encode(), b"\xff\xfe",
               json.dumps(dict(HEALTH_ALERT, text=None)).encode(), b'{"text": "x", "ts": NaN}',
               b'{"text": "x", "data": ' + b"[" * 50000 + b"]" * 50000 + b"}"]
        answers += [await post(url, b, {"cf-webhook-auth": SECRET}) for b in bad]
        async with aiohttp.ClientSession() as session:
            async with session.get(url, headers={"cf-webhook-auth": SECRET}) as response:
                answers.append((response.status, ""))
        await run.settle(0.2)
        await run.stop()
        return refused, answers, run.events

    refused, answers, events = asyncio.run(scenario())
    assert refused == []
    assert [status for status, _ in answers] == [401, 401, 401, 401, 200] + [400] * 8 + [405], answers
    assert events == [{"cloudflare": {
        "type": "notification", "alert_type": "load_balancing_health_alert", "name": "Origin health",
        "text": HEALTH_ALERT["text"], "data": HEALTH_ALERT["data"], "ts": HEALTH_ALERT["ts"],
        "policy_id": HEALTH_ALERT["policy_id"]}}]
    assert SECRET not in caplog.text and SECRET not in json.dumps(events)
    assert "no cf-webhook-auth header" in caplog.text and "a wrong cf-webhook-auth header" in caplog.text


def test_webhook_over_https_with_the_secret_from_the_environment(tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    monkeypatch.setenv("CLOUDFLARE_WEBHOOK_SECRET", SECRET)
    port = free_port()
    client_tls = ssl.create_default_context(cafile=str(cert))

    async def scenario():
        run = Run(notifications, {"host": "127.0.0.1", "port": port, "certfile": str(cert), "keyfile": str(key)})
        await wait_listening(port, run)
        url = "https://127.0.0.1:%d/" % port
        answers = [await post(url, json.dumps(HEALTH_ALERT), {"cf-webhook-auth": SECRET}, client_tls),
                   await post(url, json.dumps(HEALTH_ALERT), {"cf-webhook-auth": "nope"}, client_tls)]
        await run.settle(0.2)
        await run.stop()
        return answers, run.events

    answers, events = asyncio.run(scenario())
    assert [status for status, _ in answers] == [200, 401]
    assert [e["cloudflare"]["alert_type"] for e in events] == ["load_balancing_health_alert"]


def test_webhook_refuses_to_start_without_a_secret_or_with_half_a_certificate(tmp_path):
    for args, words in (({"port": free_port()}, "secret is required"),
                        ({"port": free_port(), "secret": SECRET, "certfile": str(tmp_path / "c.pem")},
                         "certfile and keyfile go together"),
                        ({"port": "http", "secret": SECRET}, "port must be a TCP port")):
        with pytest.raises(notifications.SettingsError, match=words):
            asyncio.run(notifications.main(asyncio.Queue(), args))
