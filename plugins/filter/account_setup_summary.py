# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: account_setup_summary
short_description: One summary of an account_setup run, the account and each zone, with totals
version_added: 0.2.0
description:
  - Takes the record of each host of a run of the
    R(edgeops.cloudflare.account_setup,ansible_collections.edgeops.cloudflare.account_setup_role) role (the
    account, then each zone, with its P(edgeops.cloudflare.account_setup_report#filter)) and returns one line
    per host, what was created, updated, deleted, kept, unchanged or failed by kind, and a line of totals, like
    P(edgeops.cloudflare.fleet_summary#filter) does for C(playbooks/fleet.yml).
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description: One mapping per host, with V(name), V(scope) (V(account) or V(zone)) and V(report).
    type: list
    elements: dict
    required: true
  check_mode:
    description: Whether the run was in check mode (the changes are predicted).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Show the summary
  ansible.builtin.debug:
    msg: "{{ (records | edgeops.cloudflare.account_setup_summary).lines }}"
"""

RETURN = r"""
_value:
  description: The summary.
  type: dict
  contains:
    lines:
      description: One line per host, then the totals.
      type: list
      elements: str
    rows:
      description: One mapping per host, with V(name), V(scope), V(outcome), V(changes), V(waited), V(kept) and V(error).
      type: list
      elements: dict
    totals:
      description:
        - V(zones), V(changed), V(unchanged), V(failed) (zones), V(account_failed), V(changes) (objects),
          V(waited) (seconds) and V(kept) (objects).
      type: dict
    failed:
      description: The names of the hosts that failed.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.account_setup import summary


def account_setup_summary(records, check_mode=False):
    if not isinstance(records, list):
        raise AnsibleFilterError("account_setup_summary expects a list of records")
    return summary(records, check_mode=bool(check_mode))


class FilterModule(object):
    def filters(self):
        return {"account_setup_summary": account_setup_summary}
