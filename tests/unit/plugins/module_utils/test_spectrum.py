# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Spectrum applications: input checks and parsing (_spectrum_input), the resource (_spectrum) against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _spectrum
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._spectrum import SpectrumAppResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._spectrum_input import (
    canonical_port,
    check_combination,
    check_spectrum_params,
    parse_port_span,
    port_count,
    protocol_span,
)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ZONE_ID

PATH = "/zones/%s/spectrum/apps" % ZONE_ID
APP = "ssh.example.com"
DEFAULTS = {"tls": "off", "proxy_protocol": "off", "ip_firewall": False, "traffic_type": "direct",
            "argo_smart_routing": False}


# -- parsing helpers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, span", [
    ("22", (22, 22)), ("1000-2000", (1000, 2000)), ("20-10", (20, 10)), ("65535", (65535, 65535)),
    ("0", None), ("65536", None), ("1-65536", None), ("a", None), ("22-", None), ("", None), ("123456", None)])
def test_parse_port_span(text, span):
    assert parse_port_span(text) == span


@pytest.mark.parametrize("protocol, span", [
    ("tcp/22", ("tcp", 22, 22)), ("udp/53", ("udp", 53, 53)), ("tcp/1000-2000", ("tcp", 1000, 2000)),
    ("tcp/2000-1000", None), ("tcp/0", None), ("tcp/65536", None), ("http/80", None), ("tcp", None),
    ("TCP/22", None), (None, None), (22, None)])
def test_protocol_span(protocol, span):
    assert protocol_span(protocol) == span


@pytest.mark.parametrize("value, port", [
    (22, 22), (65535, 65535), (0, None), (65536, None), (True, None), (False, None), (22.0, 22), (22.5, None),
    ("22", 22), (" 22 ", 22), ("22-22", 22), ("1000-1009", "1000-1009"), ("1009-1000", None), ("x", None),
    (None, None), ([22], None)])
def test_canonical_port(value, port):
    assert canonical_port(value) == port


@pytest.mark.parametrize("port, count", [(22, 1), ("1000-1009", 10), ("5-5", 1)])
def test_port_count(port, count):
    assert port_count(port) == count


# -- check_spectrum_params ------------------------------------------------------------------------------------
def base(**extra):
    params = {"dns": {"name": APP}, "protocol": "tcp/22", "origin_direct": ["tcp://192.0.2.1:22"]}
    params.update(extra)
    return params


