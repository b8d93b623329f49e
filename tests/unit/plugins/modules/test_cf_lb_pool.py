# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cf_lb_pool's main() against the fake API: the JSON it prints."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.modules import cf_lb_pool
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, TOKEN

PATH = "/accounts/%s/load_balancers/pools" % ACCOUNT_ID


def args(**extra):
    full = {"account_id": ACCOUNT_ID, "name": "eu-pool", "monitor": "ssh check",
            "origins": [{"name": "origin-b", "address": "192.0.2.2", "weight": 0.5},
                        {"name": "origin-a", "address": "origin-a.example.com"}],
            "check_regions": ["WEU"], "latitude": 50.1, "longitude": 8.7}
    full.update(extra)
    return full


@pytest.fixture
def monitor(api):
    return api.add_monitor(description="ssh check", type="tcp", port=22)


def test_create(run_module, api, monitor):
    run = run_module(cf_lb_pool.main, args())
    assert run.code == 0
    assert run.result["changed"] is True
    post, = api.writes
    assert (post.method, post.path) == ("POST", PATH)
    assert post.body == {"name": "eu-pool", "monitor": monitor["id"], "check_regions": ["WEU"], "latitude": 50.1,
                         "longitude": 8.7,
                         "origins": [{"name": "origin-a", "address": "origin-a.example.com", "enabled": True,
                                      "weight": 1, "port": 0},
                                     {"name": "origin-b", "address": "192.0.2.2", "enabled": True, "weight": 0.5,
                                      "port": 0}]}
    assert run.result["pool"] == api.get("pools", run.result["pool"]["id"])


def test_rerun_changes_nothing(run_module, api, monitor):
    run_module(cf_lb_pool.main, args())
    second = run_module(cf_lb_pool.main, args(origins=list(reversed(args()["origins"]))))
    assert second.result["changed"] is False
    assert len(api.writes) == 1


def test_update_an_origin(run_module, api, monitor):
    run_module(cf_lb_pool.main, args())
    origins = args()["origins"]
    origins[0] = dict(origins[0], enabled=False)
    run = run_module(cf_lb_pool.main, args(origins=origins))
    assert run.result["changed"] is True
    patch = api.writes[-1]
    assert patch.method == "PATCH"
    assert [o["enabled"] for o in patch.body["origins"]] == [True, False]
    assert list(run.result["diff"]["after"]) == ["origins"]


def test_check_mode_with_a_monitor_still_to_be_created(run_module, api):
    run = run_module(cf_lb_pool.main, args(monitor="new check"), check_mode=True)
    assert run.code == 0
    assert run.result["changed"] is True
    assert run.result["pool"]["monitor"] == "new check"
    assert run.warnings == ["monitor: monitor 'new check' does not exist yet; check mode assumes an earlier task "
                            "creates it."]
    assert api.writes == []


def test_an_unknown_monitor_fails_without_writing(run_module, api):
    run = run_module(cf_lb_pool.main, args(monitor="nope"))
    assert run.failed
    assert run.result["msg"] == "monitor: monitor 'nope' matches no monitor description or id in account %s." \
        % ACCOUNT_ID
    assert api.writes == []


def test_api_failure_carries_status_and_cloudflare_errors(run_module, api, monitor):
    api.fail("POST", "pools$", status=409, code=1103, message="pool name already exists")
    run = run_module(cf_lb_pool.main, args())
    assert run.failed
    assert run.result["msg"].startswith("Failed to create pool 'eu-pool': HTTP 409")
    assert run.result["http_status"] == 409
    assert run.result["cloudflare_errors"] == [{"code": 1103, "message": "pool name already exists"}]


def test_delete_of_a_pool_in_use_fails_naming_the_load_balancer(run_module, api):
    pool = api.add_pool(name="eu-pool")
    lb = api.add_load_balancer(name="lb.example.com", default_pools=[pool["id"]], fallback_pool=pool["id"])
    run = run_module(cf_lb_pool.main, {"account_id": ACCOUNT_ID, "name": "eu-pool", "state": "absent"})
    assert run.failed
    assert "it is used by load_balancer 'lb.example.com' (id %s)" % lb["id"] in run.result["msg"]
    assert api.writes == []


@pytest.mark.parametrize("extra, message", [
    ({"name": "eu pool"}, "name must be made of letters, digits, '-' and '_' only (no spaces or dots), got 'eu pool'."),
    ({"origins": [{"name": "a", "address": "192.0.2.1", "weight": 2.0}]},
     "origins[0] (a).weight must be between 0 and 1, got 2.0."),
    ({"latitude": None}, "latitude and longitude must be set together (both or neither); only longitude is set."),
    ({"minimum_origins": 3}, "minimum_origins (3) cannot be more than the number of origins (2)."),
])
def test_bad_input_fails_naming_the_option_before_any_request(run_module, api, extra, message):
    run = run_module(cf_lb_pool.main, args(**extra))
    assert run.failed
    assert run.result["msg"] == message
    assert api.requests == []


def test_suboption_checks_of_the_argument_spec(run_module, api):
    run = run_module(cf_lb_pool.main, args(origins=[{"name": "a"}]))
    assert run.failed
    assert "address" in run.result["msg"]
    assert api.requests == []


def test_the_token_never_appears_in_the_output(run_module, api, monitor):
    for run in (run_module(cf_lb_pool.main, args()), run_module(cf_lb_pool.main, args(name="bad name"))):
        assert TOKEN not in run.out
