# -*- coding: utf-8 -*-
"""playbooks/export.yml and playbooks/apply.yml (issue 17): an existing setup, made through the raw API, round-trips.

A varied setup is made outside Ansible (the emulator's public API): zones with load balancers of every steering
policy, pools with origins in unsorted order and Host headers in either case, monitors of every type (one with an
Authorization header), a monitor group, Spectrum applications of every origin form. Then, with real
``ansible-playbook`` runs:

* export -> ``apply.yml --check --diff`` reports changed=0 and sends no write -> ``apply.yml`` sends no write and
  reads each collection once (account collections once per run, two per zone);
* one edited value per object (an origin's weight, a monitor's interval, a load balancer's steering, an
  application's TLS) -> exactly one write for each of those objects, nothing else;
* the monitors' credentials are in no file but the 0600 secrets file, and in no run's output;
* pruning: check mode names what would go, with no write, then the run deletes exactly that; a pool still used
  by a zone outside the inventory is kept; a kind the inventory leaves out is never touched;
* the same round trip against another read-back the contract allows (``--read-back variant``, sparse answers);
* an inventory a person wrote: applied, then unchanged; bad input fails its zone before any write, naming the
  object and the option, and the other zones go on; a non-empty export directory is refused.
"""

from __future__ import annotations

import os
import stat

import pytest
import yaml

from tests.integration.harness import REPO

pytestmark = pytest.mark.emulator_only("extra zones, drift edits, the variant read-back and the request log")

EXPORT = REPO / "playbooks" / "export.yml"
APPLY = REPO / "playbooks" / "apply.yml"
ZONES = ("a.example", "b.example", "c.example", "d.example")
SECRETS = ("Bearer s3cr3t-abc", "tok-secret-1")
ACCOUNT_FILE = "group_vars/all/cloudflare_account.yml"
SECRETS_FILE = "group_vars/all/cloudflare_secrets.yml"


# --------------------------------------------------------------------------- the setup, made outside Ansible