REFUSED = [
    (base(app_id="7"), "app_id must be a 32-character lowercase hexadecimal id, got '7'."),
    (base(dns={"name": ""}), "dns.name is required in dns: the application's hostname, for example ssh.example.com."),
    (base(dns={"name": None, "type": "CNAME"}),
     "dns.name is required in dns: the application's hostname, for example ssh.example.com."),
    (base(dns={"name": "ssh"}), "dns.name must be a fully qualified hostname such as ssh.example.com, got 'ssh'."),
    (base(dns={"name": "ssh.example.org"}, zone="example.com"),
     "dns.name 'ssh.example.org' is not inside zone 'example.com': use the zone name itself or a hostname "
     "ending in '.example.com'."),
    (base(dns=None), "one of dns (with dns.name) or app_id is required to find the Spectrum application."),
    (base(protocol="http/80"), "protocol must be tcp/<port> or udp/<port>, or a range such as tcp/1000-2000, with "
                               "ports 1-65535 and start <= end; got 'http/80'."),
    (base(protocol="tcp/30-20"), "protocol must be tcp/<port> or udp/<port>, or a range such as tcp/1000-2000, with "
                                 "ports 1-65535 and start <= end; got 'tcp/30-20'."),
    (base(state="absent", protocol="tcp/0"), "protocol must be tcp/<port> or udp/<port>, or a range such as "
                                             "tcp/1000-2000, with ports 1-65535 and start <= end; got 'tcp/0'."),
    (base(origin_direct=None, origin_dns={"name": " "}, origin_port=22),
     "origin_dns.name is required in origin_dns: the hostname of the origin (or of a load balancer in the zone)."),
    (base(origin_direct=None, origin_dns={"name": "bad name"}, origin_port=22),
     "origin_dns.name must be a hostname such as origin.example.com, got 'bad name'."),
    (base(origin_direct=None, origin_dns={"name": "origin.example.com", "ttl": 599}, origin_port=22),
     "origin_dns.ttl must be at least 600 seconds, got 599."),
    (base(origin_direct=None, origin_dns={"name": "origin.example.com"}, origin_port="ssh"),
     "origin_port must be a port number 1-65535 or a range \"start-end\" with start <= end (for example 22 or "
     "\"1000-2000\"), got 'ssh'."),
    (base(origin_direct=None, origin_dns={"name": "origin.example.com"}, origin_port=0),
     "origin_port must be a port number 1-65535 or a range \"start-end\" with start <= end (for example 22 or "
     "\"1000-2000\"), got 0."),
    (base(origin_direct=None, origin_dns={"name": "origin.example.com"}, origin_port="30-20"),
     "origin_port must be a port number 1-65535 or a range \"start-end\" with start <= end (for example 22 or "
     "\"1000-2000\"), got '30-20'."),
    (base(origin_port=22), "origin_port is only valid together with origin_dns (with origin_direct, put the port in "
                           "each URI)."),
    (base(origin_direct=None, origin_dns={"name": "origin.example.com"}),
     "origin_dns needs origin_port: the port (or range) to connect to at the origin."),
    (base(protocol="tcp/1000-1002", origin_direct=None, origin_dns={"name": "origin.example.com"},
          origin_port="2000-2009"),
     "origin_port range '2000-2009' has 10 ports but protocol tcp/1000-1002 has 3: a range must contain as many "
     "ports as the protocol's range (or give a single port)."),
    (base(origin_dns={"name": "origin.example.com"}, origin_port=22),
     "origin_direct and origin_dns are mutually exclusive: give the origin either as origin_direct URIs or as "
     "origin_dns with origin_port."),
    (base(origin_direct=[]), "origin_direct must list at least one URI such as tcp://192.0.2.1:22."),
    (base(origin_direct=["192.0.2.1:22"]), "origin_direct entries must be URIs such as tcp://192.0.2.1:22 or "
                                           "udp://[2001:db8::1]:53, got '192.0.2.1:22'."),
    (base(origin_direct=["tcp://192.0.2.1:70000"]),
     "origin_direct entry 'tcp://192.0.2.1:70000': the port must be 1-65535."),
    (base(origin_direct=["tcp://[1:2:3]:22"]), "origin_direct entry 'tcp://[1:2:3]:22': [1:2:3] is not an IPv6 "
                                               "address."),
    (base(origin_direct=["tcp://bad_host:22"]),
     "origin_direct entry 'tcp://bad_host:22': 'bad_host' is not an IP address or hostname."),
    (base(protocol="tcp/53", origin_direct=["udp://192.0.2.1:53"]),
     "origin_direct entry 'udp://192.0.2.1:53' uses udp but protocol is tcp/53."),
    (base(proxy_protocol="v3"), "proxy_protocol must be one of off, v1, v2, simple (or false for off, true for v1), "
                                "got 'v3'."),
    (base(proxy_protocol=2), "proxy_protocol must be one of off, v1, v2, simple (or false for off, true for v1), "
                             "got 2."),
    (base(protocol="udp/53", origin_direct=["udp://192.0.2.1:53"], argo_smart_routing=True),
     "argo_smart_routing is only available for tcp applications, not protocol udp/53."),
    (base(argo_smart_routing=True, traffic_type="https"),
     "argo_smart_routing is only available with traffic_type direct, not https."),
    (base(protocol="udp/53", origin_direct=["udp://192.0.2.1:53"], ip_firewall=True),
     "ip_firewall (IP Access Rules) is only available for tcp applications, not protocol udp/53."),
    (base(edge_ips={"type": "dynamic", "ips": ["192.0.2.10"]}), "edge_ips.ips is only valid with edge_ips.type "
                                                                "static."),
    (base(dns={"name": APP, "type": "ADDRESS"}, edge_ips={"type": "dynamic"}),
     "edge_ips.type dynamic is only valid with dns.type CNAME; dns.type ADDRESS needs edge_ips.type static with your "
     "own (BYOIP) ips."),
    (base(edge_ips={"type": "static", "connectivity": "all", "ips": ["192.0.2.10"]}),
     "edge_ips.connectivity is only valid with edge_ips.type dynamic."),
    (base(edge_ips={"type": "static", "ips": []}),
     "edge_ips.ips must list at least one IP address when edge_ips.type is static."),
    (base(edge_ips={"type": "static", "ips": ["192.0.2.300"]}), "edge_ips.ips: '192.0.2.300' is not an IP address."),
    (base(dns={"name": APP, "type": "CNAME"}, edge_ips={"type": "static", "ips": ["192.0.2.10"]}),
     "edge_ips.type static is only valid with dns.type ADDRESS; dns.type CNAME uses edge_ips.type dynamic."),
]


