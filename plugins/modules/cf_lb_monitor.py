#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_lb_monitor
short_description: Manage Cloudflare Load Balancing health monitors
version_added: 0.1.0
description:
  - Create, update and delete an account-level Cloudflare Load Balancing monitor (health check).
  - The monitor is found by O(monitor_id) or, when that is not given, by its O(description), which this
    module treats as the monitor's name. Existing monitors made elsewhere are adopted.
  - Only the options you set are compared with what Cloudflare holds; server defaults never cause a change.
  - Options that only apply to some monitor types are refused for the others before any API call.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.ATTRIBUTES
  - edgeops.cloudflare.monitor
  - edgeops.cloudflare.in_use
options:
  state:
    description:
      - V(present) creates or updates the monitor, V(absent) deletes it.
      - Deleting a monitor that a pool or a monitor group still uses fails and names them, or keeps it (O(in_use)).
    type: str
    choices: [present, absent]
    default: present
  monitor_id:
    description:
      - Id of an existing monitor. When given, the monitor is found by id and O(description) may be changed.
      - Required when several monitors share the same O(description).
    type: str
  description:
    description:
      - The monitor's description, used as its name to find it when O(monitor_id) is not given.
      - One of O(monitor_id) and O(description) is required.
    type: str
seealso:
  - module: edgeops.cloudflare.cf_lb_pool
  - module: edgeops.cloudflare.cf_lb_monitor_group
  - name: Cloudflare monitors
    description: Cloudflare's documentation of Load Balancing monitors.
    link: https://developers.cloudflare.com/load-balancing/monitors/
"""

EXAMPLES = r"""
- name: The TCP health check from Cloudflare's Spectrum load balancing tutorial
  edgeops.cloudflare.cf_lb_monitor:
    account_id: "{{ cloudflare_account_id }}"
    description: Spectrum Health Check
    type: tcp
    port: 2048
    interval: 30
    retries: 2
    timeout: 5
    method: connection_established

- name: An HTTPS monitor with a Host header, credentials from module_defaults
  module_defaults:
    group/edgeops.cloudflare.cloudflare:
      api_token: "{{ vault_cloudflare_api_token }}"
      account_id: "{{ cloudflare_account_id }}"
  edgeops.cloudflare.cf_lb_monitor:
    description: web health
    type: https
    path: /healthz
    expected_codes: 2xx
    header:
      Host: [www.example.com]
    follow_redirects: true

- name: Remove a monitor
  edgeops.cloudflare.cf_lb_monitor:
    description: web health
    state: absent
"""

RETURN = r"""
api_waited:
  description:
    - Seconds this task waited before sending requests to the Cloudflare API, held back by the request budget
      (this controller's pacing, or the account's remaining quota at the reserve; see the collection's README).
    - Returned only when it waited, also when the task failed. A wait of a second or more also gives a warning.
  returned: when the task waited
  type: float
  sample: 12.5
removed:
  description:
    - The monitor this task deleted (in check mode, would delete) under O(state=absent), with its id and description.
      Pass the id to a later task's O(removed_referrers).
  returned: when the monitor was (or would be) deleted
  type: dict
  sample: {id: f1aba936b94213e5b8dca0c0dbf1f9cc, description: Spectrum Health Check}
kept:
  description:
    - V(true) when O(state=absent) with O(in_use=keep) kept the monitor because pools still use it
      (RV(referenced_by) names them); the task then reports no change.
  returned: when the monitor was kept
  type: bool
  sample: true
referenced_by:
  description:
    - The pools that still use the monitor (the API's referrers, minus O(removed_referrers)), when it was
      kept, and in the result of the failed task under O(in_use=fail).
  returned: when the monitor is still in use under O(state=absent)
  type: list
  elements: dict
  sample:
    - {reference_type: referrer, resource_type: pool, resource_id: 699d98642c564d2e855e9661899b7252,
       resource_name: spectrum-origins}
monitor:
  description:
    - The monitor as Cloudflare returns it after the change (or as it stands, when nothing changed).
    - In check mode, for a monitor that does not exist yet, the fields that would be sent.
    - V(null) after O(state=absent), unless it was kept (RV(kept)).
  returned: always
  type: dict
  sample:
    id: f1aba936b94213e5b8dca0c0dbf1f9cc
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

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import STATES
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import IN_USE_ARGUMENT_SPEC
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import (
    MonitorResource,
    monitor_settings_argument_spec,
)

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=list(STATES), default="present"),
    monitor_id=dict(type="str"),
    description=dict(type="str"),
    **dict(monitor_settings_argument_spec(), **IN_USE_ARGUMENT_SPEC)
)


# the options' other constraints (the role's checks use them too)
CONSTRAINTS = dict(required_one_of=[("monitor_id", "description")])


def main():
    module_main(MonitorResource, ARGUMENT_SPEC, scope="account", **CONSTRAINTS)


if __name__ == "__main__":
    main()