def seed(emu):
    """Make the varied setup through the public API; returns the objects by a short name."""
    for zone in ZONES:
        emu.add_zone(zone)
    made = {}

    def make(kind, scope, name, body):
        made[name] = emu.create(kind, scope, body)
        return made[name]["id"]

    m = {}
    m["web"] = make("monitors", None, "web", {
        "description": "web http", "type": "http", "method": "HEAD", "path": "/health", "expected_codes": "2xx",
        "header": {"Host": ["www.a.example"], "X-Api-Token": [SECRETS[1]]}, "interval": 30, "timeout": 3,
        "retries": 1, "follow_redirects": True, "probe_zone": "a.example", "consecutive_up": 2})
    m["api"] = make("monitors", None, "api", {
        "description": "api https", "type": "https", "path": "/status", "expected_codes": "200",
        "expected_body": "{{ ok }}", "allow_insecure": True, "port": 8443,
        "header": {"Authorization": [SECRETS[0]], "host": ["api.a.example"]}})
    m["ssh"] = make("monitors", None, "ssh", {"description": "ssh tcp", "type": "tcp", "port": 22, "interval": 15,
                                              "timeout": 2})
    m["ssh2"] = make("monitors", None, "ssh2", {"description": "ssh tcp", "type": "tcp", "port": 2222})
    m["dns"] = make("monitors", None, "dns", {"description": "dns udp", "type": "udp_icmp", "port": 53})
    m["ping"] = make("monitors", None, "ping", {"description": "ping", "type": "icmp_ping", "consecutive_down": 3})
    m["smtp"] = make("monitors", None, "smtp", {"description": "mail smtp", "type": "smtp", "port": 25})
    m["nameless"] = make("monitors", None, "nameless", {"type": "icmp_ping", "interval": 120})
    m["old"] = make("monitors", None, "old", {"description": "old monitor", "type": "tcp", "port": 8080})
    group = make("monitor_groups", None, "group", {"description": "web group", "members": [
        {"monitor_id": m["web"], "enabled": True, "monitoring_only": False, "must_be_healthy": True},
        {"monitor_id": m["ping"], "enabled": True, "monitoring_only": True, "must_be_healthy": False}]})

    p = {}
    p["web"] = make("pools", None, "web-pool", {
        "name": "web-pool", "description": "uses {{ braces }} literally", "monitor": m["web"], "minimum_origins": 2,
        "origins": [{"name": "web-3", "address": "192.0.2.3", "weight": 0.25},
                    {"name": "web-1", "address": "192.0.2.1", "weight": 0.75, "header": {"Host": ["www.a.example"]}},
                    {"name": "web-2", "address": "web2.example.net", "enabled": False, "port": 8080}],
        "origin_steering": {"policy": "least_connections"},
        "load_shedding": {"default_percent": 10, "default_policy": "hash", "session_percent": 5},
        "notification_filter": {"origin": {"disable": True}, "pool": {"healthy": False}},
        "check_regions": ["WEU", "ENAM"], "latitude": 52.37, "longitude": 4.89,
        "notification_email": "ops@example.com"})
    p["api"] = make("pools", None, "api-pool", {
        "name": "api-pool", "monitor": m["api"], "check_regions": ["WNAM"], "health_sources": ["regional", "global"],
        "origins": [{"name": "api-1", "address": "2001:db8::1", "header": {"Host": ["api.a.example"]}},
                    {"name": "api-0", "address": "192.0.2.10"}]})
    p["ssh"] = make("pools", None, "ssh-pool", {
        "name": "ssh-pool", "monitor": m["ssh"], "latitude": 40.7, "longitude": -74.0,
        "origins": [{"name": "ssh-b", "address": "192.0.2.21"}, {"name": "ssh-a", "address": "192.0.2.20"}]})
    p["group"] = make("pools", None, "group-pool", {
        "name": "group-pool", "monitor_group": group, "origins": [{"name": "g", "address": "192.0.2.30"}]})
    p["spare"] = make("pools", None, "spare-pool", {
        "name": "spare-pool", "enabled": False, "origins": [{"name": "s", "address": "192.0.2.40"}]})
    p["c"] = make("pools", None, "c-pool", {"name": "c-pool", "origins": [{"name": "c", "address": "192.0.2.50"}]})
    p["old"] = make("pools", None, "old-pool", {"name": "old-pool", "monitor": m["old"],
                                                "origins": [{"name": "o", "address": "192.0.2.60"}]})
    # Drift as another client would leave it: the API answers one origin's Host header in lower case.
    origins = emu.get("pools", p["web"])["origins"]
    for origin in origins:
        if origin.get("header"):
            origin["header"] = {"host": origin["header"]["Host"]}
    emu.edit("pools", p["web"], {"origins": origins})

    a, b, c = "a.example", "b.example", "c.example"
    make("load_balancers", a, "www", {
        "name": "www.a.example", "description": "front door", "proxied": True,
        "default_pools": [p["web"], p["api"]], "fallback_pool": p["spare"], "steering_policy": "random",
        "random_steering": {"default_weight": 0.5, "pool_weights": {p["web"]: 0.8}},
        "country_pools": {"US": [p["web"]], "NO": [p["api"]]},
        "session_affinity": "cookie", "session_affinity_ttl": 3600,
        "session_affinity_attributes": {"samesite": "Strict", "secure": "Always", "drain_duration": 60,
                                        "zero_downtime_failover": "sticky"},
        "adaptive_routing": {"failover_across_pools": True},
        "location_strategy": {"mode": "resolver_ip", "prefer_ecs": "always"},
        "rules": [{"name": "maintenance", "condition": 'http.request.uri.path contains "/down"', "priority": 1,
                   "fixed_response": {"status_code": 503, "message_body": "down", "content_type": "text/plain"}},
                  {"name": "api", "condition": 'http.request.uri.path contains "/api"',
                   "overrides": {"default_pools": [p["api"]], "steering_policy": "off"}}],
        "pool_sets": [{"name": "eu", "match": {"topology": {"regions": ["WEU"]}}, "overrides": {"pools": [p["api"]]}}]})
    make("load_balancers", a, "geo", {
        "name": "geo.a.example", "default_pools": [p["web"]], "fallback_pool": p["web"], "steering_policy": "geo",
        "region_pools": {"WEU": [p["web"]], "ENAM": [p["api"], p["web"]]}, "pop_pools": {"LAX": [p["api"]]},
        "session_affinity": "header", "session_affinity_ttl": 300,
        "session_affinity_attributes": {"headers": ["x-session"], "require_all_headers": True}})
    make("load_balancers", a, "sshlb", {
        "name": "ssh-lb.a.example", "default_pools": [p["ssh"]], "fallback_pool": p["ssh"],
        "steering_policy": "dynamic_latency"})
    make("load_balancers", b, "near", {
        "name": "near.b.example", "default_pools": [p["ssh"], p["web"]], "fallback_pool": p["ssh"],
        "steering_policy": "proximity", "location_strategy": {"mode": "pop", "prefer_ecs": "geo"}})
    make("load_balancers", b, "lor", {
        "name": "lor.b.example", "default_pools": [p["web"], p["group"]], "fallback_pool": p["group"],
        "steering_policy": "least_outstanding_requests", "session_affinity": "ip_cookie"})
    make("load_balancers", b, "lc", {"name": "lc.b.example", "default_pools": [p["group"]],
                                     "fallback_pool": p["group"], "steering_policy": "least_connections", "ttl": 60})
    make("load_balancers", b, "off", {"name": "off.b.example", "default_pools": [p["spare"]],
                                      "fallback_pool": p["spare"], "steering_policy": "off", "enabled": False})
    make("load_balancers", b, "plain", {"name": "plain.b.example", "default_pools": [p["web"]],
                                        "fallback_pool": p["web"]})
    make("load_balancers", b, "oldlb", {"name": "old.b.example", "default_pools": [p["old"]],
                                        "fallback_pool": p["old"]})
    make("load_balancers", c, "clb", {"name": "lb.c.example", "default_pools": [p["c"]], "fallback_pool": p["c"]})

    make("spectrum_apps", a, "ssh-app", {
        "dns": {"type": "CNAME", "name": "ssh.a.example"}, "protocol": "tcp/22",
        "origin_dns": {"name": "ssh-lb.a.example"}, "origin_port": 22, "argo_smart_routing": True,
        "proxy_protocol": "v1", "ip_firewall": True, "traffic_type": "direct"})
    make("spectrum_apps", a, "game", {
        "dns": {"type": "CNAME", "name": "game.a.example"}, "protocol": "udp/27000-27010",
        "origin_direct": ["udp://192.0.2.70:27000"], "edge_ips": {"type": "dynamic", "connectivity": "ipv6"},
        "traffic_type": "direct"})
    make("spectrum_apps", b, "dns-app", {
        "dns": {"type": "ADDRESS", "name": "dns.b.example"}, "protocol": "tcp/53",
        "origin_dns": {"name": "resolver.example.net", "ttl": 1200, "type": "A"}, "origin_port": 53,
        "edge_ips": {"type": "static", "ips": ["198.51.100.10", "2001:db8::10"]}, "traffic_type": "direct"})
    make("spectrum_apps", b, "range", {
        "dns": {"type": "CNAME", "name": "range.b.example"}, "protocol": "tcp/1000-1005",
        "origin_dns": {"name": "origin.example.net"}, "origin_port": "2000-2005", "tls": "full",
        "traffic_type": "direct"})
    make("spectrum_apps", b, "smtp", {
        "dns": {"type": "CNAME", "name": "multi.b.example"}, "protocol": "tcp/25",
        "origin_direct": ["tcp://192.0.2.80:25"], "traffic_type": "direct"})
    make("spectrum_apps", b, "submission", {
        "dns": {"type": "CNAME", "name": "multi.b.example"}, "protocol": "tcp/587",
        "origin_direct": ["tcp://192.0.2.80:587", "tcp://192.0.2.81:587"], "traffic_type": "direct"})
    make("spectrum_apps", b, "web-app", {
        "dns": {"type": "CNAME", "name": "web.b.example"}, "protocol": "tcp/443", "traffic_type": "https",
        "tls": "strict", "origin_direct": ["tcp://192.0.2.90:443"]})
    return made


