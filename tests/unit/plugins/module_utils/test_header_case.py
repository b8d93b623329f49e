# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP header names are not case-sensitive: a pool origin's Host header and a monitor's headers compare so."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import compare
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import MonitorResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._pool import PoolResource


class _Options(object):
    def __init__(self, params):
        self.params = params


def origin(header):
    return {"name": "a", "address": "192.0.2.1", "header": header}


@pytest.mark.parametrize("name", ["Host", "host", "HOST"])
def test_an_origin_host_header_in_any_case_is_sent_as_host(name):
    params = {"name": "p", "origins": [origin({name: "app.example.com"})]}
    PoolResource(_Options(params)).validate()
    assert params["origins"][0]["header"] == {"Host": ["app.example.com"]}


def test_an_origin_with_the_host_header_twice_is_refused():
    params = {"name": "p", "origins": [origin({"Host": ["a.example.com"], "host": ["b.example.com"]})]}
    with pytest.raises(CloudflareError, match=r"names the Host header twice \(Host, host\)"):
        PoolResource(_Options(params)).validate()


def test_another_origin_header_is_still_refused():
    with pytest.raises(CloudflareError, match="only the Host header is supported, not 'X-Env'"):
        PoolResource(_Options({"name": "p", "origins": [origin({"X-Env": ["a"]})]})).validate()


@pytest.mark.parametrize("read_back", ["Host", "host"])
def test_an_origin_host_header_read_back_in_any_case_is_no_change(read_back):
    resource = PoolResource(_Options({}))
    desired = {"origins": [{"name": "a", "address": "192.0.2.1", "header": {"Host": ["app.example.com"]}}]}
    current = {"origins": [{"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 1, "port": 0,
                            "header": {read_back: ["app.example.com"]}}]}
    assert compare(desired, current, resource.fields) == {}
    current["origins"][0]["header"] = {read_back: ["other.example.com"]}
    assert list(compare(desired, current, resource.fields)) == ["origins"]


def test_monitor_header_names_compare_in_any_case():
    fields = MonitorResource.fields
    assert compare({"header": {"Host": ["a.example"]}}, {"header": {"host": ["a.example"]}}, fields) == {}
    assert compare({"header": {"X-Token": ["t"]}}, {"header": {"x-token": ["t"]}}, fields) == {}
    # values still count, and so does a header more or less
    assert compare({"header": {"Host": ["b.example"]}}, {"header": {"host": ["a.example"]}}, fields) == {
        "header": {"Host": ["b.example"]}}
    assert compare({"header": {"Host": ["a.example"]}}, {"header": {"host": ["a.example"], "X": ["1"]}}, fields) == {
        "header": {"Host": ["a.example"]}}
