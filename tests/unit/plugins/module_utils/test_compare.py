# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import (
    Field, Variants, compare, deep_merge, diff_view, fill_defaults, is_subset, values_equal)


def test_numbers_compare_by_value_but_not_with_booleans():
    assert values_equal(1, 1.0)
    assert values_equal(0.5, 0.50)
    assert not values_equal(True, 1)
    assert not values_equal(0, False)
    assert not values_equal("1", 1)


def test_only_user_set_fields_are_compared():
    current = {"id": "x", "type": "tcp", "port": 2048, "interval": 30, "path": "/", "created_on": "t"}
    assert compare({"port": 2048, "interval": 30}, current, {}) == {}
    assert compare({"port": 22}, current, {}) == {"port": 22}


def test_missing_field_on_server_is_a_change():
    assert compare({"description": "x"}, {}, {}) == {"description": "x"}


def test_subset_objects_ignore_server_filled_keys_and_keep_them_when_sent():
    current = {"load_shedding": {"default_percent": 0, "default_policy": "random",
                                 "session_percent": 20, "session_policy": "hash"}}
    fields = {"load_shedding": Field("subset")}
    assert compare({"load_shedding": {"default_policy": "random"}}, current, fields) == {}
    changes = compare({"load_shedding": {"default_percent": 10}}, current, fields)
    assert changes == {"load_shedding": {"default_percent": 10, "default_policy": "random",
                                         "session_percent": 20, "session_policy": "hash"}}


def test_exact_maps_detect_removed_keys():
    fields = {"header": Field("exact")}
    current = {"header": {"Host": ["a"], "X": ["b"]}}
    assert compare({"header": {"Host": ["a"], "X": ["b"]}}, current, fields) == {}
    assert compare({"header": {"Host": ["a"]}}, current, fields) == {"header": {"Host": ["a"]}}


def test_set_lists_ignore_order():
    fields = {"check_regions": Field("set")}
    current = {"check_regions": ["WEU", "ENAM"]}
    assert compare({"check_regions": ["ENAM", "WEU"]}, current, fields) == {}
    assert compare({"check_regions": ["ENAM"]}, current, fields) == {"check_regions": ["ENAM"]}


def test_keyed_lists_ignore_order_fill_defaults_and_ignore_read_only():
    fields = {"origins": Field("keyed", key="name", item_defaults={"enabled": True, "weight": 1},
                               item_ignore=("disabled_at",))}
    current = {"origins": [
        {"name": "a", "address": "192.0.2.1", "enabled": True, "weight": 0.5, "port": 0},
        {"name": "b", "address": "192.0.2.2", "enabled": False, "weight": 1, "port": 0,
         "disabled_at": "2026-01-01T00:00:00Z"},
    ]}
    desired = {"origins": [{"name": "b", "address": "192.0.2.2", "enabled": False},
                           {"name": "a", "address": "192.0.2.1", "weight": 0.5}]}
    assert compare(desired, current, fields) == {}
    desired["origins"][1]["weight"] = 0.7
    changes = compare(desired, current, fields)
    assert changes["origins"][1] == {"name": "a", "address": "192.0.2.1", "weight": 0.7, "enabled": True}
    # an origin left out of the desired list is a change
    assert compare({"origins": desired["origins"][:1]}, current, fields)


def test_normalize_hook_makes_aliases_equal():
    fields = {"session_affinity": Field(normalize=lambda v: "none" if v in ("", None) else v)}
    assert compare({"session_affinity": ""}, {"session_affinity": "none"}, fields) == {}


def test_is_subset_and_deep_merge():
    assert is_subset({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}, "d": 3})
    assert not is_subset({"a": {"b": 2}}, {"a": {"b": 1}})
    base = {"a": {"b": 1, "c": 2}}
    merged = deep_merge(base, {"a": {"b": 5}})
    assert merged == {"a": {"b": 5, "c": 2}} and base == {"a": {"b": 1, "c": 2}}


