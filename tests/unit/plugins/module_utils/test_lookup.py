# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared reads and name-to-id resolution (_lookup) against the fake API."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _lookup
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._objects import LOAD_BALANCERS, POOLS, SPECTRUM_APPS
from ansible_collections.edgeops.cloudflare.tests.unit.plugins.fake_api import ACCOUNT_ID, ZONE_ID, ZONE_NAME


def test_an_id_is_used_as_given_without_a_read(api, connect):
    conn = connect()
    pid = "0123456789abcdef0123456789abcdef"
    assert _lookup.resolve_pool(conn, pid, "default_pools") == pid
    assert _lookup.resolve_monitor(conn, pid) == pid
    assert api.requests == []


def test_names_resolve_with_one_cached_read_per_list(api, connect):
    eu = api.add_pool(name="eu")
    us = api.add_pool(name="us")
    mon = api.add_monitor(description="tcp check")
    conn = connect()
    assert _lookup.resolve_pool(conn, "eu", "default_pools") == eu["id"]
    assert _lookup.resolve_pool(conn, "us", "fallback_pool") == us["id"]
    assert _lookup.resolve_monitor(conn, "tcp check") == mon["id"]
    assert [r.path for r in api.requests] == ["/accounts/%s/load_balancers/pools" % ACCOUNT_ID,
                                              "/accounts/%s/load_balancers/monitors" % ACCOUNT_ID]
    assert _lookup.pool_index(conn) == {eu["id"]: eu, us["id"]: us}
    assert len(api.requests) == 2


def test_an_unknown_name_fails_naming_the_option(api, connect):
    api.add_pool(name="eu")
    with pytest.raises(CloudflareError) as info:
        _lookup.resolve_pool(connect(), "asia", "region_pools.SEAS")
    assert str(info.value) == "region_pools.SEAS: pool 'asia' matches no pool name or id in account %s." % ACCOUNT_ID


def test_an_unknown_monitor_fails_naming_the_option(api, connect):
    with pytest.raises(CloudflareError, match=r"^monitor: monitor 'nope' matches no monitor description or id"):
        _lookup.resolve_monitor(connect(), "nope")


def test_an_ambiguous_name_fails_listing_the_ids(api, connect):
    first = api.add_pool(name="eu")
    second = api.add_pool(name="eu")
    with pytest.raises(CloudflareError) as info:
        _lookup.resolve_pool(connect(), "eu", "default_pools")
    assert str(info.value) == ("default_pools: pool name 'eu' matches 2 pools (ids %s, %s): give the pool id instead."
                               % (first["id"], second["id"]))


def test_check_mode_keeps_an_unknown_name_as_a_placeholder_with_a_warning(api, connect):
    conn = connect(check_mode=True)
    assert _lookup.resolve_pool(conn, "new-pool", "default_pools") == "new-pool"
    assert conn.warnings == ["default_pools: pool 'new-pool' does not exist yet; check mode assumes an earlier task "
                             "creates it."]


def test_a_list_failure_names_the_list(api, connect):
    api.fail("GET", "pools$", status=403, code=10000, message="Authentication error")
    with pytest.raises(CloudflareError) as info:
        POOLS.list(connect())
    assert str(info.value).startswith("Failed to list pools in account %s: HTTP 403" % ACCOUNT_ID)
    assert info.value.extras["cloudflare_errors"] == [{"code": 10000, "message": "Authentication error"}]


def test_zone_lists_resolve_the_zone_by_name_once(api, connect):
    lb = api.add_load_balancer(name="lb.example.com")
    app = api.add_spectrum_app(dns={"type": "CNAME", "name": "ssh.example.com"}, protocol="tcp/22")
    conn = connect({"zone": ZONE_NAME}, scope="zone")
    assert LOAD_BALANCERS.list(conn) == [lb]
    assert SPECTRUM_APPS.list(conn) == [app]
    assert LOAD_BALANCERS.list(conn) == [lb]
    paths = [r.path for r in api.requests]
    assert paths == ["/zones", "/zones/%s/load_balancers" % ZONE_ID, "/zones/%s/spectrum/apps" % ZONE_ID]
    assert api.requests[0].params == {"name": ZONE_NAME, "page": 1, "per_page": 50}
    assert api.requests[2].params == {"page": 1, "per_page": 100}
    # the zone's account is known without account_id
    assert conn.account_id == ACCOUNT_ID


def test_spectrum_apps_follow_pages(api, connect):
    for port in range(1, 151):
        api.add_spectrum_app(dns={"type": "CNAME", "name": "app%d.example.com" % port}, protocol="tcp/%d" % port)
    apps = SPECTRUM_APPS.list(connect(scope="zone"))
    assert len(apps) == 150
    assert [r.params["page"] for r in api.requests] == [1, 2]


@pytest.mark.parametrize("status", [401, 403, 404])
def test_spectrum_not_readable_skips_only_the_hostname_rules(api, connect, status):
    api.fail("GET", "spectrum/apps$", status=status, code=10000, message="no Spectrum here")
    conn = connect(scope="zone")
    assert _lookup.spectrum_apps_for_hostname_rules(conn) == []
    warning, = conn.warnings
    assert warning.startswith("Could not read the Spectrum applications of zone %s (HTTP %s" % (ZONE_ID, status))
    assert "the Spectrum hostname rules were not checked" in warning
    assert conn.skipped_checks == [{"check": "Spectrum hostname rules", "reason": warning}]
    # asked again in the same run: the same answer, one skip, no second read
    assert _lookup.spectrum_apps_for_hostname_rules(conn) == []
    assert len(conn.skipped_checks) == 1 and len(conn.warnings) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_spectrum_list_without_permission_is_an_error_naming_the_permission(api, connect, status):
    api.fail("GET", "spectrum/apps$", status=status, code=10000, message="Authentication error")
    conn = connect(scope="zone")
    with pytest.raises(CloudflareError, match=r"^Failed to list Spectrum applications in zone %s: HTTP %s, "
                                              r"Cloudflare errors: \[10000\] Authentication error\. Reading a zone's "
                                              r"Spectrum applications needs an API token with Spectrum read permission"
                                              % (ZONE_ID, status)) as caught:
        SPECTRUM_APPS.list(conn)
    assert caught.value.extras["http_status"] == status
    assert conn.warnings == [] and conn.skipped_checks == []


def test_spectrum_hostname_rules_fail_on_other_errors(api, connect):
    api.fail("GET", "spectrum/apps$", status=400, code=1, message="broken")
    with pytest.raises(CloudflareError, match=r"^Failed to list Spectrum applications in zone %s: HTTP 400" % ZONE_ID):
        _lookup.spectrum_apps_for_hostname_rules(connect(scope="zone"))


def test_spectrum_list_failing_otherwise_is_an_error(api, connect):
    api.fail("GET", "spectrum/apps$", status=400, code=1, message="broken")
    with pytest.raises(CloudflareError, match=r"^Failed to list Spectrum applications in zone %s: HTTP 400" % ZONE_ID):
        SPECTRUM_APPS.list(connect(scope="zone"))