# --------------------------------------------------------------------------- the files

class _Unsafe(str):
    pass


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_constructor("!unsafe", lambda loader, node: _Unsafe(loader.construct_scalar(node)))
_Dumper.add_representer(_Unsafe, lambda dumper, value: dumper.represent_scalar("!unsafe", str(value)))


def load(directory, path):
    return yaml.load((directory / path).read_text(), Loader=_Loader)


def save(directory, path, data):
    (directory / path).write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False))


def item(items, key, value):
    found = [i for i in items if (i.get(key) if key != "dns" else i["dns"]["name"]) == value]
    assert len(found) == 1, (key, value, items)
    return found[0]


def all_text(directory, but=()):
    return "\n".join(p.read_text() for p in sorted(directory.rglob("*")) if p.is_file()
                     and str(p.relative_to(directory)) not in but)


def assert_no_secret(*texts):
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, "a credential leaked: %r" % secret


def writes(emu):
    return [(r["method"], r["path"].split("/client/v4")[-1]) for r in emu.log()["requests"] if r["method"] != "GET"]


def line_of(lines, name):
    found = [line for line in lines if line.startswith(name + " ")]
    assert len(found) == 1, (name, lines)
    return found[0]


def summary(run):
    return [r for r in run.results if r["task"].endswith("Show the summary")][-1]["result"]["msg"]


