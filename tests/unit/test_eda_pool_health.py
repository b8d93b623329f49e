# -*- coding: utf-8 -*-
"""The pool_health event source's logic, without a server: options, backoff, and what each poll reports.

The polls run against the unit tests' fake API (tests/unit/plugins/fake_api.py) through the collection's
real client and connection; the source driven through main() against the emulator is in
tests/integration/test_eda_sources.py.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest

from ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source import pool_health
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareClient
from ansible_collections.edgeops.cloudflare.plugins.module_utils._connection import Connection
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import (
    ACCOUNT_ID,
    BASE_URL,
    TOKEN,
    FakeAPI,
)


@pytest.fixture(autouse=True)
def no_cloudflare_env(monkeypatch):
    for name in ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_ACCOUNT_ID",
                 "CLOUDFLARE_BASE_URL", "CLOUDFLARE_API_RATE_LIMIT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api():
    return FakeAPI()


class Clock(object):
    """A clock that moves one interval (60 s) each time it is read: every poll() is one interval later."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        self.now += 60
        return self.now


@pytest.fixture
def watch_of(api):
    def make(refs=None, emit_initial=False, interval=60):
        client = CloudflareClient(api_token=TOKEN, base_url=BASE_URL, session=api.session(), retries=0,
                                  sleep=lambda seconds: None)
        conn = Connection({"account_id": ACCOUNT_ID}, scope="account", client=client)
        return pool_health.PoolHealthWatch(conn, refs, emit_initial=emit_initial, interval=interval, clock=Clock())
    return make


def monitored_pool(api, name, *addresses, **fields):
    monitor = api.add_monitor(description="check of %s" % name, type="http")
    origins = [{"name": "%s-%d" % (name, i + 1), "address": a, "enabled": True, "weight": 1}
               for i, a in enumerate(addresses)]
    return api.add_pool(name=name, monitor=monitor["id"], origins=origins, enabled=True, **fields)


def summary(events):
    """(type, pool name, origin name or None, healthy, previous) of each event."""
    return [(e["cloudflare"]["type"], e["cloudflare"]["pool"]["name"], (e["cloudflare"]["origin"] or {}).get("name"),
             e["cloudflare"]["healthy"], e["cloudflare"]["previous"]) for e in events]


def poll(watch):
    events, problems = watch.poll()
    assert problems == []
    return summary(events)


# -- options --------------------------------------------------------------------------------------------
def test_connection_options_fall_back_to_the_modules_environment_variables(monkeypatch):
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "  from-env  ")
    monkeypatch.setenv("CLOUDFLARE_ACCOUNT_ID", ACCOUNT_ID)
    params = pool_health.connection_params({"api_token": "", "base_url": "http://127.0.0.1:1/client/v4"})
    assert params["api_token"] == "from-env" and params["account_id"] == ACCOUNT_ID
    assert (params["api_timeout"], params["api_retries"], params["validate_certs"]) == (30, 5, True)
    # an option given wins over the environment
    assert pool_health.connection_params({"api_token": "given"})["api_token"] == "given"


@pytest.mark.parametrize("args, words", [
    ({}, "No Cloudflare credentials"),
    ({"api_token": "t"}, "account_id is required"),
    ({"api_token": "t", "account_id": "nope"}, "account_id must be a 32-character"),
    ({"api_token": "t", "api_key": "k", "account_id": ACCOUNT_ID}, "Use one form of authentication"),
    ({"api_token": "t", "account_id": ACCOUNT_ID, "base_url": "ftp://x"}, "base_url must start with https://"),
    ({"api_token": "t", "account_id": ACCOUNT_ID, "api_retries": -1}, "api_retries must be at least 0"),
    ({"api_token": "t", "account_id": ACCOUNT_ID, "api_timeout": "soon"}, "api_timeout must be a whole number"),
    ({"api_token": "t", "account_id": ACCOUNT_ID, "validate_certs": "perhaps"}, "validate_certs must be true or false"),
])
def test_unusable_connection_options_are_refused_naming_the_option(args, words):
    with pytest.raises(pool_health.SettingsError, match=words):
        pool_health.connection_params(args)


def test_the_token_is_not_in_a_refusal():
    with pytest.raises(pool_health.SettingsError) as caught:
        pool_health.connection_params({"api_token": "secret-token-value", "api_key": "k", "account_id": ACCOUNT_ID})
    assert "secret-token-value" not in str(caught.value)


@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ([], None), ("web", ["web"]), (["web", " eu "], ["web", "eu"])])
def test_pools_option(value, expected):
    assert pool_health.pool_refs(value) == expected


@pytest.mark.parametrize("value", [[""], ["web", 3], {"web": 1}, 7])
def test_bad_pools_option(value):
    with pytest.raises(pool_health.SettingsError, match="pools must be a list"):
        pool_health.pool_refs(value)


