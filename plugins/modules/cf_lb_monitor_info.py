#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_lb_monitor_info
short_description: List Cloudflare Load Balancing health monitors
version_added: 0.1.0
description:
  - List the account-level Cloudflare Load Balancing monitors, all of them or those selected by O(monitor_id)
    or O(description).
  - Only reads; never reports a change.
  - A filter that matches nothing returns an empty list, also for an id that does not exist.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.READ_ONLY_ATTRIBUTES
options:
  monitor_id:
    description:
      - Return only the monitor with this id (32 hexadecimal characters).
      - Mutually exclusive with O(description).
    type: str
  description:
    description:
      - Return only the monitors with exactly this description (several monitors may share one).
      - Mutually exclusive with O(monitor_id).
    type: str
seealso:
  - module: edgeops.cloudflare.cf_lb_monitor
  - module: edgeops.cloudflare.cf_lb_monitor_preview
"""

EXAMPLES = r"""
- name: Every monitor of the account
  edgeops.cloudflare.cf_lb_monitor_info:
    account_id: "{{ cloudflare_account_id }}"
  register: all_monitors

- name: The monitor of Cloudflare's Spectrum load balancing tutorial, by its description
  edgeops.cloudflare.cf_lb_monitor_info:
    account_id: "{{ cloudflare_account_id }}"
    description: Spectrum Health Check
  register: tutorial_monitor

- name: Fail unless it exists
  ansible.builtin.assert:
    that: tutorial_monitor.monitors | length == 1
"""

RETURN = r"""
monitors:
  description:
    - The monitors selected, as Cloudflare returns them. Empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: f1aba936b94213e5b8dca0c0dbf1f9cc
      description: Spectrum Health Check
      type: tcp
      port: 2048
      interval: 30
      retries: 2
      timeout: 5
      method: connection_established
      created_on: "2026-11-25T13:20:00.123456Z"
      modified_on: "2026-11-25T13:20:00.123456Z"
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import MonitorInfo
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main

ARGUMENT_SPEC = dict(
    monitor_id=dict(type="str"),
    description=dict(type="str"),
)


def main():
    module_main(MonitorInfo, ARGUMENT_SPEC, scope="account", mutually_exclusive=[("monitor_id", "description")])


if __name__ == "__main__":
    main()
