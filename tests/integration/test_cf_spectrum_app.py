# -*- coding: utf-8 -*-
"""cf_spectrum_app through real ansible-playbook runs against the emulator (or, with --live, a live account)."""

from __future__ import annotations

import pytest

from tests.integration.harness import APP_MODULE as MODULE
from tests.integration.harness import SPECTRUM_APP, TUTORIAL_APP, ZONE, apps, apps_path
from tests.integration.harness import app_task as task
from tests.integration.harness import assert_each_fails_naming, assert_holds, calls, host, make_lbs, outside, unset
from tests.integration.harness import variant, writable


def test_adopt_and_update_keeps_fields_set_outside_ansible(target, playbook):
    made = target.create("spectrum_apps", ZONE, {
        "dns": {"type": "CNAME", "name": host("ssh")}, "protocol": "tcp/22",
        "origin_dns": {"name": host("origin"), "ttl": 900}, "origin_port": 22,
        "argo_smart_routing": True, "edge_ips": {"type": "dynamic", "connectivity": "ipv6"},
        "proxy_protocol": "v2", "ip_firewall": True, "tls": "off", "traffic_type": "direct"})
    mine = dict(zone=ZONE, dns={"name": host("ssh")}, protocol="tcp/22",
                origin_dns={"name": host("origin")}, origin_port="22")
    target.clear_log()
    run = playbook([task(**mine)])
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is False
    assert res["app"]["id"] == made["id"]
    assert target.writes() == []

    # one field changes; the PUT keeps argo, edge_ips, proxy_protocol, ip_firewall and the origin ttl
    run = playbook([task(**dict(mine, tls="strict", origin_dns={"name": host("origin2")}))], diff=True)
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is True
    # the diff names the two fields that change; origin_dns is one object, its ttl kept
    before, after = res["diff"]["before"], res["diff"]["after"]
    assert set(before) == set(after) == {"tls", "origin_dns"}, res["diff"]
    assert (before["tls"], after["tls"]) == ("off", "strict")
    assert_holds(before["origin_dns"], {"name": host("origin"), "ttl": 900})
    assert_holds(after["origin_dns"], {"name": host("origin2"), "ttl": 900})
    stored = target.get("spectrum_apps", made["id"])
    assert stored["tls"] == "strict"
    assert stored["argo_smart_routing"] is True
    assert stored["edge_ips"] == {"type": "dynamic", "connectivity": "ipv6"}
    assert stored["proxy_protocol"] == "v2"
    assert stored["ip_firewall"] is True
    assert_holds(stored["origin_dns"], {"name": host("origin2"), "ttl": 900})
    assert stored["created_on"] == made["created_on"]
    assert [w["method"] for w in target.writes()] == ["PUT"]

    # by app_id, the hostname itself can be changed
    run = playbook([task(zone_id=target.zone_id(ZONE), app_id=made["id"], dns={"name": host("ssh2")})])
    assert run.rc == 0, run
    assert run.result()["changed"] is True
    assert target.get("spectrum_apps", made["id"])["dns"] == {"type": "CNAME", "name": host("ssh2")}


@pytest.mark.emulator_only("drift edit")
def test_drift_is_detected_and_corrected(emulator, playbook):
    run = playbook([task(**TUTORIAL_APP)])
    app_id = run.result()["app"]["id"]
    emulator.edit("spectrum_apps", app_id, {
        "tls": "strict", "proxy_protocol": "v1",
        "origin_dns": {"name": host("elsewhere"), "type": "", "ttl": 1200}})
    run = playbook([task(**TUTORIAL_APP)], diff=True)
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is True
    assert res["diff"] == {
        "before": {"tls": "strict", "proxy_protocol": "v1",
                   "origin_dns": {"name": host("elsewhere"), "type": "", "ttl": 1200}},
        "after": {"tls": "off", "proxy_protocol": "off",
                  "origin_dns": {"name": host("cname-to-origin"), "type": "", "ttl": 1200}}}
    stored = emulator.get("spectrum_apps", app_id)
    assert (stored["tls"], stored["proxy_protocol"], stored["origin_dns"]["name"]) == \
        ("off", "off", host("cname-to-origin"))
    run = playbook([task(**TUTORIAL_APP)])
    assert run.result()["changed"] is False