@pytest.mark.parametrize("params, message", REFUSED, ids=[m[:90] for _p, m in REFUSED])
def test_check_spectrum_params_refuses_naming_the_option(params, message):
    with pytest.raises(CloudflareError) as info:
        check_spectrum_params(params)
    assert str(info.value) == message


ACCEPTED = [
    base(),
    base(dns={"name": "*.example.com"}, zone="example.com"),
    base(dns={"name": "example.com"}, zone="example.com."),
    {"dns": None, "app_id": "0123456789abcdef0123456789abcdef"},
    {"dns": {"name": APP}, "state": "absent"},
    {"dns": {"name": APP}, "state": "absent", "origin_direct": []},
    base(origin_direct=["tcp://[2001:db8::1]:22", "tcp://origin.example.com:22", "tcp://192.0.2.1:22"]),
    base(protocol="tcp/1000-1002", origin_direct=None, origin_dns={"name": "origin.example.com", "ttl": 600},
         origin_port="2000-2002"),
    base(protocol="tcp/1000-1002", origin_direct=None, origin_dns={"name": "origin.example.com"}, origin_port=2000),
    base(argo_smart_routing=True, ip_firewall=True, traffic_type="direct", tls="full"),
    base(protocol="udp/53", origin_direct=["udp://192.0.2.1:53"], argo_smart_routing=False, ip_firewall=False),
    base(dns={"name": APP, "type": "ADDRESS"}, edge_ips={"type": "static", "ips": ["192.0.2.10", "2001:db8::10"]}),
    base(edge_ips={"type": "dynamic", "connectivity": "ipv4"}),
    base(proxy_protocol="simple"),
]


@pytest.mark.parametrize("params", ACCEPTED)
def test_check_spectrum_params_accepts(params):
    check_spectrum_params(params)


@pytest.mark.parametrize("given, normalised", [(True, "v1"), (False, "off"), (" V2 ", "v2"), ("off", "off")])
def test_proxy_protocol_is_normalised(given, normalised):
    params = base(proxy_protocol=given)
    check_spectrum_params(params)
    assert params["proxy_protocol"] == normalised


def test_names_and_ports_are_normalised_in_place():
    params = base(dns={"name": " SSH.Example.com. "}, origin_direct=None,
                  origin_dns={"name": "Origin.Example.com."}, origin_port="22")
    check_spectrum_params(params)
    assert params["dns"] == {"name": APP}
    assert params["origin_dns"] == {"name": "origin.example.com"}
    assert params["origin_port"] == 22


