"""Spectrum applications."""

import pytest


def test_app_defaults(api):
    app = api.app()
    assert len(app["id"]) <= 32
    assert app["tls"] == "off" and app["proxy_protocol"] == "off" and app["ip_firewall"] is False
    assert app["argo_smart_routing"] is False and app["traffic_type"] == "direct"
    assert app["edge_ips"] == {"type": "dynamic", "connectivity": "all"}
    assert app["origin_dns"] == {"name": "lb.example.com", "type": ""} and app["origin_port"] == 22
    assert "origin_direct" not in app
    assert api.ok("GET", f"/zones/{api.zone}/spectrum/apps/{app['id']}") == app


def test_origin_direct_form(api):
    app = api.ok(
        "POST", f"/zones/{api.zone}/spectrum/apps",
        {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
         "origin_direct": ["tcp://192.0.2.1:22"]})
    assert app["origin_direct"] == ["tcp://192.0.2.1:22"] and "origin_dns" not in app


@pytest.mark.parametrize("body", [
    {"origin_direct": ["tcp://192.0.2.1:22"], "origin_dns": {"name": "o.example.com"}, "origin_port": 22},
    {},
    {"origin_dns": {"name": "o.example.com"}},
    {"origin_port": 22},
    {"origin_dns": {"name": "o.example.com"}, "origin_port": "1000-1002"},
    {"origin_direct": ["not a uri"]},
])
def test_origin_configuration_invalid_11000(api, body):
    full = {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"}}
    full.update(body)
    resp = api.err("POST", f"/zones/{api.zone}/spectrum/apps", full, code=11000)
    assert resp["errors"][0]["message"] == "The origin configuration is invalid."


def test_port_range_must_match(api):
    app = api.app(protocol="tcp/1000-1002", origin_port="2000-2002")
    assert app["origin_port"] == "2000-2002"
    api.err("POST", f"/zones/{api.zone}/spectrum/apps",
            {"protocol": "tcp/1000-1002", "dns": {"type": "CNAME", "name": "r.example.com"},
             "origin_dns": {"name": "o.example.com"}, "origin_port": "2000-2005"}, code=11000)


@pytest.mark.parametrize("protocol", ["tcp", "sctp/22", "tcp/0", "tcp/70000", "tcp/30-20", "udp/abc"])
def test_bad_protocol_1002(api, protocol):
    msg = api.err("POST", f"/zones/{api.zone}/spectrum/apps",
                  {"protocol": protocol, "dns": {"type": "CNAME", "name": "s.example.com"},
                   "origin_direct": ["tcp://192.0.2.1:22"]})["errors"][0]["message"]
    assert "protocol" in msg


def test_dns_outside_zone_and_edge_ip_rules(api):
    api.err("POST", f"/zones/{api.zone}/spectrum/apps",
            {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.org"},
             "origin_direct": ["tcp://192.0.2.1:22"]})
    api.err("POST", f"/zones/{api.zone}/spectrum/apps",
            {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
             "edge_ips": {"type": "static", "ips": ["198.51.100.1"]}, "origin_direct": ["tcp://192.0.2.1:22"]})
    app = api.ok("POST", f"/zones/{api.zone}/spectrum/apps",
                  {"protocol": "tcp/22", "dns": {"type": "ADDRESS", "name": "ssh.example.com"},
                   "edge_ips": {"type": "static", "ips": ["198.51.100.1"]},
                   "origin_direct": ["tcp://192.0.2.1:22"]})
    assert app["edge_ips"] == {"type": "static", "ips": ["198.51.100.1"]}
    api.err("POST", f"/zones/{api.zone}/spectrum/apps",
            {"protocol": "tcp/22", "dns": {"type": "ADDRESS", "name": "ssh.example.com"},
             "edge_ips": {"type": "dynamic", "connectivity": "all"}, "origin_direct": ["tcp://192.0.2.1:22"]})


def test_schema_enum_violation(api):
    msg = api.err("POST", f"/zones/{api.zone}/spectrum/apps",
                  {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "s.example.com"}, "tls": "maybe",
                   "origin_direct": ["tcp://192.0.2.1:22"]})["errors"][0]["message"]
    assert msg.startswith("body.tls")


