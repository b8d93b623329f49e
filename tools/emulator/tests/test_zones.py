"""Zones listing, filters and pagination."""

from tools.emulator import Emulator, zone_id_for


def test_zone_ids_are_deterministic(api):
    zones = api.ok("GET", "/zones?name=example.com")
    assert len(zones) == 1
    zone = zones[0]
    assert zone["id"] == zone_id_for("example.com") == api.ctl.zone_id("example.com")
    assert zone["status"] == "active" and zone["account"] == {"id": api.account_id, "name": "Example Account"}
    assert api.ok("GET", "/zones?name=nope.example.com") == []


def test_zones_pagination_and_filters():
    with Emulator(port=0, zones=["example.com", "example.net"], zone_count=12) as emu:
        from tools.emulator.tests._helpers import Api
        from tools.emulator.control import EmulatorControl
        api = Api(EmulatorControl(emu.url))
        first = api.call("GET", "/zones?per_page=5").json()
        assert first["result_info"] == {"page": 1, "per_page": 5, "count": 5, "total_count": 14, "total_pages": 3}
        last = api.call("GET", "/zones?per_page=5&page=3").json()
        assert last["result_info"]["count"] == 4
        names = [z["name"] for z in api.call("GET", "/zones?per_page=50").json()["result"]]
        assert names == sorted(names) and "zone-0012.example.net" in names and len(names) == 14
        assert [z["name"] for z in api.ok("GET", "/zones?name=zone-0003.example.net")] == ["zone-0003.example.net"]
        assert len(api.ok("GET", "/zones?name=starts_with:zone-&per_page=50")) == 12
        assert len(api.ok("GET", f"/zones?account.id={emu.account_id}&status=active&per_page=50")) == 14
        assert api.ok("GET", "/zones?account.id=nope") == []
        desc = api.ok("GET", "/zones?order=name&direction=desc&per_page=5")
        assert desc[0]["name"] == "zone-0012.example.net"
        api.err("GET", "/zones?per_page=51")
        api.err("GET", "/zones?per_page=4")
        api.err("GET", "/zones?status=gone")


def test_added_zone_with_other_account(api, emulator):
    zone = emulator.add_zone("other.org", account_id="b" * 32)
    assert zone["id"] == zone_id_for("other.org")
    assert api.ok("GET", f"/accounts/{'b' * 32}/load_balancers/pools") == []
    assert [z["name"] for z in api.ok("GET", f"/zones?account.id={'b' * 32}")] == ["other.org"]
    emulator.reset()
    assert api.ok("GET", "/zones?name=other.org") == []
