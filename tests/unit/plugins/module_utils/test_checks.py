# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pure checks and value lists of _checks: each function and pattern, accepting and refusing."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils import _checks as checks
from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    host,
    in_range,
    in_zone,
    is_cf_id,
    is_hostname,
    is_ip,
    is_ipv4,
    is_ipv6,
    is_multiple_of,
    is_number,
    is_origin_address,
    is_pool_name,
    is_pool_ref,
    is_uuid,
    strip_none,
)

CF_ID = "0123456789abcdef0123456789abcdef"
UUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


# Four labels of at most 63 characters: 63 * 3 + 61 + 3 dots = 253 characters, the most a hostname may have.
NAME_253 = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 61])
NAME_254 = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 62])


# -- is_cf_id ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [CF_ID, "0" * 32, "f" * 32, "a1" * 16])
def test_is_cf_id_accepts_32_lowercase_hex(value):
    assert is_cf_id(value)


@pytest.mark.parametrize("value", [
    CF_ID.upper(),              # upper case
    CF_ID[:-1],                 # 31 characters
    CF_ID + "0",                # 33 characters
    "g" + CF_ID[1:],            # not hexadecimal
    " " + CF_ID,                # blanks are not trimmed here
    CF_ID + " ",
    CF_ID + "\n",               # a trailing newline is not part of an id
    UUID,                       # a UUID is not a Cloudflare id
    "",
    None,
    int("1" * 32),
    [CF_ID],
])
def test_is_cf_id_refuses(value):
    assert not is_cf_id(value)


# -- host -------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ("example.com", "example.com"),
    ("Example.COM", "example.com"),
    ("lb.example.com.", "lb.example.com"),
    ("  lb.example.com.  ", "lb.example.com"),
    ("lb.example.com..", "lb.example.com"),
    ("*.Example.com", "*.example.com"),
    ("", ""),
    (None, None),
    (42, 42),
])
def test_host_is_trimmed_lower_case_without_trailing_dot(value, expected):
    assert host(value) == expected


# -- is_hostname ------------------------------------------------------------------------------
@pytest.mark.parametrize("name, kwargs", [
    ("localhost", {}),
    ("example.com", {}),
    ("example.com.", {}),                                   # one trailing dot
    ("Lb-1.Example.com", {}),                               # letters of either case, digits, hyphens
    ("xn--bcher-kva.example", {}),                          # punycode: hyphens inside a label
    ("1.example.com", {}),                                  # a label may be all digits
    ("a.b", {"min_labels": 2}),
    ("lb.example.com", {"min_labels": 3}),
    ("*.example.com", {"allow_wildcard": True}),
    ("*.example.com", {"allow_wildcard": True, "min_labels": 3}),  # the wildcard counts as a label
    ("*", {"allow_wildcard": True}),
    ("a" * 63 + ".com", {}),                                # 63-character label
    (NAME_253, {}),                                         # 253 characters
    (NAME_253 + ".", {}),                                   # 253 characters and the trailing dot
])
def test_is_hostname_accepts(name, kwargs):
    assert len(NAME_253) == 253 and len(NAME_254) == 254
    assert is_hostname(name, **kwargs)


@pytest.mark.parametrize("name, kwargs", [
    ("", {}),
    (".", {}),
    ("example.com..", {}),                                  # only one trailing dot
    (".example.com", {}),                                   # empty first label
    ("a..example.com", {}),                                 # empty label
    ("-lb.example.com", {}),                                # label starts with a hyphen
    ("lb-.example.com", {}),                                # label ends with a hyphen
    ("lb.example-.com", {}),
    ("_dmarc.example.com", {}),                             # underscore
    ("lb example.com", {}),                                 # blank
    (" example.com", {}),
    ("example.com\n", {}),                                  # trailing newline
    ("lb.exam\nple.com", {}),
    ("bücher.example", {}),                                 # not punycode
    ("a" * 64 + ".com", {}),                                # 64-character label
    (NAME_254, {}),                                         # 254 characters
    ("localhost", {"min_labels": 2}),
    ("example.com", {"min_labels": 3}),
    ("example.com.", {"min_labels": 3}),                    # the trailing dot is no label
    ("*.example.com", {}),                                  # wildcard not allowed by default
    ("*", {}),
    ("lb.*.example.com", {"allow_wildcard": True}),         # only the first label may be *
    ("**.example.com", {"allow_wildcard": True}),
    ("*lb.example.com", {"allow_wildcard": True}),
    (None, {}),
    (42, {}),
    (["example.com"], {}),
])
def test_is_hostname_refuses(name, kwargs):
    assert not is_hostname(name, **kwargs)


# -- in_zone ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, zone, expected", [
    ("example.com", "example.com", True),
    ("lb.example.com", "example.com", True),
    ("a.b.example.com", "example.com", True),
    ("badexample.com", "example.com", False),              # a suffix is not a subdomain
    ("example.com", "lb.example.com", False),
    ("example.org", "example.com", False),
    ("example.com.evil.org", "example.com", False),
])
def test_in_zone(name, zone, expected):
    assert in_zone(name, zone) is expected


