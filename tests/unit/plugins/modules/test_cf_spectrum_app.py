# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_spectrum_app's main() against the fake API: the JSON it prints."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.modules import cf_spectrum_app
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import TOKEN, ZONE_ID, ZONE_NAME

PATH = "/zones/%s/spectrum/apps" % ZONE_ID
APP = "spectrum-cname.example.com"


DROP = object()


def args(**extra):
    """The tutorial's application (proxy_protocol as a boolean, the load balancer as origin); DROP leaves an option
    out."""
    full = {"zone_id": ZONE_ID, "dns": {"name": APP}, "protocol": "tcp/22", "proxy_protocol": False,
            "origin_dns": {"name": "lb.example.com", "ttl": 1200}, "origin_port": 22, "ip_firewall": False,
            "tls": "off"}
    full.update(extra)
    return dict((k, v) for k, v in full.items() if v is not DROP)


@pytest.fixture
def lb(api):
    return api.add_load_balancer(name="lb.example.com", default_pools=["0" * 32], fallback_pool="0" * 32)


def test_create_reports_the_load_balancer_origin(run_module, api, lb):
    run = run_module(cf_spectrum_app.main, args())
    assert run.code == 0, run
    assert run.result["changed"] is True
    assert run.result["origin_load_balancer"] == {"id": lb["id"], "name": "lb.example.com"}
    post, = api.writes
    assert (post.method, post.path) == ("POST", PATH)
    # what the task sets (proxy_protocol false is sent as "off"), and the required traffic_type
    assert post.body == {"dns": {"name": APP, "type": "CNAME"}, "protocol": "tcp/22", "proxy_protocol": "off",
                         "origin_dns": {"name": "lb.example.com", "ttl": 1200}, "origin_port": 22,
                         "ip_firewall": False, "tls": "off", "traffic_type": "direct"}
    assert run.result["app"] == api.get("spectrum_apps", run.result["app"]["id"])


def test_rerun_changes_nothing(run_module, api, lb):
    run_module(cf_spectrum_app.main, args())
    second = run_module(cf_spectrum_app.main, args(proxy_protocol="off", origin_port="22"))
    assert second.result["changed"] is False
    assert second.result["origin_load_balancer"] is None  # the load balancers are read only before a write
    assert len(api.writes) == 1


def test_update_puts_the_whole_app(run_module, api, lb):
    first = run_module(cf_spectrum_app.main, args())
    run = run_module(cf_spectrum_app.main, args(tls="full"))
    put = api.writes[-1]
    assert (put.method, put.path) == ("PUT", "%s/%s" % (PATH, first.result["app"]["id"]))
    assert put.body["tls"] == "full"
    assert put.body["traffic_type"] == "direct"
    # not set by the task and not held by the app (this fake API stores what was sent): left to the API
    assert "edge_ips" not in put.body
    assert "id" not in put.body and "created_on" not in put.body
    assert run.result["diff"] == {"before": {"tls": "off"}, "after": {"tls": "full"}}


def test_check_mode_sends_no_write(run_module, api, lb):
    run = run_module(cf_spectrum_app.main, args(), check_mode=True)
    assert run.code == 0
    assert run.result["changed"] is True
    assert run.result["app"]["dns"] == {"name": APP, "type": "CNAME"}
    assert run.result["origin_load_balancer"] == {"id": lb["id"], "name": "lb.example.com"}
    assert api.writes == []


def test_the_hostname_of_a_load_balancer_is_refused(run_module, api, lb):
    run = run_module(cf_spectrum_app.main, args(dns={"name": "lb.example.com"}))
    assert run.failed
    assert run.result["msg"].startswith("dns.name 'lb.example.com' is the hostname of load balancer 'lb.example.com'")
    assert api.writes == []


def test_a_load_balancer_origin_with_rules_is_refused(run_module, api):
    api.add_load_balancer(name="lb.example.com", rules=[{"name": "r", "condition": "true"}])
    run = run_module(cf_spectrum_app.main, args())
    assert run.failed
    assert "load-balancing custom rules cannot be used with Spectrum" in run.result["msg"]
    assert api.writes == []


def test_api_failure_carries_status_and_cloudflare_errors(run_module, api, lb):
    api.fail("POST", "spectrum/apps$", status=400, code=11000, message="spectrum: protocol not allowed on plan")
    run = run_module(cf_spectrum_app.main, args())
    assert run.failed
    assert run.result["msg"] == ("Failed to create Spectrum application 'spectrum-cname.example.com' (tcp/22): HTTP "
                                 "400, Cloudflare errors: [11000] spectrum: protocol not allowed on plan")
    assert run.result["http_status"] == 400
    assert run.result["cloudflare_errors"] == [{"code": 11000, "message": "spectrum: protocol not allowed on plan"}]
    assert run.result["request"] == "POST %s" % PATH


def test_delete(run_module, api):
    current = api.add_spectrum_app(dns={"type": "CNAME", "name": APP}, protocol="tcp/22")
    run = run_module(cf_spectrum_app.main, {"zone": ZONE_NAME, "dns": {"name": APP}, "state": "absent"})
    assert run.result["changed"] is True
    assert run.result["app"] is None
    assert [(r.method, r.path) for r in api.writes] == [("DELETE", "%s/%s" % (PATH, current["id"]))]


@pytest.mark.parametrize("extra, message", [
    ({"protocol": "tcp/http"}, "protocol must be tcp/<port> or udp/<port>, or a range such as tcp/1000-2000, with "
                               "ports 1-65535 and start <= end; got 'tcp/http'."),
    ({"origin_port": "22-30"}, "origin_port range '22-30' has 9 ports but protocol tcp/22 has 1: a range must contain "
                               "as many ports as the protocol's range (or give a single port)."),
    ({"origin_direct": ["tcp://192.0.2.1:22"]}, "origin_direct and origin_dns are mutually exclusive: give the origin "
                                                "either as origin_direct URIs or as origin_dns with origin_port."),
    ({"proxy_protocol": "v9"}, "proxy_protocol must be one of off, v1, v2, simple (or false for off, true for v1), "
                               "got 'v9'."),
    ({"dns": {"name": "ssh.example.org"}, "zone_id": DROP, "zone": ZONE_NAME},
     "dns.name 'ssh.example.org' is not inside zone 'example.com': use the zone name itself or a hostname "
     "ending in '.example.com'."),
    ({"dns": None}, "one of dns (with dns.name) or app_id is required to find the Spectrum application."),
])
def test_bad_input_fails_naming_the_option_before_any_request(run_module, api, extra, message):
    run = run_module(cf_spectrum_app.main, args(**extra))
    assert run.failed
    assert run.result["msg"] == message
    assert api.requests == []


def test_edge_ips_type_is_required_by_the_argument_spec(run_module, api):
    run = run_module(cf_spectrum_app.main, args(edge_ips={"connectivity": "all"}))
    assert run.failed
    assert "type" in run.result["msg"]
    assert api.requests == []


def test_the_token_never_appears_in_the_output(run_module, api, lb):
    for run in (run_module(cf_spectrum_app.main, args()), run_module(cf_spectrum_app.main, args(protocol="x"))):
        assert TOKEN not in run.out