def test_origin_direct_port_range_and_proxy_protocol_forms(target, playbook):
    direct = dict(zone=ZONE, dns={"name": host("direct")}, protocol="tcp/3306",
                  origin_direct=["tcp://192.0.2.10:3306", "tcp://[2001:db8::10]:3306"])
    ranged = dict(zone=ZONE, dns={"name": host("range")}, protocol="tcp/1000-2000",
                  origin_dns={"name": host("origin"), "type": "A"}, origin_port="1000-2000",
                  proxy_protocol=True, edge_ips={"type": "dynamic", "connectivity": "ipv4"})
    udp = dict(zone=ZONE, dns={"type": "ADDRESS", "name": host("dns")}, protocol="udp/53",
               origin_dns={"name": "resolver.example.net"}, origin_port=53, proxy_protocol="simple",
               edge_ips={"type": "static", "ips": ["198.51.100.10", "2001:db8::53"]})
    reordered = dict(direct, origin_direct=list(reversed(direct["origin_direct"])))
    swapped_ips = dict(udp, edge_ips={"type": "static", "ips": ["2001:db8::53", "198.51.100.10"]})
    run = playbook([task("direct", **direct), task("range", **ranged), task("udp", **udp),
                    task("direct again", **reordered), task("range again", **dict(ranged, proxy_protocol="v1")),
                    task("udp again", **swapped_ips)])
    assert run.rc == 0, run
    for name in ("direct", "range", "udp"):
        assert run.result(name)["changed"] is True, name
        assert run.result(name + " again")["changed"] is False, name
    by_name = {a["dns"]["name"]: a for a in apps(target)}
    assert by_name[host("direct")]["origin_direct"] == direct["origin_direct"]
    assert unset(by_name[host("direct")].get("origin_dns"))
    assert by_name[host("range")]["origin_port"] == "1000-2000"
    assert by_name[host("range")]["proxy_protocol"] == "v1"
    assert by_name[host("range")]["edge_ips"] == {"type": "dynamic", "connectivity": "ipv4"}
    assert by_name[host("dns")]["proxy_protocol"] == "simple"
    assert by_name[host("dns")]["edge_ips"]["type"] == "static"

    # switching the origin form replaces the old form (one PUT, valid against the schema)
    switched = dict(zone=ZONE, dns={"name": host("direct")},
                    origin_dns={"name": host("db")}, origin_port=3306)
    target.clear_log()
    run = playbook([task(**switched)], diff=True)
    assert run.rc == 0, run
    res = run.result()
    assert res["diff"] == {
        "before": {"origin_dns": None, "origin_port": None, "origin_direct": direct["origin_direct"]},
        "after": {"origin_dns": {"name": host("db")}, "origin_port": 3306, "origin_direct": None}}
    stored = target.get("spectrum_apps", by_name[host("direct")]["id"])
    assert unset(stored.get("origin_direct")) and stored["origin_port"] == 3306
    assert [w["method"] for w in target.writes()] == ["PUT"]

    # ADDRESS with static IPs to CNAME: the edge_ips type changes, so the whole value is replaced
    to_cname = dict(udp, dns={"type": "CNAME", "name": host("dns")}, edge_ips={"type": "dynamic"})
    run = playbook([task(**to_cname), task("again", **to_cname)], diff=True)
    assert run.rc == 0, run
    assert run.result("app")["diff"]["after"] == {
        "dns": {"type": "CNAME", "name": host("dns")},
        "edge_ips": {"type": "dynamic", "connectivity": "all"}}
    assert run.result("again")["changed"] is False
    stored = target.get("spectrum_apps", by_name[host("dns")]["id"])
    assert stored["edge_ips"] == {"type": "dynamic", "connectivity": "all"}


