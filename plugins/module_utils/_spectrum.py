# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Spectrum application resource (zone level), used by cf_spectrum_app.

Spectrum has no PATCH: an update is a PUT of the whole application, built from what the
API holds plus the fields the user set, so fields the user did not set keep their values.
"""

from __future__ import annotations

import copy
import ipaddress
import re

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _lookup
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import Field, Variants, fill_defaults
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import Resource, is_cf_id

PROTOCOL_RE = re.compile(r"^(tcp|udp)/([0-9]{1,5})(?:-([0-9]{1,5}))?$")
PORT_RE = re.compile(r"^([0-9]{1,5})(?:-([0-9]{1,5}))?$")
ORIGIN_DIRECT_RE = re.compile(r"^(tcp|udp)://(\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+):([0-9]{1,5})$")
LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)%s(?:\.%s)*$" % (LABEL, LABEL))

PROXY_PROTOCOLS = ("off", "v1", "v2", "simple")
MIN_ORIGIN_TTL = 600

# What Cloudflare uses for a Spectrum field that is not sent (its documented defaults). On create every
# field is sent explicitly, with these values for the ones the user did not set.
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
DEFAULT_EDGE_IPS = fill_defaults({}, EDGE_IPS_DEFAULTS)
# The writable fields of an app: a PUT carries these and nothing else the API returned.
WRITABLE_FIELDS = ("protocol", "dns", "origin_dns", "origin_port", "origin_direct", "traffic_type", "tls",
                   "proxy_protocol", "ip_firewall", "argo_smart_routing", "edge_ips", "virtual_network_id")


def host(name):
    """A hostname as compared: lower case, no trailing dot."""
    return name.rstrip(".").lower() if isinstance(name, str) else name


def is_hostname(name, allow_wildcard=False):
    if not isinstance(name, str):
        return False
    name = name.rstrip(".")
    if allow_wildcard and name.startswith("*."):
        name = name[2:]
    return bool(HOSTNAME_RE.match(name))


def parse_port_span(text):
    """``(start, end)`` from ``"N"`` or ``"N-M"``, or None when malformed or out of 1-65535."""
    match = PORT_RE.match(text)
    if not match:
        return None
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) is not None else start
    if not (1 <= start <= 65535 and 1 <= end <= 65535):
        return None
    return start, end


def protocol_span(protocol):
    """``(kind, start, end)`` of a valid protocol string, else None."""
    match = PROTOCOL_RE.match(protocol or "") if isinstance(protocol, str) else None
    if not match:
        return None
    start = int(match.group(2))
    end = int(match.group(3)) if match.group(3) is not None else start
    if not (1 <= start <= 65535 and 1 <= end <= 65535 and start <= end):
        return None
    return match.group(1), start, end


def canonical_port(value):
    """origin_port as compared and sent: an int for one port, ``"N-M"`` for a range (None if invalid)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 65535 else None
    if isinstance(value, float) and value.is_integer():
        return canonical_port(int(value))
    if isinstance(value, str):
        span = parse_port_span(value.strip())
        if span is None or span[0] > span[1]:
            return None
        return span[0] if span[0] == span[1] else "%d-%d" % span
    return None


def port_count(port):
    if isinstance(port, int):
        return 1
    start, end = port.split("-")
    return int(end) - int(start) + 1


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


def _normalise_edge_ips(value):
    """Static edge IPs compare as a set."""
    if isinstance(value, dict) and isinstance(value.get("ips"), list):
        value = dict(value, ips=sorted(str(ip) for ip in value["ips"]))
    return value


def _strip_none(value):
    if isinstance(value, dict):
        return dict((k, _strip_none(v)) for k, v in value.items() if v is not None)
    return value