# -- check_combination ---------------------------------------------------------------------------------------
COMBINATIONS_REFUSED = [
    ({"dns": {"type": "ADDRESS"}, "edge_ips": {"type": "dynamic"}},
     "edge_ips: dns.type ADDRESS needs edge_ips.type static with your own ips, but the application would have "
     "dynamic edge IPs. Set edge_ips."),
    ({"dns": {"type": "CNAME"}, "edge_ips": {"type": "static", "ips": ["192.0.2.1"]}},
     "edge_ips: dns.type CNAME needs edge_ips.type dynamic, but the application would have static edge IPs. Set "
     "edge_ips."),
    ({"protocol": "udp/53", "argo_smart_routing": True},
     "argo_smart_routing is only available for tcp applications, and the application would have protocol udp/53 "
     "with argo_smart_routing on. Set argo_smart_routing: false."),
    ({"protocol": "tcp/22", "argo_smart_routing": True, "traffic_type": "http"},
     "argo_smart_routing is only available with traffic_type direct. Set argo_smart_routing: false or traffic_type: "
     "direct."),
    ({"protocol": "tcp/22-24", "origin_port": "1000-1001"},
     "origin_port range '1000-1001' has 2 ports but protocol tcp/22-24 has 3: a range must contain as many ports as "
     "the protocol's range (or give a single port)."),
    ({"protocol": "tcp/53", "origin_direct": ["udp://192.0.2.1:53"]},
     "origin_direct entry 'udp://192.0.2.1:53' does not match protocol tcp/53: the URI scheme must be tcp://."),
]


@pytest.mark.parametrize("body, message", COMBINATIONS_REFUSED, ids=[m[:80] for _b, m in COMBINATIONS_REFUSED])
def test_check_combination_refuses(body, message):
    with pytest.raises(CloudflareError) as info:
        check_combination(body)
    assert str(info.value) == message


@pytest.mark.parametrize("body", [
    {},
    {"dns": {"type": "CNAME"}, "edge_ips": {"type": "dynamic"}, "protocol": "tcp/22", "argo_smart_routing": True},
    {"dns": {"type": "ADDRESS"}, "edge_ips": {"type": "static", "ips": ["192.0.2.1"]}},
    {"protocol": "tcp/22-24", "origin_port": "1000-1002"},
    {"protocol": "tcp/22-24", "origin_port": 1000},
    {"protocol": "udp/53", "origin_direct": ["udp://192.0.2.1:53"], "argo_smart_routing": False},
    {"origin_direct": ["udp://192.0.2.1:53"]},
])
def test_check_combination_accepts(body):
    check_combination(body)


def test_comparison_normalisers():
    assert _spectrum._normalise_port("22") == 22
    assert _spectrum._normalise_port("bad") == "bad"
    assert _spectrum._normalise_names({"name": "A.Example.com.", "type": ""}) == {"name": "a.example.com"}
    assert _spectrum._normalise_names({"type": ""}) == {"type": ""}
    assert _spectrum._normalise_names(None) is None
    assert _spectrum._normalise_edge_ips({"type": "static", "ips": ["192.0.2.2", "192.0.2.1"]}) == \
        {"type": "static", "ips": ["192.0.2.1", "192.0.2.2"]}


# -- the resource against the fake API --------------------------------------------------------------------------
def app_params(**extra):
    params = {"dns": {"name": APP}, "protocol": "tcp/22", "origin_dns": {"name": "origin.example.com"},
              "origin_port": 22}
    params.update(extra)
    return params


def run(connect, check_mode=False, **params):
    conn = connect(app_params(**params), scope="zone", check_mode=check_mode)
    return conn, SpectrumAppResource(conn).run()


def stored_app(api, **extra):
    fields = {"dns": {"type": "CNAME", "name": APP}, "protocol": "tcp/22",
              "origin_dns": {"name": "origin.example.com"}, "origin_port": 22}
    fields.update(extra)
    return api.add_spectrum_app(**fields)


def test_create_sends_what_is_set_and_the_required_fields_only(api, connect):
    _conn, result = run(connect)
    post, = api.writes
    assert (post.method, post.path) == ("POST", PATH)
    # protocol, dns and traffic_type are required (traffic_type takes its default); the rest is Cloudflare's
    assert post.body == dict(dns={"name": APP, "type": "CNAME"}, protocol="tcp/22", traffic_type="direct",
                             origin_dns={"name": "origin.example.com"}, origin_port=22)
    assert result["changed"] is True
    assert result["app"]["id"] in api.store["spectrum_apps"]
    assert result["origin_load_balancer"] is None