def put_bodies(target):
    """The JSON body of every PUT in the request log, in order."""
    return [w["body"] for w in target.writes() if w["method"] == "PUT"]


# Edge IPs of each kind with an app they are valid for (static: dns.type ADDRESS, dynamic: CNAME), and
# a second value of the same kind for the edge_ips update.
STATIC_APP = dict(zone=ZONE, dns={"type": "ADDRESS", "name": host("static")}, protocol="tcp/443",
                  traffic_type="https", origin_direct=["tcp://192.0.2.20:443"],
                  edge_ips={"type": "static", "ips": ["198.51.100.10", "198.51.100.11"]})
DYNAMIC_APP = dict(zone=ZONE, dns={"type": "CNAME", "name": host("dynamic")}, protocol="tcp/443",
                   traffic_type="https", origin_direct=["tcp://192.0.2.20:443"],
                   edge_ips={"type": "dynamic", "connectivity": "ipv4"})


@pytest.mark.parametrize("app, other_edge_ips", [
    (STATIC_APP, {"type": "static", "ips": ["198.51.100.10"]}),
    (DYNAMIC_APP, {"type": "dynamic", "connectivity": "ipv6"}),
], ids=["static", "dynamic-ipv4"])
def test_update_puts_edge_ips_as_held(target, playbook, app, other_edge_ips):
    """A PUT carries edge_ips exactly as the server holds them (no default of another kind of edge IPs)."""
    run = playbook([task(**app)])
    assert run.rc == 0, run
    assert target.writes()[0]["body"]["edge_ips"] == app["edge_ips"]
    held = apps(target)[0]
    assert held["edge_ips"] == app["edge_ips"]

    target.clear_log()
    run = playbook([task(**app)], diff=True)
    assert run.rc == 0, run
    assert run.result()["changed"] is False
    assert target.writes() == []

    # another field changes: the PUT is what the server holds with that field changed, edge_ips untouched
    target.clear_log()
    run = playbook([task(**dict(app, tls="full"))], diff=True)
    assert run.rc == 0, run
    assert run.result()["diff"] == {"before": {"tls": "off"}, "after": {"tls": "full"}}
    assert put_bodies(target) == [dict(writable(held), tls="full")]
    assert apps(target)[0]["edge_ips"] == app["edge_ips"]

    # edge_ips itself changes (same kind): before is what the server held, after is what the user set,
    # in check mode (predicted app) and for real (PUT body)
    changed = dict(app, tls="full", edge_ips=other_edge_ips)
    expected_diff = {"before": {"edge_ips": app["edge_ips"]}, "after": {"edge_ips": other_edge_ips}}
    target.clear_log()
    run = playbook([task(**changed)], check=True, diff=True)
    assert run.rc == 0, run
    assert run.result()["diff"] == expected_diff
    assert run.result()["app"]["edge_ips"] == other_edge_ips
    assert target.writes() == []
    run = playbook([task(**changed)], diff=True)
    assert run.rc == 0, run
    assert run.result()["diff"] == expected_diff
    assert [body["edge_ips"] for body in put_bodies(target)] == [other_edge_ips]
    assert apps(target)[0]["edge_ips"] == other_edge_ips

    target.clear_log()
    run = playbook([task(**changed)])
    assert run.rc == 0, run
    assert run.result()["changed"] is False
    assert target.writes() == []


