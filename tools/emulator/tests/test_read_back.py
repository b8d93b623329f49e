"""--read-back variant (another read-back the contract allows) and --unique-app-hostnames."""

import pytest

from tools.emulator import Emulator
from tools.emulator.__main__ import parse_args
from tools.emulator.control import EmulatorControl

from ._helpers import Api


@pytest.fixture(scope="module")
def variant_server():
    emu = Emulator(port=0, read_back="variant", unique_app_hostnames=True)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def variant(variant_server):
    ctl = EmulatorControl(variant_server.url)
    ctl.reset(rate_limit=None)
    client = Api(ctl)
    yield ctl, client
    client.session.close()
    ctl.session.close()


def test_command_line_and_health(variant, emulator):
    args = parse_args(["--read-back", "variant", "--unique-app-hostnames"])
    assert (args.read_back, args.unique_app_hostnames) == ("variant", True)
    args = parse_args([])
    assert (args.read_back, args.unique_app_hostnames) == ("default", False)
    with pytest.raises(SystemExit):
        parse_args(["--read-back", "sparse"])
    with pytest.raises(ValueError, match="read_back"):
        Emulator(port=0, read_back="other")
    ctl, _api = variant
    assert ctl.session.get(ctl.url + "/__emulator__/health", timeout=5).json()["read_back"] == "variant"
    health = emulator.session.get(emulator.url + "/__emulator__/health", timeout=5).json()
    assert (health["read_back"], health["unique_app_hostnames"]) == ("default", False)


def test_variant_shapes(variant):
    ctl, api = variant
    mon = api.monitor()
    assert "header" not in mon                                   # the empty map left out
    assert "header" not in api.ok("GET", f"{api.acct}/monitors/{mon['id']}")

    pool = api.pool(origins=[{"name": "o1", "address": "192.0.2.1"},
                             {"name": "o2", "address": "192.0.2.2", "header": {"Host": ["a.example.com"]}}])
    assert (pool["monitor"], pool["latitude"], pool["longitude"], pool["disabled_at"]) == (None, None, None, None)
    assert [(o["header"], o["disabled_at"]) for o in pool["origins"]] == [({}, None), ({"Host": ["a.example.com"]}, None)]
    # after a removal the key comes back as null
    with_monitor = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"monitor": mon["id"]})
    assert with_monitor["monitor"] == mon["id"]
    removed = api.ok("PUT", f"{api.acct}/pools/{pool['id']}", {"name": "web-pool", "origins": [{"name": "o1", "address": "192.0.2.1"}]})
    assert removed["monitor"] is None and removed["origins"][0]["header"] == {}
    disabled = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}", {"enabled": False})
    assert disabled["disabled_at"] is not None

    lb = api.lb(pool["id"], name="lb.example.com")
    assert lb["session_affinity_ttl"] is None
    assert not {"region_pools", "country_pools", "pop_pools"} & set(lb)
    geo = api.ok("PATCH", f"/zones/{api.zone}/load_balancers/{lb['id']}",
                 {"session_affinity": "cookie", "region_pools": {"WNAM": [pool["id"]]}})
    assert geo["session_affinity_ttl"] == 82800 and geo["region_pools"] == {"WNAM": [pool["id"]]}
    assert [x["session_affinity_ttl"] for x in api.ok("GET", f"/zones/{api.zone}/load_balancers")] == [82800]

    by_dns = api.app()
    assert by_dns["origin_direct"] is None and by_dns["origin_port"] == 22
    stored = ctl.state()
    # only responses change: the stored objects keep the default shapes
    [held_pool] = stored["pools"][api.account_id]
    assert "monitor" not in held_pool and "header" not in held_pool["origins"][0]
    [held_lb] = stored["load_balancers"][api.zone]
    assert "session_affinity_ttl" in held_lb and held_lb["pop_pools"] == {}
    [held_mon] = stored["monitors"][api.account_id]
    assert held_mon["header"] == {}


def test_variant_origin_direct_app(variant):
    _ctl, api = variant
    body = {"protocol": "tcp/3306", "dns": {"type": "CNAME", "name": "db.example.com"},
            "origin_direct": ["tcp://192.0.2.1:3306"]}
    app = api.ok("POST", f"/zones/{api.zone}/spectrum/apps", body)
    assert (app["origin_dns"], app["origin_port"], app["origin_direct"]) == (None, None, ["tcp://192.0.2.1:3306"])


def test_unique_app_hostnames(variant, api):
    _ctl, strict = variant
    first = strict.app()
    err = strict.err("POST", f"/zones/{strict.zone}/spectrum/apps",
                     {"protocol": "udp/53", "dns": {"type": "CNAME", "name": "SSH.example.com"},
                      "origin_dns": {"name": "lb.example.com"}, "origin_port": 53}, code=11000)
    assert "hostname already exists" in err["errors"][0]["message"] and first["id"] in err["errors"][1]["message"]
    # the app itself may keep its hostname on a PUT, and another hostname is fine
    strict.ok("PUT", f"/zones/{strict.zone}/spectrum/apps/{first['id']}",
              {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
               "origin_dns": {"name": "lb.example.com"}, "origin_port": 2222})
    strict.app(dns={"type": "CNAME", "name": "other.example.com"})
    # the default: apps may share a hostname
    api.app()
    api.app(protocol="udp/53", origin_port=53)


def test_variant_2026_fields(variant):
    ctl, api = variant
    mon = api.monitor()
    group = api.group(mon["id"])
    pool = api.pool(origins=[{"name": "a", "address": "a.example.org"},
                             {"name": "b", "address": "b.example.org", "flatten_cname": False}])
    # unset monitor group null, null health_sources left out, flatten_cname left out while true
    assert pool["monitor_group"] is None and "health_sources" not in pool
    assert ["flatten_cname" in o for o in pool["origins"]] == [False, True]
    assert pool["networks"] == ["cloudflare"]
    changed = api.ok("PATCH", f"{api.acct}/pools/{pool['id']}",
                     {"monitor_group": group["id"], "networks": [], "check_regions": ["WEU"],
                      "health_sources": ["regional", "global"]})
    assert changed["monitor_group"] == group["id"] and changed["monitor"] is None
    assert "networks" not in changed and changed["health_sources"] == ["regional", "global"]
    lb = api.lb(pool["id"], networks=[])
    assert lb["pool_sets"] is None and "networks" not in lb
    sets = api.ok("PATCH", f"/zones/{api.zone}/load_balancers/{lb['id']}",
                  {"pool_sets": [{"overrides": {"pools": [pool["id"]]}}]})["pool_sets"]
    assert sets == [{"name": "", "disabled": False, "overrides": {"pools": [pool["id"]]}}]
    assert api.app()["virtual_network_id"] is None
    assert api.ok("GET", f"{api.acct}/monitor_groups/{group['id']}") == group
    # the stored objects keep the default shapes
    [held_pool] = ctl.state()["pools"][api.account_id]
    assert "monitor" not in held_pool and held_pool["networks"] == [] and held_pool["origins"][0]["flatten_cname"]
    [held_lb] = ctl.state()["load_balancers"][api.zone]
    assert held_lb["pool_sets"] == sets and held_lb["networks"] == []