# -- pool names and references ----------------------------------------------------------------
@pytest.mark.parametrize("value", ["web", "web-pool_1", "A", "0", "_", "-", "x" * 200])
def test_is_pool_name_accepts(value):
    assert is_pool_name(value)


@pytest.mark.parametrize("value", ["", "web pool", "web.pool", "web/pool", "pool!", "pöol", "web\n", " web",
                                   None, 1, ["web"]])
def test_is_pool_name_refuses(value):
    assert not is_pool_name(value)


@pytest.mark.parametrize("value", [CF_ID, "web-pool", "web_1", CF_ID.upper()])  # an upper-case id is a valid name
def test_is_pool_ref_accepts_an_id_or_a_name(value):
    assert is_pool_ref(value)


@pytest.mark.parametrize("value", ["", "web pool", "web.example.com", None, 5])
def test_is_pool_ref_refuses(value):
    assert not is_pool_ref(value)


# -- is_uuid ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [UUID, UUID.upper(), "00000000-0000-0000-0000-000000000000"])
def test_is_uuid_accepts(value):
    assert is_uuid(value)


@pytest.mark.parametrize("value", [
    UUID.replace("-", ""),                                  # no hyphens
    "{%s}" % UUID,                                          # braces
    UUID[:-1],
    UUID + "0",
    UUID.replace("0", "g", 1),
    UUID + "\n",
    " " + UUID,
    CF_ID,
    "",
    None,
])
def test_is_uuid_refuses(value):
    assert not is_uuid(value)


# -- numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [0, 1, -1, 0.5, 1e9, float("inf")])
def test_is_number_accepts_ints_and_floats(value):
    assert is_number(value)


@pytest.mark.parametrize("value", [True, False, "1", "0.5", None, [1], {"a": 1}])
def test_is_number_refuses_bools_strings_and_containers(value):
    assert not is_number(value)


@pytest.mark.parametrize("value, low, high, expected", [
    (5, 1, 10, True),
    (1, 1, 10, True),                                       # inclusive bounds
    (10, 1, 10, True),
    (0.5, 0, 1, True),
    (0, 0, 1, True),
    (0, 1, 10, False),
    (11, 1, 10, False),
    (-0.01, 0, 1, False),
    (1.01, 0, 1, False),
    (True, 0, 1, False),                                    # a bool is not a number here
    ("5", 1, 10, False),
    (None, 1, 10, False),
    (float("nan"), 0, 1, False),
])
def test_in_range(value, low, high, expected):
    assert in_range(value, low, high) is expected


@pytest.mark.parametrize("value, step, expected", [
    (0.3, 0.1, True),                                       # float noise within the tolerance
    (0.7, 0.01, True),
    (0.25, 0.01, True),
    (1, 0.01, True),
    (0, 0.1, True),
    (30, 10, True),
    (0.255, 0.01, False),
    (0.15, 0.1, False),
    (0.001, 0.01, False),
    (35, 10, False),
])
def test_is_multiple_of(value, step, expected):
    assert is_multiple_of(value, step) is expected


def test_is_multiple_of_tolerance_is_configurable():
    assert not is_multiple_of(0.1000001, 0.1, tolerance=1e-9)
    assert is_multiple_of(0.1000001, 0.1)


# -- addresses --------------------------------------------------------------------------------
IPV4 = ["192.0.2.1", "0.0.0.0", "255.255.255.255", "10.0.0.1"]
IPV6 = ["2001:db8::1", "::1", "::", "2001:0db8:0000:0000:0000:0000:0000:0001", "::ffff:192.0.2.1"]
NOT_IP = ["", "256.0.0.1", "192.0.2", "192.0.2.1.5", " 192.0.2.1", "192.0.2.1/32", "2001:db8::1::2", "2001:db8::g",
          "[2001:db8::1]", "example.com", None, ["192.0.2.1"]]


@pytest.mark.parametrize("value", IPV4 + IPV6)
def test_is_ip_accepts_both_families(value):
    assert is_ip(value)


@pytest.mark.parametrize("value", NOT_IP)
def test_is_ip_refuses(value):
    assert not is_ip(value)


@pytest.mark.parametrize("value", IPV4)
def test_is_ipv4_accepts_ipv4_only(value):
    assert is_ipv4(value)
    assert not is_ipv6(value)


@pytest.mark.parametrize("value", IPV6)
def test_is_ipv6_accepts_ipv6_only(value):
    assert is_ipv6(value)
    assert not is_ipv4(value)


@pytest.mark.parametrize("value", NOT_IP)
def test_is_ipv4_and_is_ipv6_refuse(value):
    assert not is_ipv4(value)
    assert not is_ipv6(value)


@pytest.mark.parametrize("value", IPV4 + IPV6 + ["origin.example.com", "origin.example.com.", "localhost",
                                                 "Origin-1.Example.com", "1.example.com"])
def test_is_origin_address_accepts_ips_and_hostnames(value):
    assert is_origin_address(value)


