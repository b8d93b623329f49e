# -*- coding: utf-8 -*-
"""The four *_info modules through real ansible-playbook runs against the emulator.

Listing, filtering by natural key and by id, empty lists for a key or id that matches nothing, check
mode and "only GET requests" are the cf_*_info integration targets' (tests/integration/targets/);
here: pool health with an origin marked down, action-group defaults and unknown zones, and the bad
inputs of every read-only module. Objects are made outside Ansible (not logged), so the request log
holds exactly what the modules sent.
"""

from __future__ import annotations

import pytest

from tests.integration.harness import assert_each_fails_naming

NS = "edgeops.cloudflare."
MISSING_ID = "0123456789abcdef0123456789abcdef"
OTHER_ZONE_ID = "fedcba9876543210fedcba9876543210"


@pytest.fixture
def world(emulator):
    """Two monitors, three pools (one without a monitor), two load balancers, two Spectrum apps."""
    ssh = emulator.create("monitors", None, {"description": "ssh check", "type": "tcp", "port": 22})
    web = emulator.create("monitors", None, {"description": "web check", "type": "http", "path": "/health"})
    eu = emulator.create("pools", None, {"name": "eu-pool", "monitor": ssh["id"], "origins": [
        {"name": "eu-1", "address": "192.0.2.10"}, {"name": "eu-2", "address": "192.0.2.20"}]})
    us = emulator.create("pools", None, {"name": "us-pool", "monitor": ssh["id"], "origins": [
        {"name": "us-1", "address": "198.51.100.10"}]})
    bare = emulator.create("pools", None, {"name": "bare-pool", "origins": [{"name": "b", "address": "192.0.2.20"}]})
    ssh_lb = emulator.create("load_balancers", "example.com", {
        "name": "ssh-lb.example.com", "default_pools": [eu["id"], us["id"]], "fallback_pool": us["id"]})
    web_lb = emulator.create("load_balancers", "example.com", {
        "name": "web-lb.example.com", "default_pools": [bare["id"]], "fallback_pool": bare["id"]})
    ssh_app = emulator.create("spectrum_apps", "example.com", {
        "protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
        "origin_dns": {"name": "ssh-lb.example.com"}, "origin_port": 22})
    rdp_app = emulator.create("spectrum_apps", "example.com", {
        "protocol": "tcp/3389", "dns": {"type": "CNAME", "name": "rdp.example.com"},
        "origin_direct": ["tcp://192.0.2.30:3389"]})
    return dict(ssh=ssh, web=web, eu=eu, us=us, bare=bare, ssh_lb=ssh_lb, web_lb=web_lb, ssh_app=ssh_app,
                rdp_app=rdp_app)


def info(title, module, check_mode=False, **args):
    task = {"name": title, NS + module: args}
    if check_mode:
        task["check_mode"] = True
    return task


def test_pool_health_names_the_origin_marked_unhealthy(emulator, playbook, world):
    emulator.mark_unhealthy("192.0.2.20")
    emulator.clear_log()
    run = playbook([info("health", "cf_lb_pool_info", health=True),
                    info("health in check mode", "cf_lb_pool_info", check_mode=True, health=True, name="eu-pool")])
    assert run.rc == 0, run
    pools = dict((p["name"], p) for p in run.result("health")["pools"])
    eu = pools["eu-pool"]["health"]
    assert eu["unhealthy_origins"] == ["192.0.2.20"]  # reported by both PoPs, named once
    assert sorted(eu["pop_health"]) == ["Amsterdam, NL", "Los Angeles, CA"]
    for pop in eu["pop_health"].values():
        assert pop["healthy"] is True
        assert pop["origins"] == [
            {"192.0.2.10": {"healthy": True, "failure_reason": "No failure reasons", "response_code": 200,
                            "rtt": "12.3ms"}},
            {"192.0.2.20": {"healthy": False, "failure_reason": "Connection timed out", "response_code": 0,
                            "rtt": "0ms"}}]
    assert pools["us-pool"]["health"]["unhealthy_origins"] == []
    # the pool without a monitor is not health checked, though its origin's address is marked
    assert pools["bare-pool"]["health"] == {"pop_health": {}, "unhealthy_origins": []}
    checked = run.result("health in check mode")
    assert checked["changed"] is False and checked["pools"][0]["health"] == eu
    assert emulator.writes() == []
    health_reads = [r["path"] for r in emulator.requests(path_contains="/health")]
    assert sorted(health_reads) == sorted(
        ["/client/v4/accounts/%s/load_balancers/pools/%s/health" % (emulator.account_id, w["id"])
         for w in (world["eu"], world["us"], world["eu"])])


