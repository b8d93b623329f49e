# Copyright (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Event source ``edgeops.cloudflare.notifications``: Cloudflare Notifications webhooks as events.

Cloudflare's generic webhooks carry the destination's secret as is in the ``cf-webhook-auth``
header (no HMAC, no Bearer scheme), which this receiver compares in constant time. A request
without the right header gets 401 before its body is read; a body that is not a Notifications
payload gets 400; each accepted one is one event and a 200. The secret never appears in an event
or a log line.

For a quick look (prints each event)::

    CLOUDFLARE_WEBHOOK_SECRET=... PYTHONPATH=.collections python -m \
        ansible_collections.edgeops.cloudflare.extensions.eda.plugins.event_source.notifications \
        --port 5000
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import json
import logging
import os
import ssl
import sys
from typing import Any

from aiohttp import web

DOCUMENTATION = r"""
---
short_description: Receive Cloudflare Notifications webhooks as events
description:
  - An ansible-rulebook event source plugin that receives the generic webhooks of Cloudflare
    Notifications, for example C(load_balancing_health_alert) (a pool or origin turning healthy
    or unhealthy) and C(load_balancing_pool_enablement_alert).
  - Listens on O(host) and O(port), with TLS when O(certfile) and O(keyfile) are given, and
    accepts a C(POST) on any path.
  - A request is accepted only when its C(cf-webhook-auth) header equals O(secret), the secret of
    the Cloudflare webhook destination, compared in constant time. Anything else is answered 401
    and emits nothing; its body is not read.
  - A body that is not a Notifications payload (a JSON object with a string C(text), and where
    present a string C(name), C(alert_type) and C(policy_id), an object C(data) and a number
    C(ts)) is answered 400 and emits nothing, and so is JSON nested more than 64 levels deep or
    with C(NaN) or C(Infinity) in it.
  - >-
    Each accepted payload is answered 200 and emits one event C({"cloudflare": {"type":
    "notification", "alert_type", "name", "text", "data", "ts", "policy_id"}}), the values as
    Cloudflare sent them (C(data) is C({}) and the others null when the payload leaves them out,
    as Cloudflare's test message does).
  - The secret never appears in an event or a log line; request headers are not passed on.
options:
  host:
    description:
      - The address to listen on.
    type: str
    default: 0.0.0.0
  port:
    description:
      - The TCP port to listen on.
    type: int
    default: 5000
  secret:
    description:
      - The secret of the Cloudflare webhook destination, which Cloudflare sends in the
        C(cf-webhook-auth) header. Defaults to the environment variable
        E(CLOUDFLARE_WEBHOOK_SECRET); one of them is required.
    type: str
  certfile:
    description:
      - A PEM file with the server's certificate (and chain), to serve HTTPS. Needs O(keyfile).
    type: str
  keyfile:
    description:
      - The PEM file with the private key of O(certfile).
    type: str
  max_body:
    description:
      - The largest body accepted, in bytes; a larger one is answered 413.
    type: int
    default: 1048576
"""

EXAMPLES = r"""
- name: React to Cloudflare load balancing alerts
  hosts: all
  sources:
    - edgeops.cloudflare.notifications:
        host: 0.0.0.0
        port: 5000
        certfile: /etc/eda/tls/webhook.crt
        keyfile: /etc/eda/tls/webhook.key
        # secret: from the environment variable CLOUDFLARE_WEBHOOK_SECRET
  rules:
    - name: A pool or origin changed health
      condition: event.cloudflare.alert_type == "load_balancing_health_alert"
      action:
        debug:
          msg: "{{ event.cloudflare.text }}"
"""

LOGGER = logging.getLogger("edgeops.cloudflare.notifications")
AUTH_HEADER = "cf-webhook-auth"
AUTH_VARIABLE = "CLOUDFLARE_WEBHOOK_SECRET"
DEFAULT_HOST = "0.0.0.0"  # noqa: S104 - Cloudflare calls in from outside
DEFAULT_PORT = 5000
DEFAULT_MAX_BODY = 1024 * 1024
MAX_PORT = 65535
# The payload's fields that are passed on, each with the JSON types it may have (None: absent).
FIELDS = {
    "alert_type": (str,),
    "name": (str,),
    "text": (str,),
    "data": (dict,),
    "ts": (int, float),
    "policy_id": (str,),
}
REQUIRED = ("text",)
# JSON nested deeper than this is refused (Cloudflare's payloads are a few levels deep); much deeper
# nesting would exhaust Python's recursion limit while parsing or handling the event.
MAX_DEPTH = 64


class SettingsError(ValueError):
    """An option of the source that cannot be used; raised before listening."""


class PayloadError(ValueError):
    """A request body that is not a Cloudflare Notifications payload."""


def _no_constant(name: str) -> None:
    msg = f"the body has {name}, which is not JSON"
    raise PayloadError(msg)


def _depth(value: object) -> int:
    """Return how deeply ``value`` (parsed JSON) nests objects and arrays, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest


def _parse(body: bytes) -> object:
    """Return the body's JSON; raise ``PayloadError`` for one that is not JSON or nests too deep."""
    try:
        payload = json.loads(body, parse_constant=_no_constant)
    except PayloadError:
        raise
    except RecursionError:
        msg = f"the body is nested more than {MAX_DEPTH} levels deep"
        raise PayloadError(msg) from None
    except (UnicodeDecodeError, ValueError):
        msg = "the body is not JSON"
        raise PayloadError(msg) from None
    return payload


