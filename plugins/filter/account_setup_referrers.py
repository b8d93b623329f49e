# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: account_setup_referrers
short_description: Tell each object a prune deletes which of its users the run removes
version_added: 0.2.0
description:
  - Takes the objects a prune deletes (the C(prune) entries of P(edgeops.cloudflare.account_setup_plan#filter)) and
    adds to each one's options C(removed_referrers), the ids of its users that the run deleted or wrote without a
    reference to it, so that check mode predicts the deletion of an object whose last users the run changes or
    deletes, and the real run does exactly that.
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description: The prune entries, each with C(id) and C(options).
    type: list
    elements: dict
    required: true
  reports:
    description:
      - What the run did so far, as reports of P(edgeops.cloudflare.account_setup_report#filter) (the objects written,
        in check mode as they would be left, and the ids deleted, or that would be).
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: Delete the pools no item names
  edgeops.cloudflare.cf_object:
    kind: pool
    options: "{{ item.options }}"
  loop: "{{ plan.prune.pool | edgeops.cloudflare.account_setup_referrers(reports=[report]) }}"
"""

RETURN = r"""
_value:
  description: The entries, each one's C(options) with C(removed_referrers).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.account_setup import plain, removed_referrers


def account_setup_referrers(entries, reports=None):
    if not isinstance(entries, list):
        raise AnsibleFilterError("account_setup_referrers expects a list of prune entries")
    objects, removed = [], []
    for rep in plain(reports or []):
        if isinstance(rep, dict):
            for written in (rep.get("objects") or {}).values():
                objects.extend(written)
            removed.extend(rep.get("removed") or [])
    out = []
    for entry in plain(entries):
        entry = dict(entry)
        entry["options"] = dict(entry.get("options") or {},
                                removed_referrers=removed_referrers(entry.get("id"), objects, removed))
        out.append(entry)
    return out


class FilterModule(object):
    def filters(self):
        return {"account_setup_referrers": account_setup_referrers}
