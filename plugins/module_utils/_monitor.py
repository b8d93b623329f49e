# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Load Balancing monitor resource (account level), used by cf_lb_monitor."""

from __future__ import annotations

import re

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    HTTP_MONITOR_METHODS,
    HTTP_MONITOR_OPTIONS,
    HTTP_MONITOR_TYPES,
    MONITOR_OPTIONS,
    MONITOR_TYPES,
    PORT_MONITOR_TYPES,
    TCP_MONITOR_METHOD,
    is_hostname,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field, Variants
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import Resource, check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import MONITORS

# A header whose name says it carries credentials (Authorization, Cookie, X-Api-Key, X-Auth-Token, ...): its values
# are masked in every module result, diff and message (see :func:`hide_secret_headers`), and an export moves them
# to the secrets file.
SECRET_HEADER_RE = re.compile(r"auth|cookie|token|key|secret|password", re.I)
# Shorter values are not masked: Ansible masks a value wherever it occurs in the output, and a two- or three-letter
# value ("on", "yes") would blot out parts of every message; no credential is that short.
SECRET_MIN_LENGTH = 4

EXPECTED_CODES_RE = re.compile(r"^[1-5](?:[0-9]{2}|xx)\Z")

RANGES = {
    "port": (0, 65535),
    "interval": (10, 3600),
    "timeout": (1, 10),
    "retries": (0, 5),
    "consecutive_up": (0, 1000),
    "consecutive_down": (0, 1000),
}


def monitor_settings_argument_spec():
    """The argument spec of a monitor's settings: every monitor option but ``description``, which names the monitor.

    cf_lb_monitor and cf_lb_monitor_preview both take these (documented once, in the ``monitor`` doc fragment).
    """
    return dict(
        type=dict(type="str", choices=list(MONITOR_TYPES)),
        port=dict(type="int"),
        interval=dict(type="int"),
        retries=dict(type="int"),
        timeout=dict(type="int"),
        method=dict(type="str"),
        path=dict(type="str"),
        header=dict(type="dict"),
        expected_codes=dict(type="str"),
        expected_body=dict(type="str"),
        follow_redirects=dict(type="bool"),
        allow_insecure=dict(type="bool"),
        probe_zone=dict(type="str"),
        consecutive_up=dict(type="int"),
        consecutive_down=dict(type="int"),
    )


def check_monitor_settings(p):
    """Check a monitor's settings (cf_lb_monitor's options) before any API call; normalises ``header`` in place.

    Raises :class:`CloudflareError` naming the option. Shared by every module that takes monitor settings.
    """
    for option, (low, high) in RANGES.items():
        value = p.get(option)
        if value is not None and not low <= value <= high:
            raise CloudflareError("%s must be between %s and %s, got %s." % (option, low, high, value))
    if p.get("interval") is not None and p.get("timeout") is not None and p["timeout"] >= p["interval"]:
        raise CloudflareError("timeout (%s) must be less than interval (%s)." % (p["timeout"], p["interval"]))
    if p.get("state") == "absent":
        return
    mtype = p.get("type") or "http"
    type_text = "type=%s%s" % (mtype, "" if p.get("type") else " (the default)")
    if mtype not in HTTP_MONITOR_TYPES:
        for option in HTTP_MONITOR_OPTIONS:
            if p.get(option) is not None:
                raise CloudflareError("%s is only valid for http and https monitors, not %s." % (option, type_text))
    if mtype in PORT_MONITOR_TYPES and not p.get("port"):
        raise CloudflareError("port is required for %s monitors (1-65535)." % mtype)
    method = p.get("method")
    if method is not None:
        if mtype in HTTP_MONITOR_TYPES and method not in HTTP_MONITOR_METHODS:
            raise CloudflareError("method must be one of %s for %s monitors, got %r."
                                  % (", ".join(HTTP_MONITOR_METHODS), type_text, method))
        if mtype == "tcp" and method != TCP_MONITOR_METHOD:
            raise CloudflareError("method must be %s for tcp monitors, got %r." % (TCP_MONITOR_METHOD, method))
        if mtype not in HTTP_MONITOR_TYPES + ("tcp",):
            raise CloudflareError("method is not used by %s monitors; remove it." % mtype)
    if p.get("path") is not None and not p["path"].startswith("/"):
        raise CloudflareError("path must start with '/', got %r." % p["path"])
    if p.get("expected_codes") is not None and not EXPECTED_CODES_RE.match(p["expected_codes"]):
        raise CloudflareError("expected_codes must be a status code such as 200 or a range such as 2xx, got %r."
                              % p["expected_codes"])
    if p.get("probe_zone") is not None and not is_hostname(p["probe_zone"]):
        raise CloudflareError("probe_zone must be a zone name such as example.com, got %r." % p["probe_zone"])
    if p.get("allow_insecure") and mtype != "https":
        raise CloudflareError("allow_insecure only applies to https monitors, not %s." % type_text)
    if p.get("header") is not None:
        p["header"] = normalise_header(p["header"])


