# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Spectrum application resource (zone level), used by cf_spectrum_app.

Spectrum has no PATCH: an update is a PUT of the whole application, built from what the
API holds plus the fields the user set, so fields the user did not set keep their values.
"""

from __future__ import annotations

import copy

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _tutorial_rules
from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import host, strip_none
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field, Variants, fill_defaults
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import Resource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import LOAD_BALANCERS, SPECTRUM_APPS
from ansible_collections.edgeops.cloudflare.plugins.module_utils._spectrum_input import (
    canonical_port,
    check_combination,
    check_spectrum_params,
)

# Documented defaults of an app: what Cloudflare gives a field that is not sent (a read of an app created or
# replaced without them holds these). Only traffic_type is sent by default: the API requires it.
CREATE_DEFAULTS = {
    "tls": "off",
    "proxy_protocol": "off",
    "ip_firewall": False,
    "traffic_type": "direct",
    "argo_smart_routing": False,
}
# edge_ips comes in two kinds: dynamic {type, connectivity} (connectivity defaults to all) and static
# {type, ips}, which has no connectivity. An app created without edge_ips gets the dynamic default.
EDGE_IPS_DEFAULTS = Variants("type", {"dynamic": {"connectivity": "all"}}, common={"type": "dynamic"})
# The writable fields of an app: a PUT carries these and nothing else the API returned.
WRITABLE_FIELDS = ("protocol", "dns", "origin_dns", "origin_port", "origin_direct", "traffic_type", "tls",
                   "proxy_protocol", "ip_firewall", "argo_smart_routing", "edge_ips", "virtual_network_id")


def _normalise_port(value):
    canonical = canonical_port(value)
    return value if canonical is None else canonical


def _normalise_names(value):
    """dns / origin_dns compared with case-insensitive names; an empty origin_dns.type is no type."""
    if isinstance(value, dict):
        if isinstance(value.get("name"), str):
            value = dict(value, name=host(value["name"]))
        if "type" in value and value["type"] in ("", None) and set(value) != {"type"}:
            value = dict((k, v) for k, v in value.items() if k != "type")
    return value


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def _normalise_edge_ips(value):
    """Static edge IPs compare as a set."""
    if isinstance(value, dict) and isinstance(value.get("ips"), list):
        value = dict(value, ips=sorted(str(ip) for ip in value["ips"]))
    return value


class SpectrumAppResource(Resource):
    object_type = SPECTRUM_APPS
    result_key = "app"
    id_param = "app_id"
    key_param = "dns.name"
    key_field = "dns"
    update_method = "PUT"
    server_defaults = dict(CREATE_DEFAULTS, edge_ips=EDGE_IPS_DEFAULTS)
    fields = {
        "dns": Field("subset", normalize=_normalise_names),
        "origin_dns": Field("subset", normalize=_normalise_names),
        "origin_port": Field("scalar", normalize=_normalise_port),
        "origin_direct": Field("set"),
        "edge_ips": Field("subset", normalize=_normalise_edge_ips),
        # a UUID is the same in either case (a server may answer it lower-cased)
        "virtual_network_id": Field("scalar", normalize=_lower),
    }

    def __init__(self, conn):
        super(SpectrumAppResource, self).__init__(conn)
        self.origin_load_balancer = None
        self.planned = None

    # -- naming --------------------------------------------------------------------
    def key_value(self):
        dns = self.params.get("dns") or {}
        return host(dns.get("name")) or None

    def matches_key(self, obj, key):
        return host((obj.get("dns") or {}).get("name")) == key

    def describe(self, obj=None):
        obj = obj or {}
        name = (obj.get("dns") or {}).get("name") or self.key_value()
        protocol = obj.get("protocol") or self.params.get("protocol")
        object_id = obj.get("id") or self.params.get("app_id")
        text = self.kind
        if name:
            text += " %r" % name
        details = [d for d in (protocol, "id %s" % object_id if object_id else None) if d]
        if details:
            text += " (%s)" % ", ".join(details)
        return text

    # -- input checks (no API call) ------------------------------------------------
    # -- input checks (no API call) ------------------------------------------------
    def validate(self):
        check_spectrum_params(self.params)

    # -- desired state ---------------------------------------------------------------
    def desired(self):
        p = self.params
        want = {}
        for name in ("protocol", "origin_port", "origin_direct", "proxy_protocol", "tls", "ip_firewall",
                     "argo_smart_routing", "traffic_type", "virtual_network_id"):
            if p.get(name) is not None:
                want[name] = copy.deepcopy(p[name])
        for name in ("dns", "origin_dns", "edge_ips"):
            if p.get(name) is not None:
                value = strip_none(p[name])
                if value:
                    want[name] = value
        return want

    # -- finding: several apps may share one dns.name ---------------------------------
    def find_by_key(self, candidates):
        """Several apps may share one dns.name: ``protocol`` tells them apart."""
        protocol = self.params.get("protocol")
        if len(candidates) > 1 and protocol:
            candidates = [o for o in candidates if o.get("protocol") == protocol]
        if len(candidates) > 1:
            raise CloudflareError(
                "%d Spectrum applications in %s have dns.name %r (%s): set app_id to choose one%s."
                % (len(candidates), self.scope_text(), self.key_value(),
                   ", ".join("id %s, %s" % (o.get("id", "?"), o.get("protocol", "?")) for o in candidates),
                   "" if protocol else ", or protocol to tell them apart"))
        return candidates[0] if candidates else None

    def is_created_object(self, obj):
        """After a lost POST answer: the app holding this dns.name and protocol."""
        return super(SpectrumAppResource, self).is_created_object(obj) \
            and obj.get("protocol") == self.params.get("protocol")

    # -- writes ------------------------------------------------------------------------
    def create_body(self, desired):
        body = copy.deepcopy(desired)
        if "protocol" not in body:
            raise CloudflareError("protocol is required to create %s (for example tcp/22)." % self.describe())
        if "dns" not in body:
            raise CloudflareError("dns (with dns.name) is required to create a Spectrum application.")
        if "origin_dns" not in body and "origin_direct" not in body:
            raise CloudflareError("an origin is required to create %s: set origin_dns with origin_port, or "
                                  "origin_direct."
                                  % self.describe())
        dns = body["dns"]
        if "type" not in dns:
            dns["type"] = "ADDRESS" if (body.get("edge_ips") or {}).get("type") == "static" else "CNAME"
        # Only protocol, dns and traffic_type are required (2026 schema): what the user did not set is not sent,
        # but for traffic_type, which takes its documented default.
        body.setdefault("traffic_type", CREATE_DEFAULTS["traffic_type"])
        if "edge_ips" not in body:
            if dns["type"] == "ADDRESS":
                raise CloudflareError("edge_ips is required with dns.type ADDRESS: set edge_ips.type static with your "
                                      "own (BYOIP) ips.")
        else:
            body["edge_ips"] = fill_defaults(body["edge_ips"], EDGE_IPS_DEFAULTS)
        check_combination(body)
        self.planned = self.predicted(body)
        return body

    def predicted(self, body):
        """What is not sent takes Cloudflare's documented default."""
        return fill_defaults(body, self.server_defaults)

    def update_request(self, changes, desired, current):
        # Switching the kind of a nested value replaces it, and switching the origin form drops the
        # other form. ``changes`` is adjusted in place so that the diff shows what really changes.
        if "edge_ips" in changes:
            cur_edge = current.get("edge_ips") or {}
            if desired["edge_ips"].get("type") != cur_edge.get("type"):
                changes["edge_ips"] = fill_defaults(desired["edge_ips"], EDGE_IPS_DEFAULTS)
        if "origin_direct" in desired:
            for name in ("origin_dns", "origin_port"):
                if current.get(name) is not None:
                    changes[name] = None
        if "origin_dns" in desired and current.get("origin_direct") is not None:
            changes["origin_direct"] = None
        return "PUT", self.full_body(changes, desired, current)

    def full_body(self, changes, desired, current):
        body = dict((k, copy.deepcopy(v)) for k, v in current.items() if k in WRITABLE_FIELDS)
        body.update(copy.deepcopy(changes))
        body = strip_none(body)  # nulls the API holds (or a dropped origin form) are not sent
        # The app as it is, with the changes: a field neither set nor held by the app is left out (a PUT gives
        # it its default), but for traffic_type, which the API requires.
        body.setdefault("traffic_type", CREATE_DEFAULTS["traffic_type"])
        check_combination(body)
        self.planned = self.predicted(body)
        return body

    def before_write(self, action, desired, current):
        """The tutorial's rules (``_tutorial_rules``), read only when a write is about to be sent."""
        final = dict(current or {})
        final.update(desired)
        dns_name = (final.get("dns") or {}).get("name")
        if dns_name:
            _tutorial_rules.check_spectrum_hostname(dns_name, LOAD_BALANCERS.list(self.conn), self.scope_text())
        origin = None if "origin_direct" in desired else (final.get("origin_dns") or {}).get("name")
        if origin:
            lb = _tutorial_rules.check_spectrum_origin(origin, LOAD_BALANCERS.list(self.conn))
            if lb is not None:
                self.origin_load_balancer = {"id": lb.get("id"), "name": lb.get("name")}

    def finish(self, result):
        result["origin_load_balancer"] = self.origin_load_balancer
        result["zone_id"] = self.conn.zone_id
        if self.conn.check_mode and result.get("changed") and self.planned is not None \
                and result.get(self.result_key) is not None:
            # What the PUT would leave: the whole planned object (read-only fields kept).
            obj = copy.deepcopy(self.planned)
            current = result[self.result_key]
            for name in self.read_only:
                if isinstance(current, dict) and name in current:
                    obj[name] = current[name]
            result[self.result_key] = obj
        return super(SpectrumAppResource, self).finish(result)
