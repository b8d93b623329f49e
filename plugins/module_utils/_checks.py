# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure checks and the value lists they use: one home for every pattern and list.

Nothing here reads the API or knows about Ansible: ids, hostnames, pool names, region codes,
steering and affinity choices, numbers, addresses and ``strip_none``. The modules' argument specs
take their ``choices`` from the constants below, the resources' input checks call the functions,
and the role checks its inputs through the ``spectrum_lb_problems`` filter, which calls them too.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError

# -- value lists (argument-spec choices come from these) ---------------------------------------
STATES = ("present", "absent")

MONITOR_TYPES = ("http", "https", "tcp", "udp_icmp", "icmp_ping", "smtp")
HTTP_MONITOR_TYPES = ("http", "https")
# Types that probe a port, so the port must be given.
PORT_MONITOR_TYPES = ("tcp", "udp_icmp", "smtp")
HTTP_MONITOR_METHODS = ("GET", "HEAD")
TCP_MONITOR_METHOD = "connection_established"
# Options that only http and https monitors have.
HTTP_MONITOR_OPTIONS = ("path", "header", "expected_codes", "expected_body", "follow_redirects", "allow_insecure",
                        "probe_zone")
MONITOR_OPTIONS = ("description", "type", "port", "interval", "retries", "timeout", "method", "path", "header",
                   "expected_codes", "expected_body", "follow_redirects", "allow_insecure", "probe_zone",
                   "consecutive_up", "consecutive_down")

# Cloudflare's regions. A load balancer's region_pools use the steering regions; a pool's
# check_regions may also say ALL_REGIONS (default_pools already serve every region not listed).
STEERING_REGIONS = ("WNAM", "ENAM", "WEU", "EEU", "NSAM", "SSAM", "OC", "ME", "NAF", "SAF", "SAS", "SEAS", "NEAS")
CHECK_REGIONS = STEERING_REGIONS + ("ALL_REGIONS",)

ORIGIN_STEERING_POLICIES = ("random", "hash", "least_outstanding_requests", "least_connections")
LOAD_SHEDDING_DEFAULT_POLICIES = ("random", "hash")
LOAD_SHEDDING_SESSION_POLICIES = ("hash",)

# "" is the 2024 schema's "not set" (geo when region/country/PoP pools are set, else off).
STEERING_POLICIES = ("off", "geo", "random", "dynamic_latency", "proximity", "least_outstanding_requests",
                     "least_connections", "")
# Newer servers answer "none" where the 2024 schema says "".
SESSION_AFFINITIES = ("none", "cookie", "ip_cookie", "header", "")
AFFINITY_TTL_RANGES = {"cookie": (1800, 604800), "ip_cookie": (1800, 604800), "header": (30, 3600)}
AFFINITY_TTL_ANY = (30, 604800)
SAMESITE_CHOICES = ("Auto", "Lax", "None", "Strict")
SECURE_CHOICES = ("Auto", "Always", "Never")
ZERO_DOWNTIME_FAILOVER_CHOICES = ("none", "temporary", "sticky")
LOCATION_MODES = ("pop", "resolver_ip")
LOCATION_PREFER_ECS = ("always", "never", "proximity", "geo")

SPECTRUM_DNS_TYPES = ("CNAME", "ADDRESS")
SPECTRUM_ORIGIN_DNS_TYPES = ("", "A", "AAAA", "SRV")
SPECTRUM_TLS_MODES = ("off", "flexible", "full", "strict")
SPECTRUM_PROXY_PROTOCOLS = ("off", "v1", "v2", "simple")
SPECTRUM_EDGE_IP_TYPES = ("dynamic", "static")
SPECTRUM_EDGE_CONNECTIVITY = ("all", "ipv4", "ipv6")
SPECTRUM_TRAFFIC_TYPES = ("direct", "http", "https")

# -- patterns ---------------------------------------------------------------------------------
CF_ID_RE = re.compile(r"^[0-9a-f]{32}\Z")
LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
POOL_NAME_RE = re.compile(r"^[A-Za-z0-9_-]+\Z")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}\Z")
POP_RE = re.compile(r"^[A-Za-z]{3}\Z")
HEADER_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,100}\Z")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def is_cf_id(value):
    """A Cloudflare object id: 32 lowercase hexadecimal characters."""
    return isinstance(value, str) and bool(CF_ID_RE.match(value))


def host(name):
    """A hostname as compared and sent: no surrounding blanks, no trailing dot, lower case."""
    return name.strip().rstrip(".").lower() if isinstance(name, str) else name


def is_hostname(name, min_labels=1, allow_wildcard=False):
    """A DNS hostname (one trailing dot allowed) of at least ``min_labels`` labels.

    With ``allow_wildcard`` the first label may be ``*``. Labels are 1-63 letters, digits or
    hyphens, not starting or ending with a hyphen; the whole name is at most 253 characters.
    """
    if not isinstance(name, str):
        return False
    name = name[:-1] if name.endswith(".") else name
    if not 1 <= len(name) <= 253:
        return False
    labels = name.split(".")
    if len(labels) < min_labels:
        return False
    return all(LABEL_RE.match(label) or (allow_wildcard and index == 0 and label == "*")
               for index, label in enumerate(labels))


def in_zone(name, zone):
    """Whether hostname ``name`` is the zone itself or inside it (both in :func:`host` form)."""
    return name == zone or name.endswith("." + zone)


def check_hostname(value, option, example, zone=None):
    """A hostname option: fully qualified (``*.`` may lead), and inside ``zone`` when the zone is named.

    Returns the name in :func:`host` form; raises :class:`~._errors.CloudflareError` naming ``option``. The one
    home of this check: load balancer names, Spectrum hostnames and the ``*_info`` hostname filters.
    """
    name = host(value) if isinstance(value, str) else None
    if not name or not is_hostname(name, min_labels=2, allow_wildcard=True):
        raise CloudflareError("%s must be a fully qualified hostname such as %s, got %r." % (option, example, value))
    zone_name = host(zone)
    if zone_name and not in_zone(name, zone_name):
        raise CloudflareError("%s %r is not inside zone %r: use the zone name itself or a hostname ending in '.%s'."
                              % (option, value, zone_name, zone_name))
    return name


def is_pool_name(value):
    """A pool name: letters, digits, ``-`` and ``_`` only."""
    return isinstance(value, str) and bool(POOL_NAME_RE.match(value))


def is_pool_ref(value):
    """A pool given by its id or by its name."""
    return is_cf_id(value) or is_pool_name(value)


def is_uuid(value):
    return isinstance(value, str) and bool(UUID_RE.match(value))


def is_number(value):
    """An int or a float, but not a bool."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def in_range(value, low, high):
    """A number between ``low`` and ``high`` inclusive."""
    return is_number(value) and low <= value <= high


def is_multiple_of(value, step, tolerance=1e-6):
    """Whether number ``value`` is a whole multiple of ``step`` (0.01 for weights, 0.1 for steering weights)."""
    units = value / step
    return abs(round(units) - units) <= tolerance


def is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def is_ipv4(value):
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def is_ipv6(value):
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return True


def is_origin_address(value):
    """An origin address: an IPv4 or IPv6 address, or a hostname (a dotted run of digits is neither)."""
    if not isinstance(value, str) or not value or value != value.strip():
        return False
    if is_ip(value):
        return True
    if re.match(r"^[0-9.]+$", value):
        return False
    return is_hostname(value)


def strip_none(value):
    """``value`` without the ``None`` entries that argument specs fill in for unset suboptions (recursively)."""
    if isinstance(value, dict):
        return dict((k, strip_none(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [strip_none(v) for v in value]
    return value
