#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_object
short_description: Manage a Cloudflare Load Balancing or Spectrum object of any kind
version_added: 0.2.0
description:
  - Runs the module of O(kind) with O(options), exactly as a task naming that module would (check mode, diff and
    C(no_log) included), and returns its result.
  - Lets one task loop over objects of several kinds, in order, such as the objects of an inventory written by
    C(playbooks/export.yml); the
    R(edgeops.cloudflare.account_setup,ansible_collections.edgeops.cloudflare.account_setup_role) role applies
    inventories with it.
  - The connection options go in O(options) or come from the C(CLOUDFLARE_*) environment variables, as for the
    module of O(kind). C(module_defaults) of the module or of the C(edgeops.cloudflare.cloudflare) group do not
    reach it.
author:
  - edgeops engineering (@edgeops)
options:
  kind:
    description:
      - The object kind, and so the module that runs.
      - V(monitor) runs M(edgeops.cloudflare.cf_lb_monitor), V(monitor_group)
        M(edgeops.cloudflare.cf_lb_monitor_group), V(pool) M(edgeops.cloudflare.cf_lb_pool), V(load_balancer)
        M(edgeops.cloudflare.cf_load_balancer) and V(spectrum_app) M(edgeops.cloudflare.cf_spectrum_app).
    type: str
    required: true
    choices: [monitor, monitor_group, pool, load_balancer, spectrum_app]
  options:
    description: The options of that module.
    type: dict
    required: true
attributes:
  check_mode:
    support: full
    description: As the module of O(kind), which reports exactly what a real run would change and sends no write.
  diff_mode:
    support: full
    description: As the module of O(kind).
  platform:
    support: full
    platforms: all
    description: Runs where the module of O(kind) runs.
notes:
  - An action plugin runs on the controller and runs the module of O(kind); there is no module to run on its own.
  - Give C(no_log) to a task whose options carry credentials (a monitor's C(Authorization) header, for example).
seealso:
  - module: edgeops.cloudflare.cf_lb_monitor
  - module: edgeops.cloudflare.cf_lb_pool
  - module: edgeops.cloudflare.cf_load_balancer
  - module: edgeops.cloudflare.cf_spectrum_app
"""

EXAMPLES = r"""
- name: A monitor, then a pool that uses it, from one list
  edgeops.cloudflare.cf_object:
    kind: "{{ item.kind }}"
    options: "{{ item.options }}"
  loop:
    - kind: monitor
      options: {description: ssh check, type: tcp, port: 22}
    - kind: pool
      options:
        name: ssh-origins
        monitor: ssh check
        origins:
          - {name: origin-1, address: 192.0.2.1}
  loop_control:
    label: "{{ item.kind }} {{ item.options.description | default(item.options.name) }}"
"""

RETURN = r"""
changed:
  description: Whether the module of O(kind) changed (or, in check mode, would change) the object.
  returned: always
  type: bool
  sample: false
"""