def test_apps_sharing_a_hostname(target, playbook):
    base = {"dns": {"type": "CNAME", "name": host("multi")},
            "origin_dns": {"name": host("origin")}}
    tcp = target.create("spectrum_apps", ZONE, dict(base, protocol="tcp/53", origin_port=53))
    try:
        udp = target.create("spectrum_apps", ZONE, dict(base, protocol="udp/53", origin_port=53))
    except Exception as exc:  # LiveTargetError, EmulatorError: the API's answer is in the message
        if "11000" not in str(exc):
            raise
        pytest.skip("this API keeps Spectrum hostnames unique (11000 for a second app on %s)" % host("multi"))
    zone_id = target.zone_id(ZONE)
    target.clear_log()
    run = playbook([
        dict(task("ambiguous", zone_id=zone_id, dns={"name": host("multi")}, tls="full"),
             ignore_errors=True),
        task("udp", zone_id=zone_id, dns={"name": host("multi")}, protocol="udp/53", proxy_protocol="v2"),
        task("by id", zone_id=zone_id, app_id=tcp["id"], tls="flexible"),
        task("udp again", zone_id=zone_id, dns={"name": variant(host("multi"))}, protocol="udp/53",
             proxy_protocol="v2"),
    ])
    assert run.rc == 0, run
    msg = run.result("ambiguous")["msg"]
    assert run.task("ambiguous")["status"] == "failed"
    assert "app_id" in msg and tcp["id"] in msg and udp["id"] in msg
    assert run.result("udp")["changed"] is True and run.result("udp")["app"]["id"] == udp["id"]
    assert run.result("by id")["changed"] is True
    assert run.result("udp again")["changed"] is False
    assert target.get("spectrum_apps", udp["id"])["proxy_protocol"] == "v2"
    assert target.get("spectrum_apps", tcp["id"])["tls"] == "flexible"
    assert target.get("spectrum_apps", tcp["id"])["proxy_protocol"] == "off"
    assert [w["method"] for w in target.writes()] == ["PUT", "PUT"]
    assert ("GET", "/zones") not in calls(target)  # zone_id needs no lookup


def test_tutorial_rules_before_any_write(target, playbook):
    plain, ruled = make_lbs(target)
    on_lb_host = dict(TUTORIAL_APP, dns={"type": "CNAME", "name": host("lb")})
    on_ruled_lb = dict(TUTORIAL_APP, origin_dns={"name": host("rules-lb")})
    target.clear_log()
    run = playbook([dict(task("same host", **on_lb_host), ignore_errors=True),
                    dict(task("ruled origin", **on_ruled_lb), ignore_errors=True)])
    assert run.task("same host")["status"] == "failed"
    msg = run.result("same host")["msg"]
    assert "dns.name" in msg and host("lb") in msg and plain["id"] in msg and "another dns.name" in msg
    assert run.task("ruled origin")["status"] == "failed"
    msg = run.result("ruled origin")["msg"]
    assert "origin_dns.name" in msg and ruled["id"] in msg and "rules" in msg
    assert "Remove the rules" in msg and "another origin" in msg
    assert target.writes() == []
    assert apps(target) == []

    # the same refusal in check mode
    run = playbook([dict(task("ruled origin", **on_ruled_lb), ignore_errors=True)], check=True)
    assert run.task("ruled origin")["status"] == "failed"

    # an LB without rules is a valid origin, and the result names it
    via_lb = dict(TUTORIAL_APP, origin_dns={"name": host("lb")})
    run = playbook([task("check", **via_lb)], check=True)
    assert run.result("check")["origin_load_balancer"] == {"id": plain["id"], "name": host("lb")}
    assert target.writes() == []
    run = playbook([task(**via_lb)])
    assert run.rc == 0, run
    res = run.result()
    assert res["changed"] is True
    assert res["origin_load_balancer"] == {"id": plain["id"], "name": host("lb")}

    # a no-op does not read the load balancers (so it does not report one)
    target.clear_log()
    run = playbook([task(**via_lb)])
    assert run.result()["changed"] is False
    assert run.result()["origin_load_balancer"] is None
    assert calls(target) == [("GET", "/zones"), ("GET", apps_path(target))]


