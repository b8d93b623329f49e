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
import functools
import ipaddress
import json
import logging
import sys
import threading
import time
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
  - A request that fails (the API refuses or cannot be reached) is logged without credentials and
    retried with backoff, up to 300 seconds apart (or O(interval) when longer); it never makes an
    event, since an unreadable report is neither healthy nor unhealthy. The backoff is per pool. A
    pool whose health cannot be read is read again only once its own delay has passed, while the
    other pools are read every O(interval); only a pool list that cannot be read delays the whole
    poll. A bad option or missing credentials stop the source before any request.
  - Origins are matched to the health report by address, compared in one form (IP addresses as
    Python's C(ipaddress) writes them, so C(2001:db8:0::5) is C(2001:db8::5); host names in lower
    case). Events carry the address as the pool has it.
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
      - Also emit the health seen on the first poll (with C(previous) null), healthy or not. A pool
        of the first poll whose health cannot be read then gets these events from its first
        successful read.
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


def address_key(address: object) -> str:
    """Return the form in which origin addresses are compared.

    An IP address as Python's ``ipaddress`` writes it (``2001:DB8:0::5`` is ``2001:db8::5``),
    anything else (a host name) in lower case. playbooks/origin_health.yml compares addresses
    the same way.
    """
    text = str(address or "").strip()
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return text.lower()


def _keyed(verdicts: dict[str, Any]) -> dict[str, Any]:
    """Return ``verdicts`` with origins keyed by :func:`address_key`.

    Two spellings of one address are merged into one verdict.
    """
    origins: dict[str, dict[str, Any]] = {}
    for address, verdict in verdicts["origins"].items():
        key = address_key(address)
        other = origins.get(key)
        if other is None or other["healthy"] is None:
            origins[key] = verdict
        elif verdict["healthy"] is not None:
            origins[key] = {"healthy": other["healthy"] and verdict["healthy"],
                            "pops": sorted(set(other["pops"]) | set(verdict["pops"]))}
    return {"pool": verdicts["pool"], "origins": origins}


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
        interval: float = DEFAULT_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Watch the pools ``refs`` names (None: every pool) through ``conn`` every ``interval``."""
        self.conn = conn
        self.refs = refs
        self.emit_initial = emit_initial
        self.interval = interval
        self.clock = clock
        self.info = _info.PoolInfo(conn)
        # pool id -> {"pool": {"id", "name"}, "verdicts": what _health.compare knows, "initial": the
        # pool was in the first pool list and its health has not been read yet, "failures": failed
        # health reads in a row, "retry_at": clock time before which its health is not read again}
        self.known: dict[str, dict[str, Any]] = {}
        self.polls = 0
        self.unmatched: set[str] = set()

    def poll(self, now: float | None = None) -> tuple[list[dict], list[str]]:
        """Read the pool list, and the health of each watched pool that is not backing off, once.

        Return the events (changes since the last poll) and the problems met (health reads that
        failed: those pools keep what was known and are read again once their own backoff delay
        has passed). A pool list that cannot be read raises ``CloudflareError`` and changes
        nothing. ``now`` is the poll's start on ``clock`` (default: read it).
        """
        now = self.clock() if now is None else now
        pools = _objects.POOLS.read_list(self.conn)
        events = self._removed(pools)
        problems = []
        for pool in self._watched(pools):
            entry = self.known.setdefault(pool["id"], {
                "pool": _name(pool), "verdicts": None, "initial": self.polls == 0,
                "failures": 0, "retry_at": None})
            # Polls come every interval: half an interval of slack keeps a pool's delay on the
            # poll it falls on, whatever the jitter of the polls' start.
            if entry["retry_at"] is not None and now < entry["retry_at"] - self.interval / 2:
                continue
            try:
                events.extend(self._read(pool, entry))
            except _errors.CloudflareError as failure:
                entry["failures"] += 1
                delay = retry_delay(self.interval, entry["failures"])
                entry["retry_at"] = now + delay
                problems.append(f"{failure.msg}; next read of this pool in {delay:.0f} s")
            else:
                entry["failures"], entry["retry_at"] = 0, None
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

    def _read(self, pool: dict[str, Any], entry: dict[str, Any]) -> list[dict]:
        entry["pool"] = _name(pool)
        if pool.get("enabled") is False:
            return []  # Cloudflare does not check a disabled pool: nothing to learn
        report = self.info.health(pool)
        seen = _keyed(_health.health_verdicts(report["pop_health"]))
        changes, entry["verdicts"] = _health.compare(entry["verdicts"], seen)
        initial, entry["initial"] = entry["initial"], False
        by_address: dict[str, list[dict[str, Any]]] = {}
        for origin in pool.get("origins") or []:
            by_address.setdefault(address_key(origin.get("address")), []).append(
                {"name": origin.get("name"), "address": origin.get("address")})
        # Origins taken out of the pool are forgotten: put back, they are new again.
        entry["verdicts"]["origins"] = {
            a: v for a, v in entry["verdicts"]["origins"].items() if a in by_address
        }
        events = []
        for change in changes:
            if not self._news(change, initial=initial):
                continue
            if change["origin"] is None:
                events.append(_event(pool, None, change))
                continue
            events.extend(_event(pool, origin, change)
                          for origin in by_address.get(change["origin"], []))
        return events

    def _news(self, change: dict[str, Any], *, initial: bool) -> bool:
        """Tell whether a change is news.

        Every change from a known state is; a first sight is on the first successful read of a
        pool of the first poll (``initial``) only with emit_initial, and otherwise only when it is
        unhealthy.
        """
        if change["previous"] is not None:
            return True
        if initial:
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
    return PoolHealthWatch(conn, refs, emit_initial=emit_initial, interval=interval), interval


async def main(queue: asyncio.Queue[Any], args: dict[str, Any]) -> None:
    """Poll the pools' health every ``interval`` seconds and put each change on ``queue``.

    Runs until cancelled. A bad option or missing credentials raise ``SettingsError`` before any
    request; a failed request is logged and retried with backoff: a pool's health read on that
    pool's own delay, the pool list on the whole poll's.
    """
    watch, interval = watch_from_args(args)
    LOGGER.info("pool_health: watching %s of account %s every %d s",
                ", ".join(watch.refs) if watch.refs else "every pool", watch.conn.account_id,
                interval)
    loop = asyncio.get_running_loop()
    watch.clock = loop.time
    failures = 0  # pool list reads failed in a row
    while True:
        started = loop.time()
        try:
            events, problems = await _in_thread(functools.partial(watch.poll, started))
            failures = 0
        except _errors.CloudflareError as failure:
            failures += 1
            events = []
            problems = [f"{failure.msg}; next poll in {retry_delay(interval, failures):.0f} s"]
        for event in events:
            await queue.put(event)
        for problem in problems:
            LOGGER.warning("pool_health: %s", problem)
        delay = retry_delay(interval, failures)
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