class SpectrumAppResource(Resource):
    kind = "Spectrum application"
    result_key = "app"
    id_param = "app_id"
    key_param = "dns.name"
    key_field = "dns"
    list_paged = True
    list_per_page = 100
    update_method = "PUT"
    server_defaults = dict(CREATE_DEFAULTS, edge_ips=EDGE_IPS_DEFAULTS)
    fields = {
        "dns": Field("subset", normalize=_normalise_names),
        "origin_dns": Field("subset", normalize=_normalise_names),
        "origin_port": Field("scalar", normalize=_normalise_port),
        "origin_direct": Field("set"),
        "edge_ips": Field("subset", normalize=_normalise_edge_ips),
    }

    def __init__(self, cf):
        super(SpectrumAppResource, self).__init__(cf)
        self.origin_load_balancer = None
        self.planned = None

    def collection_path(self):
        return "/zones/%s/spectrum/apps" % self.cf.zone_id

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
    def validate(self):
        p = self.params
        fail = self.cf.fail
        if p.get("app_id") is not None and not is_cf_id(p["app_id"]):
            fail("app_id must be a 32-character lowercase hexadecimal id, got %r." % p["app_id"])

        dns = p.get("dns")
        if dns is not None:
            name = dns.get("name")
            if not isinstance(name, str) or not name.strip():
                fail("dns.name is required in dns: the application's hostname, for example ssh.example.com.")
            name = name.strip()
            if not is_hostname(name, allow_wildcard=True):
                fail("dns.name must be a hostname such as ssh.example.com, got %r." % name)
            zone = p.get("zone")
            if zone:
                zone_name = host(zone)
                if host(name) != zone_name and not host(name).endswith("." + zone_name):
                    fail("dns.name %r is not inside zone %r: use a hostname in the zone, such as ssh.%s."
                         % (name, zone_name, zone_name))
            dns["name"] = host(name)
        elif p.get("app_id") is None:
            fail("one of dns (with dns.name) or app_id is required to find the Spectrum application.")

        if p.get("state") == "absent":
            self._check_protocol()
            return

        kind_and_span = self._check_protocol()
        proto_kind = kind_and_span[0] if kind_and_span else None

        origin_dns = p.get("origin_dns")
        if origin_dns is not None:
            oname = origin_dns.get("name")
            if not isinstance(oname, str) or not oname.strip():
                fail("origin_dns.name is required in origin_dns: the hostname of the origin "
                     "(or of a load balancer in the zone).")
            if not is_hostname(oname.strip()):
                fail("origin_dns.name must be a hostname such as origin.example.com, got %r." % oname)
            origin_dns["name"] = host(oname.strip())
            ttl = origin_dns.get("ttl")
            if ttl is not None and ttl < MIN_ORIGIN_TTL:
                fail("origin_dns.ttl must be at least %d seconds, got %s." % (MIN_ORIGIN_TTL, ttl))

        if p.get("origin_port") is not None:
            raw = p["origin_port"]
            port = canonical_port(raw)
            if port is None:
                fail("origin_port must be a port number 1-65535 or a range \"start-end\" with "
                     "start <= end (for example 22 or \"1000-2000\"), got %r." % (raw,))
            p["origin_port"] = port
            if origin_dns is None:
                fail("origin_port is only valid together with origin_dns (with origin_direct, put the "
                     "port in each URI).")
        if origin_dns is not None and p.get("origin_port") is None:
            fail("origin_dns needs origin_port: the port (or range) to connect to at the origin.")
        if kind_and_span and p.get("origin_port") is not None:
            self._check_port_range(p["origin_port"], p["protocol"])

        if p.get("origin_direct") is not None:
            if origin_dns is not None:
                fail("origin_direct and origin_dns are mutually exclusive: give the origin either as "
                     "origin_direct URIs or as origin_dns with origin_port.")
            direct = p["origin_direct"]
            if not direct:
                fail("origin_direct must list at least one URI such as tcp://192.0.2.1:22.")
            for uri in direct:
                self._check_direct_uri(uri, proto_kind)

        if p.get("proxy_protocol") is not None:
            p["proxy_protocol"] = self._proxy_protocol(p["proxy_protocol"])

        if p.get("argo_smart_routing"):
            if proto_kind is not None and proto_kind != "tcp":
                fail("argo_smart_routing is only available for tcp applications, not protocol %s."
                     % p["protocol"])
            if p.get("traffic_type") not in (None, "direct"):
                fail("argo_smart_routing is only available with traffic_type direct, not %s."
                     % p["traffic_type"])
        if p.get("ip_firewall") and proto_kind is not None and proto_kind != "tcp":
            fail("ip_firewall (IP Access Rules) is only available for tcp applications, not protocol %s."
                 % p["protocol"])

        edge = p.get("edge_ips")
        if edge is not None:
            self._check_edge_ips(edge, (dns or {}).get("type"))

    def _check_protocol(self):
        protocol = self.params.get("protocol")
        if protocol is None:
            return None
        span = protocol_span(protocol)
        if span is None:
            self.cf.fail("protocol must be tcp/<port> or udp/<port>, or a range such as tcp/1000-2000, "
                         "with ports 1-65535 and start <= end; got %r." % protocol)
        return span

    def _check_port_range(self, port, protocol, option="origin_port"):
        span = protocol_span(protocol)
        if span is None or isinstance(port, int):
            return
        count = port_count(port)
        wanted = span[2] - span[1] + 1
        if count != wanted:
            self.cf.fail("%s range %r has %d ports but protocol %s has %d: a range must contain as many "
                         "ports as the protocol's range (or give a single port)."
                         % (option, port, count, protocol, wanted))

    def _check_direct_uri(self, uri, proto_kind):
        match = ORIGIN_DIRECT_RE.match(uri) if isinstance(uri, str) else None
        if not match:
            self.cf.fail("origin_direct entries must be URIs such as tcp://192.0.2.1:22 or "
                         "udp://[2001:db8::1]:53, got %r." % (uri,))
        scheme, address, port = match.group(1), match.group(2), int(match.group(3))
        if not 1 <= port <= 65535:
            self.cf.fail("origin_direct entry %r: the port must be 1-65535." % uri)
        if address.startswith("["):
            try:
                ipaddress.IPv6Address(address[1:-1])
            except ValueError:
                self.cf.fail("origin_direct entry %r: %s is not an IPv6 address." % (uri, address))
        elif not (is_hostname(address) or _is_ipv4(address)):
            self.cf.fail("origin_direct entry %r: %r is not an IP address or hostname." % (uri, address))
        if proto_kind is not None and scheme != proto_kind:
            self.cf.fail("origin_direct entry %r uses %s but protocol is %s." % (uri, scheme, self.params["protocol"]))

    def _proxy_protocol(self, value):
        if isinstance(value, bool):
            return "v1" if value else "off"
        if isinstance(value, str) and value.strip().lower() in PROXY_PROTOCOLS:
            return value.strip().lower()
        self.cf.fail("proxy_protocol must be one of %s (or false for off, true for v1), got %r."
                     % (", ".join(PROXY_PROTOCOLS), value))

    def _check_edge_ips(self, edge, dns_type):
        fail = self.cf.fail
        etype = edge.get("type")
        if etype == "dynamic":
            if edge.get("ips"):
                fail("edge_ips.ips is only valid with edge_ips.type static.")
            if dns_type == "ADDRESS":
                fail("edge_ips.type dynamic is only valid with dns.type CNAME; dns.type ADDRESS needs "
                     "edge_ips.type static with your own (BYOIP) ips.")
        else:
            if edge.get("connectivity") is not None:
                fail("edge_ips.connectivity is only valid with edge_ips.type dynamic.")
            ips = edge.get("ips")
            if not ips:
                fail("edge_ips.ips must list at least one IP address when edge_ips.type is static.")
            for ip in ips:
                try:
                    ipaddress.ip_address(ip)
                except ValueError:
                    fail("edge_ips.ips: %r is not an IP address." % (ip,))
            if dns_type == "CNAME":
                fail("edge_ips.type static is only valid with dns.type ADDRESS; dns.type CNAME uses "
                     "edge_ips.type dynamic.")

    # -- desired state ---------------------------------------------------------------
    def desired(self):
        p = self.params
        want = {}
        for name in ("protocol", "origin_port", "origin_direct", "proxy_protocol", "tls", "ip_firewall",
                     "argo_smart_routing", "traffic_type"):
            if p.get(name) is not None:
                want[name] = copy.deepcopy(p[name])
        for name in ("dns", "origin_dns", "edge_ips"):
            if p.get(name) is not None:
                value = _strip_none(p[name])
                if value:
                    want[name] = value
        return want

    # -- finding: several apps may share one dns.name ---------------------------------
    def list_all(self):
        return _lookup.list_spectrum_apps(self.cf)

    def find(self):
        if self.params.get("app_id"):
            return super(SpectrumAppResource, self).find()
        key = self.key_value()
        found = [o for o in self.list_all() if self.matches_key(o, key)]
        protocol = self.params.get("protocol")
        if len(found) > 1 and protocol:
            found = [o for o in found if o.get("protocol") == protocol]
        if len(found) > 1:
            self.cf.fail("%d Spectrum applications in %s have dns.name %r (%s): set app_id to choose one%s."
                         % (len(found), self.scope_text(), key,
                            ", ".join("id %s, %s" % (o.get("id", "?"), o.get("protocol", "?")) for o in found),
                            "" if protocol else ", or protocol to tell them apart"))
        return found[0] if found else None

    def _find_after_lost_create(self):
        """After a lost POST response: the app now holding dns.name and protocol, if exactly one."""
        key = self.key_value()
        try:
            items = self.client_list()
        except CloudflareAPIError:
            return None
        found = [o for o in items if self.matches_key(o, key)
                 and o.get("protocol") == self.params.get("protocol")]
        return found[0] if len(found) == 1 else None

    # -- writes ------------------------------------------------------------------------
    def create_body(self, desired):
        fail = self.cf.fail
        body = copy.deepcopy(desired)
        if "protocol" not in body:
            fail("protocol is required to create %s (for example tcp/22)." % self.describe())
        if "dns" not in body:
            fail("dns (with dns.name) is required to create a Spectrum application.")
        if "origin_dns" not in body and "origin_direct" not in body:
            fail("an origin is required to create %s: set origin_dns with origin_port, or origin_direct."
                 % self.describe())
        dns = body["dns"]
        if "type" not in dns:
            dns["type"] = "ADDRESS" if (body.get("edge_ips") or {}).get("type") == "static" else "CNAME"
        for name, value in CREATE_DEFAULTS.items():
            body.setdefault(name, value)
        if "edge_ips" not in body:
            if dns["type"] == "ADDRESS":
                fail("edge_ips is required with dns.type ADDRESS: set edge_ips.type static with your "
                     "own (BYOIP) ips.")
            body["edge_ips"] = dict(DEFAULT_EDGE_IPS)
        else:
            body["edge_ips"] = fill_defaults(body["edge_ips"], EDGE_IPS_DEFAULTS)
        self._check_combination(body)
        self.planned = body
        return body

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
        for name, value in CREATE_DEFAULTS.items():
            if body.get(name) is None:
                body[name] = value  # every field explicitly, as the full-app shape requires
        if not body.get("edge_ips") and (body.get("dns") or {}).get("type", "CNAME") == "CNAME":
            body["edge_ips"] = dict(DEFAULT_EDGE_IPS)
        body = _strip_none(body)  # nulls the API holds (or a dropped origin form) are not sent
        self._check_combination(body)
        self.planned = body
        return body

    def _check_combination(self, body):
        """Rules across fields, on the object that would be written (user's fields plus the API's)."""
        fail = self.cf.fail
        protocol = body.get("protocol")
        span = protocol_span(protocol)
        dns_type = (body.get("dns") or {}).get("type")
        edge_type = (body.get("edge_ips") or {}).get("type")
        if dns_type == "ADDRESS" and edge_type == "dynamic":
            fail("edge_ips: dns.type ADDRESS needs edge_ips.type static with your own ips, but the "
                 "application would have dynamic edge IPs. Set edge_ips.")
        if dns_type == "CNAME" and edge_type == "static":
            fail("edge_ips: dns.type CNAME needs edge_ips.type dynamic, but the application would have "
                 "static edge IPs. Set edge_ips.")
        if body.get("argo_smart_routing"):
            if span and span[0] != "tcp":
                fail("argo_smart_routing is only available for tcp applications, and the application "
                     "would have protocol %s with argo_smart_routing on. Set argo_smart_routing: false."
                     % protocol)
            if body.get("traffic_type", "direct") != "direct":
                fail("argo_smart_routing is only available with traffic_type direct. Set "
                     "argo_smart_routing: false or traffic_type: direct.")
        port = body.get("origin_port")
        if span and isinstance(port, str) and canonical_port(port) is not None:
            self._check_port_range(canonical_port(port), protocol)
        if span:
            for uri in body.get("origin_direct") or []:
                if isinstance(uri, str) and not uri.startswith(span[0] + "://"):
                    fail("origin_direct entry %r does not match protocol %s: the URI scheme must be %s://."
                         % (uri, protocol, span[0]))

    def check_write(self, action, desired, current):
        """The tutorial's rules, read only when a write is about to be sent."""
        final = dict(current or {})
        final.update(desired)
        dns_name = (final.get("dns") or {}).get("name")
        if dns_name:
            lb = _lookup.load_balancer_by_host(self.cf, dns_name)
            if lb is not None:
                self.cf.fail("dns.name %r is the hostname of load balancer %r (id %s) in %s: a Spectrum "
                             "application must not use a load balancer's hostname. Pick another dns.name "
                             "(the load balancer can be the origin, through origin_dns.name)."
                             % (dns_name, lb.get("name"), lb.get("id"), self.scope_text()))
        origin = None if "origin_direct" in desired else (final.get("origin_dns") or {}).get("name")
        if origin:
            lb = _lookup.load_balancer_by_host(self.cf, origin)
            if lb is not None:
                if lb.get("rules"):
                    self.cf.fail("origin_dns.name %r is load balancer %r (id %s), which has %d custom rule(s): "
                                 "load balancing custom rules cannot be used with Spectrum. Remove the rules "
                                 "from the load balancer or use another origin."
                                 % (origin, lb.get("name"), lb.get("id"), len(lb["rules"])))
                self.origin_load_balancer = {"id": lb.get("id"), "name": lb.get("name")}

    def finish(self, result):
        result["origin_load_balancer"] = self.origin_load_balancer
        if self.cf.check_mode and result.get("changed") and self.planned is not None \
                and result.get(self.result_key) is not None:
            # What the PUT would leave: the whole planned object (read-only fields kept).
            obj = copy.deepcopy(self.planned)
            current = result[self.result_key]
            for name in self.read_only:
                if isinstance(current, dict) and name in current:
                    obj[name] = current[name]
            result[self.result_key] = obj
        return super(SpectrumAppResource, self).finish(result)


def _is_ipv4(text):
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True