def export(playbook, directory, **extra):
    return playbook(EXPORT, extra_vars=dict({"export_dir": str(directory)}, **extra))


def apply(playbook, directory, check=False, **extra):
    return playbook(APPLY, inventory=directory, check=check, diff=check, extra_vars=extra or None)


# --------------------------------------------------------------------------- scenarios

def test_export_round_trips_one_edit_is_one_write_and_prune_deletes_what_is_gone(emulator, playbook, tmp_path):
    made = seed(emulator)
    inventory = tmp_path / "inventory"

    emulator.clear_log()
    run = export(playbook, inventory)
    assert run.rc == 0, run
    assert writes(emulator) == []
    reads = [r["path"].split("/client/v4")[-1] for r in emulator.log()["requests"]]
    assert len(reads) == len(set(reads)), "the export read a collection twice: %s" % reads
    assert len(reads) == 4 + 2 * (len(ZONES) + 1), reads  # zones, monitors, groups, pools; 2 per zone
    result = [r for r in run.results if r["action"].endswith("cf_account_setup_export")][0]["result"]
    assert result["problems"] == [] and result["unreadable"] == []
    assert result["counts"] == {"monitor": 9, "monitor_group": 1, "pool": 7, "load_balancer": 10,
                                "spectrum_app": 7}
    assert result["zones"] == ["a.example", "b.example", "c.example"]  # d.example and example.com hold nothing
    secrets_file = inventory / SECRETS_FILE
    assert stat.S_IMODE(os.stat(secrets_file).st_mode) == 0o600
    assert all(s in secrets_file.read_text() for s in SECRETS)
    assert_no_secret(all_text(inventory, but=(SECRETS_FILE,)), run.output)
    assert "ansible-vault encrypt" in run.stdout

    account = load(inventory, ACCOUNT_FILE)
    monitors = account["cloudflare_lb_monitors"]
    # names where they are unique, ids where they are not (two "ssh tcp", one without a description)
    assert [m.get("description") for m in monitors if "monitor_id" in m] == [None, "ssh tcp", "ssh tcp"]
    pools = account["cloudflare_lb_pools"]
    assert item(pools, "name", "web-pool")["monitor"] == "web http"
    assert item(pools, "name", "ssh-pool")["monitor"] == made["ssh"]["id"]
    assert item(pools, "name", "group-pool")["monitor_group"] == "web group"
    assert [o["name"] for o in item(pools, "name", "api-pool")["origins"]] == ["api-0", "api-1"]
    zone_b = load(inventory, "host_vars/b.example.yml")
    lor = item(zone_b["cloudflare_load_balancers"], "name", "lor.b.example")
    assert lor["default_pools"] == ["web-pool", "group-pool"] and "load_balancer_id" not in lor
    # documented defaults and read-only fields are left out
    assert "session_affinity_ttl" not in lor and "id" not in lor and "zone_name" not in lor
    assert "interval" not in item(monitors, "description", "mail smtp")

    # the first check run reports no change and sends no write; the real run neither, with each collection read once
    emulator.clear_log()
    run = apply(playbook, inventory, check=True)
    assert run.rc == 0, run
    assert run.changed == 0, run
    assert writes(emulator) == []
    assert summary(run)[-1].startswith("3 zones: 0 changed, 3 unchanged, 0 failed; 0 changes in all"), summary(run)
    emulator.clear_log()
    run = apply(playbook, inventory)
    assert run.rc == 0 and run.changed == 0, run
    assert writes(emulator) == []
    assert len(emulator.log()["requests"]) == 3 + 2 * 3  # monitors, groups, pools; each zone's two collections
    assert_no_secret(run.output)

    # one value edited per object: exactly one write each, nothing else
    item(load_pools := account["cloudflare_lb_pools"], "name", "web-pool")["origins"][-1]["weight"] = 0.3
    item(account["cloudflare_lb_monitors"], "description", "web http")["interval"] = 45
    save(inventory, ACCOUNT_FILE, account)
    assert item(load_pools, "name", "web-pool")["origins"][-1]["name"] == "web-3"
    item(zone_b["cloudflare_load_balancers"], "name", "lor.b.example")["steering_policy"] = "least_connections"
    item(zone_b["cloudflare_spectrum_apps"], "dns", "range.b.example")["tls"] = "strict"
    save(inventory, "host_vars/b.example.yml", zone_b)
    emulator.clear_log()
    run = apply(playbook, inventory)
    assert run.rc == 0, run
    assert sorted(writes(emulator)) == sorted([
        ("PATCH", "/accounts/%s/load_balancers/monitors/%s" % (emulator.account_id, made["web"]["id"])),
        ("PATCH", "/accounts/%s/load_balancers/pools/%s" % (emulator.account_id, made["web-pool"]["id"])),
        ("PATCH", "/zones/%s/load_balancers/%s" % (emulator.zone_id("b.example"), made["lor"]["id"])),
        ("PUT", "/zones/%s/spectrum/apps/%s" % (emulator.zone_id("b.example"), made["range"]["id"]))])
    assert summary(run)[-1].startswith("3 zones: 1 changed, 2 unchanged, 0 failed; 4 changes in all"), summary(run)
    assert_no_secret(run.output)

    # pruning: a zone, a kind and objects leave the inventory
    hosts = load(inventory, "hosts.yml")
    del hosts["cloudflare_zones"]["hosts"]["c.example"]  # a zone outside the inventory: never touched
    save(inventory, "hosts.yml", hosts)
    del account["cloudflare_lb_monitor_groups"]  # a kind outside the inventory: never pruned
    account["cloudflare_lb_pools"] = [p for p in account["cloudflare_lb_pools"]
                                      if p["name"] not in ("old-pool", "c-pool")]
    account["cloudflare_lb_monitors"] = [m for m in account["cloudflare_lb_monitors"]
                                         if m.get("description") != "old monitor"]
    save(inventory, ACCOUNT_FILE, account)
    zone_b["cloudflare_load_balancers"] = [lb for lb in zone_b["cloudflare_load_balancers"]
                                           if lb["name"] != "old.b.example"]
    zone_b["cloudflare_spectrum_apps"] = [app for app in zone_b["cloudflare_spectrum_apps"]
                                          if app["dns"]["name"] != "web.b.example"]
    save(inventory, "host_vars/b.example.yml", zone_b)
    before = emulator.state()
    emulator.clear_log()
    run = apply(playbook, inventory, check=True, cloudflare_prune=True)
    assert run.rc == 0, run
    assert writes(emulator) == []
    lines = summary(run)
    assert "pools 1 deleted, 1 kept, 5 unchanged" in lines[0] and "kept pool 'c-pool' (used by lb.c.example)" in lines[0], lines
    assert "monitors 1 deleted, 8 unchanged; monitor groups not listed;" in lines[0], lines
    assert "load balancers 1 deleted, 5 unchanged; Spectrum apps 1 deleted, 4 unchanged" in lines[2], lines
    emulator.clear_log()
    run = apply(playbook, inventory, cloudflare_prune=True)
    assert run.rc == 0, run
    assert sorted(writes(emulator)) == sorted([
        ("DELETE", "/zones/%s/spectrum/apps/%s" % (emulator.zone_id("b.example"), made["web-app"]["id"])),
        ("DELETE", "/zones/%s/load_balancers/%s" % (emulator.zone_id("b.example"), made["oldlb"]["id"])),
        ("DELETE", "/accounts/%s/load_balancers/pools/%s" % (emulator.account_id, made["old-pool"]["id"])),
        ("DELETE", "/accounts/%s/load_balancers/monitors/%s" % (emulator.account_id, made["old"]["id"]))])
    assert summary(run)[:-1] == lines[:-1]
    after = emulator.state()
    assert after["monitor_groups"] == before["monitor_groups"]
    assert after["load_balancers"][emulator.zone_id("c.example")] == before["load_balancers"][emulator.zone_id("c.example")]
    assert made["c-pool"]["id"] in [p["id"] for p in after["pools"][emulator.account_id]]

    # an existing directory is refused before any request, unless forced
    emulator.clear_log()
    run = export(playbook, inventory)
    assert run.rc != 0 and "is not empty" in run.stdout, run
    assert emulator.log()["requests"] == []