def test_create_with_static_edge_ips_is_an_address_app(api, connect):
    run(connect, edge_ips={"type": "static", "ips": ["192.0.2.10"]})
    body = api.writes[0].body
    assert body["dns"] == {"name": APP, "type": "ADDRESS"}
    assert body["edge_ips"] == {"type": "static", "ips": ["192.0.2.10"]}


@pytest.mark.parametrize("params, message", [
    ({"protocol": None}, "protocol is required to create Spectrum application 'ssh.example.com' (for example tcp/22)."),
    ({"origin_dns": None, "origin_port": None},
     "an origin is required to create Spectrum application 'ssh.example.com' (tcp/22): set origin_dns with "
     "origin_port, or origin_direct."),
    ({"dns": {"name": APP, "type": "ADDRESS"}},
     "edge_ips is required with dns.type ADDRESS: set edge_ips.type static with your own (BYOIP) ips."),
])
def test_create_needs(api, connect, params, message):
    with pytest.raises(CloudflareError) as info:
        run(connect, **params)
    assert str(info.value) == message
    assert api.writes == []


def test_create_body_needs_dns(connect):
    resource = SpectrumAppResource(connect({"app_id": "0123456789abcdef0123456789abcdef"}, scope="zone"))
    with pytest.raises(CloudflareError, match=r"^dns \(with dns\.name\) is required to create"):
        resource.create_body({"protocol": "tcp/22", "origin_direct": ["tcp://192.0.2.1:22"]})


def test_the_hostname_of_a_load_balancer_is_refused(api, connect):
    lb = api.add_load_balancer(name=APP)
    with pytest.raises(CloudflareError) as info:
        run(connect)
    assert str(info.value).startswith("dns.name 'ssh.example.com' is the hostname of load balancer 'ssh.example.com' "
                                      "(id %s) in zone %s: a Spectrum application must not use a load balancer's "
                                      "hostname." % (lb["id"], ZONE_ID))
    assert api.writes == []


def test_a_load_balancer_origin_with_custom_rules_is_refused(api, connect):
    lb = api.add_load_balancer(name="lb.example.com", rules=[{"name": "r", "condition": "true"}])
    with pytest.raises(CloudflareError) as info:
        run(connect, origin_dns={"name": "LB.example.com"})
    assert str(info.value).startswith("origin_dns.name 'lb.example.com' is load balancer 'lb.example.com' (id %s), "
                                      "which has 1 custom rule(s): load-balancing custom rules cannot be used with "
                                      "Spectrum." % lb["id"])
    assert api.writes == []


def test_a_load_balancer_origin_is_reported(api, connect):
    lb = api.add_load_balancer(name="lb.example.com", rules=[])
    _conn, result = run(connect, origin_dns={"name": "lb.example.com"})
    assert result["origin_load_balancer"] == {"id": lb["id"], "name": "lb.example.com"}
    assert len(api.calls("GET", "load_balancers$")) == 1  # one read for both rules


def test_an_app_as_the_api_holds_it_is_no_change(api, connect):
    stored_app(api, origin_dns={"name": "Origin.example.com", "type": ""})  # the server left the defaults out
    _conn, result = run(connect, tls="off", edge_ips={"type": "dynamic", "connectivity": "all"}, origin_port="22",
                        traffic_type="direct")
    assert result["changed"] is False
    assert result["origin_load_balancer"] is None
    assert api.writes == []
    assert api.calls("GET", "load_balancers") == []


def test_update_puts_the_writable_fields_only(api, connect):
    current = stored_app(api, dns={"type": "ADDRESS", "name": APP},
                         edge_ips={"type": "static", "ips": ["192.0.2.10"]}, tls="off",
                         modified_on="2026-01-02T00:00:00Z", unknown_read_only="x")
    _conn, result = run(connect, dns={"name": APP, "type": "ADDRESS"}, tls="full")
    put, = api.writes
    assert (put.method, put.path) == ("PUT", "%s/%s" % (PATH, current["id"]))
    # what the app holds, with the change; of what it does not hold, only the required traffic_type
    assert put.body == dict(tls="full", traffic_type="direct", dns={"type": "ADDRESS", "name": APP},
                            protocol="tcp/22", origin_dns={"name": "origin.example.com"}, origin_port=22,
                            edge_ips={"type": "static", "ips": ["192.0.2.10"]})
    assert result["diff"] == {"before": {"tls": "off"}, "after": {"tls": "full"}}


