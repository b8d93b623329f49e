#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_lb_monitor_group
short_description: Manage Cloudflare Load Balancing monitor groups
version_added: 0.2.0
description:
  - Create, update and delete an account-level Cloudflare Load Balancing monitor group. A group lets several
    monitors judge the endpoints of a pool together; a pool uses it through M(edgeops.cloudflare.cf_lb_pool)'s
    O(edgeops.cloudflare.cf_lb_pool#module:monitor_group) option, in place of a single monitor.
  - An endpoint is unhealthy when more than half of the group's voting members say so, or at once when a member with
    O(members[].must_be_healthy=true) says so. Members with O(members[].monitoring_only=true) still probe but do not
    vote; members with O(members[].enabled=false) neither probe nor vote.
  - The group is found by O(monitor_group_id) or, when that is not given, by its O(description), which this module
    treats as the group's name. Existing groups made elsewhere are adopted.
  - The order of O(members) never causes a change; each member's flags are compared with the API's defaults filled in.
  - Monitor groups need an Enterprise plan with Load Balancing, and are configured through the API only. On
    another plan the task fails saying so.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.ATTRIBUTES
  - edgeops.cloudflare.in_use
options:
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
      - Deleting a group that a pool still uses fails and names the pool, or keeps it (O(in_use)).
    type: str
    choices: [present, absent]
    default: present
  monitor_group_id:
    description:
      - Id of an existing monitor group. When given, the group is found by id and O(description) may be changed.
      - Required when several groups share the same O(description).
    type: str
  description:
    description:
      - The group's description, used as its name to find it when O(monitor_group_id) is not given.
      - One of O(monitor_group_id) and O(description) is required.
    type: str
  members:
    description:
      - The monitors of the group, in any order. Required to create a group; when omitted, an existing group keeps
        its members.
      - The whole list is compared, so a monitor the group holds and this list does not name is removed from the
        group.
      - Each monitor may appear once.
    type: list
    elements: dict
    suboptions:
      monitor:
        description:
          - The monitor, by id or by description (M(edgeops.cloudflare.cf_lb_monitor)'s
            O(edgeops.cloudflare.cf_lb_monitor#module:description)).
          - A monitor that does not exist is refused, naming it, before the group is written. In check mode it is
            assumed to be created by an earlier task, with a warning.
        type: str
        required: true
      enabled:
        description:
          - Whether the member probes and votes. Cloudflare's default is V(true).
        type: bool
      monitoring_only:
        description:
          - A member that only monitors (it probes and can notify) but does not vote on health. Cloudflare's
            default is V(false).
        type: bool
      must_be_healthy:
        description:
          - When this member says an endpoint is unhealthy, the endpoint is unhealthy, whatever the others say.
            Cloudflare's default is V(false).
        type: bool
seealso:
  - module: edgeops.cloudflare.cf_lb_monitor
  - module: edgeops.cloudflare.cf_lb_monitor_group_info
  - module: edgeops.cloudflare.cf_lb_pool
  - name: Cloudflare monitor groups
    description: Cloudflare's documentation of monitor groups.
    link: https://developers.cloudflare.com/load-balancing/monitors/monitor-groups/
"""

EXAMPLES = r"""
- name: Two data-centre checks that vote, and one that must always pass
  edgeops.cloudflare.cf_lb_monitor_group:
    account_id: "{{ cloudflare_account_id }}"
    description: primary dc checks
    members:
      - monitor: http health
      - monitor: tcp 443
      - monitor: database reachable
        must_be_healthy: true

- name: A pool judged by the group
  edgeops.cloudflare.cf_lb_pool:
    account_id: "{{ cloudflare_account_id }}"
    name: primary-dc
    monitor_group: primary dc checks
    origins:
      - {name: dc1-a, address: 192.0.2.10}
      - {name: dc1-b, address: 192.0.2.11}

- name: Keep a new check out of the vote while it proves itself
  edgeops.cloudflare.cf_lb_monitor_group:
    account_id: "{{ cloudflare_account_id }}"
    description: primary dc checks
    members:
      - monitor: http health
      - monitor: tcp 443
      - monitor: database reachable
        must_be_healthy: true
      - monitor: new latency probe
        monitoring_only: true

- name: Remove the group (fails, naming them, while pools use it)
  edgeops.cloudflare.cf_lb_monitor_group:
    account_id: "{{ cloudflare_account_id }}"
    description: primary dc checks
    state: absent
"""

RETURN = r"""
api_waited:
  description:
    - Seconds this task waited before sending requests to the Cloudflare API, held back by the request budget.
  returned: when the task waited
  type: float
  sample: 12.5
removed:
  description:
    - The group this task deleted (in check mode, would delete) under O(state=absent), with its id and description.
  returned: when the group was (or would be) deleted
  type: dict
  sample: {id: 5e2b4ed3b5b24b4e8d2b7a5e3f1c9a77, description: primary dc checks}
kept:
  description:
    - V(true) when O(state=absent) with O(in_use=keep) kept the group because pools still use it
      (RV(referenced_by) names them); the task then reports no change.
  returned: when the group was kept
  type: bool
  sample: true
referenced_by:
  description:
    - The pools that still use the group (the API's referrers, minus O(removed_referrers)), when it was kept, and in
      the result of the failed task under O(in_use=fail).
  returned: when the group is still in use under O(state=absent)
  type: list
  elements: dict
  sample:
    - {reference_type: referrer, resource_type: pool, resource_id: 699d98642c564d2e855e9661899b7252,
       resource_name: primary-dc}
monitor_group:
  description:
    - The group as Cloudflare returns it after the change (or as it stands, when nothing changed).
    - In check mode, for a group that does not exist yet, the fields that would be sent.
    - V(null) after O(state=absent), unless it was kept (RV(kept)).
  returned: always
  type: dict
  sample:
    id: 5e2b4ed3b5b24b4e8d2b7a5e3f1c9a77
    description: primary dc checks
    members:
      - {monitor_id: f1aba936b94213e5b8dca0c0dbf1f9cc, enabled: true, monitoring_only: false,
         must_be_healthy: false, created_at: "2026-11-25T13:20:00Z", updated_at: "2026-11-25T13:20:00Z"}
    created_on: "2026-11-25T13:20:00.123456Z"
    modified_on: "2026-11-25T13:20:00.123456Z"
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import STATES
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import IN_USE_ARGUMENT_SPEC
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor_group import (
    MonitorGroupResource,
    member_argument_spec,
)

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=list(STATES), default="present"),
    monitor_group_id=dict(type="str"),
    description=dict(type="str"),
    members=dict(type="list", elements="dict", options=member_argument_spec()),
    **IN_USE_ARGUMENT_SPEC
)


# the options' other constraints (the role's checks use them too)
CONSTRAINTS = dict(required_one_of=[("monitor_group_id", "description")])


def main():
    module_main(MonitorGroupResource, ARGUMENT_SPEC, scope="account", **CONSTRAINTS)


if __name__ == "__main__":
    main()
