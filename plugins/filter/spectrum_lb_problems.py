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
    role with the same checks and tutorial rules that the modules apply, and returns what is wrong, without any
    API call.
  - The rules are Cloudflare's for a Spectrum application in front of a load balancer, among them that the
    Spectrum hostname must differ from the load balancer hostname and that load-balancing custom rules cannot
    be used with Spectrum.
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description:
      - The role's inputs, as a mapping with the keys V(zone), V(zone_id), V(state), V(monitor), V(pools),
        V(load_balancer) and V(app) (the values of the role's C(spectrum_lb_*) variables).
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

from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.module_utils._rules import role_problems

INPUT_KEYS = ("zone", "zone_id", "state", "monitor", "pools", "load_balancer", "app")


def spectrum_lb_problems(inputs):
    if not isinstance(inputs, dict):
        raise AnsibleFilterError("spectrum_lb_problems expects a mapping of the role's inputs, got %s"
                                 % type(inputs).__name__)
    unknown = sorted(set(inputs) - set(INPUT_KEYS))
    if unknown:
        raise AnsibleFilterError("spectrum_lb_problems: unknown keys %s (known: %s)"
                                 % (", ".join(unknown), ", ".join(INPUT_KEYS)))
    return role_problems(**dict((k, v) for k, v in inputs.items()))


class FilterModule(object):
    def filters(self):
        return {"spectrum_lb_problems": spectrum_lb_problems}