def test_an_update_sends_no_default_the_user_did_not_set(api, connect):
    # an app the server answers without its defaulted fields (a UDP app: no ip_firewall, no argo_smart_routing)
    current = stored_app(api, protocol="udp/53", origin_port=53, traffic_type="direct")
    run(connect, protocol="udp/53", origin_port=5353)
    put, = api.writes
    assert (put.method, put.path) == ("PUT", "%s/%s" % (PATH, current["id"]))
    assert put.body == {"dns": {"type": "CNAME", "name": APP}, "protocol": "udp/53", "traffic_type": "direct",
                        "origin_dns": {"name": "origin.example.com"}, "origin_port": 5353}


def test_switching_to_origin_direct_drops_the_origin_dns(api, connect):
    stored_app(api)
    _conn, result = run(connect, origin_dns=None, origin_port=None, origin_direct=["tcp://192.0.2.1:22"])
    body = api.writes[0].body
    assert body["origin_direct"] == ["tcp://192.0.2.1:22"]
    assert "origin_dns" not in body and "origin_port" not in body
    assert result["diff"]["after"] == {"origin_direct": ["tcp://192.0.2.1:22"], "origin_dns": None,
                                       "origin_port": None}


def test_switching_to_origin_dns_drops_origin_direct(api, connect):
    stored_app(api, origin_dns=None, origin_port=None, origin_direct=["tcp://192.0.2.1:22"])
    run(connect)
    body = api.writes[0].body
    assert "origin_direct" not in body
    assert body["origin_dns"] == {"name": "origin.example.com"}


def test_switching_edge_ips_kind_replaces_them(api, connect):
    stored_app(api, edge_ips={"type": "dynamic", "connectivity": "all"})
    _conn, result = run(connect, dns={"name": APP, "type": "ADDRESS"},
                        edge_ips={"type": "static", "ips": ["192.0.2.10"]})
    body = api.writes[0].body
    assert body["edge_ips"] == {"type": "static", "ips": ["192.0.2.10"]}
    assert body["dns"] == {"type": "ADDRESS", "name": APP}


def test_an_update_that_breaks_a_combination_is_refused(api, connect):
    stored_app(api, protocol="udp/53", origin_port=53)
    with pytest.raises(CloudflareError, match=r"^argo_smart_routing is only available for tcp applications"):
        run(connect, protocol=None, origin_port=53, argo_smart_routing=True)
    assert api.writes == []


def test_check_mode_update_returns_the_whole_planned_app(api, connect):
    current = stored_app(api, tls="off")
    _conn, result = run(connect, check_mode=True, tls="strict")
    assert api.writes == []
    assert result["app"] == dict(DEFAULTS, tls="strict", id=current["id"], created_on=current["created_on"],
                                 modified_on=current["modified_on"], dns={"type": "CNAME", "name": APP},
                                 protocol="tcp/22", origin_dns={"name": "origin.example.com"}, origin_port=22,
                                 edge_ips={"type": "dynamic", "connectivity": "all"})


def test_check_mode_create_returns_the_body(api, connect):
    _conn, result = run(connect, check_mode=True)
    assert api.writes == []
    assert result["app"]["dns"] == {"name": APP, "type": "CNAME"}
    assert result["diff"]["after"] == result["app"]


# -- finding among apps sharing a hostname ------------------------------------------------------------------------
def test_protocol_tells_apps_with_one_hostname_apart(api, connect):
    stored_app(api, protocol="tcp/23", origin_port=23)
    current = stored_app(api)
    _conn, result = run(connect)
    assert result["changed"] is False
    assert result["app"]["id"] == current["id"]


def test_apps_sharing_a_hostname_without_protocol_are_ambiguous(api, connect):
    first = stored_app(api, protocol="tcp/23")
    second = stored_app(api)
    with pytest.raises(CloudflareError) as info:
        run(connect, state="absent", protocol=None)
    assert str(info.value) == ("2 Spectrum applications in zone %s have dns.name 'ssh.example.com' (id %s, tcp/23, id "
                               "%s, tcp/22): set app_id to choose one, or protocol to tell them apart."
                               % (ZONE_ID, first["id"], second["id"]))


