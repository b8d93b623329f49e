# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: spectrum_lb_problems
short_description: What is wrong with the inputs of the spectrum_load_balancer role
version_added: 0.1.0
description:
  - Checks the inputs of the R(edgeops.cloudflare.spectrum_load_balancer,ansible_collections.edgeops.cloudflare.spectrum_load_balancer_role)
    role and returns what is wrong, without any API call.
  - Each object the role will ensure is checked as its task will send it (see
    P(edgeops.cloudflare.spectrum_lb_options#filter)), with its module's own argument spec and input checks, so
    the role refuses before its first request whatever one of its modules would refuse. Each problem names
    the role variable it comes from, such as C(spectrum_lb_pools[1].origins[0] (a).weight).
  - The rules are Cloudflare's for a Spectrum application in front of a load balancer, among them that the
    Spectrum hostname must differ from the load balancer hostname and that load-balancing custom rules cannot
    be used with Spectrum.
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
- name: Refuse bad role inputs before any API call
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join(' ') }}"
  vars:
    problems: >-
      {{ {'zone': 'example.com', 'state': 'present', 'monitor': none,
          'pools': [{'name': 'origins', 'origins': [{'name': 'a', 'address': '192.0.2.1', 'weight': 0.5}]}],
          'load_balancer': {'name': 'lb.example.com'}, 'app': {'dns_name': 'ssh.example.com'}}
         | edgeops.cloudflare.spectrum_lb_problems }}
"""

RETURN = r"""
_value:
  description: One message per problem, each naming the role variable concerned; empty when the inputs are fine.
  type: list
  elements: str
"""

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.spectrum_lb import role_inputs, role_problems


def spectrum_lb_problems(inputs):
    return role_problems(**role_inputs(inputs, "spectrum_lb_problems"))


class FilterModule(object):
    def filters(self):
        return {"spectrum_lb_problems": spectrum_lb_problems}
