"""Plans: --plan / set_plan, the monitor interval floors and the Enterprise-only features."""

import pytest
import requests

from tools.emulator import Emulator
from tools.emulator.__main__ import parse_args
from tools.emulator.control import EmulatorControl, EmulatorError

from ._helpers import Api, member

ENTERPRISE_ONLY = 1016


def test_enterprise_by_default_and_zones_show_the_plan(api, emulator):
    assert emulator.plan() == "enterprise"
    assert api.ok("GET", "/zones")[0]["plan"]["name"] == "Enterprise Website"
    assert emulator.set_plan("pro") == {"plan": "pro"}
    plan = api.ok("GET", "/zones")[0]["plan"]
    assert (plan["name"], plan["legacy_id"]) == ("Pro Website", "pro")
    health = emulator.session.get(emulator.url + "/__emulator__/health", timeout=5).json()
    assert health["plan"] == "pro"
    emulator.reset()
    assert emulator.plan() == "enterprise" and api.ok("GET", "/zones")[0]["plan"]["legacy_id"] == "enterprise"


@pytest.mark.parametrize("plan,floor", [("enterprise", 10), ("business", 15), ("pro", 60)])
def test_monitor_interval_floor(api, emulator, plan, floor):
    emulator.set_plan(plan)
    message = f"interval is not in range [{floor}, 3600]: validation failed"
    for interval in (floor - 1, 3601):
        body = api.err("POST", f"{api.acct}/monitors", {"type": "http", "interval": interval, "timeout": 2})
        assert body["errors"] == [{"code": 1002, "message": message}]
    mon = api.monitor(interval=floor, timeout=2)
    assert mon["interval"] == floor
    # PATCH, PUT and previews are checked the same way
    api.err("PATCH", f"{api.acct}/monitors/{mon['id']}", {"interval": floor - 1})
    api.err("PUT", f"{api.acct}/monitors/{mon['id']}", {"type": "tcp", "port": 22, "interval": floor - 1,
                                                        "timeout": 2})
    api.err("POST", f"{api.acct}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 22, "interval": floor - 1,
                                                                 "timeout": 2})


def test_a_monitor_below_the_new_floor_cannot_be_patched_after_a_downgrade(api, emulator):
    mon = api.monitor(interval=10, timeout=2)
    emulator.set_plan("business")
    assert api.ok("GET", f"{api.acct}/monitors/{mon['id']}")["interval"] == 10  # stored objects stay
    msg = api.err("PATCH", f"{api.acct}/monitors/{mon['id']}", {"description": "x"})["errors"][0]["message"]
    assert msg == "interval is not in range [15, 3600]: validation failed"


@pytest.mark.parametrize("plan", ["business", "pro"])
@pytest.mark.parametrize("mtype,extra", [("udp_icmp", {"port": 53}), ("icmp_ping", {}), ("smtp", {"port": 25})])
def test_monitor_types_beyond_http_https_tcp_need_enterprise(api, emulator, plan, mtype, extra):
    emulator.set_plan(plan)
    body = api.err("POST", f"{api.acct}/monitors", dict({"type": mtype}, **extra), code=ENTERPRISE_ONLY)
    assert body["errors"][0]["message"] == (f"type: {mtype} monitors need an Enterprise plan; "
                                            f"this account is on the {plan.capitalize()} plan")
    for allowed in ("http", "https"):
        api.ok("POST", f"{api.acct}/monitors", {"type": allowed})
    api.monitor(interval=60)  # tcp
    emulator.set_plan("enterprise")
    api.ok("POST", f"{api.acct}/monitors", dict({"type": mtype}, **extra))