def test_apps_sharing_hostname_and_protocol_need_the_id(api, connect):
    stored_app(api)
    stored_app(api)
    with pytest.raises(CloudflareError, match=r"set app_id to choose one\.$"):
        run(connect)


def test_the_only_app_with_the_hostname_is_updated_to_a_new_protocol(api, connect):
    current = stored_app(api, protocol="tcp/23", origin_port=23)
    _conn, result = run(connect)
    put, = api.writes
    assert (put.method, put.path) == ("PUT", "%s/%s" % (PATH, current["id"]))
    assert result["diff"] == {"before": {"protocol": "tcp/23", "origin_port": 23},
                              "after": {"protocol": "tcp/22", "origin_port": 22}}


def test_a_new_protocol_among_several_apps_with_the_hostname_is_a_new_app(api, connect):
    stored_app(api, protocol="tcp/23", origin_port=23)
    stored_app(api, protocol="tcp/24", origin_port=24)
    _conn, result = run(connect)
    assert [r.method for r in api.writes] == ["POST"]
    assert len(api.all("spectrum_apps")) == 3


def test_a_lost_create_answer_adopts_the_app_with_this_protocol(api, connect):
    others = [stored_app(api, protocol="tcp/23", origin_port=23)["id"],
              stored_app(api, protocol="tcp/24", origin_port=24)["id"]]
    api.lose_answer("POST", "spectrum/apps$")
    _conn, result = run(connect)
    assert len(api.calls("POST")) == 1
    assert result["app"]["protocol"] == "tcp/22"
    assert result["app"]["id"] not in others
    assert len(api.all("spectrum_apps")) == 3


def test_delete(api, connect):
    current = stored_app(api)
    _conn, result = run(connect, state="absent")
    assert [(r.method, r.path) for r in api.writes] == [("DELETE", "%s/%s" % (PATH, current["id"]))]
    assert result["app"] is None
    assert result["origin_load_balancer"] is None


def test_describe(connect):
    resource = SpectrumAppResource(connect({"app_id": "0123456789abcdef0123456789abcdef"}, scope="zone"))
    assert resource.describe() == "Spectrum application (id 0123456789abcdef0123456789abcdef)"
    assert resource.describe({"dns": {"name": APP}, "protocol": "udp/53", "id": "x"}) == \
        "Spectrum application 'ssh.example.com' (udp/53, id x)"


# -- a token that cannot read Spectrum -------------------------------------------------------------------------
@pytest.mark.parametrize("state, check_mode", [("present", False), ("present", True), ("absent", False),
                                               ("absent", True)])
def test_an_unreadable_app_list_fails_in_every_state_naming_the_permission(api, connect, state, check_mode):
    stored_app(api)
    api.fail("GET", "spectrum/apps$", status=403, code=10000, message="Authentication error")
    with pytest.raises(CloudflareError, match=r"^Failed to list Spectrum applications in zone .*: HTTP 403, .*"
                                              r"needs an API token with Spectrum read permission"):
        run(connect, check_mode=check_mode, state=state)
    assert api.writes == []


def test_virtual_network_id_is_sent_compared_and_checked(api, connect):
    vnet = "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"
    run(connect, virtual_network_id=vnet)
    assert api.writes[0].body["virtual_network_id"] == vnet
    _conn, again = run(connect, virtual_network_id=vnet)
    assert again["changed"] is False and len(api.writes) == 1
    with pytest.raises(CloudflareError, match=r"^virtual_network_id must be a UUID"):
        run(connect, virtual_network_id="vnet-1")
    assert len(api.writes) == 1


def test_a_virtual_network_id_in_another_case_is_no_change(api, connect):
    vnet = "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"
    stored_app(api, virtual_network_id=vnet, traffic_type="direct")
    _conn, result = run(connect, virtual_network_id=vnet.upper())
    assert result["changed"] is False and api.writes == []