def test_diff_view_shows_only_changed_fields():
    current = {"port": 1, "interval": 30, "retries": 2}
    assert diff_view({"port": 2}, current) == {"before": {"port": 1}, "after": {"port": 2}}


def test_fill_defaults_fills_missing_and_null_keys_recursively():
    from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import fill_defaults
    current = {"steering_policy": "off", "rules": None, "location_strategy": {"mode": "resolver_ip"}}
    defaults = {"rules": [], "region_pools": {}, "steering_policy": "",
                "location_strategy": {"mode": "pop", "prefer_ecs": "proximity"}}
    filled = fill_defaults(current, defaults)
    assert filled == {"steering_policy": "off", "rules": [], "region_pools": {},
                      "location_strategy": {"mode": "resolver_ip", "prefer_ecs": "proximity"}}
    assert current["rules"] is None  # input untouched
    # a server that omits defaults compares like one that repeats them
    assert compare({"rules": [], "region_pools": {}}, fill_defaults({}, defaults), {}) == {}


def test_keyed_items_missing_keys_take_the_item_defaults():
    fields = {"origins": Field("keyed", key="name", item_defaults={"enabled": True, "weight": 1, "port": 0})}
    current = {"origins": [{"name": "a", "address": "192.0.2.1"}]}  # an older server: no port, weight, enabled
    assert compare({"origins": [{"name": "a", "address": "192.0.2.1"}]}, current, fields) == {}
    assert compare({"origins": [{"name": "a", "address": "192.0.2.1", "weight": 0.5}]}, current, fields)
    # optional keys: empty and absent are the same
    assert compare({"origins": [{"name": "a", "address": "192.0.2.1", "header": None}]},
                   {"origins": [{"name": "a", "address": "192.0.2.1", "header": {}}]}, fields) == {}


EDGE_IPS = Variants("type", {"dynamic": {"connectivity": "all"}}, common={"type": "dynamic"})


def test_variant_defaults_fill_the_defaults_of_the_object_kind():
    # the kind whose defaults they are: a missing key is filled, a set one kept
    assert fill_defaults({"type": "dynamic"}, EDGE_IPS) == {"type": "dynamic", "connectivity": "all"}
    assert fill_defaults({"type": "dynamic", "connectivity": "ipv4"}, EDGE_IPS) == {
        "type": "dynamic", "connectivity": "ipv4"}
    # a missing object (or one without its discriminator) is the default kind, whole
    assert fill_defaults({}, {"edge_ips": EDGE_IPS}) == {"edge_ips": {"type": "dynamic", "connectivity": "all"}}
    assert fill_defaults({"edge_ips": None}, {"edge_ips": EDGE_IPS}) == {
        "edge_ips": {"type": "dynamic", "connectivity": "all"}}
    # top level and nested inside an object's defaults
    monitor = Variants("type", {"http": {"method": "GET"}, "tcp": {"method": "connection_established"}},
                       common={"type": "http", "retries": 2})
    assert fill_defaults({"type": "tcp"}, monitor) == {"type": "tcp", "method": "connection_established",
                                                       "retries": 2}
    assert fill_defaults({}, {"outer": {"edge_ips": EDGE_IPS}}) == {
        "outer": {"edge_ips": {"type": "dynamic", "connectivity": "all"}}}


def test_variant_defaults_are_not_filled_into_another_kind():
    static = {"type": "static", "ips": ["198.51.100.10"]}
    current = {"tls": "off", "edge_ips": static}
    filled = fill_defaults(current, {"tls": "off", "edge_ips": EDGE_IPS})
    assert filled == {"tls": "off", "edge_ips": {"type": "static", "ips": ["198.51.100.10"]}}
    assert current["edge_ips"] == static  # input untouched
    # a kind without defaults of its own, or a discriminator of a shape no kind has: only the common ones
    assert fill_defaults({"type": "udp_icmp"}, Variants("type", {"http": {"method": "GET"}})) == {"type": "udp_icmp"}
    assert fill_defaults({"type": ["dynamic"]}, EDGE_IPS) == {"type": ["dynamic"]}
    # so a changed static value is sent, and shown as before, exactly as the server held it
    fields = {"edge_ips": Field("subset")}
    changes = compare({"edge_ips": {"type": "static", "ips": ["198.51.100.11"]}}, filled, fields)
    assert changes == {"edge_ips": {"type": "static", "ips": ["198.51.100.11"]}}
    assert diff_view(changes, filled)["before"] == {"edge_ips": static}
    assert compare({"edge_ips": static}, filled, fields) == {}


