# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The spectrum_load_balancer role's inputs as the options of the modules it runs, and their checks.

Controller side only (the role's filters use it). The one home of how the role's variables become module
options (``module_options``) and of the role's own defaults (``ROLE_DEFAULTS``): the role's tasks send
exactly what ``module_options`` returns, and ``role_problems`` checks exactly that, before the role's first
API call, with each module's own argument spec and its own input checks (the ``validate`` of its
resource), plus the tutorial's cross-object rules (``_tutorial_rules.role_problems``). Every problem is reported
at once, each naming the role variable it comes from (``spectrum_lb_pools[1].origins[0] (a).weight ...``).
"""

from __future__ import annotations

import copy
import re

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.edgeops.cloudflare.plugins.module_utils._connection import OptionsOnly
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._load_balancer import LoadBalancerResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import MonitorResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor_group import MonitorGroupResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._pool import PoolResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._tutorial_rules import role_problems as rule_problems
from ansible_collections.edgeops.cloudflare.plugins.module_utils._spectrum import SpectrumAppResource
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_lb_monitor, cf_lb_monitor_group, cf_lb_pool
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_load_balancer
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_spectrum_app

INPUT_KEYS = ("zone", "zone_id", "state", "monitor", "monitor_group", "pools", "load_balancer", "app")

# The role's own defaults (what the tutorial uses where a variable leaves a value out).
ROLE_DEFAULTS = {
    "steering_policy": "off",     # spectrum_lb_load_balancer.steering_policy
    "dns_type": "CNAME",          # spectrum_lb_app.dns_type
    "protocol": "tcp/22",         # spectrum_lb_app.protocol
}

# The options each role variable passes through to its module as they are.
MONITOR_KEYS = ("description", "type", "port", "interval", "retries", "timeout", "method", "path", "header",
                "expected_codes", "expected_body", "follow_redirects", "allow_insecure", "probe_zone",
                "consecutive_up", "consecutive_down")
MONITOR_GROUP_KEYS = ("description", "members")
POOL_KEYS = ("name", "origins", "monitor", "monitor_group", "health_sources", "networks", "description", "enabled",
             "minimum_origins", "check_regions", "latitude", "longitude", "origin_steering", "load_shedding",
             "notification_filter", "notification_email")
# The pool options that name what judges its health; a pool that sets neither is judged by pool_health.
POOL_HEALTH_KEYS = ("monitor", "monitor_group")
LOAD_BALANCER_KEYS = ("name", "default_pools", "fallback_pool", "steering_policy", "region_pools", "country_pools",
                      "pop_pools", "proxied", "ttl", "session_affinity", "session_affinity_ttl",
                      "session_affinity_attributes", "adaptive_routing", "location_strategy", "random_steering",
                      "enabled", "description")
APP_PASSED = ("tls", "proxy_protocol", "ip_firewall", "argo_smart_routing", "edge_ips", "traffic_type")
APP_KEYS = ("dns_type", "dns_name", "protocol", "origin_dns_ttl", "origin_port") + APP_PASSED
# rules: checked by the tutorial's rule (custom rules cannot be used with Spectrum), never passed on
KNOWN_KEYS = {"spectrum_lb_monitor": MONITOR_KEYS, "spectrum_lb_monitor_group": MONITOR_GROUP_KEYS,
              "spectrum_lb_pools": POOL_KEYS,
              "spectrum_lb_load_balancer": LOAD_BALANCER_KEYS + ("rules",), "spectrum_lb_app": APP_KEYS}

# Where a module option comes from, when the role variable is named otherwise.
APP_OPTION_SOURCES = (("dns.name", "spectrum_lb_app.dns_name"), ("dns.type", "spectrum_lb_app.dns_type"),
                      ("origin_dns.ttl", "spectrum_lb_app.origin_dns_ttl"),
                      ("origin_dns.name", "spectrum_lb_load_balancer.name"), ("dns", "spectrum_lb_app.dns_name"),
                      ("origin_dns", "spectrum_lb_load_balancer.name"))


def role_inputs(inputs, filter_name):
    """The role's inputs, as a filter receives them, checked to be a mapping of ``INPUT_KEYS``."""
    if not isinstance(inputs, dict):
        raise AnsibleFilterError("%s expects a mapping of the role's inputs, got %s" % (filter_name, type(inputs).__name__))
    unknown = sorted(set(inputs) - set(INPUT_KEYS))
    if unknown:
        raise AnsibleFilterError("%s: unknown keys %s (known: %s)"
                                 % (filter_name, ", ".join(unknown), ", ".join(INPUT_KEYS)))
    return _plain(inputs)