def test_monitor_group_writes_need_enterprise(api, emulator):
    mon = api.monitor()
    group = api.group(mon["id"])
    emulator.set_plan("pro")
    body = {"description": "g", "members": [member(mon["id"])]}
    text = "monitor_groups: monitor groups need an Enterprise plan; this account is on the Pro plan"
    for method, path in (("POST", ""), ("PUT", f"/{group['id']}"), ("PATCH", f"/{group['id']}")):
        err = api.err(method, f"{api.acct}/monitor_groups{path}", body, code=ENTERPRISE_ONLY)
        assert err["errors"][0]["message"] == text
    # reads and the delete still work (an account that moved down a plan can clean up)
    assert api.ok("GET", f"{api.acct}/monitor_groups") == [group]
    assert api.ok("DELETE", f"{api.acct}/monitor_groups/{group['id']}")["id"] == group["id"]


def test_pool_sets_need_enterprise(api, emulator):
    pool = api.pool()
    emulator.set_plan("business")
    body = api.err("POST", f"/zones/{api.zone}/load_balancers",
                   {"name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"],
                    "pool_sets": [{"overrides": {"pools": [pool["id"]]}}]}, code=ENTERPRISE_ONLY)
    assert body["errors"][0]["message"] == ("POOL_SET_STEERING_ENTITLEMENT: pool_sets: pool sets need an Enterprise "
                                            "plan; this account is on the Business plan")
    lb = api.lb(pool["id"], pool_sets=[])  # none is fine
    assert lb["pool_sets"] == []


def test_pop_pools_need_enterprise(api, emulator):
    pool = api.pool()
    emulator.set_plan("pro")
    base = {"name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"]}
    err = api.err("POST", f"/zones/{api.zone}/load_balancers", dict(base, pop_pools={"LAX": [pool["id"]]}),
                  code=ENTERPRISE_ONLY)
    assert err["errors"][0]["message"] == ("pop_pools: PoP pools need an Enterprise plan; "
                                           "this account is on the Pro plan")
    rules = [{"name": "r", "condition": "true", "overrides": {"pop_pools": {"LAX": [pool["id"]]}}}]
    err = api.err("POST", f"/zones/{api.zone}/load_balancers", dict(base, rules=rules), code=ENTERPRISE_ONLY)
    assert err["errors"][0]["message"].startswith("rules[0].overrides.pop_pools: PoP pools need an Enterprise plan")
    lb = api.ok("POST", f"/zones/{api.zone}/load_balancers",
                dict(base, pop_pools={}, region_pools={"WEU": [pool["id"]]}))
    emulator.set_plan("enterprise")
    api.ok("PATCH", f"/zones/{api.zone}/load_balancers/{lb['id']}", {"pop_pools": {"LAX": [pool["id"]]}})


@pytest.mark.parametrize("body", [{}, {"plan": "free"}, {"plan": None}, {"plan": "pro", "x": 1}, ["pro"]])
def test_bad_plan_bodies_are_400(emulator, body):
    response = requests.post(emulator.url + "/__emulator__/plan", json=body, timeout=10)
    assert response.status_code == 400 and "error" in response.json()
    assert emulator.plan() == "enterprise"


def test_control_client_and_constructor_refuse_unknown_plans(emulator):
    with pytest.raises(EmulatorError):
        emulator.set_plan("free")
    with pytest.raises(ValueError, match="plan must be one of enterprise, business, pro"):
        Emulator(port=0, plan="free")


def test_command_line_plan():
    assert parse_args([]).plan == "enterprise"
    assert parse_args(["--plan", "pro"]).plan == "pro"
    with pytest.raises(SystemExit):
        parse_args(["--plan", "free"])


def test_reset_returns_to_the_plan_the_emulator_started_with():
    with Emulator(port=0, plan="pro") as emu:
        ctl = EmulatorControl(emu.url)
        api = Api(ctl)
        assert ctl.plan() == "pro"
        api.err("POST", f"{api.acct}/monitors", {"type": "http", "interval": 30, "timeout": 2})
        ctl.set_plan("enterprise")
        api.monitor(interval=30, timeout=2)
        ctl.reset()
        assert ctl.plan() == "pro"
        api.session.close()
        ctl.session.close()