@pytest.mark.parametrize("value", [
    "",
    " 192.0.2.1",                                           # surrounding blanks
    "192.0.2.1 ",
    "origin.example.com\n",
    "1.2.3",                                                # a dotted run of digits is neither IP nor hostname
    "999.1.1.1",
    "192.0.2.1.",
    "192.0.2",
    "origin_1.example.com",
    "a..example.com",
    "https://origin.example.com",
    "origin.example.com:8080",
    "[2001:db8::1]",
    None,
    3232235777,
])
def test_is_origin_address_refuses(value):
    assert not is_origin_address(value)


# -- strip_none -------------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    ({"a": 1, "b": None}, {"a": 1}),
    ({"a": {"b": None, "c": {"d": None, "e": 0}}}, {"a": {"c": {"e": 0}}}),
    ({"a": None}, {}),
    ({"a": False, "b": 0, "c": "", "d": [], "e": {}}, {"a": False, "b": 0, "c": "", "d": [], "e": {}}),
    ([{"a": None, "b": 1}, {"c": None}], [{"b": 1}, {}]),    # dicts inside lists too
    ({"origins": [{"name": "a", "header": None, "weight": 0.5}]}, {"origins": [{"name": "a", "weight": 0.5}]}),
    ([[{"a": None}]], [[{}]]),
    ([None, 1], [None, 1]),                                   # list items are kept, even None
    (None, None),
    ("text", "text"),
    (0, 0),
])
def test_strip_none(value, expected):
    original = copy.deepcopy(value)
    assert strip_none(value) == expected
    assert value == original  # the input is not changed


# -- the other patterns -----------------------------------------------------------------------
@pytest.mark.parametrize("pattern, accepted, refused", [
    ("COUNTRY_RE", ["US", "gb", "De"], ["USA", "U", "U1", "", "US\n", " US"]),
    ("POP_RE", ["LAX", "ams", "Fra"], ["LA", "LAXX", "LA1", "", "LAX\n"]),
    ("HEADER_NAME_RE", ["Host", "X-Forwarded-For", "x_y_1", "a" * 100], ["", "a" * 101, "X Header", "X:H", "Host\n"]),
    ("LABEL_RE", ["a", "a-b", "a" * 63, "0"], ["", "-a", "a-", "a" * 64, "a.b", "a\n"]),
    ("POOL_NAME_RE", ["a", "a-b_c"], ["", "a b", "a\n"]),
    ("CF_ID_RE", [CF_ID], [CF_ID.upper(), CF_ID + "\n"]),
    ("UUID_RE", [UUID], [UUID + "\n", UUID[1:]]),
])
def test_patterns_match_whole_values_only(pattern, accepted, refused):
    regex = getattr(checks, pattern)
    assert [v for v in accepted if not regex.match(v)] == []
    assert [v for v in refused if regex.match(v)] == []


# -- the value lists --------------------------------------------------------------------------
def test_value_lists_are_consistent():
    assert checks.CHECK_REGIONS == checks.STEERING_REGIONS + ("ALL_REGIONS",)
    assert len(set(checks.STEERING_REGIONS)) == len(checks.STEERING_REGIONS) == 13
    assert set(checks.HTTP_MONITOR_TYPES) <= set(checks.MONITOR_TYPES)
    assert set(checks.PORT_MONITOR_TYPES) <= set(checks.MONITOR_TYPES)
    assert not set(checks.PORT_MONITOR_TYPES) & set(checks.HTTP_MONITOR_TYPES)
    assert set(checks.HTTP_MONITOR_OPTIONS) <= set(checks.MONITOR_OPTIONS)
    assert "type" in checks.MONITOR_OPTIONS and "type" not in checks.HTTP_MONITOR_OPTIONS
    assert set(checks.LOAD_SHEDDING_SESSION_POLICIES) <= set(checks.LOAD_SHEDDING_DEFAULT_POLICIES)
    assert set(checks.AFFINITY_TTL_RANGES) <= set(checks.SESSION_AFFINITIES)
    low, high = checks.AFFINITY_TTL_ANY
    assert all(low <= lo <= hi <= high for lo, hi in checks.AFFINITY_TTL_RANGES.values())
    assert min(lo for lo, unused in checks.AFFINITY_TTL_RANGES.values()) == low
    assert max(hi for unused, hi in checks.AFFINITY_TTL_RANGES.values()) == high
    # "" is the 2024 schema's "not set"; "none" is what newer servers answer for no affinity
    assert "" in checks.STEERING_POLICIES and "" in checks.SESSION_AFFINITIES and "none" in checks.SESSION_AFFINITIES
    assert "" in checks.SPECTRUM_ORIGIN_DNS_TYPES
    assert checks.STATES == ("present", "absent")


@pytest.mark.parametrize("name", [n for n in dir(checks) if n.isupper() and isinstance(getattr(checks, n), tuple)
                                  and n != "AFFINITY_TTL_ANY"])
def test_value_lists_hold_unique_strings(name):
    values = getattr(checks, name)
    assert all(isinstance(v, str) for v in values), name
    assert len(set(values)) == len(values), name