@pytest.mark.emulator_only("drift edit")
def test_tutorial_rules_refuse_an_update_once_the_origin_lb_gained_rules(emulator, playbook):
    """The last step of the tutorial's rules (a drift edit, so emulator only; the rest of the
    scenario is test_tutorial_rules_before_any_write)."""
    plain, ruled = make_lbs(emulator)
    via_lb = dict(TUTORIAL_APP, origin_dns={"name": host("lb")})
    run = playbook([task(**via_lb)])
    assert run.rc == 0, run
    app_id = run.result()["app"]["id"]

    # rules added to the origin LB outside Ansible: the next update is refused, nothing written
    emulator.edit("load_balancers", plain["id"], {"rules": ruled["rules"]})
    emulator.clear_log()
    run = playbook([task(**dict(via_lb, tls="full"))])
    assert run.rc != 0
    assert "custom rule" in run.result()["msg"]
    assert emulator.writes() == []
    assert emulator.get("spectrum_apps", app_id)["tls"] == "off"


GOOD = {"zone": ZONE, "dns": {"name": host("ok")}, "protocol": "tcp/22",
        "origin_dns": {"name": host("origin")}, "origin_port": 22}

BAD_INPUTS = [
    # (module args, option named in the error)
    (dict(GOOD, protocol="ssh"), "protocol"),
    (dict(GOOD, protocol="tcp/0"), "protocol"),
    (dict(GOOD, protocol="tcp/2000-1000"), "protocol"),
    (dict(GOOD, protocol="tcp/70000"), "protocol"),
    (dict(GOOD, protocol="sctp/22"), "protocol"),
    (dict(GOOD, origin_port=70000), "origin_port"),
    (dict(GOOD, origin_port=0), "origin_port"),
    (dict(GOOD, origin_port="22-ssh"), "origin_port"),
    (dict(GOOD, origin_port=True), "origin_port"),
    (dict(GOOD, protocol="tcp/1000-2000", origin_port="1000-1500"), "origin_port"),
    (dict(GOOD, protocol="tcp/22", origin_port="22-23"), "origin_port"),
    (dict(GOOD, origin_direct=["tcp://192.0.2.1:22"]), "origin_direct"),
    (dict(GOOD, origin_dns=None), "origin_port"),
    (dict(GOOD, origin_port=None), "origin_port"),
    (dict(GOOD, origin_dns=None, origin_port=None, origin_direct=["192.0.2.1:22"]), "origin_direct"),
    (dict(GOOD, origin_dns=None, origin_port=None, origin_direct=["udp://192.0.2.1:22"]), "origin_direct"),
    (dict(GOOD, origin_dns=None, origin_port=None, origin_direct=["tcp://192.0.2.1:99999"]), "origin_direct"),
    (dict(GOOD, origin_dns=None, origin_port=None, origin_direct=[]), "origin_direct"),
    (dict(GOOD, proxy_protocol="v3"), "proxy_protocol"),
    (dict(GOOD, proxy_protocol=2), "proxy_protocol"),
    (dict(GOOD, tls="maybe"), "tls"),
    (dict(GOOD, traffic_type="ftp"), "traffic_type"),
    (dict(GOOD, dns={"type": "CNAME", "name": host("ok")},
          edge_ips={"type": "static", "ips": ["198.51.100.1"]}), "edge_ips"),
    (dict(GOOD, dns={"type": "ADDRESS", "name": host("ok")},
          edge_ips={"type": "dynamic"}), "edge_ips"),
    (dict(GOOD, edge_ips={"type": "static"}), "edge_ips.ips"),
    (dict(GOOD, edge_ips={"type": "static", "ips": ["not-an-ip"]}), "edge_ips.ips"),
    (dict(GOOD, edge_ips={"type": "dynamic", "connectivity": "ipv5"}), "edge_ips"),
    (dict(GOOD, edge_ips={"connectivity": "all"}), "edge_ips"),
    (dict(GOOD, protocol="udp/53", origin_port=53, argo_smart_routing=True), "argo_smart_routing"),
    (dict(GOOD, traffic_type="https", argo_smart_routing=True), "argo_smart_routing"),
    (dict(GOOD, protocol="udp/53", origin_port=53, ip_firewall=True), "ip_firewall"),
    (dict(GOOD, dns={"name": outside("ssh")}), "dns.name"),
    (dict(GOOD, dns={"type": "CNAME"}), "dns.name"),
    (dict(GOOD, dns={"name": "bad_host!." + ZONE}), "dns.name"),
    (dict(GOOD, dns={"type": "TXT", "name": host("ok")}), "found in dns"),
    (dict(GOOD, dns=None), "dns"),
    (dict(GOOD, origin_dns={"name": host("origin"), "ttl": 10}), "origin_dns.ttl"),
    (dict(GOOD, origin_dns={"name": host("origin"), "type": "MX"}), "origin_dns"),
    (dict(GOOD, origin_dns={"ttl": 900}), "origin_dns.name"),
    (dict(GOOD, origin_dns={"name": "not a host"}), "origin_dns.name"),
    (dict(GOOD, app_id="not-an-id"), "app_id"),
    (dict(GOOD, zone=None), "zone"),
    (dict(GOOD, zone_id="xyz", zone=None), "zone_id"),
]