def test_module_defaults_that_depend_on_a_kind_are_declared_per_kind():
    from ansible_collections.edgeops.cloudflare.plugins.module_utils._load_balancer import LoadBalancerResource
    from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import MonitorResource
    from ansible_collections.edgeops.cloudflare.plugins.module_utils._spectrum import SpectrumAppResource

    def filled(resource, current, name):
        return fill_defaults(current, resource.server_defaults).get(name, "<absent>")

    # monitor method: GET for http/https, connection_established for tcp, nothing for the other types
    assert filled(MonitorResource, {}, "method") == "GET"
    assert filled(MonitorResource, {"type": "https"}, "method") == "GET"
    assert filled(MonitorResource, {"type": "tcp", "port": 22}, "method") == "connection_established"
    assert filled(MonitorResource, {"type": "icmp_ping"}, "method") == "<absent>"
    assert filled(MonitorResource, {"type": "tcp", "method": "x"}, "method") == "x"
    # load balancer session TTL: per affinity, none without affinity
    assert filled(LoadBalancerResource, {"session_affinity": "cookie"}, "session_affinity_ttl") == 82800
    assert filled(LoadBalancerResource, {"session_affinity": "header"}, "session_affinity_ttl") == 1800
    for affinity in ("none", ""):
        assert filled(LoadBalancerResource, {"session_affinity": affinity}, "session_affinity_ttl") == "<absent>"
    assert filled(LoadBalancerResource, {}, "session_affinity_ttl") == "<absent>"
    # Spectrum edge IPs: connectivity for dynamic ones only
    assert filled(SpectrumAppResource, {}, "edge_ips") == {"type": "dynamic", "connectivity": "all"}
    static = {"type": "static", "ips": ["198.51.100.10"]}
    assert filled(SpectrumAppResource, {"edge_ips": static}, "edge_ips") == static


