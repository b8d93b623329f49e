# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Load Balancing monitor resource (account level), used by cf_lb_monitor."""

from __future__ import annotations

import re

from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field, Variants
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import Resource, is_cf_id

HTTP_TYPES = ("http", "https")
PORT_REQUIRED_TYPES = ("tcp", "udp_icmp", "smtp")
HTTP_ONLY_OPTIONS = ("path", "header", "expected_codes", "expected_body", "follow_redirects",
                     "allow_insecure", "probe_zone")
HTTP_METHODS = ("GET", "HEAD")
MONITOR_FIELDS = ("description", "type", "port", "interval", "retries", "timeout", "method", "path",
                  "header", "expected_codes", "expected_body", "follow_redirects", "allow_insecure",
                  "probe_zone", "consecutive_up", "consecutive_down")
EXPECTED_CODES_RE = re.compile(r"^[1-5](?:[0-9]{2}|xx)$")
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$")

RANGES = {
    "port": (0, 65535),
    "interval": (10, 3600),
    "timeout": (1, 10),
    "retries": (0, 5),
    "consecutive_up": (0, 1000),
    "consecutive_down": (0, 1000),
}


def check_range(cf, option, value, low, high, unit=""):
    if value is not None and not low <= value <= high:
        cf.fail("%s must be between %s and %s%s, got %s." % (option, low, high, unit, value))


class MonitorResource(Resource):
    kind = "monitor"
    result_key = "monitor"
    id_param = "monitor_id"
    key_param = "description"
    key_field = "description"
    fields = {"header": Field("exact")}
    # Cloudflare's documented monitor defaults, for servers that leave them out of a GET. The method's
    # default depends on the type (other types have none); the rest are held by monitors of every type.
    server_defaults = Variants("type", {"http": {"method": "GET"}, "https": {"method": "GET"},
                                        "tcp": {"method": "connection_established"}}, common={
        "description": "", "type": "http", "port": 0, "interval": 60, "retries": 2, "timeout": 5,
        "path": "/", "header": {}, "expected_body": "", "follow_redirects": False,
        "allow_insecure": False, "probe_zone": "", "consecutive_up": 0, "consecutive_down": 0})
    has_references = True

    def collection_path(self):
        return "/accounts/%s/load_balancers/monitors" % self.cf.account_id

    def validate(self):
        p = self.params
        cf = self.cf
        if p.get("monitor_id") is not None and not is_cf_id(p["monitor_id"]):
            cf.fail("monitor_id must be a 32-character lowercase hexadecimal id, got %r." % p["monitor_id"])
        if p.get("monitor_id") is None and not (p.get("description") or "").strip():
            cf.fail("description must not be empty: it names the monitor (or give monitor_id).")
        for option, (low, high) in RANGES.items():
            check_range(cf, option, p.get(option), low, high)
        if p.get("interval") is not None and p.get("timeout") is not None and p["timeout"] >= p["interval"]:
            cf.fail("timeout (%s) must be less than interval (%s)." % (p["timeout"], p["interval"]))
        if p.get("state") == "absent":
            return
        mtype = p.get("type") or "http"
        type_text = "type=%s%s" % (mtype, "" if p.get("type") else " (the default)")
        if mtype not in HTTP_TYPES:
            for option in HTTP_ONLY_OPTIONS:
                if p.get(option) is not None:
                    cf.fail("%s is only valid for http and https monitors, not %s." % (option, type_text))
        if mtype in PORT_REQUIRED_TYPES and not p.get("port"):
            cf.fail("port is required for %s monitors (1-65535)." % mtype)
        method = p.get("method")
        if method is not None:
            if mtype in HTTP_TYPES and method not in HTTP_METHODS:
                cf.fail("method must be one of %s for %s monitors, got %r."
                        % (", ".join(HTTP_METHODS), type_text, method))
            if mtype == "tcp" and method != "connection_established":
                cf.fail("method must be connection_established for tcp monitors, got %r." % method)
            if mtype not in HTTP_TYPES + ("tcp",):
                cf.fail("method is not used by %s monitors; remove it." % mtype)
        if p.get("path") is not None and not p["path"].startswith("/"):
            cf.fail("path must start with '/', got %r." % p["path"])
        if p.get("expected_codes") is not None and not EXPECTED_CODES_RE.match(p["expected_codes"]):
            cf.fail("expected_codes must be a status code such as 200 or a range such as 2xx, got %r."
                    % p["expected_codes"])
        if p.get("probe_zone") is not None and not HOSTNAME_RE.match(p["probe_zone"]):
            cf.fail("probe_zone must be a zone name such as example.com, got %r." % p["probe_zone"])
        if p.get("allow_insecure") and mtype != "https":
            cf.fail("allow_insecure only applies to https monitors, not %s." % type_text)
        if p.get("header") is not None:
            p["header"] = self._normalise_header(p["header"])

    def _normalise_header(self, header):
        normalised = {}
        for name, values in header.items():
            if not isinstance(name, str) or not name.strip():
                self.cf.fail("header names must be non-empty strings.")
            if name.lower() == "user-agent":
                self.cf.fail("header cannot set User-Agent: Cloudflare does not allow overriding it.")
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                self.cf.fail("header %r must be a string or a non-empty list of strings, got %r." % (name, values))
            normalised[name] = values
        return normalised

    def desired(self):
        return dict((k, self.params[k]) for k in MONITOR_FIELDS if self.params.get(k) is not None)

    def create_body(self, desired):
        body = dict(desired)
        if (body.get("type") or "http") in HTTP_TYPES:
            body.setdefault("expected_codes", "200")  # required on writes by the 2024 schema
        return body

    def update_request(self, changes, desired, current):
        new_type = desired.get("type") or current.get("type") or "http"
        if "type" in changes:
            # A new type changes which fields are valid: replace the monitor, keeping the current
            # settings that still apply (the description above all, the monitor's name).
            keep = ("description", "interval", "retries", "timeout", "consecutive_up", "consecutive_down")
            if new_type in HTTP_TYPES and current.get("type") in HTTP_TYPES:
                keep += HTTP_ONLY_OPTIONS + ("port", "method")
            body = dict((k, current[k]) for k in keep if current.get(k) is not None)
            body.update(desired)
            if new_type in HTTP_TYPES:
                body.setdefault("expected_codes", current.get("expected_codes") or "200")
            return "PUT", body
        body = dict(changes)
        if new_type in HTTP_TYPES and "expected_codes" not in body:
            body["expected_codes"] = current.get("expected_codes") or "200"  # required on PATCH by the 2024 schema
        return "PATCH", body