def test_bad_input_fails_before_any_request(target, playbook):
    tasks = []
    for index, (args, _option) in enumerate(BAD_INPUTS):
        args = {k: v for k, v in args.items() if v is not None}
        tasks.append({"name": "bad %d" % index, MODULE: args, "ignore_errors": True})
    target.clear_log()
    run = playbook(tasks)
    assert_each_fails_naming(run, target, BAD_INPUTS)
    assert len(BAD_INPUTS) >= 12


def test_create_needs_protocol_and_origin(target, playbook):
    target.clear_log()
    run = playbook([
        dict(task("no protocol", zone=ZONE, dns={"name": host("new")},
                  origin_dns={"name": host("o")}, origin_port=22), ignore_errors=True),
        dict(task("no origin", zone=ZONE, dns={"name": host("new")}, protocol="tcp/22"),
             ignore_errors=True),
        dict(task("address without static ips", zone=ZONE, dns={"name": host("new"), "type": "ADDRESS"},
                  protocol="tcp/22", origin_direct=["tcp://192.0.2.1:22"]), ignore_errors=True),
    ])
    assert "protocol" in run.result("no protocol")["msg"]
    assert "origin_dns" in run.result("no origin")["msg"]
    assert "edge_ips" in run.result("address without static ips")["msg"]
    assert target.writes() == []


@pytest.mark.emulator_only("fault injection: a token that cannot read Spectrum")
@pytest.mark.parametrize("state, check", [("present", False), ("present", True), ("absent", False), ("absent", True)])
def test_a_token_that_cannot_read_spectrum_fails_naming_the_permission(emulator, playbook, state, check):
    # the tutorial's app exists; the token can read load balancing but every read of the zone's apps is refused
    emulator.create("spectrum_apps", ZONE, dict(SPECTRUM_APP))
    emulator.fault("GET", "/spectrum/apps", "status", count=50, status=403, code=10000,
                   message="Authentication error")
    emulator.clear_log()
    args = dict(TUTORIAL_APP, state=state) if state == "present" else dict(
        zone=ZONE, dns={"name": TUTORIAL_APP["dns"]["name"]}, protocol="tcp/22", state=state)
    run = playbook([task(**args)], check=check)
    assert run.rc != 0, run
    msg = run.result()["msg"]
    assert "Failed to list Spectrum applications in zone" in msg and "HTTP 403" in msg, msg
    assert "needs an API token with Spectrum read permission" in msg, msg
    assert emulator.writes() == []