def _plain(value):
    """``value`` rebuilt from plain dicts and lists.

    ansible-core 2.19 and later hand filters lazy containers that carry the templar (and with it the plugin
    loaders); copied into the result, they would travel with every registered result of the role's tasks.
    """
    if isinstance(value, dict):
        return dict((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _given(mapping, keys):
    """The keys of ``mapping`` among ``keys`` that hold a value (the role's ``default(omit)``)."""
    return dict((k, copy.deepcopy(mapping[k])) for k in keys if mapping.get(k) is not None)


def _mapping(value):
    return value if isinstance(value, dict) else {}


def _teardown(monitor):
    """The options that remove a monitor or a monitor group (by description), kept while something else uses it."""
    return {"description": monitor.get("description"), "state": "absent", "in_use": "keep"}


def default_origin_port(protocol):
    """The origin port the role uses when spectrum_lb_app.origin_port is not set: the protocol's port (or range)."""
    ports = str(protocol).rsplit("/", maxsplit=1)[-1]
    if "-" in ports or not ports.isdigit():
        return ports
    return int(ports)


def module_options(state="present", monitor=None, monitor_group=None, pools=None, load_balancer=None, app=None,
                   zone=None, zone_id=None):
    """What the role's tasks send to each module, from the role's variables (connection options left out).

    Returns ``{"monitor": {...} or None, "monitor_group": {...} or None, "pools": [{...}], "pool_health": {...},
    "load_balancer": {...}, "app": {...} or None}``. A pool's ``monitor`` or ``monitor_group`` is set only when
    the pool names one; the others refer to what ``pool_health`` names: the role's monitor group
    (``{"monitor_group": <its description>}``) when there is one, else the role's monitor (``{"monitor":
    <its description>}``), else nothing (``{}``). The role's pool task sends the id the group's or the
    monitor's task returned instead of the description, once there is one.
    """
    del zone, zone_id  # the zone is the connection's, not an option of the objects
    absent = state == "absent"
    pools = [_mapping(p) for p in pools] if isinstance(pools, list) else []
    load_balancer, app = _mapping(load_balancer), _mapping(app)
    options = {"monitor": None, "monitor_group": None, "pools": [], "pool_health": {}, "load_balancer": {},
               "app": None}

    if isinstance(monitor, dict):
        options["monitor"] = _teardown(monitor) if absent else _given(monitor, MONITOR_KEYS)
    if isinstance(monitor_group, dict):
        options["monitor_group"] = _teardown(monitor_group) if absent else _given(monitor_group, MONITOR_GROUP_KEYS)
    if not absent:  # pools that name neither judged by the role's monitor group, else by its monitor
        if isinstance(monitor_group, dict):
            options["pool_health"] = {"monitor_group": monitor_group.get("description")}
        elif isinstance(monitor, dict):
            options["pool_health"] = {"monitor": monitor.get("description")}
    for pool in pools:
        options["pools"].append({"name": pool.get("name"), "state": "absent", "in_use": "keep"} if absent
                                else _given(pool, POOL_KEYS))

    if absent:
        options["load_balancer"] = {"name": load_balancer.get("name"), "state": "absent"}
    else:
        lb = _given(load_balancer, LOAD_BALANCER_KEYS)
        names = [p["name"] for p in pools if isinstance(p.get("name"), str) and p["name"].strip()]
        lb.setdefault("default_pools", names)
        if names:
            lb.setdefault("fallback_pool", names[-1])
        lb.setdefault("steering_policy", ROLE_DEFAULTS["steering_policy"])
        options["load_balancer"] = lb

    if app.get("dns_name") is not None:
        protocol = app.get("protocol") if app.get("protocol") is not None else ROLE_DEFAULTS["protocol"]
        dns = {"type": app.get("dns_type") or ROLE_DEFAULTS["dns_type"], "name": app.get("dns_name")}
        if absent:
            options["app"] = {"dns": dns, "protocol": protocol, "state": "absent"}
        else:
            origin_dns = {"name": load_balancer.get("name")}
            if app.get("origin_dns_ttl") is not None:
                origin_dns["ttl"] = app["origin_dns_ttl"]
            options["app"] = dict(_given(app, APP_PASSED), dns=dns, protocol=protocol, origin_dns=origin_dns,
                                  origin_port=app["origin_port"] if app.get("origin_port") is not None
                                  else default_origin_port(protocol))
    return options


# -- checking them with the modules' own checks ------------------------------------------------
MODULES = {
    # kind: (argument spec, the module's other constraints, resource whose validate() the module runs)
    "monitor": (cf_lb_monitor.ARGUMENT_SPEC, cf_lb_monitor.CONSTRAINTS, MonitorResource),
    "monitor_group": (cf_lb_monitor_group.ARGUMENT_SPEC, cf_lb_monitor_group.CONSTRAINTS, MonitorGroupResource),
    "pool": (cf_lb_pool.ARGUMENT_SPEC, cf_lb_pool.CONSTRAINTS, PoolResource),
    "load_balancer": (cf_load_balancer.ARGUMENT_SPEC, cf_load_balancer.CONSTRAINTS, LoadBalancerResource),
    "app": (cf_spectrum_app.ARGUMENT_SPEC, cf_spectrum_app.CONSTRAINTS, SpectrumAppResource),
}

_FIRST_WORD = re.compile(r"^([A-Za-z_]+)")


def _name(variable, message, spec, sources=()):
    """``message`` (a module's, starting with the option it concerns) as a problem of ``variable``."""
    for option, source in sources:
        if message.startswith(option) and message[len(option):len(option) + 1] in (" ", ":", ".", "["):
            return source + message[len(option):]
    first = _FIRST_WORD.match(message)
    if first and first.group(1) in spec:
        return "%s.%s" % (variable, message)
    return "%s: %s" % (variable, message)


def module_problems(kind, params, variable, zone=None, sources=()):
    """What the module of ``kind`` would refuse in ``params``, before any API call: one message per problem."""
    spec, constraints, resource = MODULES[kind]
    result = ArgumentSpecValidator(spec, **constraints).validate(copy.deepcopy(params))
    if result.error_messages:
        return ["%s: %s." % (variable, m.rstrip(".")) for m in result.error_messages]
    checked = result.validated_parameters
    if zone is not None:
        checked["zone"] = zone
    try:
        resource(OptionsOnly(checked)).validate()
    except CloudflareError as error:
        return [_name(variable, error.msg, spec, sources)]
    return []


def _unknown_keys(variable, value, group=None):
    known = KNOWN_KEYS[group or variable]
    unknown = sorted(str(k) for k in set(value) - set(known))
    if not unknown:
        return []
    return ["%s has unknown options %s; known options: %s." % (variable, ", ".join(unknown), ", ".join(known))]


def _described(kind, options, variable, what):
    """The problems of the role's monitor or monitor group: a description naming it, then its module's checks."""
    description = options.get("description")
    if isinstance(description, str) and description.strip():
        return module_problems(kind, options, variable)
    return ["%s needs a description: it names the %s." % (variable, what)]


def role_problems(zone=None, zone_id=None, state="present", monitor=None, monitor_group=None, pools=None,
                  load_balancer=None, app=None):
    """What is wrong with the role's inputs, as a list of messages (empty: fine), with no API call.

    The tutorial's rules and the shapes the role needs (``_tutorial_rules.role_problems``), then every object the role
    will ensure, as its task will send it, through its module's own checks.
    """
    problems = rule_problems(zone=zone, zone_id=zone_id, state=state, monitor=monitor, pools=pools,
                             load_balancer=load_balancer, app=app)
    if monitor_group is not None and not isinstance(monitor_group, dict):
        problems.append("spectrum_lb_monitor_group must be null (the pools use spectrum_lb_monitor) or a mapping of "
                        "cf_lb_monitor_group options.")
    zone_name = zone if isinstance(zone, str) and zone.strip() else None
    options = module_options(state=state, monitor=monitor, monitor_group=monitor_group, pools=pools,
                             load_balancer=load_balancer, app=app)
    if options["monitor"] is not None:
        problems.extend(_unknown_keys("spectrum_lb_monitor", monitor))
        problems.extend(_described("monitor", options["monitor"], "spectrum_lb_monitor", "monitor"))
    if options["monitor_group"] is not None:
        problems.extend(_unknown_keys("spectrum_lb_monitor_group", monitor_group))
        problems.extend(_described("monitor_group", options["monitor_group"], "spectrum_lb_monitor_group",
                                   "monitor group"))
    for index, params in enumerate(options["pools"]):
        if not params.get("name"):
            continue  # a pool the role cannot name (said above)
        variable = "spectrum_lb_pools[%d]" % index
        problems.extend(_unknown_keys(variable, pools[index], "spectrum_lb_pools"))
        if all(params.get(key) is None for key in POOL_HEALTH_KEYS):
            params = dict(params, **options["pool_health"])
        problems.extend(module_problems("pool", params, variable))
    if options["load_balancer"].get("name") and (state == "absent" or options["load_balancer"]["default_pools"]):
        problems.extend(_unknown_keys("spectrum_lb_load_balancer", load_balancer))
        problems.extend(module_problems("load_balancer", options["load_balancer"], "spectrum_lb_load_balancer",
                                        zone=zone_name))
    if options["app"] is not None:
        problems.extend(_unknown_keys("spectrum_lb_app", app))
        problems.extend(module_problems("app", options["app"], "spectrum_lb_app", zone=zone_name,
                                        sources=APP_OPTION_SOURCES))
    return problems