@pytest.fixture
def variant_read_back(emulator_server):
    """The session emulator answering with another read-back the contract allows (see tools/emulator/readback.py)."""
    emulator_server.app.read_back = "variant"
    yield
    emulator_server.app.read_back = "default"


def test_the_round_trip_holds_under_another_read_back(emulator, variant_read_back, playbook, tmp_path):
    made = seed(emulator)
    # origins stored (and so answered) in no particular order
    origins = emulator.get("pools", made["ssh-pool"]["id"])["origins"]
    emulator.edit("pools", made["ssh-pool"]["id"], {"origins": sorted(origins, key=lambda o: o["name"], reverse=True)})
    emulator.sparse(True)  # and every default-valued key left out of the answers
    inventory = tmp_path / "inventory"
    run = export(playbook, inventory)
    assert run.rc == 0, run
    result = [r for r in run.results if r["action"].endswith("cf_account_setup_export")][0]["result"]
    assert result["problems"] == [] and sum(result["counts"].values()) == 34, result
    emulator.clear_log()
    run = apply(playbook, inventory, check=True)
    assert run.rc == 0 and run.changed == 0, run
    assert writes(emulator) == []
    assert_no_secret(run.output, all_text(inventory, but=(SECRETS_FILE,)))


HAND_WRITTEN = {
    "hosts.yml": {"cloudflare_zones": {"hosts": {
        "a.example": None, "b.example": {"cloudflare_zone": "b.example"}, "nosuch.example": None,
        "c.example": None, "d.example": None}}},
    "group_vars/all/setup.yml": {
        "cloudflare_lb_monitors": [{"description": "hand tcp", "type": "tcp", "port": 22}],
        "cloudflare_lb_pools": [{"name": "hand-pool", "monitor": "hand tcp", "origins": [
            {"name": "b", "address": "192.0.2.2", "header": {"host": "app.a.example"}},
            {"name": "a", "address": "192.0.2.1", "weight": 0.5}]}]},
    "host_vars/a.example.yml": {
        "cloudflare_load_balancers": [{"name": "lb.a.example", "default_pools": ["hand-pool"]}],
        "cloudflare_spectrum_apps": [{"dns": {"name": "ssh.a.example"}, "protocol": "tcp/22",
                                      "origin_dns": {"name": "lb.a.example"}, "origin_port": 22}]},
    "host_vars/b.example.yml": {
        "cloudflare_load_balancers": [{"name": "LB.b.example.", "default_pools": ["hand-pool"],
                                       "steering_policy": "random"}],
        "cloudflare_spectrum_apps": [{"dns": {"name": "x.b.example"}, "protocol": "tcp/80",
                                      "origin_direct": ["tcp://192.0.2.5:80"]}]},
    "host_vars/c.example.yml": {"cloudflare_load_balancers": [{"name": "lb.c.example", "default_pools": ["nope"]}]},
    "host_vars/d.example.yml": {"cloudflare_load_balancers": [{"name": "lb.d.example", "default_pools": ["hand-pool"],
                                                               "ttl": "soon"}]},
}


