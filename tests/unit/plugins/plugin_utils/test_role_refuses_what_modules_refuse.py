# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every input one of the role's modules refuses, the role refuses first, naming the variable.

For each case the role's inputs (the tutorial's, with one change) become the options its task would send
(``module_options``, the mapping the role's tasks use); the module's own ``main()`` is run with them against
the fake API and must fail without sending a single request; and ``role_problems`` (the role's validation,
run before its first task) must report a problem naming the role variable the bad value came from.
"""

from __future__ import annotations

import copy

import pytest

from ansible_collections.edgeops.cloudflare.plugins.modules import (
    cf_lb_monitor,
    cf_lb_monitor_group,
    cf_lb_pool,
    cf_load_balancer,
    cf_spectrum_app,
)
from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.spectrum_lb import module_options, role_problems
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID

TUTORIAL = dict(
    zone="example.com",
    state="present",
    monitor={"description": "Spectrum Health Check", "type": "tcp", "port": 2048, "interval": 30, "retries": 2,
             "timeout": 5, "method": "connection_established"},
    pools=[{"name": "spectrum-origins", "origins": [{"name": "origin-1", "address": "192.0.2.1", "weight": 0.6},
                                                    {"name": "origin-2", "address": "198.51.100.2", "weight": 0.4}]}],
    load_balancer={"name": "lb.example.com"},
    app={"dns_name": "spectrum-cname.example.com"},
)


def monitor(**changes):
    return ("monitor", {"monitor": dict(TUTORIAL["monitor"], **changes)})


# the monitor group of a role that has one: two monitors, the tutorial's among them by description
GROUP = {"description": "Spectrum checks", "members": [{"monitor": "Spectrum Health Check"},
                                                       {"monitor": "http check", "must_be_healthy": True}]}


def group(**changes):
    return ("monitor_group", {"monitor_group": dict(GROUP, **changes)})


def member(index, **changes):
    members = [dict(m) for m in GROUP["members"]]
    members[index].update(changes)
    return group(members=members)


def pool(**changes):
    return ("pool", {"pools": [dict(TUTORIAL["pools"][0], **changes)]})


def origin(**changes):
    first = dict(TUTORIAL["pools"][0]["origins"][0], **changes)
    return pool(origins=[first, TUTORIAL["pools"][0]["origins"][1]])


def load_balancer(**changes):
    return ("load_balancer", {"load_balancer": dict(TUTORIAL["load_balancer"], **changes)})


def app(**changes):
    return ("app", {"app": dict(TUTORIAL["app"], **changes)})


# (case, (module, changed role inputs), the role variable the problem must name)
CASES = [
    # cf_lb_monitor
    ("monitor port above 65535", monitor(port=70000), "spectrum_lb_monitor.port"),
    ("tcp monitor without a port", monitor(port=0), "spectrum_lb_monitor.port"),
    ("monitor interval below 10", monitor(interval=5), "spectrum_lb_monitor.interval"),
    ("monitor timeout above 10", monitor(timeout=20), "spectrum_lb_monitor.timeout"),
    ("monitor retries above 5", monitor(retries=9), "spectrum_lb_monitor.retries"),
    ("monitor timeout not below interval", monitor(interval=10, timeout=10), "spectrum_lb_monitor.timeout"),
    ("consecutive_up above 1000", monitor(consecutive_up=1001), "spectrum_lb_monitor.consecutive_up"),
    ("unknown monitor type", monitor(type="ping"), "spectrum_lb_monitor: value of type"),
    ("http method on a tcp monitor", monitor(method="GET"), "spectrum_lb_monitor.method"),
    ("path on a tcp monitor", monitor(path="/health"), "spectrum_lb_monitor.path"),
    ("header on a tcp monitor", monitor(header={"Host": ["a.example.com"]}), "spectrum_lb_monitor.header"),
    ("http path without a slash", monitor(type="http", port=80, method="GET", path="health"),
     "spectrum_lb_monitor.path"),
    ("http expected codes not a code", monitor(type="http", port=80, method="GET", expected_codes="abc"),
     "spectrum_lb_monitor.expected_codes"),
    ("allow_insecure on an http monitor", monitor(type="http", port=80, method="GET", allow_insecure=True),
     "spectrum_lb_monitor.allow_insecure"),
    ("probe zone not a zone", monitor(type="http", port=80, method="GET", probe_zone="not a zone"),
     "spectrum_lb_monitor.probe_zone"),
    ("monitor retries not a number", monitor(retries="twice"), "spectrum_lb_monitor: argument 'retries'"),
    # cf_lb_monitor_group
    ("monitor group without members", group(members=[]), "spectrum_lb_monitor_group.members"),
    ("group member with a blank monitor", member(1, monitor=" "), "spectrum_lb_monitor_group.members[1].monitor"),
    ("group member naming a monitor twice", member(1, monitor="Spectrum Health Check"),
     "spectrum_lb_monitor_group.members[1].monitor"),
    ("group member without a monitor", group(members=[{"enabled": True}]), "spectrum_lb_monitor_group: "),
    ("group member flag not a boolean", member(0, must_be_healthy="always"),
     "spectrum_lb_monitor_group: argument 'must_be_healthy'"),
    ("group member with an unknown flag", member(0, voting=False), "spectrum_lb_monitor_group: "),
    ("group members not a list of mappings", group(members=["Spectrum Health Check", 5]),
     "spectrum_lb_monitor_group: "),
    # cf_lb_pool
    ("pool with a monitor and a monitor group", pool(monitor="tcp", monitor_group="checks"),
     "spectrum_lb_pools[0]: parameters are mutually exclusive: monitor|monitor_group"),
    ("pool health sources other than regional, global", pool(health_sources=["global", "regional"]),
     "spectrum_lb_pools[0].health_sources"),
    ("pool health source not a source", pool(health_sources=["nearby"]), "spectrum_lb_pools[0]: value of health_sources"),
    ("regional health with every region", pool(health_sources=["regional", "global"], check_regions=[]),
     "spectrum_lb_pools[0].health_sources"),
    ("pool network blank", pool(networks=[" "]), "spectrum_lb_pools[0].networks"),
    ("origin flatten_cname not a boolean", origin(flatten_cname="sometimes"), "spectrum_lb_pools[0]: argument 'flatten_cname'"),
    ("pool name with a dot", pool(name="web.pool"), "spectrum_lb_pools[0].name"),
    ("origin weight above 1", origin(weight=1.5), "spectrum_lb_pools[0].origins[0] (origin-1).weight"),
    ("negative origin weight", origin(weight=-0.1), "spectrum_lb_pools[0].origins[0] (origin-1).weight"),
    ("origin weight off the 0.01 grid", origin(weight=0.555), "spectrum_lb_pools[0].origins[0] (origin-1).weight"),
    ("origin address not an address", origin(address="not an address!"),
     "spectrum_lb_pools[0].origins[0] (origin-1).address"),
    ("blank origin address", origin(address=""), "spectrum_lb_pools[0].origins[0] (origin-1).address"),
    ("blank origin name", origin(name=" "), "spectrum_lb_pools[0].origins[0].name"),
    ("two origins with one name", origin(name="origin-2"), "spectrum_lb_pools[0].origins"),
    ("origin port above 65535", origin(port=70000), "spectrum_lb_pools[0].origins[0] (origin-1).port"),
    ("origin virtual network not a UUID", origin(virtual_network_id="vnet-1"),
     "spectrum_lb_pools[0].origins[0] (origin-1).virtual_network_id"),
    ("origin header other than Host", origin(header={"X-Forwarded-Host": "a.example.com"}),
     "spectrum_lb_pools[0].origins[0] (origin-1).header"),
    ("origin Host header with two values", origin(header={"Host": ["a.example.com", "b.example.com"]}),
     "spectrum_lb_pools[0].origins[0] (origin-1).header"),
    ("origin weight not a number", origin(weight="heavy"), "spectrum_lb_pools[0]: argument 'weight'"),
    ("minimum_origins 0", pool(minimum_origins=0), "spectrum_lb_pools[0].minimum_origins"),
    ("minimum_origins above the origins", pool(minimum_origins=3), "spectrum_lb_pools[0].minimum_origins"),
    ("latitude without longitude", pool(latitude=52.3), "spectrum_lb_pools[0].latitude"),
    ("latitude beyond 90", pool(latitude=100, longitude=4.9), "spectrum_lb_pools[0].latitude"),
    ("load shedding above 100 percent", pool(load_shedding={"default_percent": 150}),
     "spectrum_lb_pools[0].load_shedding"),
    ("unknown check region", pool(check_regions=["MARS"]), "spectrum_lb_pools[0]: value of check_regions"),
    ("unknown origin steering policy", pool(origin_steering={"policy": "fastest"}), "spectrum_lb_pools[0]: value of policy"),
    ("unknown notification filter option", pool(notification_filter={"origin": {"mute": True}}),
     "spectrum_lb_pools[0]"),
    # cf_load_balancer
    ("unknown steering policy", load_balancer(steering_policy="fastest"),
     "spectrum_lb_load_balancer: value of steering_policy"),
    ("negative ttl", load_balancer(ttl=-1), "spectrum_lb_load_balancer.ttl"),
    ("affinity ttl without affinity", load_balancer(session_affinity="none", session_affinity_ttl=600),
     "spectrum_lb_load_balancer.session_affinity_ttl"),
    ("cookie affinity ttl out of range", load_balancer(session_affinity="cookie", session_affinity_ttl=10 ** 9),
     "spectrum_lb_load_balancer.session_affinity_ttl"),
    ("unknown region in region_pools", load_balancer(steering_policy="geo", region_pools={"MARS": ["spectrum-origins"]}),
     "spectrum_lb_load_balancer.region_pools"),
    ("country code of three letters", load_balancer(steering_policy="geo", country_pools={"USA": ["spectrum-origins"]}),
     "spectrum_lb_load_balancer.country_pools"),
    ("PoP code of two letters", load_balancer(steering_policy="geo", pop_pools={"LA": ["spectrum-origins"]}),
     "spectrum_lb_load_balancer.pop_pools"),
    ("random steering default weight off the 0.1 grid",
     load_balancer(steering_policy="random", random_steering={"default_weight": 0.55}),
     "spectrum_lb_load_balancer.random_steering"),
    ("random steering pool weight above 1",
     load_balancer(steering_policy="random", random_steering={"pool_weights": {"spectrum-origins": 2}}),
     "spectrum_lb_load_balancer.random_steering"),
    ("default pools listing one pool twice", load_balancer(default_pools=["spectrum-origins", "spectrum-origins"]),
     "spectrum_lb_load_balancer.default_pools"),
    ("fallback pool not a pool name", load_balancer(fallback_pool="no such pool"),
     "spectrum_lb_load_balancer.fallback_pool"),
    ("description above 1024 characters", load_balancer(description="x" * 1025),
     "spectrum_lb_load_balancer.description"),
    ("load balancer outside the zone", load_balancer(name="lb.example.net"), "spectrum_lb_load_balancer.name"),
    # the load balancer may be a wildcard; the app refuses it as origin (origin_dns.name, from the same variable)
    ("wildcard load balancer as the app's origin", ("app", load_balancer(name="*.lb.example.com")[1]),
     "spectrum_lb_load_balancer.name"),
    # cf_spectrum_app
    ("protocol port 0", app(protocol="tcp/0"), "spectrum_lb_app.protocol"),
    ("protocol neither tcp nor udp", app(protocol="sctp/22"), "spectrum_lb_app.protocol"),
    ("origin port range of another size", app(protocol="tcp/1000-2000", origin_port="1000-1500"),
     "spectrum_lb_app.origin_port"),
    ("origin port above 65535", app(origin_port=70000), "spectrum_lb_app.origin_port"),
    ("origin DNS ttl too short", app(origin_dns_ttl=1), "spectrum_lb_app.origin_dns_ttl"),
    ("unknown proxy protocol", app(proxy_protocol="v3"), "spectrum_lb_app.proxy_protocol"),
    ("unknown TLS mode", app(tls="maybe"), "spectrum_lb_app: value of tls"),
    ("Argo Smart Routing on udp", app(protocol="udp/53", argo_smart_routing=True), "spectrum_lb_app.argo_smart_routing"),
    ("IP firewall on udp", app(protocol="udp/53", ip_firewall=True), "spectrum_lb_app.ip_firewall"),
    ("edge ips listed with dynamic edge ips", app(edge_ips={"type": "dynamic", "ips": ["192.0.2.9"]}),
     "spectrum_lb_app.edge_ips"),
    ("ADDRESS record with dynamic edge ips", app(dns_type="ADDRESS", edge_ips={"type": "dynamic"}),
     "spectrum_lb_app.edge_ips"),
    ("unknown DNS record type", app(dns_type="AAAA"), "spectrum_lb_app: value of type"),
    ("unknown traffic type", app(traffic_type="quic"), "spectrum_lb_app: value of traffic_type"),
    ("app hostname outside the zone", app(dns_name="ssh.example.net"), "spectrum_lb_app.dns_name"),
    ("app hostname not a hostname", app(dns_name="ssh example.com"), "spectrum_lb_app.dns_name"),
]

MODULES = {"monitor": cf_lb_monitor, "monitor_group": cf_lb_monitor_group, "pool": cf_lb_pool,
           "load_balancer": cf_load_balancer, "app": cf_spectrum_app}


def role_inputs(changes):
    inputs = copy.deepcopy(TUTORIAL)
    inputs.update(copy.deepcopy(changes))
    return inputs


def task_options(kind, inputs):
    """The options the role's task for ``kind`` sends, with the connection it uses."""
    options = module_options(**inputs)
    if kind in ("monitor", "monitor_group"):
        return dict(options[kind], account_id=ACCOUNT_ID)
    if kind == "pool":
        # a pool that names neither refers to the role's monitor group, else its monitor (by description before
        # it exists)
        params = options["pools"][0]
        if params.get("monitor") is None and params.get("monitor_group") is None:
            params = dict(params, **options["pool_health"])
        return dict(params, account_id=ACCOUNT_ID)
    if kind == "load_balancer":
        return dict(options["load_balancer"], zone=inputs["zone"], account_id=ACCOUNT_ID)
    return dict(options["app"], zone=inputs["zone"])


def test_there_are_enough_cases_for_every_module():
    assert len(CASES) >= 40
    assert set(kind for unused, (kind, changes), variable in CASES) == set(MODULES)


def test_the_tutorial_passes_the_role_and_every_module_option_set():
    assert role_problems(**TUTORIAL) == []
    assert role_problems(**role_inputs(group()[1])) == []


@pytest.mark.parametrize("case, given, variable", CASES, ids=[c[0] for c in CASES])
def test_the_role_refuses_what_its_module_refuses(run_module, api, case, given, variable):
    kind, changes = given
    inputs = role_inputs(changes)

    run = run_module(MODULES[kind].main, task_options(kind, inputs))
    assert run.failed, (case, run)
    assert api.requests == [], (case, api.requests)  # the module refused before its first request

    problems = role_problems(**inputs)
    assert any(p.startswith(variable) for p in problems), (case, variable, problems, run.result["msg"])
