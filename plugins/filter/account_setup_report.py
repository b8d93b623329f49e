# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: account_setup_report
short_description: What one host of an account_setup run did, kind by kind
version_added: 0.2.0
description:
  - Takes the registered results of the
    R(edgeops.cloudflare.account_setup,ansible_collections.edgeops.cloudflare.account_setup_role) role's loops on one
    host (the account, or a zone) and its plan, and returns per kind how many objects were created, updated,
    deleted, kept, unchanged or failed, the time waited for the API's request budget, and the failure if any.
    P(edgeops.cloudflare.account_setup_summary#filter) puts the reports of a run together.
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description: The registered results of the role's loops (skipped ones and V(null) are fine).
    type: list
    elements: raw
    required: true
  plan:
    description: The host's plan (P(edgeops.cloudflare.account_setup_plan#filter)), for the objects it found unchanged.
    type: dict
  failure:
    description: What stopped the host, as C({task, result}) or a message, or V(null).
    type: raw
"""

EXAMPLES = r"""
- name: Report what the zone's tasks did
  ansible.builtin.set_fact:
    record: "{{ [ensured, pruned] | edgeops.cloudflare.account_setup_report(plan=plan) }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    kinds:
      description: By kind, the count of each outcome (V(created), V(updated), V(deleted), V(kept), V(unchanged), V(failed)).
      type: dict
    kept:
      description: The objects a prune kept because others still use them.
      type: list
      elements: dict
    changes:
      description: Objects created, updated or deleted.
      type: int
    waited:
      description: Seconds the tasks waited for the API's request budget.
      type: float
    objects:
      description: The objects written (without monitor headers), whose references later deletions check.
      type: list
      elements: dict
    removed:
      description: The ids of the objects deleted.
      type: list
      elements: str
    error:
      description: The failure, or the plan's problems, or V(null).
      type: str
"""

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.account_setup import report


def account_setup_report(results, plan=None, failure=None):
    return report(results if isinstance(results, list) else [results], plan=plan, failure=failure)


class FilterModule(object):
    def filters(self):
        return {"account_setup_report": account_setup_report}
