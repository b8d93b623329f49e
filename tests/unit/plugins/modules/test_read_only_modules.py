# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read-only modules' main() against the fake API: the *_info modules and cf_lb_monitor_preview."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.modules import (
    cf_lb_monitor_info,
    cf_lb_monitor_preview,
    cf_lb_pool_info,
    cf_load_balancer_info,
    cf_spectrum_app_info,
)
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, TOKEN, ZONE_ID, ZONE_NAME


@pytest.fixture
def objects(api):
    mon = api.add_monitor(description="ssh", type="tcp", port=22, interval=30)
    pool = api.add_pool(name="eu", monitor=mon["id"], origins=[{"name": "a", "address": "192.0.2.1"}])
    lb = api.add_load_balancer(name="lb.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"])
    app = api.add_spectrum_app(dns={"type": "CNAME", "name": "ssh.example.com"}, protocol="tcp/22")
    return dict(mon=mon, pool=pool, lb=lb, app=app)


CASES = [
    (cf_lb_monitor_info, {"account_id": ACCOUNT_ID, "description": "ssh"}, "monitors", "mon"),
    (cf_lb_pool_info, {"account_id": ACCOUNT_ID, "monitor": "ssh"}, "pools", "pool"),
    (cf_load_balancer_info, {"zone": ZONE_NAME, "name": "LB.example.com"}, "load_balancers", "lb"),
    (cf_spectrum_app_info, {"zone_id": ZONE_ID, "dns_name": "ssh.example.com"}, "apps", "app"),
]


@pytest.mark.parametrize("module, args, key, name", CASES)
@pytest.mark.parametrize("check_mode", [False, True])
def test_info_modules_read_only(run_module, api, objects, module, args, key, name, check_mode):
    run = run_module(module.main, args, check_mode=check_mode)
    assert run.code == 0, run
    assert run.result["changed"] is False
    assert run.result[key] == [objects[name]]
    assert api.writes == []
    assert all(r.headers["Authorization"] == "Bearer %s" % TOKEN for r in api.requests)
    assert TOKEN not in run.out


@pytest.mark.parametrize("module, args, option", [
    (cf_lb_monitor_info, {"account_id": ACCOUNT_ID, "monitor_id": "a" * 32, "description": "ssh"}, "monitor_id"),
    (cf_lb_pool_info, {"account_id": ACCOUNT_ID, "pool_id": "nope"}, "pool_id"),
    (cf_load_balancer_info, {"zone": ZONE_NAME, "zone_id": ZONE_ID}, "zone"),
    (cf_spectrum_app_info, {}, "zone"),
    (cf_lb_monitor_preview, {"account_id": ACCOUNT_ID}, "monitor_id"),
    (cf_lb_monitor_preview, {"account_id": ACCOUNT_ID, "description": "ssh", "type": "tcp", "path": "/x",
                             "port": 22}, "path"),
])
def test_bad_input_fails_before_any_request(run_module, api, module, args, option):
    run = run_module(module.main, args)
    assert run.code == 1 and run.failed
    assert option in run.result["msg"]
    assert api.requests == []


def test_preview_module(run_module, api, objects):
    api.unhealthy = {"192.0.2.1"}
    api.preview_pending = 0
    run = run_module(cf_lb_monitor_preview.main, {"account_id": ACCOUNT_ID, "description": "ssh", "port": 2222},
                     check_mode=True)
    assert run.code == 0, run
    assert run.result["changed"] is False
    assert run.result["unhealthy_origins"] == ["192.0.2.1"]
    assert run.result["preview"]["eu"]["healthy"] is False
    assert [r.method for r in api.writes] == ["POST"]
    assert "diff" not in run.result


def test_preview_failure_carries_the_preview_id(run_module, api, objects):
    api.preview_pending = 10 ** 6
    run = run_module(cf_lb_monitor_preview.main,
                     {"account_id": ACCOUNT_ID, "monitor_id": objects["mon"]["id"], "wait_timeout": 1})
    assert run.failed
    assert "(wait_timeout)" in run.result["msg"] and run.result["preview_id"] in run.result["msg"]
