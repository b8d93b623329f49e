#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_account_setup_info
short_description: Read an account's whole Cloudflare Load Balancing and Spectrum setup at once
version_added: 0.2.0
description:
  - Read, in one task, the zones of an account, its monitors, monitor groups and pools, and the load balancers
    and Spectrum applications of its zones, as Cloudflare returns them.
  - Each collection is read once (one request, or one per page for the zones and Spectrum applications), so
    a whole setup costs a few requests per run plus two per zone.
  - C(playbooks/export.yml) turns the result into an inventory and the
    R(edgeops.cloudflare.account_setup,ansible_collections.edgeops.cloudflare.account_setup_role) role compares
    an inventory with it; see the guide "Bring an existing setup under Ansible".
  - Monitor groups (an Enterprise feature) and a zone's Spectrum applications (a zone without Spectrum, or a
    token without Spectrum permission) may be unreadable without anything being wrong. A 401, 403 or 404
    answer there leaves the collection out of the result and names it in RV(unreadable); every other failure
    fails the task.
  - Monitors may carry credentials in their HTTP headers (an C(Authorization) header, for example), and this
    module returns them as Cloudflare holds them. Set C(no_log) on the task when its result could be shown.
  - Only reads; never reports a change.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.READ_ONLY_ATTRIBUTES
options:
  read:
    description:
      - The collections to read. V(load_balancers) and V(spectrum_apps) are read in each zone of O(zones).
    type: list
    elements: str
    choices: [zones, monitors, monitor_groups, pools, load_balancers, spectrum_apps]
    default: [zones, monitors, monitor_groups, pools, load_balancers, spectrum_apps]
  zones:
    description:
      - The zones to read, each by its name or its id. A name must be a zone of the account; an id is used as
        given, without reading the zone list (its C(name) in RV(zones) is then V(null)).
      - When not set, every zone of the account (the zone list is read, page by page).
      - Used when O(read) names V(zones), V(load_balancers) or V(spectrum_apps).
    type: list
    elements: str
seealso:
  - module: edgeops.cloudflare.cf_lb_monitor_info
  - module: edgeops.cloudflare.cf_lb_pool_info
  - module: edgeops.cloudflare.cf_load_balancer_info
  - module: edgeops.cloudflare.cf_spectrum_app_info
"""

EXAMPLES = r"""
- name: Read the whole setup of the account (monitor headers may hold credentials)
  edgeops.cloudflare.cf_account_setup_info:
    account_id: "{{ cloudflare_account_id }}"
  register: setup
  no_log: true

- name: Read two zones' load balancers and Spectrum applications, one by name, one by id
  edgeops.cloudflare.cf_account_setup_info:
    read: [load_balancers, spectrum_apps]
    zones:
      - example.com
      - 023e105f4ecef8ad9ca31a8372d0c353
  register: zone_setup
"""

RETURN = r"""
account_id:
  description: The account that was read.
  returned: always
  type: str
  sample: 01a7362d577a6c3019a474fd6f485823
zones:
  description:
    - The zones read (or asked for), each with its C(id) and C(name), sorted by name when the zone list was read.
  returned: when O(read) names V(zones), V(load_balancers) or V(spectrum_apps)
  type: list
  elements: dict
  sample:
    - {id: 023e105f4ecef8ad9ca31a8372d0c353, name: example.com}
monitors:
  description: The account's monitors, as Cloudflare returns them.
  returned: when read
  type: list
  elements: dict
monitor_groups:
  description: The account's monitor groups, as Cloudflare returns them.
  returned: when read and readable
  type: list
  elements: dict
pools:
  description: The account's pools, as Cloudflare returns them.
  returned: when read
  type: list
  elements: dict
load_balancers:
  description: Each zone's load balancers, by zone id.
  returned: when read
  type: dict
  sample:
    023e105f4ecef8ad9ca31a8372d0c353:
      - {id: 699d98642c564d2e855e9661899b7252, name: lb.example.com, default_pools: [17b5962d775c646f3f9725cbc7a53df4]}
spectrum_apps:
  description: Each zone's Spectrum applications, by zone id; a zone whose applications could not be read is left out.
  returned: when read
  type: dict
unreadable:
  description:
    - The collections that could not be read (monitor groups, or a zone's Spectrum applications, answered with
      401, 403 or 404), each with C(collection), C(message) and, for a zone, C(zone_id) and C(zone).
  returned: always
  type: list
  elements: dict
  sample:
    - {collection: spectrum_apps, zone_id: 023e105f4ecef8ad9ca31a8372d0c353, zone: example.com,
       message: "Failed to list Spectrum applications in zone 023e105f4ecef8ad9ca31a8372d0c353: HTTP 403"}
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._account_setup import COLLECTIONS, SetupQuery
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main

ARGUMENT_SPEC = dict(
    read=dict(type="list", elements="str", choices=list(COLLECTIONS), default=list(COLLECTIONS)),
    zones=dict(type="list", elements="str"),
)


def main():
    module_main(SetupQuery, ARGUMENT_SPEC, scope="account")


if __name__ == "__main__":
    main()
