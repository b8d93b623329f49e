# Copyright (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event source ``edgeops.cloudflare.pool_health``: Load Balancing health changes as events.

Polls the health Cloudflare reports for the account's pools and puts an event on the queue only
when a pool or one of its origins turns unhealthy or healthy again. Every request goes through the
collection's own client (module_utils), so pacing, the rate-limit headers and retries are the
modules'. The blocking client runs in a thread, never in the event loop.

For a quick look, with CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID set::

    PYTHONPATH=.collections python -m \
        ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source.pool_health \
        --interval 10 --emit-initial [POOL ...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:
    from ansible_collections.edgeops.cloudflare.plugins.module_utils import (
        _client,
        _connection,
        _errors,
        _health,
        _info,
        _objects,
    )
except ImportError:
    # ansible-rulebook runs a source by its path, with the directory that holds ansible_collections/
    # not on sys.path: it is seven levels up from this file.
    sys.path.insert(0, str(Path(__file__).absolute().parents[7]))
    from ansible_collections.edgeops.cloudflare.plugins.module_utils import (
        _client,
        _connection,
        _errors,
        _health,
        _info,
        _objects,
    )

from ansible.module_utils.parsing.convert_bool import boolean

if TYPE_CHECKING:
    from collections.abc import Callable

DOCUMENTATION = r"""
---
short_description: Cloudflare Load Balancing pool and origin health changes as events
description:
  - An ansible-rulebook event source plugin that polls the health Cloudflare reports for Load
    Balancing pools and puts an event on the queue only when something changes, an origin or a pool
    turning unhealthy, or healthy again.
  - An origin or a pool is unhealthy when any Cloudflare PoP reports it unhealthy, healthy when the
    PoPs that report it all find it healthy. An origin no PoP reports (Cloudflare does not check a
    disabled origin) and a pool without a monitor or monitor group have no health to report.
  - >-
    Each event is C({"cloudflare": {"type": "pool_health", "pool": {"id", "name"}, "origin":
    {"name", "address"} or null for the pool itself, "healthy": true|false, "previous":
    true|false|null, "pops": [PoPs that see it unhealthy]}}).
  - >-
    A watched pool that is deleted is reported once, as C({"cloudflare": {"type": "pool_removed",
    "pool": {"id", "name"}, "origin": null, "healthy": null, "previous": its last health, "pops":
    []}}).
  - Each poll reads the account's pool list once, then the health of each watched pool that is
    enabled and has a monitor or monitor group once, so at most one health request per pool per
    O(interval) (retries of a failed request aside). Requests go through the collection's API
    client, so they share the modules' request pacing (O(api_rate_limit)), follow Cloudflare's
    rate-limit headers and retry 429 and 5xx answers with backoff.
  - A poll that fails (the API refuses or cannot be reached) is logged without credentials and
    retried with backoff, up to 300 seconds apart (or O(interval) when longer); it never makes an
    event, since an unreadable report is neither healthy nor unhealthy. A bad option or missing
    credentials stop the source before any request.
  - Needs ansible-core and the Python library requests where ansible-rulebook runs.
options:
  pools:
    description:
      - The pools to watch, by name or id. A pool created later under a listed name is watched
        from then on; a pool not found is logged.
      - When not set (or empty), every pool of the account, including pools created later.
    type: list
    elements: str
  interval:
    description:
      - Seconds between polls, at least 1.
    type: int
    default: 60
  emit_initial:
    description:
      - Also emit the health seen on the first poll (with C(previous) null), healthy or not.
      - Otherwise the first poll only learns the current state; a pool or origin that appears
        later is reported when it is unhealthy.
    type: bool
    default: false
  api_token:
    description:
      - Cloudflare API token. Defaults to the environment variable E(CLOUDFLARE_API_TOKEN).
      - It needs Account Load Balancing Monitors and Pools Read permission.
    type: str
  api_email:
    description:
      - E-mail of the account, with O(api_key), instead of O(api_token).
      - Defaults to E(CLOUDFLARE_EMAIL).
    type: str
  api_key:
    description:
      - Global API key, with O(api_email). Defaults to E(CLOUDFLARE_API_KEY).
    type: str
  account_id:
    description:
      - The account that owns the pools. Defaults to E(CLOUDFLARE_ACCOUNT_ID); one is required.
    type: str
  base_url:
    description:
      - API base URL. Defaults to E(CLOUDFLARE_BASE_URL), else the Cloudflare API v4.
    type: str
  validate_certs:
    description:
      - Whether to check the API's TLS certificate.
    type: bool
    default: true
  api_timeout:
    description:
      - Seconds to wait for one API answer.
    type: int
    default: 30
  api_retries:
    description:
      - How many times one request is retried after a 429, a 5xx or a connection failure.
    type: int
    default: 5
  api_rate_limit:
    description:
      - Requests per 5 minutes this controller may send with these credentials, shared with the
        collection's modules; 0 turns pacing off. Defaults to E(CLOUDFLARE_API_RATE_LIMIT), else
        1200.
    type: int
"""

EXAMPLES = r"""
- name: React to Cloudflare origin health
  hosts: all
  sources:
    - edgeops.cloudflare.pool_health:
        pools:
          - web-eu
          - web-us
        interval: 60
  rules:
    - name: An origin went down
      condition: >-
        event.cloudflare.type == "pool_health" and event.cloudflare.origin != null
        and event.cloudflare.healthy == false
      action:
        debug:
          msg: "{{ event.cloudflare.origin.name }} of {{ event.cloudflare.pool.name }} is down"
"""

LOGGER = logging.getLogger("edgeops.cloudflare.pool_health")
DEFAULT_INTERVAL = 60
MIN_INTERVAL = 1
# Failed polls are retried interval, 2 x interval, 4 x interval ... seconds apart, at most this
# much (or the interval itself when that is longer).
MAX_BACKOFF = 300
CONNECTION_OPTIONS = ("api_token", "api_email", "api_key", "account_id", "base_url")


class SettingsError(ValueError):
    """An option of the source that cannot be used; raised before any request."""


def _integer(args: dict[str, Any], name: str, default: int | None, minimum: int) -> int | None:
    value = args.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    else:
        msg = f"{name} must be a whole number, got {value!r}"
        raise SettingsError(msg)
    if number < minimum:
        msg = f"{name} must be at least {minimum}, got {number}"
        raise SettingsError(msg)
    return number


def _flag(args: dict[str, Any], name: str, *, default: bool) -> bool:
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        return boolean(value, strict=True)
    except TypeError:
        msg = f"{name} must be true or false, got {value!r}"
        raise SettingsError(msg) from None


def pool_refs(value: object) -> list[str] | None:
    """Return the pool names and ids to watch, or None for every pool of the account."""
    if value is None or value in ("", []):
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
        msg = f"pools must be a list of pool names or ids, got {value!r}"
        raise SettingsError(msg)
    return [i.strip() for i in items]


def connection_params(args: dict[str, Any]) -> dict[str, Any]:
    """Return the checked connection options, with the modules' CLOUDFLARE_* fallbacks applied."""
    params: dict[str, Any] = {name: args.get(name) for name in CONNECTION_OPTIONS}
    params["validate_certs"] = _flag(args, "validate_certs", default=True)
    params["api_timeout"] = _integer(args, "api_timeout", _client.DEFAULT_TIMEOUT, 1)
    params["api_retries"] = _integer(args, "api_retries", _client.DEFAULT_RETRIES, 0)
    params["api_rate_limit"] = _integer(args, "api_rate_limit", None, 0)
    _connection.normalise_connection_params(params)
    try:
        _connection.check_connection_params(params, scope="account")
    except _errors.CloudflareError as failure:
        raise SettingsError(failure.msg) from None
    return params


def retry_delay(interval: float, failures: int) -> float:
    """Return the seconds before the next poll after ``failures`` failed polls in a row."""
    if failures <= 0:
        return interval
    return min(interval * 2 ** min(failures - 1, 16), max(interval, MAX_BACKOFF))


def _name(obj: dict[str, Any]) -> dict[str, Any]:
    return {"id": obj.get("id"), "name": obj.get("name")}


def _event(pool: dict[str, Any], origin: dict[str, Any] | None, change: dict[str, Any]) -> dict:
    return {
        "cloudflare": {
            "type": "pool_health",
            "pool": _name(pool),
            "origin": origin,
            "healthy": change["healthy"],
            "previous": change["previous"],
            "pops": change["pops"],
        },
    }


class PoolHealthWatch:
    """The watched pools and what is known of their health; :meth:`poll` reads and compares once.

    Blocking (it sends API requests): run :meth:`poll` in a thread, one poll at a time.
    """

    def __init__(
        self,
        conn: _connection.Connection,
        refs: list[str] | None,
        *,
        emit_initial: bool = False,
    ) -> None:
        """Watch the pools ``refs`` names (None: every pool) through ``conn``."""
        self.conn = conn
        self.refs = refs
        self.emit_initial = emit_initial
        self.info = _info.PoolInfo(conn)
        # pool id -> {"pool": {"id", "name"}, "verdicts": what _health.compare knows}
        self.known: dict[str, dict[str, Any]] = {}
        self.polls = 0
        self.unmatched: set[str] = set()

    def poll(self) -> tuple[list[dict], list[str]]:
        """Read the pool list and each watched pool's health once.

        Return the events (changes since the last poll) and the problems met (health reads that
        failed: those pools keep what was known). A pool list that cannot be read raises
        ``CloudflareError`` and changes nothing.
        """
        pools = _objects.POOLS.read_list(self.conn)
        events = self._removed(pools)
        problems = []
        for pool in self._watched(pools):
            try:
                events.extend(self._read(pool))
            except _errors.CloudflareError as failure:
                problems.append(failure.msg)
        self.polls += 1
        return events, problems

    def _watched(self, pools: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self.refs is None:
            return [p for p in pools if p.get("id")]
        chosen = [
            p for p in pools
            if p.get("id") and (p["id"] in self.known or p["id"] in self.refs
                                or p.get("name") in self.refs)
        ]
        for ref in self.refs:
            found = any(ref in (p.get("id"), p.get("name")) for p in chosen)
            if not found and ref not in self.unmatched:
                LOGGER.warning("pool_health: no pool %r in account %s (yet); watching for it",
                               ref, self.conn.account_id)
                self.unmatched.add(ref)
            elif found:
                self.unmatched.discard(ref)
        return chosen

    def _removed(self, pools: list[dict[str, Any]]) -> list[dict]:
        present = {p.get("id") for p in pools}
        events = []
        for pool_id in sorted(set(self.known) - present):
            gone = self.known.pop(pool_id)
            last = (gone["verdicts"] or {}).get("pool") or {}
            events.append({
                "cloudflare": {
                    "type": "pool_removed",
                    "pool": gone["pool"],
                    "origin": None,
                    "healthy": None,
                    "previous": last.get("healthy"),
                    "pops": [],
                },
            })
        return events

    def _read(self, pool: dict[str, Any]) -> list[dict]:
        entry = self.known.setdefault(pool["id"], {"pool": _name(pool), "verdicts": None})
        entry["pool"] = _name(pool)
        if pool.get("enabled") is False:
            return []  # Cloudflare does not check a disabled pool: nothing to learn
        report = self.info.health(pool)
        seen = _health.health_verdicts(report["pop_health"])
        changes, entry["verdicts"] = _health.compare(entry["verdicts"], seen)
        by_address: dict[str, list[dict[str, Any]]] = {}
        for origin in pool.get("origins") or []:
            address = str(origin.get("address") or "").lower()
            by_address.setdefault(address, []).append(
                {"name": origin.get("name"), "address": origin.get("address")})
        # Origins taken out of the pool are forgotten: put back, they are new again.
        entry["verdicts"]["origins"] = {
            a: v for a, v in entry["verdicts"]["origins"].items() if a.lower() in by_address
        }
        events = []
        for change in changes:
            if not self._news(change):
                continue
            if change["origin"] is None:
                events.append(_event(pool, None, change))
                continue
            events.extend(_event(pool, origin, change)
                          for origin in by_address.get(change["origin"].lower(), []))
        return events

    def _news(self, change: dict[str, Any]) -> bool:
        """Tell whether a change is news.

        Every change from a known state is; a first sight is on the first poll only with
        emit_initial, and later only when it is unhealthy.
        """
        if change["previous"] is not None:
            return True
        if self.polls == 0:
            return self.emit_initial
        return change["healthy"] is False


def _settle(future: asyncio.Future, result: object, error: BaseException | None) -> None:
    if future.done():
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


async def _in_thread(func: Callable[[], Any]) -> Any:  # noqa: ANN401 - whatever func returns
    """Run ``func`` in a daemon thread and wait for it without blocking the event loop.

    Like asyncio.to_thread, but the thread does not keep the process alive: a poll waiting out a
    long Retry-After must not hold up ansible-rulebook's shutdown.
    """
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def work() -> None:
        try:
            result, error = func(), None
        except Exception as exc:  # noqa: BLE001  # pylint: disable=broad-exception-caught
            result, error = None, exc  # handed to the waiting task as it is
        # A closed loop (RuntimeError) means nobody waits for this poll any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(_settle, future, result, error)

    threading.Thread(target=work, name="pool_health poll", daemon=True).start()
    return await future


def watch_from_args(args: dict[str, Any]) -> tuple[PoolHealthWatch, int]:
    """Return the watch the source's options describe, and its interval.

    Raise ``SettingsError`` for a bad option or missing credentials; sends no request.
    """
    interval = _integer(args, "interval", DEFAULT_INTERVAL, MIN_INTERVAL)
    emit_initial = _flag(args, "emit_initial", default=False)
    refs = pool_refs(args.get("pools"))
    conn = _connection.Connection(connection_params(args), scope="account", warn=LOGGER.warning)
    return PoolHealthWatch(conn, refs, emit_initial=emit_initial), interval


async def main(queue: asyncio.Queue[Any], args: dict[str, Any]) -> None:
    """Poll the pools' health every ``interval`` seconds and put each change on ``queue``.

    Runs until cancelled. A bad option or missing credentials raise ``SettingsError`` before any
    request; a failed poll is logged and retried with backoff.
    """
    watch, interval = watch_from_args(args)
    LOGGER.info("pool_health: watching %s of account %s every %d s",
                ", ".join(watch.refs) if watch.refs else "every pool", watch.conn.account_id,
                interval)
    loop = asyncio.get_running_loop()
    failures = 0
    while True:
        started = loop.time()
        try:
            events, problems = await _in_thread(watch.poll)
        except _errors.CloudflareError as failure:
            events, problems = [], [failure.msg]
        failures = failures + 1 if problems else 0
        for event in events:
            await queue.put(event)
        delay = retry_delay(interval, failures)
        for problem in problems:
            LOGGER.warning("pool_health: %s; next poll in %d s", problem, delay)
        await asyncio.sleep(max(0.0, started + delay - loop.time()))


def _cli() -> None:
    """Print the events of a quick run, connection from the CLOUDFLARE_* variables."""
    parser = argparse.ArgumentParser(description="Print edgeops.cloudflare.pool_health events.")
    parser.add_argument("pools", nargs="*", help="pool names or ids (default: every pool)")
    parser.add_argument("--interval", type=int, default=DEFAULT_INTERVAL)
    parser.add_argument("--emit-initial", action="store_true")
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    class PrintQueue(asyncio.Queue):
        """A queue that prints each event as one JSON line."""

        async def put(self, item: object) -> None:
            """Print the event."""
            sys.stdout.write(json.dumps(item, sort_keys=True) + "\n")
            sys.stdout.flush()

    args = {"pools": options.pools, "interval": options.interval,
            "emit_initial": options.emit_initial}
    try:
        asyncio.run(main(PrintQueue(), args))
    except KeyboardInterrupt:
        pass
    except SettingsError as problem:
        sys.exit(f"pool_health: {problem}")


if __name__ == "__main__":
    _cli()
