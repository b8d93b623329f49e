# -*- coding: utf-8 -*-
"""Live mode's own checks, cheap enough for the default suite.

* the guard: each missing variable is named, and ``pytest --live`` / ``make test-live`` stop before
  sending a single request;
* LiveTarget and the recording proxy against the in-process emulator standing in for an account:
  only objects carrying the run prefix are listed, created or deleted; cleanup goes in dependency
  order and tolerates objects that are already gone.

The full proof (``make test-live`` against a separate emulator process, state before == state
after) is ``make test-live-selfcheck``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from tests.integration import live_env
from tests.integration.harness import REPO
from tests.integration.target import LiveTarget, LiveTargetError, Names, new_prefix

COMPLETE = {"CLOUDFLARE_API_TOKEN": "tok", "CLOUDFLARE_ACCOUNT_ID": "a" * 32, "CLOUDFLARE_ZONE": "example.org"}


@pytest.mark.parametrize("change, named", [
    ({"CLOUDFLARE_ZONE": None}, "CLOUDFLARE_ZONE"),
    ({"CLOUDFLARE_ZONE": "  "}, "CLOUDFLARE_ZONE"),
    ({"CLOUDFLARE_ACCOUNT_ID": None}, "CLOUDFLARE_ACCOUNT_ID"),
    ({"CLOUDFLARE_API_TOKEN": None}, "CLOUDFLARE_API_TOKEN"),
    ({"CLOUDFLARE_API_TOKEN": "", "CLOUDFLARE_EMAIL": "me@example.org"}, "CLOUDFLARE_API_KEY"),
    ({"CLOUDFLARE_API_TOKEN": None, "CLOUDFLARE_API_KEY": "k"}, "CLOUDFLARE_EMAIL"),
    ({"CLOUDFLARE_BASE_URL": "api.example.org/client/v4"}, "CLOUDFLARE_BASE_URL"),
], ids=["zone", "blank-zone", "account", "credentials", "key", "email", "base-url"])
def test_guard_names_the_missing_variable(change, named):
    environ = dict(COMPLETE, **change)
    environ = {k: v for k, v in environ.items() if v is not None}
    found = live_env.problems(environ)
    assert len(found) == 1 and found[0].startswith(named + " "), found


def test_guard_accepts_a_complete_environment():
    assert live_env.problems(COMPLETE) == []
    key_only = dict(COMPLETE, CLOUDFLARE_API_TOKEN="", CLOUDFLARE_EMAIL="me@example.org", CLOUDFLARE_API_KEY="k")
    assert live_env.problems(key_only) == []
    conf = live_env.settings(dict(COMPLETE, CLOUDFLARE_ZONE="Example.ORG."))
    assert conf["zone"] == "example.org" and conf["base_url"] == live_env.DEFAULT_BASE_URL


@pytest.mark.emulator_only("the in-process emulator stands in for an account")
@pytest.mark.parametrize("how", ["pytest", "make"])
def test_live_mode_refuses_to_start_before_any_request(emulator, tmp_path, how):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDFLARE_") and k != "MAKEFLAGS"}
    env.update({"CLOUDFLARE_API_TOKEN": emulator.token, "CLOUDFLARE_ACCOUNT_ID": emulator.account_id,
                "CLOUDFLARE_BASE_URL": emulator.base_url})          # everything but CLOUDFLARE_ZONE
    if how == "pytest":
        cmd = [sys.executable, "-m", "pytest", "--live", "-p", "no:xdist", "-p", "no:cacheprovider", "-q",
               "tests/integration/test_cf_lb_monitor.py"]
    else:
        cmd = ["make", "--no-print-directory", "test-live"]
    emulator.clear_log()
    proc = subprocess.run(cmd, cwd=str(REPO), env=env, capture_output=True, text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "CLOUDFLARE_ZONE is not set" in output, output
    assert emulator.token not in output
    assert emulator.log()["requests"] == [], "live mode sent a request before refusing"


@pytest.fixture
def stand_in(emulator):
    """A LiveTarget whose "live API" is the in-process emulator (zone example.com)."""
    settings = live_env.settings({"CLOUDFLARE_API_TOKEN": emulator.token, "CLOUDFLARE_ACCOUNT_ID": emulator.account_id,
                                  "CLOUDFLARE_ZONE": "example.com", "CLOUDFLARE_BASE_URL": emulator.base_url})
    live = LiveTarget(settings, Names("example.com", new_prefix())).start()
    yield live
    live.stop()


def pool_body(pool_name):
    return {"name": pool_name, "origins": [{"name": "o", "address": "192.0.2.1"}]}


@pytest.mark.emulator_only("the in-process emulator stands in for an account")
def test_live_target_touches_only_its_own_objects(emulator, stand_in):
    zone_id = emulator.zone_id("example.com")
    names = stand_in.names
    # someone else's objects, one of them with another run's prefix
    theirs_monitor = emulator.create("monitors", None,
                                     {"description": "Spectrum Health Check", "type": "tcp", "port": 22})
    theirs_pool = emulator.create("pools", None, dict(pool_body("edgeops-t00000000-pool"),
                                                      monitor=theirs_monitor["id"]))
    emulator.create("load_balancers", zone_id, {"name": "lb.example.com", "default_pools": [theirs_pool["id"]],
                                                "fallback_pool": theirs_pool["id"]})
    before = emulator.state()

    # this run's objects: a chain monitor <- pool <- load balancer <- Spectrum app
    mine_monitor = stand_in.create("monitors", emulator.account_id,
                                   {"description": names.name("check"), "type": "tcp", "port": 22})
    mine_pool = stand_in.create("pools", None, dict(pool_body(names.name("pool")), monitor=mine_monitor["id"]))
    stand_in.create("load_balancers", "example.com", {"name": names.host("lb"), "default_pools": [mine_pool["id"]],
                                                      "fallback_pool": mine_pool["id"]})
    stand_in.create("spectrum_apps", zone_id, {"dns": {"type": "CNAME", "name": names.host("app")},
                                               "protocol": "tcp/22", "origin_dns": {"name": names.host("lb")},
                                               "origin_port": 22})
    # what a module run would create: a POST through the recording proxy
    resp = requests.post(stand_in.base_url + "/accounts/%s/load_balancers/pools" % emulator.account_id,
                         json=pool_body(names.name("pool-2")), headers={"Authorization": "Bearer " + emulator.token},
                         timeout=10)
    assert resp.status_code == 200 and resp.json()["success"], resp.text
    [logged] = stand_in.log()["requests"]
    assert (logged["method"], logged["status"], logged["body"]["name"]) == ("POST", 200, names.name("pool-2"))
    assert logged["path"] == "/client/v4/accounts/%s/load_balancers/pools" % emulator.account_id
    assert stand_in.writes() == [logged]

    # the read side sees only this run's objects
    state = stand_in.state()
    assert [m["id"] for m in state["monitors"][emulator.account_id]] == [mine_monitor["id"]]
    assert sorted(p["name"] for p in stand_in.objects("pools")) == [names.name("pool"), names.name("pool-2")]
    assert [lb["name"] for lb in state["load_balancers"][zone_id]] == [names.host("lb")]

    # nothing without the prefix is created, read or deleted
    with pytest.raises(LiveTargetError, match="run prefix"):
        stand_in.create("pools", None, pool_body("pool-without-prefix"))
    with pytest.raises(LiveTargetError, match="not one of this run's objects"):
        stand_in.delete("pools", theirs_pool["id"])
    with pytest.raises(pytest.skip.Exception, match="control endpoints"):
        stand_in.fault("POST", "/pools", "status", status=503)

    # cleanup: dependency order, an object already gone is fine, the others' objects stay exactly as they were
    emulator.delete("spectrum_apps", stand_in.objects("spectrum_apps")[0]["id"])
    assert stand_in.touched_kinds() == {"monitors", "pools", "load_balancers", "spectrum_apps"}
    assert stand_in.sweep() == {}
    assert emulator.state() == before
    assert stand_in.sweep_touched() == {}      # nothing was touched since
