#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_lb_pool_info
short_description: List Cloudflare Load Balancing pools and their health
version_added: 0.1.0
description:
  - List the account-level Cloudflare Load Balancing pools, all of them or those selected by O(pool_id) or
    O(name), and by the monitor they use (O(monitor)).
  - With O(health=true), each pool comes with its health as Cloudflare's health checks see it from each
    data center (PoP), and the origins any of them reports unhealthy.
  - Only reads; never reports a change.
  - A filter that matches nothing returns an empty list, also for an id that does not exist.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.READ_ONLY_ATTRIBUTES
options:
  pool_id:
    description:
      - Return only the pool with this id (32 hexadecimal characters).
      - Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Return only the pool with this name (letters, digits, C(-) and C(_)).
      - Mutually exclusive with O(pool_id).
    type: str
  monitor:
    description:
      - Return only the pools that use this monitor, given by its id or its description.
      - A description shared by several monitors selects the pools that use any of them.
    type: str
  health:
    description:
      - Add to each pool a RV(pools[].health) entry, read with one request per pool.
      - A pool without a monitor is not health checked, so its health is not read and stays empty.
    type: bool
    default: false
seealso:
  - module: edgeops.cloudflare.cf_lb_pool
  - module: edgeops.cloudflare.cf_lb_monitor_preview
"""

EXAMPLES = r"""
- name: Every pool of the account
  edgeops.cloudflare.cf_lb_pool_info:
    account_id: "{{ cloudflare_account_id }}"
  register: all_pools

- name: The pools behind the Spectrum health check, with their health
  edgeops.cloudflare.cf_lb_pool_info:
    account_id: "{{ cloudflare_account_id }}"
    monitor: Spectrum Health Check
    health: true
  register: checked

- name: Stop before a change while an origin is down
  ansible.builtin.assert:
    that: checked.pools | map(attribute='health.unhealthy_origins') | flatten | length == 0
    fail_msg: "Unhealthy origins: {{ checked.pools | map(attribute='health.unhealthy_origins') | flatten }}"
"""

RETURN = r"""
pools:
  description:
    - The pools selected, as Cloudflare returns them. Empty when none matches.
  returned: always
  type: list
  elements: dict
  contains:
    health:
      description:
        - The pool's health, with O(health=true) only.
      returned: when O(health=true)
      type: dict
      contains:
        pop_health:
          description:
            - For each Cloudflare data center that checks the pool, as Cloudflare reports it, whether the pool
              is healthy there and the state of each origin, keyed by origin address.
            - Empty for a pool without a monitor.
          type: dict
          returned: always
          sample:
            "Amsterdam, NL":
              healthy: true
              origins:
                - "192.0.2.1": {healthy: true, failure_reason: No failure reasons, response_code: 200, rtt: 12.3ms}
                - "192.0.2.2": {healthy: false, failure_reason: Connection timed out, response_code: 0, rtt: 0ms}
        unhealthy_origins:
          description:
            - The addresses of the origins that any data center reports unhealthy, sorted, each once.
          type: list
          elements: str
          returned: always
          sample: ["192.0.2.2"]
  sample:
    - id: 17b5962d775c646f3f9725cbc7a53df4
      name: spectrum-ssh-pool
      enabled: true
      minimum_origins: 1
      monitor: f1aba936b94213e5b8dca0c0dbf1f9cc
      origins:
        - {name: origin-1, address: 192.0.2.1, enabled: true, weight: 1, port: 0}
        - {name: origin-2, address: 192.0.2.2, enabled: true, weight: 1, port: 0}
      created_on: "2026-11-25T13:20:00.123456Z"
      modified_on: "2026-11-25T13:20:00.123456Z"
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import PoolInfo
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main

ARGUMENT_SPEC = dict(
    pool_id=dict(type="str"),
    name=dict(type="str"),
    monitor=dict(type="str"),
    health=dict(type="bool", default=False),
)


def main():
    module_main(PoolInfo, ARGUMENT_SPEC, scope="account", mutually_exclusive=[("pool_id", "name")])


if __name__ == "__main__":
    main()
