# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: spectrum_lb_options
short_description: The module options the spectrum_load_balancer role sends for its inputs
version_added: 0.2.0
description:
  - Turns the inputs of the R(edgeops.cloudflare.spectrum_load_balancer,ansible_collections.edgeops.cloudflare.spectrum_load_balancer_role)
    role into the options of the modules its tasks run, with the role's defaults filled in (steering policy
    V(off), a V(CNAME) Spectrum record, protocol V(tcp/22), the origin port of the protocol, every pool as a
    default pool and the last one as fallback).
  - The role's tasks send exactly these options, and P(edgeops.cloudflare.spectrum_lb_problems#filter) checks
    exactly these, so what the role checks is what it sends.
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description:
      - The role's inputs, as a mapping with the keys V(zone), V(zone_id), V(state), V(monitor),
        V(monitor_group), V(pools), V(load_balancer) and V(app) (the values of the role's C(spectrum_lb_*)
        variables).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: See what the role would send to each module
  ansible.builtin.debug:
    msg: >-
      {{ {'zone': 'example.com', 'state': 'present', 'monitor': none,
          'pools': [{'name': 'origins', 'origins': [{'name': 'a', 'address': '192.0.2.1'}]}],
          'load_balancer': {'name': 'lb.example.com'}, 'app': {'dns_name': 'ssh.example.com'}}
         | edgeops.cloudflare.spectrum_lb_options }}
"""

RETURN = r"""
_value:
  description:
    - The options of each module, without connection options. For a teardown (C(state) V(absent)), only what a delete needs.
  type: dict
  contains:
    monitor:
      description: The options of M(edgeops.cloudflare.cf_lb_monitor), or V(null) without a monitor.
      type: dict
    monitor_group:
      description:
        - The options of M(edgeops.cloudflare.cf_lb_monitor_group), or V(null) without a monitor group.
      type: dict
    pools:
      description:
        - The options of M(edgeops.cloudflare.cf_lb_pool), one per pool. C(monitor) or C(monitor_group) is set
          only where the pool names one; the others are judged by what RV(_value.pool_health) names.
      type: list
      elements: dict
    pool_health:
      description:
        - What judges the pools that name neither a C(monitor) nor a C(monitor_group) of their own, by description.
        - When the role has a monitor group, a mapping of C(monitor_group) to the group's description; else, when it
          has a monitor, of C(monitor) to the monitor's description; else (and for a teardown) empty.
        - The role's pool task sends the id that the group's or the monitor's task returned instead, once there is
          one.
      type: dict
      sample: {monitor_group: primary dc checks}
    load_balancer:
      description: The options of M(edgeops.cloudflare.cf_load_balancer); pools by name.
      type: dict
    app:
      description: The options of M(edgeops.cloudflare.cf_spectrum_app), or V(null) without C(dns_name).
      type: dict
"""

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.spectrum_lb import module_options, role_inputs


def spectrum_lb_options(inputs):
    return module_options(**role_inputs(inputs, "spectrum_lb_options"))


class FilterModule(object):
    def filters(self):
        return {"spectrum_lb_options": spectrum_lb_options}