# -- edges of the comparison modes ----------------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    (dict(mode="ordered"), "unknown comparison mode 'ordered'"),
    (dict(mode="keyed"), "keyed fields need a key"),
])
def test_field_refuses_bad_declarations(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Field(**kwargs)


@pytest.mark.parametrize("a, b, equal", [
    ({"a": 1, "b": [1, 2.0]}, {"b": [1.0, 2], "a": 1.0}, True),
    ({"a": 1}, {"a": 1, "b": None}, False),          # a key more is a difference, even a null one
    ([1, 2], (1, 2), True),
    ([1, 2], [2, 1], False),
    ([1], [1, 1], False),
    ({"a": True}, {"a": 1}, False),
    (None, None, True),
    (None, 0, False),
    ("a", "a", True),
])
def test_values_equal(a, b, equal):
    first, second = a, b
    assert values_equal(first, second) is equal
    assert values_equal(second, first) is equal  # symmetric


@pytest.mark.parametrize("desired, current, expected", [
    ({"a": 1}, {"a": 1.0, "b": 2}, True),
    ({"a": {"b": 1}}, {"a": 5}, False),              # an object where the server has a scalar
    ({"a": 1}, None, False),
    ({"a": 1}, [], False),
    ({}, {"a": 1}, True),
    ([1, 2], [1, 2], True),                          # non-objects compare whole
    ([1], [1, 2], False),
])
def test_is_subset(desired, current, expected):
    assert is_subset(desired, current) is expected


@pytest.mark.parametrize("base, override, expected", [
    ({"a": 1}, 5, 5),
    (5, {"a": 1}, {"a": 1}),
    ({"a": {"b": 1}}, {"a": 2}, {"a": 2}),
    ({"a": 1}, {"a": {"b": 1}}, {"a": {"b": 1}}),
    ({"a": [1]}, {"a": [2]}, {"a": [2]}),            # lists are replaced, not merged
])
def test_deep_merge_replaces_what_is_not_an_object(base, override, expected):
    assert deep_merge(base, override) == expected


@pytest.mark.parametrize("mode, desired, current, changed", [
    ("subset", None, None, False),
    ("subset", None, {"a": 1}, True),
    ("subset", {"a": 1}, None, True),
    ("set", None, None, False),
    ("set", ["a"], None, True),
    ("set", None, ["a"], True),
    ("set", ["a"], "a", True),                       # the server's value is not a list
    ("set", [{"b": 1, "a": 2.0}, {"a": 1}], [{"a": 1}, {"a": 2, "b": 1}], False),  # objects inside sets
    ("set", [2, 1.5], [1.5, 2.0], False),
    ("set", [[1, 2]], [[2, 1]], True),               # a list inside a set keeps its order
    ("set", [1, 1, 2], [1, 2], True),                # duplicates count
    ("exact", {"a": 1}, {"a": 1, "b": 2}, True),
])
def test_field_modes_with_missing_and_odd_values(mode, desired, current, changed):
    assert bool(compare({"f": desired}, {"f": current}, {"f": Field(mode)})) is changed


def test_keyed_lists_against_odd_server_values():
    fields = {"origins": Field("keyed", key="name")}
    assert compare({"origins": [{"name": "a"}]}, {"origins": None}, fields)
    assert compare({"origins": [{"name": "a"}]}, {"origins": {"name": "a"}}, fields)
    # items of the server's list that are not objects are ignored, so they count as missing names
    assert compare({"origins": [{"name": "a"}]}, {"origins": ["a", {"name": "a"}]}, fields) == {}
    assert compare({"origins": [{"name": "a"}]}, {"origins": ["a"]}, fields)


def test_keyed_item_ignore_skips_read_only_keys_the_user_sets():
    fields = {"origins": Field("keyed", key="name", item_ignore=("disabled_at",))}
    current = {"origins": [{"name": "a", "disabled_at": "2026-01-01T00:00:00Z"}]}
    assert compare({"origins": [{"name": "a", "disabled_at": "other"}]}, current, fields) == {}


def test_compare_against_a_missing_object_changes_everything():
    assert compare({"a": 1, "b": None}, None, {}) == {"a": 1}
    assert diff_view({"a": 1}, None) == {"before": {"a": None}, "after": {"a": 1}}


def test_value_to_send_copies_and_merges():
    from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import value_to_send
    desired = {"a": [1]}
    sent = value_to_send(desired, None, Field("subset"))
    assert sent == desired and sent is not desired and sent["a"] is not desired["a"]
    assert value_to_send({"a": 1}, {"a": 0, "b": 2}, Field("subset")) == {"a": 1, "b": 2}
    keyed = Field("keyed", key="name", item_defaults={"weight": 1})
    assert value_to_send([{"name": "x"}], [], keyed) == [{"name": "x", "weight": 1}]


def test_a_keyed_diff_shows_the_read_defaults_on_both_sides():
    field = Field("keyed", key="name", item_read_defaults={"flatten_cname": True})
    held = [{"name": "a", "weight": 1, "flatten_cname": True}, {"name": "b", "weight": 1}]
    sent = [{"name": "a", "weight": 1}, {"name": "b", "weight": 0.5}]
    view = diff_view({"origins": sent}, {"origins": held}, {"origins": field})
    assert view["before"]["origins"] == [{"name": "a", "weight": 1, "flatten_cname": True},
                                         {"name": "b", "weight": 1, "flatten_cname": True}]
    assert view["after"]["origins"] == [{"name": "a", "weight": 1, "flatten_cname": True},
                                        {"name": "b", "weight": 0.5, "flatten_cname": True}]
    # without the field's description the values are shown as they are
    assert diff_view({"origins": sent}, {"origins": held})["after"]["origins"] == sent