def test_watch_from_args_reads_interval_and_emit_initial():
    args = {"api_token": "t", "account_id": ACCOUNT_ID, "interval": "5", "emit_initial": "yes", "pools": "web"}
    watch, interval = pool_health.watch_from_args(args)
    assert (interval, watch.emit_initial, watch.refs) == (5, True, ["web"])
    assert pool_health.watch_from_args({"api_token": "t", "account_id": ACCOUNT_ID})[1] == 60
    for bad in (0, 2.5, True, "-3"):
        with pytest.raises(pool_health.SettingsError, match="interval"):
            pool_health.watch_from_args(dict(args, interval=bad))


def test_failed_polls_back_off_up_to_300_seconds_or_the_interval():
    assert [pool_health.retry_delay(1, n) for n in range(12)] == [1, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    assert [pool_health.retry_delay(60, n) for n in range(5)] == [60, 60, 120, 240, 300]
    assert [pool_health.retry_delay(600, n) for n in range(3)] == [600, 600, 600]


# -- polls ----------------------------------------------------------------------------------------------
def test_only_changes_are_reported(api, watch_of):
    monitored_pool(api, "web", "192.0.2.1", "192.0.2.2")
    watch = watch_of()
    assert poll(watch) == []                                  # first poll: learns, says nothing
    api.unhealthy = {"192.0.2.2"}                             # (the fake API: a pool is down with any origin)
    assert poll(watch) == [("pool_health", "web", None, False, True), ("pool_health", "web", "web-2", False, True)]
    assert poll(watch) == []                                  # still down
    api.unhealthy = {"192.0.2.1", "192.0.2.2"}
    assert poll(watch) == [("pool_health", "web", "web-1", False, True)]
    api.unhealthy = set()
    assert poll(watch) == [("pool_health", "web", None, True, False), ("pool_health", "web", "web-1", True, False),
                           ("pool_health", "web", "web-2", True, False)]


def test_an_event_names_the_pool_the_origin_and_the_pops(api, watch_of):
    pool = monitored_pool(api, "web", "192.0.2.1")
    watch = watch_of()
    watch.poll()
    api.unhealthy = {"192.0.2.1"}
    events, _problems = watch.poll()
    assert events[1] == {"cloudflare": {"type": "pool_health", "pool": {"id": pool["id"], "name": "web"},
                                        "origin": {"name": "web-1", "address": "192.0.2.1"}, "healthy": False,
                                        "previous": True, "pops": ["AMS", "LAX"]}}


def test_each_poll_reads_the_list_once_and_each_pool_health_once(api, watch_of):
    a = monitored_pool(api, "a", "192.0.2.1")
    b = monitored_pool(api, "b", "192.0.2.2")
    api.add_pool(name="bare", origins=[{"name": "x", "address": "192.0.2.3"}])            # no monitor
    disabled = monitored_pool(api, "off", "192.0.2.4")
    api.store["pools"][disabled["id"]]["enabled"] = False
    watch = watch_of()
    for _ in range(3):
        watch.poll()
    paths = sorted(r.path for r in api.requests)
    health = "/accounts/%s/load_balancers/pools/%%s/health" % ACCOUNT_ID
    assert paths == sorted(["/accounts/%s/load_balancers/pools" % ACCOUNT_ID] * 3
                           + [health % a["id"]] * 3 + [health % b["id"]] * 3)


def test_emit_initial_reports_the_first_poll(api, watch_of):
    monitored_pool(api, "web", "192.0.2.1", "192.0.2.2")
    api.unhealthy = {"192.0.2.2"}
    watch = watch_of(emit_initial=True)
    assert poll(watch) == [("pool_health", "web", None, False, None), ("pool_health", "web", "web-1", True, None),
                           ("pool_health", "web", "web-2", False, None)]
    assert poll(watch) == []


def test_a_pool_or_origin_seen_later_is_reported_only_when_unhealthy(api, watch_of):
    monitored_pool(api, "web", "192.0.2.1")
    watch = watch_of()
    assert poll(watch) == []
    monitored_pool(api, "new-ok", "192.0.2.5")
    monitored_pool(api, "new-down", "192.0.2.6")
    api.unhealthy = {"192.0.2.6"}
    assert poll(watch) == [("pool_health", "new-down", None, False, None),
                           ("pool_health", "new-down", "new-down-1", False, None)]


def test_a_deleted_pool_is_reported_once(api, watch_of):
    pool = monitored_pool(api, "web", "192.0.2.1")
    watch = watch_of()
    poll(watch)
    del api.store["pools"][pool["id"]]
    events, _problems = watch.poll()
    assert events == [{"cloudflare": {"type": "pool_removed", "pool": {"id": pool["id"], "name": "web"},
                                      "origin": None, "healthy": None, "previous": True, "pops": []}}]
    assert poll(watch) == []


def test_named_pools_only_and_a_missing_name_is_logged_once(api, watch_of, caplog):
    monitored_pool(api, "web", "192.0.2.1")
    other = monitored_pool(api, "other", "192.0.2.2")
    api.unhealthy = {"192.0.2.2"}
    watch = watch_of(refs=["web", "later", other["id"]])
    with caplog.at_level(logging.WARNING, logger="edgeops.cloudflare.pool_health"):
        poll(watch)
        poll(watch)
    assert [r.getMessage() for r in caplog.records] == [
        "pool_health: no pool 'later' in account %s (yet); watching for it" % ACCOUNT_ID]
    health_reads = [r.path for r in api.requests if r.path.endswith("/health")]
    assert len(health_reads) == 4
    monitored_pool(api, "later", "192.0.2.2")                 # appears, unhealthy: news
    assert poll(watch) == [("pool_health", "later", None, False, None),
                           ("pool_health", "later", "later-1", False, None)]


def test_a_renamed_pool_is_still_watched(api, watch_of):
    pool = monitored_pool(api, "web", "192.0.2.1")
    watch = watch_of(refs=["web"])
    poll(watch)
    api.store["pools"][pool["id"]]["name"] = "web-renamed"
    api.unhealthy = {"192.0.2.1"}
    assert poll(watch) == [("pool_health", "web-renamed", None, False, True),
                           ("pool_health", "web-renamed", "web-1", False, True)]


def test_a_failed_health_read_is_a_problem_and_no_change(api, watch_of):
    a = monitored_pool(api, "a", "192.0.2.1")
    monitored_pool(api, "b", "192.0.2.2")
    watch = watch_of()
    poll(watch)
    api.unhealthy = {"192.0.2.1", "192.0.2.2"}
    api.fail("GET", "/pools/%s/health$" % a["id"], status=503)
    events, problems = watch.poll()
    assert summary(events) == [("pool_health", "b", None, False, True), ("pool_health", "b", "b-1", False, True)]
    assert len(problems) == 1 and "Failed to read the health of pool 'a'" in problems[0] and "HTTP 503" in problems[0]
    assert problems[0].endswith("; next read of this pool in 60 s")
    assert TOKEN not in problems[0]
    # read again: a is down (compared with what was known before the failure)
    assert poll(watch) == [("pool_health", "a", None, False, True), ("pool_health", "a", "a-1", False, True)]


def test_a_failing_pool_backs_off_alone(api, watch_of):
    a = monitored_pool(api, "a", "192.0.2.1")
    b = monitored_pool(api, "b", "192.0.2.2")
    health = "/accounts/%s/load_balancers/pools/%%s/health" % ACCOUNT_ID
    watch = watch_of(interval=10)
    api.fail("GET", "/pools/%s/health$" % a["id"], status=503, times=100)
    delays = []
    for tick in range(40):                                     # 40 polls, 10 s apart
        _events, problems = watch.poll(now=tick * 10.0)
        delays += [p.rsplit(" in ", 1)[1] for p in problems]
    reads = [r.path for r in api.requests]
    # b is read on every poll, a only as its own backoff allows: 10, 20, 40, 80, 160 s apart
    assert reads.count(health % b["id"]) == 40
    assert reads.count(health % a["id"]) == 6
    assert delays == ["10 s", "20 s", "40 s", "80 s", "160 s", "300 s"]
    # never more than one health request per pool per poll
    assert reads.count("/accounts/%s/load_balancers/pools" % ACCOUNT_ID) == 40


def test_a_pool_read_again_after_its_delay_reports_what_changed(api, watch_of):
    a = monitored_pool(api, "a", "192.0.2.1")
    monitored_pool(api, "b", "192.0.2.2")
    watch = watch_of(interval=10)
    assert watch.poll(now=0.0) == ([], [])
    api.fail("GET", "/pools/%s/health$" % a["id"], status=503, times=2)
    assert len(watch.poll(now=10.0)[1]) == 1                   # a fails: next read in 10 s
    assert len(watch.poll(now=20.0)[1]) == 1                   # a fails again: next read in 20 s
    api.unhealthy = {"192.0.2.1"}
    assert watch.poll(now=30.0) == ([], [])                    # a skipped
    events, problems = watch.poll(now=40.0)
    assert problems == [] and summary(events) == [("pool_health", "a", None, False, True),
                                                  ("pool_health", "a", "a-1", False, True)]
    assert summary(watch.poll(now=50.0)[0]) == []              # read every poll again


def test_emit_initial_waits_for_a_pools_first_successful_read(api, watch_of):
    a = monitored_pool(api, "a", "192.0.2.1")
    monitored_pool(api, "b", "192.0.2.2")
    api.unhealthy = {"192.0.2.1"}
    api.fail("GET", "/pools/%s/health$" % a["id"], status=503)
    watch = watch_of(emit_initial=True)
    events, problems = watch.poll()
    assert summary(events) == [("pool_health", "b", None, True, None), ("pool_health", "b", "b-1", True, None)]
    assert len(problems) == 1
    assert poll(watch) == [("pool_health", "a", None, False, None), ("pool_health", "a", "a-1", False, None)]
    monitored_pool(api, "later", "192.0.2.3")                 # appears later, healthy: not news
    assert poll(watch) == []


@pytest.mark.parametrize("address, key", [
    ("2001:DB8:0::5", "2001:db8::5"), ("2001:db8:0:0:0:0:0:5", "2001:db8::5"), ("192.0.2.1", "192.0.2.1"),
    ("Origin.Example.COM", "origin.example.com"), (" 2001:db8::5 ", "2001:db8::5"), (None, "")])
def test_address_key(address, key):
    assert pool_health.address_key(address) == key


def test_addresses_written_differently_still_match(api, watch_of):
    monitored_pool(api, "web", "2001:DB8:0::5", "Web.Example.com")
    api.unhealthy = {"2001:DB8:0::5", "Web.Example.com"}
    watch = watch_of()
    read = watch.info.health

    def canonical(pool):
        """Cloudflare's report writes the addresses its own way (here: compressed IPv6, host in lower case)."""
        report = read(pool)
        for check in report["pop_health"].values():
            check["origins"] = [{("2001:db8::5" if ":" in a else a.lower()): v for a, v in o.items()}
                                for o in check["origins"]]
        return report

    watch.info.health = canonical
    api.unhealthy = set()
    assert poll(watch) == []
    api.unhealthy = {"2001:DB8:0::5", "Web.Example.com"}
    events, _problems = watch.poll()
    assert summary(events) == [("pool_health", "web", None, False, True), ("pool_health", "web", "web-1", False, True),
                               ("pool_health", "web", "web-2", False, True)]
    # the event carries the address as the pool writes it
    assert [e["cloudflare"]["origin"]["address"] for e in events[1:]] == ["2001:DB8:0::5", "Web.Example.com"]


def test_an_unreadable_pool_list_raises_and_changes_nothing(api, watch_of):
    monitored_pool(api, "web", "192.0.2.1")
    watch = watch_of()
    poll(watch)
    api.unhealthy = {"192.0.2.1"}
    api.fail("GET", "/load_balancers/pools$", status=403, code=10000, message="Authentication error")
    with pytest.raises(CloudflareError, match="Failed to list pools") as caught:
        watch.poll()
    assert TOKEN not in caught.value.msg
    assert len(poll(watch)) == 2                             # the change is seen once the list reads again


def test_an_origin_taken_out_and_put_back_is_new(api, watch_of):
    pool = monitored_pool(api, "web", "192.0.2.1", "192.0.2.2")
    watch = watch_of()
    poll(watch)
    stored = api.store["pools"][pool["id"]]
    removed = stored["origins"].pop()
    assert poll(watch) == []
    api.unhealthy = {"192.0.2.2"}
    stored["origins"].append(removed)
    assert poll(watch) == [("pool_health", "web", None, False, True), ("pool_health", "web", "web-2", False, None)]


def test_origins_sharing_an_address_each_get_an_event(api, watch_of):
    pool = monitored_pool(api, "web", "192.0.2.1")
    api.store["pools"][pool["id"]]["origins"].append({"name": "web-1b", "address": "192.0.2.1", "enabled": True})
    watch = watch_of()
    poll(watch)
    api.unhealthy = {"192.0.2.1"}
    assert [s[2] for s in poll(watch)] == [None, "web-1", "web-1b"]


# -- the thread -----------------------------------------------------------------------------------------
def test_a_poll_runs_in_a_daemon_thread_while_the_loop_goes_on():
    seen = {}

    def blocking():
        seen["thread"] = threading.current_thread()
        time.sleep(0.3)
        return "done"

    async def scenario():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.02)
                ticks += 1

        task = asyncio.ensure_future(ticker())
        result = await pool_health._in_thread(blocking)
        task.cancel()
        return result, ticks

    result, ticks = asyncio.run(scenario())
    assert result == "done" and ticks >= 5
    assert seen["thread"].daemon and seen["thread"] is not threading.main_thread()


def test_an_error_in_the_thread_reaches_the_caller():
    def failing():
        raise CloudflareError("Failed to list pools in account x: HTTP 500")

    with pytest.raises(CloudflareError, match="HTTP 500"):
        asyncio.run(pool_health._in_thread(failing))
