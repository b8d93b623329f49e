# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tutorial's cross-object rules, in one place.

Cloudflare's "Spectrum with Load Balancing" setup has two rules that span objects:

* a Spectrum application's hostname (``dns.name``) must not be a load balancer's hostname, or
  DNS resolution breaks (the load balancer owns its hostname's DNS answer);
* load-balancing custom rules cannot be used with Spectrum: a load balancer that a Spectrum
  application uses as its origin (``origin_dns.name``) must have no ``rules``.

``cf_load_balancer`` and ``cf_spectrum_app`` check both rules from their side, on what the API
holds, when a write is about to be sent; the ``spectrum_load_balancer`` role checks them on its
inputs before any API call (``role_problems`` here for the rules across objects, each module's own checks
for each object, through the ``spectrum_lb_problems`` filter). The
functions here only look at the objects they are given; reading them is ``_lookup``'s job.
"""

from __future__ import annotations

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import host, is_cf_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError

HOSTNAME_RULE = "a Spectrum application must not use a load balancer's hostname"
CUSTOM_RULES_RULE = "load-balancing custom rules cannot be used with Spectrum"


# -- selecting the objects a rule looks at -----------------------------------------------------
def apps_named(apps, hostname):
    """The Spectrum applications whose ``dns.name`` is ``hostname``."""
    name = host(hostname)
    return [a for a in apps if host((a.get("dns") or {}).get("name")) == name]


def apps_using_origin(apps, hostname):
    """The Spectrum applications whose origin (``origin_dns.name``) is ``hostname``."""
    name = host(hostname)
    return [a for a in apps if host((a.get("origin_dns") or {}).get("name")) == name]


def load_balancer_named(load_balancers, hostname):
    """The load balancer whose hostname (``name``) is ``hostname``, or None."""
    name = host(hostname)
    for lb in load_balancers:
        if host(lb.get("name")) == name:
            return lb
    return None


def _apps_text(apps):
    return ", ".join("%r (id %s, protocol %s)" % ((a.get("dns") or {}).get("name"), a.get("id"), a.get("protocol"))
                     for a in apps)


# -- the load balancer's side ------------------------------------------------------------------------
def check_load_balancer_name(name, apps):
    """A load balancer named ``name`` must not take the hostname of one of ``apps`` (the zone's apps)."""
    clash = apps_named(apps, name)
    if clash:
        raise CloudflareError(
            "name %r is already the hostname (dns.name) of Spectrum application %s in this zone: %s, or DNS "
            "resolution breaks. Choose another name for the load balancer, or move the Spectrum application to "
            "another hostname first." % (name, _apps_text(clash), HOSTNAME_RULE))


def check_load_balancer_rules(name, rules, apps):
    """A load balancer with custom ``rules`` must not be the origin of one of ``apps`` (the zone's apps)."""
    users = apps_using_origin(apps, name) if rules else []
    if users:
        raise CloudflareError(
            "rules: load balancer %r is the origin (origin_dns.name) of Spectrum application %s, and %s. Remove the "
            "rules (rules: []) or point the Spectrum application at another origin first."
            % (name, _apps_text(users), CUSTOM_RULES_RULE))


# -- the Spectrum application's side -----------------------------------------------------------------
def check_spectrum_hostname(dns_name, load_balancers, where):
    """A Spectrum application's ``dns.name`` must not be the hostname of one of ``load_balancers``."""
    lb = load_balancer_named(load_balancers, dns_name)
    if lb is not None:
        raise CloudflareError(
            "dns.name %r is the hostname of load balancer %r (id %s) in %s: %s. Pick another dns.name (the load "
            "balancer can be the origin, through origin_dns.name)." % (dns_name, lb.get("name"), lb.get("id"), where,
                                                                       HOSTNAME_RULE))


def check_spectrum_origin(origin, load_balancers):
    """The load balancer a Spectrum application uses as origin, if any; it must have no custom rules."""
    lb = load_balancer_named(load_balancers, origin)
    if lb is not None and lb.get("rules"):
        raise CloudflareError(
            "origin_dns.name %r is load balancer %r (id %s), which has %d custom rule(s): %s. Remove the rules "
            "from the load balancer or use another origin." % (origin, lb.get("name"), lb.get("id"),
                                                               len(lb["rules"]), CUSTOM_RULES_RULE))
    return lb


# -- the role's inputs -----------------------------------------------------------------------------
def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def role_problems(zone=None, zone_id=None, state="present", monitor=None, pools=None, load_balancer=None,
                  app=None):
    """What is wrong with the ``spectrum_load_balancer`` role's inputs as a whole, as a list of messages.

    The zone, the shapes the role needs (mappings, a named pool list) and the tutorial's rules across
    objects. Each object's own options are checked by its module's checks (the role's filter runs them too,
    see ``plugins/plugin_utils/spectrum_lb.py``).
    """
    problems = []
    present = state != "absent"
    for option, value in (("spectrum_lb_load_balancer", load_balancer), ("spectrum_lb_app", app)):
        if value is not None and not isinstance(value, dict):
            problems.append("%s must be a mapping, got %s." % (option, type(value).__name__))
    load_balancer = load_balancer if isinstance(load_balancer, dict) else {}
    app = app if isinstance(app, dict) else {}

    if _blank(zone) == _blank(zone_id):
        problems.append("Set exactly one of spectrum_lb_zone (the zone name) and spectrum_lb_zone_id.")
    if not _blank(zone_id) and not is_cf_id(zone_id):
        problems.append("spectrum_lb_zone_id must be a 32-character lowercase hexadecimal zone id, got %r." % zone_id)

    lb_name = load_balancer.get("name")
    dns_name = app.get("dns_name")
    if _blank(lb_name) or (present and _blank(dns_name)):
        problems.append("spectrum_lb_load_balancer.name (the load balancer's hostname) and spectrum_lb_app.dns_name "
                        "(the Spectrum app's hostname) are required.")
    if present and isinstance(lb_name, str) and isinstance(dns_name, str) and not _blank(lb_name) \
            and host(lb_name) == host(dns_name):
        problems.append("spectrum_lb_app.dns_name and spectrum_lb_load_balancer.name are both %s: %s. Give the app "
                        "its own hostname (the tutorial uses spectrum-cname.<zone>), and keep the load balancer as "
                        "its origin." % (dns_name, HOSTNAME_RULE))
    if load_balancer.get("rules"):
        problems.append("spectrum_lb_load_balancer.rules is set, but %s (custom rules evaluate HTTP fields). Remove "
                        "the rules." % CUSTOM_RULES_RULE)
    if monitor is not None and not isinstance(monitor, dict):
        problems.append("spectrum_lb_monitor must be null (no health check) or a mapping of cf_lb_monitor options.")
    problems.extend(_pool_problems(pools, present))
    return problems


def _pool_problems(pools, present):
    if not pools:
        return ["spectrum_lb_pools must list at least one pool, each with a name."]
    if not isinstance(pools, list):
        return ["spectrum_lb_pools must be a list of pools, got %s." % type(pools).__name__]
    problems = []
    for index, pool in enumerate(pools):
        if pool is not None and not isinstance(pool, dict):
            problems.append("spectrum_lb_pools[%d] must be a mapping of cf_lb_pool options, got %s."
                            % (index, type(pool).__name__))
            continue
        if _blank((pool or {}).get("name")):
            problems.append("spectrum_lb_pools[%d] needs a name." % index)
        elif present and not (pool or {}).get("origins"):
            problems.append("spectrum_lb_pools[%d] (%s) needs at least one origin." % (index, pool["name"]))
    return problems
