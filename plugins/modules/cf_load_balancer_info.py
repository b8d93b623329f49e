#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_load_balancer_info
short_description: List the Cloudflare load balancers of a zone
version_added: 0.1.0
description:
  - List the Cloudflare load balancers of a zone, all of them or those selected by O(load_balancer_id) or
    O(name).
  - Only reads; never reports a change.
  - A filter that matches nothing returns an empty list, also for an id that does not exist. A zone that
    does not exist is an error.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ZONE
  - edgeops.cloudflare.auth.READ_ONLY_ATTRIBUTES
options:
  load_balancer_id:
    description:
      - Return only the load balancer with this id (32 hexadecimal characters).
      - Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Return only the load balancer with this hostname, for example V(lb.example.com) (compared without case
        and trailing dot).
      - Must be inside the zone when O(zone) is given.
      - Mutually exclusive with O(load_balancer_id).
    type: str
seealso:
  - module: edgeops.cloudflare.cf_load_balancer
"""

EXAMPLES = r"""
- name: Every load balancer of the zone
  edgeops.cloudflare.cf_load_balancer_info:
    zone: example.com
  register: zone_lbs

- name: One load balancer by its hostname
  edgeops.cloudflare.cf_load_balancer_info:
    zone: example.com
    name: ssh-lb.example.com
  register: ssh_lb

- name: Its default pools
  ansible.builtin.debug:
    msg: "{{ ssh_lb.load_balancers[0].default_pools }}"
  when: ssh_lb.load_balancers | length > 0
"""

RETURN = r"""
zone_id:
  description:
    - The id of the zone (resolved from O(zone) when a name was given), so later tasks can pass O(zone_id).
  returned: always
  type: str
  sample: 023e105f4ecef8ad9ca31a8372d0c353
load_balancers:
  description:
    - The load balancers selected, as Cloudflare returns them. Empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 699d98642c564d2e855e9661899b7252
      name: ssh-lb.example.com
      enabled: true
      proxied: false
      ttl: 30
      default_pools: [17b5962d775c646f3f9725cbc7a53df4]
      fallback_pool: 17b5962d775c646f3f9725cbc7a53df4
      steering_policy: ""
      zone_name: example.com
      created_on: "2026-11-25T13:20:00.123456Z"
      modified_on: "2026-11-25T13:20:00.123456Z"
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import LoadBalancerInfo
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main

ARGUMENT_SPEC = dict(
    load_balancer_id=dict(type="str"),
    name=dict(type="str"),
)


def main():
    module_main(LoadBalancerInfo, ARGUMENT_SPEC, scope="zone", mutually_exclusive=[("load_balancer_id", "name")])


if __name__ == "__main__":
    main()