def test_a_hand_written_inventory_applies_then_holds_and_bad_zones_fail_alone(emulator, playbook, tmp_path):
    for zone in ZONES:
        emulator.add_zone(zone)
    inventory = tmp_path / "inventory"
    for path, data in HAND_WRITTEN.items():
        (inventory / path).parent.mkdir(parents=True, exist_ok=True)
        (inventory / path).write_text(yaml.safe_dump(data, sort_keys=False))

    run = apply(playbook, inventory)
    assert run.rc != 0, run
    lines = summary(run)
    account = lines[0]
    zone_a, zone_b, zone_c, zone_d, nosuch = (line_of(lines, z) for z in (
        "a.example", "b.example", "c.example", "d.example", "nosuch.example"))
    assert "monitors 1 created; monitor groups not listed; pools 1 created" in account, lines
    assert "load balancers 1 created; Spectrum apps 1 created" in zone_a and "FAILED" not in zone_a, lines
    assert "load balancers 1 created; Spectrum apps 1 created" in zone_b and "FAILED" not in zone_b, lines
    assert ("FAILED at Stop on problems of the zone's inventory, before any write: "
            "cloudflare_load_balancers[0] (lb.c.example): default_pools: pool 'nope' exists neither in the inventory "
            "nor in account %s." % emulator.account_id) in zone_c, lines
    assert "cloudflare_load_balancers[0] (lb.d.example): argument 'ttl' is of type" in zone_d, lines
    assert "zone nosuch.example is not a zone of account %s" % emulator.account_id in nosuch, lines
    assert lines[-1].startswith("5 zones: 2 changed, 0 unchanged, 3 failed (nosuch.example, c.example, d.example); 6 changes in all"), lines
    state = emulator.state()
    for zone in ("c.example", "d.example"):
        assert state["load_balancers"][emulator.zone_id(zone)] == [], zone
    pool = state["pools"][emulator.account_id][0]
    assert [o["header"] for o in sorted(pool["origins"], key=lambda o: o["name"]) if o.get("header")] == [
        {"Host": ["app.a.example"]}]

    emulator.clear_log()
    run = apply(playbook, inventory)
    assert run.rc != 0, run
    assert writes(emulator) == []
    lines = summary(run)
    assert "monitors 1 unchanged; monitor groups not listed; pools 1 unchanged" in lines[0], lines
    assert "load balancers 1 unchanged; Spectrum apps 1 unchanged" in line_of(lines, "a.example"), lines
    assert "load balancers 1 unchanged; Spectrum apps 1 unchanged" in line_of(lines, "b.example"), lines
    assert lines[-1].startswith("5 zones: 0 changed, 2 unchanged, 3 failed"), lines
