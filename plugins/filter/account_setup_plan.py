# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: account_setup_plan
short_description: What applying an inventory's Load Balancing and Spectrum objects takes, without a request
version_added: 0.2.0
description:
  - Compares an inventory's objects with what M(edgeops.cloudflare.cf_account_setup_info) read, with each object's
    module (its argument spec, its input checks and its comparison, run in check mode against what was read), and
    returns the objects a module must be run for, the objects that are already as the inventory says, the objects
    to delete when pruning, and every problem of the inventory (naming the variable, the item and the option).
  - Used by the R(edgeops.cloudflare.account_setup,ansible_collections.edgeops.cloudflare.account_setup_role) role,
    so a run that changes nothing sends no request but the reads.
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description:
      - The inventory's variables. For the account, C(cloudflare_lb_monitors), C(cloudflare_lb_monitor_groups),
        C(cloudflare_lb_pools) and C(cloudflare_account_id); for a zone, C(cloudflare_load_balancers),
        C(cloudflare_spectrum_apps) and the account's C(cloudflare_lb_pools). A variable that is not set (null)
        leaves its kind alone, also when pruning.
    type: dict
    required: true
  snapshot:
    description: The registered result of M(edgeops.cloudflare.cf_account_setup_info) (for a zone, its read of the zone).
    type: dict
    required: true
  scope:
    description: Plan the account's objects or one zone's.
    type: str
    choices: [account, zone]
    default: account
  zone:
    description: For O(scope=zone), the zone as C({name, id}).
    type: dict
  account:
    description: For O(scope=zone), C({account_id, pools}), the account's pools as the run left them.
    type: dict
  prune:
    description: Also list the objects of an in-scope kind that no inventory item names.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Plan the account's objects
  ansible.builtin.set_fact:
    plan: >-
      {{ {'cloudflare_lb_monitors': cloudflare_lb_monitors | default(none),
          'cloudflare_lb_pools': cloudflare_lb_pools | default(none)}
         | edgeops.cloudflare.account_setup_plan(snapshot=setup) }}
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    problems:
      description: What is wrong with the inventory; the role writes nothing while there is one.
      type: list
      elements: str
    ensure:
      description:
        - By kind, the items a module must be run for (new or changed, or not told by what was read), each with
          C(kind), C(variable) and C(index) (the item is that variable's item), C(scope) (options to add),
          C(label), C(action) (V(create), V(update) or V(run)) and C(secret) (its options carry credentials).
      type: dict
    unchanged:
      description: By kind, how many items are already as the inventory says.
      type: dict
    prune:
      description: By kind, the objects to delete (with O(prune)), each with C(kind), C(options), C(label) and C(id).
      type: dict
    in_scope:
      description: The kinds the inventory lists (their variable is set).
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.account_setup import plan_account, plan_zone


def account_setup_plan(inventory, snapshot=None, scope="account", zone=None, account=None, prune=False):
    if not isinstance(inventory, dict) or not isinstance(snapshot, dict):
        raise AnsibleFilterError("account_setup_plan expects a mapping of the inventory's variables and snapshot=, "
                                 "the result of cf_account_setup_info")
    if scope == "account":
        return plan_account(inventory, snapshot, prune=bool(prune))
    if scope == "zone":
        if not isinstance(zone, dict) or not isinstance(account, dict):
            raise AnsibleFilterError("account_setup_plan scope=zone needs zone={name, id} and account={account_id, "
                                     "pools}")
        return plan_zone(inventory, zone, snapshot, account, prune=bool(prune))
    raise AnsibleFilterError("account_setup_plan: scope must be account or zone, got %r" % (scope,))


class FilterModule(object):
    def filters(self):
        return {"account_setup_plan": account_setup_plan}