def test_put_replaces(api):
    app = api.app(tls="full", ip_firewall=True)
    put = api.ok("PUT", f"/zones/{api.zone}/spectrum/apps/{app['id']}",
                 {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
                  "origin_direct": ["tcp://192.0.2.9:22"]})
    assert put["tls"] == "off" and put["ip_firewall"] is False and "origin_dns" not in put
    assert put["created_on"] == app["created_on"]
    assert api.ok("DELETE", f"/zones/{api.zone}/spectrum/apps/{app['id']}") == {"id": app["id"]}
    api.err("GET", f"/zones/{api.zone}/spectrum/apps/{app['id']}", status=404, code=1001)


def test_spectrum_list_pagination(api):
    for i in range(5):
        api.app(dns={"type": "CNAME", "name": f"s{i}.example.com"}, protocol=f"tcp/{100 + i}")
    page1 = api.call("GET", f"/zones/{api.zone}/spectrum/apps?page=1&per_page=2").json()
    assert [a["dns"]["name"] for a in page1["result"]] == ["s0.example.com", "s1.example.com"]
    assert page1["result_info"] == {"page": 1, "per_page": 2, "count": 2, "total_count": 5, "total_pages": 3}
    page3 = api.call("GET", f"/zones/{api.zone}/spectrum/apps?page=3&per_page=2").json()
    assert page3["result_info"]["count"] == 1 and page3["result"][0]["dns"]["name"] == "s4.example.com"
    desc = api.call("GET", f"/zones/{api.zone}/spectrum/apps?page=1&per_page=5&order=protocol&direction=desc")
    assert [a["protocol"] for a in desc.json()["result"]][0] == "tcp/104"
    everything = api.call("GET", f"/zones/{api.zone}/spectrum/apps").json()
    assert len(everything["result"]) == 5 and everything["result_info"]["total_count"] == 5
    api.err("GET", f"/zones/{api.zone}/spectrum/apps?page=1&per_page=101")
    api.err("GET", f"/zones/{api.zone}/spectrum/apps?page=0")


# -- 2026: virtual_network_id and the relaxed required fields --------------------------------------------------

VNET = "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"


def test_virtual_network_id(api):
    app = api.app(virtual_network_id=VNET)
    assert app["virtual_network_id"] == VNET
    assert api.ok("GET", f"/zones/{api.zone}/spectrum/apps/{app['id']}") == app
    assert "virtual_network_id" not in api.app(dns={"type": "CNAME", "name": "other.example.com"})
    # a PUT without it has none
    put = api.ok("PUT", f"/zones/{api.zone}/spectrum/apps/{app['id']}",
                 {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
                  "origin_direct": ["tcp://10.0.0.5:22"]})
    assert "virtual_network_id" not in put
    msg = api.err("POST", f"/zones/{api.zone}/spectrum/apps",
                  {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "s.example.com"},
                   "origin_direct": ["tcp://10.0.0.5:22"], "virtual_network_id": "vnet-1"})["errors"][0]["message"]
    assert msg.startswith("body.virtual_network_id")


@pytest.mark.parametrize("traffic_type", [None, "direct"])
def test_only_protocol_and_dns_are_required(api, traffic_type):
    """The subset requires protocol and dns (and an origin form, 11000 otherwise); traffic_type, tls,
    ip_firewall and proxy_protocol read back with their defaults when not sent."""
    body = {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
            "origin_direct": ["tcp://192.0.2.1:22"]}
    if traffic_type:
        body["traffic_type"] = traffic_type
    app = api.ok("POST", f"/zones/{api.zone}/spectrum/apps", body)
    read_back = (app["traffic_type"], app["tls"], app["ip_firewall"], app["proxy_protocol"])
    assert read_back == ("direct", "off", False, "off")
    for missing in ("protocol", "dns"):
        msg = api.err("POST", f"/zones/{api.zone}/spectrum/apps",
                      {k: v for k, v in body.items() if k != missing})["errors"][0]["message"]
        assert f"'{missing}' is a required property" in msg
