#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_account_setup_export
short_description: Write an account's Load Balancing and Spectrum setup as an inventory that applies with no change
version_added: 0.2.0
description:
  - Reads the setup with M(edgeops.cloudflare.cf_account_setup_info) (each collection once) and writes, in O(dest) on
    the controller, an inventory that the
    R(edgeops.cloudflare.account_setup,ansible_collections.edgeops.cloudflare.account_setup_role) role
    (C(playbooks/apply.yml)) applies with no change. C(playbooks/export.yml) runs it.
  - C(hosts.yml) puts one host per zone in the group C(cloudflare_zones) (each zone that holds a load balancer or a
    Spectrum application, or each zone of O(zones)), with C(cloudflare_zone) and C(cloudflare_zone_id).
  - C(group_vars/all/cloudflare_account.yml) holds C(cloudflare_account_id), C(cloudflare_lb_monitors),
    C(cloudflare_lb_monitor_groups) (when the account's monitor groups can be read) and C(cloudflare_lb_pools);
    C(host_vars/<zone>.yml) the zone's C(cloudflare_load_balancers) and C(cloudflare_spectrum_apps).
  - Each object is written as the options of its module (M(edgeops.cloudflare.cf_lb_monitor),
    M(edgeops.cloudflare.cf_lb_monitor_group), M(edgeops.cloudflare.cf_lb_pool),
    M(edgeops.cloudflare.cf_load_balancer), M(edgeops.cloudflare.cf_spectrum_app)), as the modules define them
    - their argument specs, documented defaults, read-only fields and comparison - with read-only fields, unset
    values and documented defaults left out, references by name where the name is unique (by id where it is not),
    and the object's id only where its natural key is ambiguous. Each object is checked, with its module's own
    comparison, to apply unchanged; RV(problems) names any that would not.
  - Monitor header values under a name that carries credentials (C(Authorization), C(Cookie), and names containing
    C(token), C(key), C(secret), C(auth) or C(password)) go to C(group_vars/all/cloudflare_secrets.yml), written with
    mode 0600 and referenced from the account file; encrypt it with C(ansible-vault). No credential is in the task's
    result.
  - Strings that look like Jinja templates are written with the C(!unsafe) tag, so Ansible never templates them.
author:
  - edgeops engineering (@edgeops)
options:
  dest:
    description: The inventory directory to write, on the controller. Created when missing.
    type: path
    required: true
  zones:
    description:
      - The zones to export, by name. Each becomes a host, also one without objects.
      - When not set, every zone of the account that holds a load balancer or a Spectrum application.
    type: list
    elements: str
  force:
    description:
      - Write into a O(dest) that is not empty, replacing the export's files (other files are left as they are).
      - When V(false), a non-empty O(dest) is refused before any request.
    type: bool
    default: false
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
attributes:
  check_mode:
    support: full
    description: Reads the setup and reports which files would be written, and writes none.
  diff_mode:
    support: none
    description: No diff of the files is shown (the secrets file must not be).
  platform:
    support: full
    platforms: all
    description: Writes on the controller.
  action_group:
    description: Use C(group/edgeops.cloudflare.cloudflare) in C(module_defaults) to set its connection options.
    support: full
    membership:
      - edgeops.cloudflare.cloudflare
notes:
  - An action plugin, on the controller; it reads through M(edgeops.cloudflare.cf_account_setup_info).
  - The connection options (or the C(CLOUDFLARE_*) environment variables) are those of
    M(edgeops.cloudflare.cf_account_setup_info).
seealso:
  - module: edgeops.cloudflare.cf_account_setup_info
  - module: edgeops.cloudflare.cf_object
"""

EXAMPLES = r"""
- name: Export the whole account into ./inventory
  edgeops.cloudflare.cf_account_setup_export:
    dest: inventory

- name: Export two zones, over an earlier export
  edgeops.cloudflare.cf_account_setup_export:
    dest: inventory
    zones: [example.com, example.net]
    force: true
"""

RETURN = r"""
dest:
  description: The inventory directory.
  returned: success
  type: str
  sample: /home/me/inventory
files:
  description: The inventory's files (the secrets file aside), relative to RV(dest).
  returned: success
  type: list
  elements: str
  sample: [group_vars/all/cloudflare_account.yml, host_vars/example.com.yml, hosts.yml]
written:
  description: The files whose content changed (in check mode, would change).
  returned: success
  type: list
  elements: str
secrets_file:
  description: The secrets file, relative to RV(dest), or V(null) when no monitor header carries credentials.
  returned: success
  type: str
  sample: group_vars/all/cloudflare_secrets.yml
counts:
  description: How many objects of each kind were exported.
  returned: success
  type: dict
  sample: {monitor: 3, monitor_group: 0, pool: 2, load_balancer: 1, spectrum_app: 2}
zones:
  description: The zones written as hosts.
  returned: success
  type: list
  elements: str
problems:
  description: The objects that would not apply unchanged from the files, and why (empty when every one does).
  returned: success
  type: list
  elements: str
unreadable:
  description:
    - The collections that could not be read (see M(edgeops.cloudflare.cf_account_setup_info)); they are left out of
      the inventory, so C(playbooks/apply.yml) never prunes them.
  returned: success
  type: list
  elements: dict
"""
