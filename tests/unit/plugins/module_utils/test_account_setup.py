# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole-setup read (_account_setup.SetupQuery) against the fake API: each collection once, tolerated failures."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._account_setup import SetupQuery
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_account_setup_info
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, ZONE_ID, ZONE_NAME


@pytest.fixture
def objects(api):
    mon = api.add_monitor(description="ssh", type="tcp", port=22)
    pool = api.add_pool(name="eu", monitor=mon["id"], origins=[{"name": "a", "address": "192.0.2.1"}])
    lb = api.add_load_balancer(name="lb.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"])
    app = api.add_spectrum_app(dns={"type": "CNAME", "name": "ssh.example.com"}, protocol="tcp/22")
    return dict(mon=mon, pool=pool, lb=lb, app=app)


def read(connect, **params):
    params.setdefault("read", None)
    params.setdefault("zones", None)
    return SetupQuery(connect(params)).run()


def test_everything_is_read_once(api, connect, objects):
    result = read(connect)
    assert result["zones"] == [{"id": ZONE_ID, "name": ZONE_NAME}]
    assert [m["id"] for m in result["monitors"]] == [objects["mon"]["id"]]
    assert result["monitor_groups"] == [] and [p["id"] for p in result["pools"]] == [objects["pool"]["id"]]
    assert [lb["id"] for lb in result["load_balancers"][ZONE_ID]] == [objects["lb"]["id"]]
    assert [a["id"] for a in result["spectrum_apps"][ZONE_ID]] == [objects["app"]["id"]]
    assert result["unreadable"] == [] and result["changed"] is False
    paths = [r.path for r in api.requests]
    assert len(paths) == len(set(paths)) == 6, paths


def test_zones_by_id_cost_no_zone_list(api, connect, objects):
    result = read(connect, read=["load_balancers", "spectrum_apps"], zones=[ZONE_ID])
    assert result["zones"] == [{"id": ZONE_ID, "name": None}]
    assert [r.path for r in api.requests] == ["/zones/%s/load_balancers" % ZONE_ID, "/zones/%s/spectrum/apps" % ZONE_ID]


def test_a_zone_by_name_must_be_the_account_s(connect, objects):
    assert read(connect, read=["zones"], zones=["EXAMPLE.com."])["zones"] == [{"id": ZONE_ID, "name": ZONE_NAME}]
    with pytest.raises(CloudflareError, match="zones: zone 'nope.example' is not a zone of account %s" % ACCOUNT_ID):
        read(connect, read=["load_balancers"], zones=["nope.example"])
    with pytest.raises(CloudflareError, match=r"zones\[0\] must be a zone name or id"):
        read(connect, zones=[" "])


def test_spectrum_and_monitor_groups_may_be_unreadable(api, connect, objects):
    api.fail("GET", "/spectrum/apps", status=403, code=10000, message="Authentication error")
    api.fail("GET", "/monitor_groups", status=404, code=7003, message="No route")
    result = read(connect)
    assert "monitor_groups" not in result and result["spectrum_apps"] == {}
    unreadable = [(u["collection"], u.get("zone")) for u in result["unreadable"]]
    assert unreadable == [("monitor_groups", None), ("spectrum_apps", ZONE_NAME)]


def test_other_failures_fail(api, connect, objects):
    api.fail("GET", r"^/zones/[^/]+/load_balancers$", status=403, code=10000, message="Authentication error")
    with pytest.raises(CloudflareError, match="Failed to list load balancers"):
        read(connect)
    api.fail("GET", "/spectrum/apps", status=500, code=0, message="boom", times=10)
    with pytest.raises(CloudflareError, match="Spectrum applications"):
        read(connect, read=["spectrum_apps"], zones=[ZONE_ID])


@pytest.mark.parametrize("check_mode", [False, True])
def test_the_module_reads_only(run_module, api, objects, check_mode):
    run = run_module(cf_account_setup_info.main, {"account_id": ACCOUNT_ID, "read": ["monitors", "pools"]},
                     check_mode=check_mode)
    assert run.code == 0 and not run.failed, run
    assert run.result["changed"] is False and run.result["account_id"] == ACCOUNT_ID
    assert [m["id"] for m in run.result["monitors"]] == [objects["mon"]["id"]]
    assert api.writes == []
