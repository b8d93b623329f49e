# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_spectrum_app's input checks and value parsing: everything said about an app without the API.

:func:`check_spectrum_params` checks the options before any API call; :func:`check_combination`
checks the rules across fields on the whole object a write would leave (the user's fields plus
what the API holds). Protocols and ports are parsed here too.
"""

from __future__ import annotations

import re

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    SPECTRUM_PROXY_PROTOCOLS as PROXY_PROTOCOLS,
    check_hostname,
    host,
    is_hostname,
    is_ip,
    is_ipv4,
    is_ipv6,
    is_uuid,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import check_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError

PROTOCOL_RE = re.compile(r"^(tcp|udp)/([0-9]{1,5})(?:-([0-9]{1,5}))?\Z")
PORT_RE = re.compile(r"^([0-9]{1,5})(?:-([0-9]{1,5}))?\Z")
ORIGIN_DIRECT_RE = re.compile(r"^(tcp|udp)://(\[[0-9A-Fa-f:.]+\]|[^\s/:\[\]]+):([0-9]{1,5})\Z")
MIN_ORIGIN_TTL = 600


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


def check_spectrum_params(p):
    """Check cf_spectrum_app's options before any API call; normalises hostnames, ports and proxy_protocol in place.

    Raises :class:`CloudflareError` naming the option.
    """
    check_id(p, "app_id")
    if p.get("virtual_network_id") is not None and not is_uuid(p["virtual_network_id"]):
        raise CloudflareError("virtual_network_id must be a UUID such as a5624d4e-044a-4ff0-b3e1-e2465353d4b4, got %r."
                              % p["virtual_network_id"])

    dns = p.get("dns")
    if dns is not None:
        name = dns.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CloudflareError("dns.name is required in dns: the application's hostname, for example "
                                  "ssh.example.com.")
        dns["name"] = check_hostname(name.strip(), "dns.name", "ssh.example.com", p.get("zone"))
    elif p.get("app_id") is None:
        raise CloudflareError("one of dns (with dns.name) or app_id is required to find the Spectrum application.")

    if p.get("state") == "absent":
        _check_protocol(p)
        return

    kind_and_span = _check_protocol(p)
    proto_kind = kind_and_span[0] if kind_and_span else None

    origin_dns = p.get("origin_dns")
    if origin_dns is not None:
        oname = origin_dns.get("name")
        if not isinstance(oname, str) or not oname.strip():
            raise CloudflareError("origin_dns.name is required in origin_dns: the hostname of the origin (or of a load "
                                  "balancer in the zone).")
        if not is_hostname(oname.strip()):
            raise CloudflareError("origin_dns.name must be a hostname such as origin.example.com, got %r." % oname)
        origin_dns["name"] = host(oname.strip())
        ttl = origin_dns.get("ttl")
        if ttl is not None and ttl < MIN_ORIGIN_TTL:
            raise CloudflareError("origin_dns.ttl must be at least %d seconds, got %s." % (MIN_ORIGIN_TTL, ttl))

    if p.get("origin_port") is not None:
        raw = p["origin_port"]
        port = canonical_port(raw)
        if port is None:
            raise CloudflareError("origin_port must be a port number 1-65535 or a range \"start-end\" with start <= "
                                  "end (for example 22 or \"1000-2000\"), got %r." % (raw,))
        p["origin_port"] = port
        if origin_dns is None:
            raise CloudflareError("origin_port is only valid together with origin_dns (with origin_direct, put the "
                                  "port in each URI).")
    if origin_dns is not None and p.get("origin_port") is None:
        raise CloudflareError("origin_dns needs origin_port: the port (or range) to connect to at the origin.")
    if kind_and_span and p.get("origin_port") is not None:
        _check_port_range(p["origin_port"], p["protocol"])

    if p.get("origin_direct") is not None:
        if origin_dns is not None:
            raise CloudflareError("origin_direct and origin_dns are mutually exclusive: give the origin either as "
                                  "origin_direct URIs or as origin_dns with origin_port.")
        direct = p["origin_direct"]
        if not direct:
            raise CloudflareError("origin_direct must list at least one URI such as tcp://192.0.2.1:22.")
        for uri in direct:
            _check_direct_uri(uri, p.get("protocol"))

    if p.get("proxy_protocol") is not None:
        p["proxy_protocol"] = _proxy_protocol(p["proxy_protocol"])

    if p.get("argo_smart_routing"):
        if proto_kind is not None and proto_kind != "tcp":
            raise CloudflareError("argo_smart_routing is only available for tcp applications, not protocol %s."
                                  % p["protocol"])
        if p.get("traffic_type") not in (None, "direct"):
            raise CloudflareError("argo_smart_routing is only available with traffic_type direct, not %s."
                                  % p["traffic_type"])
    if p.get("ip_firewall") and proto_kind is not None and proto_kind != "tcp":
        raise CloudflareError("ip_firewall (IP Access Rules) is only available for tcp applications, not protocol %s."
                              % p["protocol"])

    edge = p.get("edge_ips")
    if edge is not None:
        _check_edge_ips(edge, (dns or {}).get("type"))


def _check_protocol(p):
    protocol = p.get("protocol")
    if protocol is None:
        return None
    span = protocol_span(protocol)
    if span is None:
        raise CloudflareError("protocol must be tcp/<port> or udp/<port>, or a range such as tcp/1000-2000, with ports "
                              "1-65535 and start <= end; got %r." % protocol)
    return span


def _check_port_range(port, protocol, option="origin_port"):
    span = protocol_span(protocol)
    if span is None or isinstance(port, int):
        return
    count = port_count(port)
    wanted = span[2] - span[1] + 1
    if count != wanted:
        raise CloudflareError("%s range %r has %d ports but protocol %s has %d: a range must contain as many ports as "
                              "the protocol's range (or give a single port)."
                              % (option, port, count, protocol, wanted))


def _check_direct_uri(uri, protocol):
    match = ORIGIN_DIRECT_RE.match(uri) if isinstance(uri, str) else None
    if not match:
        raise CloudflareError("origin_direct entries must be URIs such as tcp://192.0.2.1:22 or "
                              "udp://[2001:db8::1]:53, got %r." % (uri,))
    scheme, address, port = match.group(1), match.group(2), int(match.group(3))
    if not 1 <= port <= 65535:
        raise CloudflareError("origin_direct entry %r: the port must be 1-65535." % uri)
    if address.startswith("["):
        if not is_ipv6(address[1:-1]):
            raise CloudflareError("origin_direct entry %r: %s is not an IPv6 address." % (uri, address))
    elif not (is_hostname(address) or is_ipv4(address)):
        raise CloudflareError("origin_direct entry %r: %r is not an IP address or hostname." % (uri, address))
    span = protocol_span(protocol)
    if span is not None and scheme != span[0]:
        raise CloudflareError("origin_direct entry %r uses %s but protocol is %s." % (uri, scheme, protocol))


def _proxy_protocol(value):
    if isinstance(value, bool):
        return "v1" if value else "off"
    if isinstance(value, str) and value.strip().lower() in PROXY_PROTOCOLS:
        return value.strip().lower()
    raise CloudflareError("proxy_protocol must be one of %s (or false for off, true for v1), got %r."
                          % (", ".join(PROXY_PROTOCOLS), value))


def _check_edge_ips(edge, dns_type):
    etype = edge.get("type")
    if etype == "dynamic":
        if edge.get("ips"):
            raise CloudflareError("edge_ips.ips is only valid with edge_ips.type static.")
        if dns_type == "ADDRESS":
            raise CloudflareError("edge_ips.type dynamic is only valid with dns.type CNAME; dns.type ADDRESS needs "
                                  "edge_ips.type static with your own (BYOIP) ips.")
    else:
        if edge.get("connectivity") is not None:
            raise CloudflareError("edge_ips.connectivity is only valid with edge_ips.type dynamic.")
        ips = edge.get("ips")
        if not ips:
            raise CloudflareError("edge_ips.ips must list at least one IP address when edge_ips.type is static.")
        for ip in ips:
            if not is_ip(ip):
                raise CloudflareError("edge_ips.ips: %r is not an IP address." % (ip,))
        if dns_type == "CNAME":
            raise CloudflareError("edge_ips.type static is only valid with dns.type ADDRESS; dns.type CNAME uses "
                                  "edge_ips.type dynamic.")


def check_combination(body):
    """Rules across fields, on the object that would be written (user's fields plus the API's)."""
    protocol = body.get("protocol")
    span = protocol_span(protocol)
    dns_type = (body.get("dns") or {}).get("type")
    edge_type = (body.get("edge_ips") or {}).get("type")
    if dns_type == "ADDRESS" and edge_type == "dynamic":
        raise CloudflareError("edge_ips: dns.type ADDRESS needs edge_ips.type static with your own ips, but the "
                              "application would have dynamic edge IPs. Set edge_ips.")
    if dns_type == "CNAME" and edge_type == "static":
        raise CloudflareError("edge_ips: dns.type CNAME needs edge_ips.type dynamic, but the application would have "
                              "static edge IPs. Set edge_ips.")
    if body.get("argo_smart_routing"):
        if span and span[0] != "tcp":
            raise CloudflareError("argo_smart_routing is only available for tcp applications, and the application "
                                  "would have protocol %s with argo_smart_routing on. Set argo_smart_routing: false."
                                  % protocol)
        if body.get("traffic_type", "direct") != "direct":
            raise CloudflareError("argo_smart_routing is only available with traffic_type direct. Set "
                                  "argo_smart_routing: false or traffic_type: direct.")
    port = body.get("origin_port")
    if span and isinstance(port, str) and canonical_port(port) is not None:
        _check_port_range(canonical_port(port), protocol)
    if span:
        for uri in body.get("origin_direct") or []:
            if isinstance(uri, str) and not uri.startswith(span[0] + "://"):
                raise CloudflareError("origin_direct entry %r does not match protocol %s: the URI scheme must be "
                                      "%s://."
                                      % (uri, protocol, span[0]))