def normalise_header(header):
    """A monitor's HTTP headers as the API holds them: each name maps to a non-empty list of strings."""
    normalised = {}
    for name, values in header.items():
        if not isinstance(name, str) or not name.strip():
            raise CloudflareError("header names must be non-empty strings.")
        if name.lower() == "user-agent":
            raise CloudflareError("header cannot set User-Agent: Cloudflare does not allow overriding it.")
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            # a credential header's value is described, not quoted
            raise CloudflareError("header %r must be a string or a non-empty list of strings, got %s."
                                  % (name, _shape(values) if SECRET_HEADER_RE.search(name) else repr(values)))
        normalised[name] = values
    return normalised


def _shape(value):
    if isinstance(value, list):
        return "an empty list" if not value else "a list holding %s" % ", ".join(
            sorted(set(type(v).__name__ for v in value)))
    return "a value of type %s" % type(value).__name__


def secret_header_values(header):
    """The values of ``header`` (a monitor's ``header`` mapping) under names that carry credentials."""
    if not isinstance(header, dict):
        return []
    values = []
    for name, items in header.items():
        if isinstance(name, str) and SECRET_HEADER_RE.search(name):
            for value in items if isinstance(items, list) else [items]:
                # a number given by mistake is a secret too (and Ansible masks numbers by their text)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    value = str(value)
                if isinstance(value, str) and len(value.strip()) >= SECRET_MIN_LENGTH:
                    values.append(value)
    return values


def hide_secret_headers(conn, monitor):
    """Have the module mask the credential header values of ``monitor`` (options or an object as read)."""
    if isinstance(monitor, dict):
        conn.hide(secret_header_values(monitor.get("header")))


def header_names(header):
    """A monitor's headers as compared: names are not case-sensitive (a read-back of ``host`` is ``Host``)."""
    if not isinstance(header, dict):
        return header
    return dict((str(k).lower(), v) for k, v in header.items())


def monitor_settings(params):
    """The monitor settings the user set, in API shape."""
    return dict((k, params[k]) for k in MONITOR_OPTIONS if params.get(k) is not None)


class MonitorResource(Resource):
    object_type = MONITORS
    result_key = "monitor"
    id_param = "monitor_id"
    key_param = "description"
    key_field = "description"
    fields = {"header": Field("exact", normalize=header_names)}
    # Cloudflare's documented monitor defaults, for servers that leave them out of a GET. The method's
    # default depends on the type (other types have none); the rest are held by monitors of every type.
    server_defaults = Variants("type", {"http": {"method": "GET"}, "https": {"method": "GET"},
                                        "tcp": {"method": TCP_MONITOR_METHOD}}, common={
        "description": "", "type": "http", "port": 0, "interval": 60, "retries": 2, "timeout": 5,
        "path": "/", "header": {}, "expected_body": "", "follow_redirects": False,
        "allow_insecure": False, "probe_zone": "", "consecutive_up": 0, "consecutive_down": 0})
    has_references = True
    converge_after_create = True  # monitors can share a description; several runs may create one at once

    def validate(self):
        p = self.params
        check_id(p, "monitor_id")
        if p.get("monitor_id") is None and not (p.get("description") or "").strip():
            raise CloudflareError("description must not be empty: it names the monitor (or give monitor_id).")
        hide_secret_headers(self.conn, p)  # first: a refusal below shows the options in its invocation
        check_monitor_settings(p)

    def find(self):
        current = super(MonitorResource, self).find()
        hide_secret_headers(self.conn, current)
        return current

    def desired(self):
        return monitor_settings(self.params)

    def create_body(self, desired):
        body = dict(desired)
        if (body.get("type") or "http") in HTTP_MONITOR_TYPES:
            body.setdefault("expected_codes", "200")  # required on writes by the 2024 schema
        return body

    def update_request(self, changes, desired, current):
        new_type = desired.get("type") or current.get("type") or "http"
        if "type" in changes:
            # A new type changes which fields are valid: replace the monitor, keeping the current
            # settings that still apply (the description above all, the monitor's name).
            keep = ("description", "interval", "retries", "timeout", "consecutive_up", "consecutive_down")
            if new_type in HTTP_MONITOR_TYPES and current.get("type") in HTTP_MONITOR_TYPES:
                keep += HTTP_MONITOR_OPTIONS + ("port", "method")
            body = dict((k, current[k]) for k in keep if current.get(k) is not None)
            body.update(desired)
            if new_type in HTTP_MONITOR_TYPES:
                body.setdefault("expected_codes", current.get("expected_codes") or "200")
            return "PUT", body
        body = dict(changes)
        if new_type in HTTP_MONITOR_TYPES and "expected_codes" not in body:
            body["expected_codes"] = current.get("expected_codes") or "200"  # required on PATCH by the 2024 schema
        return "PATCH", body