def notification_event(body: bytes) -> dict[str, Any]:
    """Return the event for a webhook body; raise ``PayloadError`` saying what is wrong with it."""
    payload = _parse(body)
    if not isinstance(payload, dict):
        msg = "the body is not a JSON object"
        raise PayloadError(msg)
    if _depth(payload) > MAX_DEPTH:
        msg = f"the body is nested more than {MAX_DEPTH} levels deep"
        raise PayloadError(msg)
    for field in REQUIRED:
        if not isinstance(payload.get(field), FIELDS[field]):
            msg = (f"the payload has no {field!r}" if payload.get(field) is None
                   else f"the payload's {field!r} is not a {FIELDS[field][0].__name__}")
            raise PayloadError(msg)
    for field, types in FIELDS.items():
        value = payload.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, types)):
            msg = f"the payload's {field!r} is not a {types[0].__name__}"
            raise PayloadError(msg)
    event = {field: payload.get(field) for field in FIELDS}
    if event["data"] is None:
        event["data"] = {}
    return {"cloudflare": {"type": "notification", **event}}


def _port(value: object) -> int:
    if value is None or value == "":
        return DEFAULT_PORT
    text = str(value)
    if isinstance(value, bool) or not text.isdigit() or not 0 <= int(text) <= MAX_PORT:
        msg = f"port must be a TCP port number (0-{MAX_PORT}), got {value!r}"
        raise SettingsError(msg)
    return int(text)


def _max_body(value: object) -> int:
    if value is None or value == "":
        return DEFAULT_MAX_BODY
    text = str(value)
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        msg = f"max_body must be a positive number of bytes, got {value!r}"
        raise SettingsError(msg)
    return int(text)


def _secret(args: dict[str, Any]) -> bytes:
    value = args.get("secret")
    if value is None or not str(value).strip():
        value = os.environ.get(AUTH_VARIABLE) or ""
    value = str(value).strip()
    if not value:
        msg = (f"secret is required (or set {AUTH_VARIABLE}): the secret of the Cloudflare webhook"
               " destination, which Cloudflare sends in the cf-webhook-auth header")
        raise SettingsError(msg)
    return value.encode("utf-8")


def tls_context(certfile: object, keyfile: object) -> ssl.SSLContext | None:
    """Return the server's TLS context, or None without certfile and keyfile."""
    if not certfile and not keyfile:
        return None
    if not certfile or not keyfile:
        msg = "certfile and keyfile go together: give both to serve HTTPS, or neither"
        raise SettingsError(msg)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(str(certfile), str(keyfile))
    except (OSError, ssl.SSLError) as exc:
        msg = f"cannot load certfile {certfile} with keyfile {keyfile}: {exc}"
        raise SettingsError(msg) from None
    return context


class Receiver:
    """The webhook endpoint: checks the header, then the body, then puts the event on the queue."""

    def __init__(self, queue: asyncio.Queue[Any], secret: bytes) -> None:
        """Accept requests that carry ``secret``; put their events on ``queue``."""
        self.queue = queue
        self._secret = secret

    def authentic(self, request: web.Request) -> bool:
        """Tell whether the request carries the secret, compared in constant time."""
        given = request.headers.get(AUTH_HEADER, "").encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, self._secret)

    async def handle(self, request: web.Request) -> web.Response:
        """Answer one POST: 401, 400 or 200 (with one event on the queue)."""
        peer = request.remote or "unknown"
        if not self.authentic(request):
            reason = "a wrong" if AUTH_HEADER in request.headers else "no"
            LOGGER.warning("notifications: refused a request from %s to %s: %s %s header",
                           peer, request.path, reason, AUTH_HEADER)
            return web.json_response({"error": "unauthorized"}, status=401)
        try:
            event = notification_event(await request.read())
        except PayloadError as problem:
            LOGGER.warning("notifications: refused a request from %s: %s", peer, problem)
            return web.json_response({"error": str(problem)}, status=400)
        LOGGER.info("notifications: %s alert from %s",
                    event["cloudflare"]["alert_type"] or "an untyped", peer)
        await self.queue.put(event)
        return web.json_response({"accepted": True})


def _app(receiver: Receiver, max_body: int) -> web.Application:
    app = web.Application(client_max_size=max_body)
    app.router.add_route("POST", "/{path:.*}", receiver.handle)
    return app


async def main(queue: asyncio.Queue[Any], args: dict[str, Any]) -> None:
    """Receive Cloudflare Notifications webhooks and put one event per payload on ``queue``.

    Runs until cancelled. A bad option, or no secret, raises ``SettingsError`` before listening.
    """
    host = str(args.get("host") or DEFAULT_HOST)
    port = _port(args.get("port"))
    context = tls_context(args.get("certfile"), args.get("keyfile"))
    app = _app(Receiver(queue, _secret(args)), _max_body(args.get("max_body")))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, ssl_context=context)
        await site.start()
        LOGGER.info("notifications: listening on %s (%s)",
                    ", ".join(str(a) for a in runner.addresses), "HTTPS" if context else "HTTP")
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def _cli() -> None:
    """Print the events a quick run receives; the secret from CLOUDFLARE_WEBHOOK_SECRET."""
    parser = argparse.ArgumentParser(description="Print edgeops.cloudflare.notifications events.")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--certfile")
    parser.add_argument("--keyfile")
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    class PrintQueue(asyncio.Queue):
        """A queue that prints each event as one JSON line."""

        async def put(self, item: object) -> None:
            """Print the event."""
            sys.stdout.write(json.dumps(item, sort_keys=True) + "\n")
            sys.stdout.flush()

    try:
        asyncio.run(main(PrintQueue(), vars(options)))
    except KeyboardInterrupt:
        pass
    except SettingsError as problem:
        sys.exit(f"notifications: {problem}")


if __name__ == "__main__":
    _cli()