def test_action_group_defaults_and_unknown_zones(emulator, playbook, world):
    block = {
        "name": "group defaults",
        "module_defaults": {"group/edgeops.cloudflare.cloudflare": {"api_retries": 1, "api_timeout": 7}},
        "block": [
            info("monitors", "cf_lb_monitor_info"),
            info("pools", "cf_lb_pool_info"),
            info("lbs", "cf_load_balancer_info", zone="example.com"),
            info("apps", "cf_spectrum_app_info", zone="example.com"),
            dict(info("unknown zone", "cf_load_balancer_info", zone="example.org"), ignore_errors=True),
            dict(info("unknown zone id", "cf_spectrum_app_info", zone_id=OTHER_ZONE_ID, app_id=MISSING_ID),
                 ignore_errors=True),
            dict(info("unknown zone id, lb", "cf_load_balancer_info", zone_id=OTHER_ZONE_ID,
                      load_balancer_id=MISSING_ID), ignore_errors=True),
        ],
    }
    run = playbook([block])
    for title in ("monitors", "pools", "lbs", "apps"):
        args = run.result(title)["invocation"]["module_args"]
        assert (args["api_retries"], args["api_timeout"]) == (1, 7), title
    assert run.task("unknown zone")["status"] == "failed"
    assert run.result("unknown zone")["msg"].startswith("zone 'example.org' was not found")
    # an id in a zone that does not exist is an error, not an empty list
    for title in ("unknown zone id", "unknown zone id, lb"):
        assert run.task(title)["status"] == "failed", title
        assert OTHER_ZONE_ID in run.result(title)["msg"] and run.result(title)["http_status"] == 404
    assert emulator.writes() == []


BAD_INPUTS = [
    ({NS + "cf_lb_monitor_info": {"monitor_id": "not-an-id"}}, "monitor_id"),
    ({NS + "cf_lb_monitor_info": {"monitor_id": MISSING_ID, "description": "ssh check"}}, "monitor_id"),
    ({NS + "cf_lb_monitor_info": {"account_id": "xyz"}}, "account_id"),
    ({NS + "cf_lb_pool_info": {"pool_id": "EU"}}, "pool_id"),
    ({NS + "cf_lb_pool_info": {"pool_id": MISSING_ID, "name": "eu-pool"}}, "pool_id"),
    ({NS + "cf_lb_pool_info": {"name": "eu pool"}}, "name"),
    ({NS + "cf_lb_pool_info": {"monitor": ""}}, "monitor"),
    ({NS + "cf_lb_pool_info": {"health": "sometimes"}}, "health"),
    ({NS + "cf_load_balancer_info": {"zone": "example.com", "load_balancer_id": "0123"}}, "load_balancer_id"),
    ({NS + "cf_load_balancer_info": {"zone": "example.com", "name": "lb.example.org"}}, "name"),
    ({NS + "cf_load_balancer_info": {"zone": "example.com", "load_balancer_id": MISSING_ID,
                                     "name": "lb.example.com"}}, "load_balancer_id"),
    ({NS + "cf_load_balancer_info": {"zone": "example.com", "zone_id": OTHER_ZONE_ID}}, "zone_id"),
    ({NS + "cf_load_balancer_info": {}}, "zone"),
    ({NS + "cf_spectrum_app_info": {"zone": "example.com", "app_id": "A" * 32}}, "app_id"),
    ({NS + "cf_spectrum_app_info": {"zone": "example.com", "dns_name": "not a hostname"}}, "dns_name"),
    ({NS + "cf_spectrum_app_info": {"zone": "example.com", "app_id": MISSING_ID, "dns_name": "ssh.example.com"}},
     "app_id"),
    ({NS + "cf_spectrum_app_info": {"zone_id": "example.com"}}, "zone_id"),
    ({NS + "cf_lb_monitor_preview": {}}, "monitor_id"),
    ({NS + "cf_lb_monitor_preview": {"monitor_id": MISSING_ID, "description": "ssh check"}}, "monitor_id"),
    ({NS + "cf_lb_monitor_preview": {"monitor_id": "ssh check"}}, "monitor_id"),
    ({NS + "cf_lb_monitor_preview": {"description": "ssh check", "wait_timeout": 0}}, "wait_timeout"),
    ({NS + "cf_lb_monitor_preview": {"description": "ssh check", "interval": 5}}, "interval"),
    ({NS + "cf_lb_monitor_preview": {"description": "ssh check", "type": "tcp"}}, "port"),
    ({NS + "cf_lb_monitor_preview": {"description": "ssh check", "type": "tcp", "port": 22, "path": "/"}}, "path"),
    ({NS + "cf_lb_monitor_preview": {"description": "ssh check", "type": "gopher"}}, "type"),
    ({NS + "cf_lb_monitor_preview": {"description": "ssh check", "header": {"User-Agent": "probe"}}}, "header"),
    ({NS + "cf_lb_monitor_preview": {"description": ""}}, "description"),
]


def test_bad_input_fails_before_any_request(emulator, playbook):
    tasks = []
    for index, (args, _option) in enumerate(BAD_INPUTS):
        task = {"name": "bad %d" % index, "ignore_errors": True}
        task.update(args)
        tasks.append(task)
    emulator.clear_log()
    run = playbook(tasks)
    assert_each_fails_naming(run, emulator, BAD_INPUTS)
    assert len(BAD_INPUTS) >= 15
    assert {next(iter(args)) for args, _option in BAD_INPUTS} == {
        NS + m for m in ("cf_lb_monitor_info", "cf_lb_pool_info", "cf_load_balancer_info", "cf_spectrum_app_info",
                         "cf_lb_monitor_preview")}
