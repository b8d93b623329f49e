# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A monitor preview, used by cf_lb_monitor_preview: settings tried against a monitor's pools, nothing saved.

Cloudflare runs a preview as health checks with the posted monitor settings against the origins of
every pool that uses the monitor (``POST .../monitors/{id}/preview``), and hands the result out later
(``GET .../preview/{preview_id}``): it is polled until it holds every pool the POST named, within
``wait_timeout`` seconds. The settings previewed are the monitor's own, with the options the user set
in their place, so a preview with no option tries the monitor as it is.
"""

from __future__ import annotations

import time

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    HTTP_MONITOR_OPTIONS,
    HTTP_MONITOR_TYPES,
    MONITOR_OPTIONS,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError, api_failure
from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import unhealthy_origins
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import MONITORS
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import (
    check_monitor_settings,
    hide_secret_headers,
    monitor_settings,
)

DEFAULT_WAIT_TIMEOUT = 60
# Seconds between two reads of the result: the first pause, doubled after each read up to the last.
POLL_FIRST = 1.0
POLL_MAX = 5.0
# Settings a monitor keeps whatever its type.
COMMON_SETTINGS = ("interval", "retries", "timeout", "consecutive_up", "consecutive_down")


def _is_set(value):
    return value is not None and value != "" and value != {} and value != []


def preview_body(current, settings):
    """The monitor settings to preview: ``current`` (the monitor as read) with ``settings`` in its place.

    What ``current`` holds is kept only where it still applies: its non-empty settings of its own type, or,
    when ``settings`` change the type, those every type has (and the HTTP ones between http and https).
    """
    current_type = current.get("type") or "http"
    new_type = settings.get("type") or current_type
    if new_type == current_type:
        keep = [k for k in MONITOR_OPTIONS if k != "type"]
    else:
        keep = list(COMMON_SETTINGS) + ["description"]
        if new_type in HTTP_MONITOR_TYPES and current_type in HTTP_MONITOR_TYPES:
            keep += list(HTTP_MONITOR_OPTIONS) + ["port", "method"]
    if new_type not in HTTP_MONITOR_TYPES:
        keep = [k for k in keep if k not in HTTP_MONITOR_OPTIONS]
        if new_type != "tcp":
            keep = [k for k in keep if k != "method"]
    body = {"type": new_type}
    body.update((k, current[k]) for k in keep if _is_set(current.get(k)))
    body.update(settings)
    return body


class MonitorPreview(object):
    """``run()`` posts the preview, waits for its result and returns the module result (never a change)."""

    def __init__(self, conn, clock=None, sleep=None):
        self.conn = conn
        self.params = conn.params
        self.clock = clock or time.monotonic
        self.sleep = sleep or time.sleep

    # -- input ---------------------------------------------------------------------
    def validate(self):
        p = self.params
        check_id(p, "monitor_id")
        if p.get("monitor_id") is None and not (p.get("description") or "").strip():
            raise CloudflareError("description must not be empty: it names the monitor to preview (or give "
                                  "monitor_id).")
        if p.get("wait_timeout") is not None and p["wait_timeout"] < 1:
            raise CloudflareError("wait_timeout must be at least 1 second, got %s." % p["wait_timeout"])
        hide_secret_headers(self.conn, p)  # first: a refusal below shows the options in its invocation
        check_monitor_settings(p)

    def settings(self):
        """The settings the user set (``description`` names the monitor here, it is not a setting to try)."""
        settings = monitor_settings(self.params)
        settings.pop("description", None)
        return settings

    # -- the monitor ---------------------------------------------------------------
    def find_monitor(self):
        p = self.params
        account = self.conn.account_id
        if p.get("monitor_id"):
            try:
                return self.conn.client.get(MONITORS.item_path(self.conn, p["monitor_id"]))
            except CloudflareAPIError as error:
                if error.not_found:
                    raise CloudflareError("monitor_id=%s does not exist in account %s." % (p["monitor_id"], account))
                raise api_failure("read", "monitor %s" % p["monitor_id"], error)
        found = [m for m in MONITORS.list(self.conn) if m.get("description") == p["description"]]
        if not found:
            raise CloudflareError("description: no monitor in account %s has the description %r."
                                  % (account, p["description"]))
        if len(found) > 1:
            raise CloudflareError("description: %d monitors in account %s have the description %r (ids %s): set "
                                  "monitor_id to choose one." % (len(found), account, p["description"],
                                                                 ", ".join(m.get("id", "?") for m in found)))
        return found[0]

    # -- the preview ---------------------------------------------------------------
    def post(self, monitor, body):
        what = "monitor %r (id %s)" % (monitor.get("description"), monitor["id"])
        path = MONITORS.item_path(self.conn, monitor["id"]) + "/preview"
        # A preview saves nothing: repeating the POST after a lost answer is harmless.
        answer = self.conn.call("preview", what, self.conn.client.request, "POST", path, body=body,
                                idempotent=True).get("result") or {}
        if not answer.get("preview_id"):
            raise CloudflareError("Cloudflare answered the preview of %s without a preview_id." % what)
        return answer["preview_id"], answer.get("pools") or {}

    def wait(self, preview_id, pools):
        """The preview's result, read until it holds every pool in ``pools``, within ``wait_timeout`` seconds."""
        timeout = self.params.get("wait_timeout") or DEFAULT_WAIT_TIMEOUT
        path = "/accounts/%s/load_balancers/preview/%s" % (self.conn.account_id, preview_id)
        deadline = self.clock() + timeout
        pause = POLL_FIRST
        while True:
            result = self.conn.call("read", "monitor preview %s" % preview_id, self.conn.client.get, path)
            if isinstance(result, dict) and all(pool_id in result for pool_id in pools):
                return result
            left = deadline - self.clock()
            if left <= 0:
                done = len([pool_id for pool_id in pools if isinstance(result, dict) and pool_id in result])
                raise CloudflareError("The monitor preview %s was not ready after %s seconds (wait_timeout): "
                                      "Cloudflare had results for %d of %d pools. Try again, or raise wait_timeout."
                                      % (preview_id, timeout, done, len(pools)), preview_id=preview_id)
            self.sleep(min(pause, left))
            pause = min(pause * 2, POLL_MAX)

    def run(self):
        self.validate()
        settings = self.settings()
        monitor = self.find_monitor()
        hide_secret_headers(self.conn, monitor)
        body = preview_body(monitor, settings)
        # The options again, now with the monitor's type and port where the user left them out: an HTTP-only
        # option on a tcp monitor is refused here, naming the option, rather than by Cloudflare.
        effective = dict(settings, type=body["type"])
        if "port" not in effective and body.get("port"):
            effective["port"] = body["port"]
        check_monitor_settings(effective)

        preview_id, pools = self.post(monitor, body)
        result = {"changed": False, "monitor_id": monitor["id"], "preview_id": preview_id, "settings": body,
                  "preview": {}, "unhealthy_origins": []}
        if not pools:
            self.conn.warn("No pool uses monitor %r (id %s): there was nothing to preview."
                           % (monitor.get("description"), monitor["id"]))
            return result
        checks = self.wait(preview_id, pools)
        for pool_id, check in checks.items():
            check = check if isinstance(check, dict) else {}
            result["preview"][pools.get(pool_id) or pool_id] = {
                "pool_id": pool_id, "healthy": check.get("healthy"), "origins": check.get("origins") or []}
        result["unhealthy_origins"] = unhealthy_origins(checks.values())
        return result
