#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_lb_monitor_group_info
short_description: List Cloudflare Load Balancing monitor groups
version_added: 0.2.0
description:
  - List the account-level Cloudflare Load Balancing monitor groups, all of them or those selected by
    O(monitor_group_id), O(description) or O(monitor).
  - Only reads; never reports a change.
  - A filter that matches nothing returns an empty list, also for an id that does not exist.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.READ_ONLY_ATTRIBUTES
options:
  monitor_group_id:
    description:
      - Return only the group with this id (32 hexadecimal characters).
      - Mutually exclusive with O(description).
    type: str
  description:
    description:
      - Return only the groups with exactly this description (several groups may share one).
      - Mutually exclusive with O(monitor_group_id).
    type: str
  monitor:
    description:
      - Return only the groups that have this monitor among their members, by monitor id or description
        (a description names every monitor that has it).
    type: str
seealso:
  - module: edgeops.cloudflare.cf_lb_monitor_group
  - module: edgeops.cloudflare.cf_lb_monitor_info
"""

EXAMPLES = r"""
- name: Every monitor group of the account
  edgeops.cloudflare.cf_lb_monitor_group_info:
    account_id: "{{ cloudflare_account_id }}"
  register: all_groups

- name: The groups a monitor votes in, before changing it
  edgeops.cloudflare.cf_lb_monitor_group_info:
    account_id: "{{ cloudflare_account_id }}"
    monitor: database reachable
  register: groups_of_monitor
"""

RETURN = r"""
monitor_groups:
  description:
    - The monitor groups selected, as Cloudflare returns them. Empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5e2b4ed3b5b24b4e8d2b7a5e3f1c9a77
      description: primary dc checks
      members:
        - {monitor_id: f1aba936b94213e5b8dca0c0dbf1f9cc, enabled: true, monitoring_only: false,
           must_be_healthy: true, created_at: "2026-11-25T13:20:00Z", updated_at: "2026-11-25T13:20:00Z"}
      created_on: "2026-11-25T13:20:00.123456Z"
      modified_on: "2026-11-25T13:20:00.123456Z"
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import MonitorGroupInfo
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main

ARGUMENT_SPEC = dict(
    monitor_group_id=dict(type="str"),
    description=dict(type="str"),
    monitor=dict(type="str"),
)


def main():
    module_main(MonitorGroupInfo, ARGUMENT_SPEC, scope="account",
                mutually_exclusive=[("monitor_group_id", "description")])


if __name__ == "__main__":
    main()
