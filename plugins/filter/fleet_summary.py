# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: fleet_summary
short_description: One summary of a fleet rollout, zone by zone, with totals
version_added: 0.1.0
description:
  - Takes, for each zone of a rollout, the report of the
    R(edgeops.cloudflare.spectrum_load_balancer,ansible_collections.edgeops.cloudflare.spectrum_load_balancer_role)
    role (its fact C(spectrum_lb_report), see P(edgeops.cloudflare.spectrum_lb_report#filter)) and the failure
    that stopped the zone, if any, and returns one line per zone (what was created, updated, deleted, unchanged
    or failed, per object kind) and the totals (zones, changes, failures, time waited for the Cloudflare API's
    request budget).
  - C(playbooks/fleet.yml) prints it at the end of every rollout, failed zones included.
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description:
      - One mapping per zone, with the keys V(zone) (its name), V(report) (the role's C(spectrum_lb_report), or
        V(null) when the role did not get that far) and V(failure) (V(null), or the failed task's name and
        result as V({task, result}), or a message).
    type: list
    elements: dict
    required: true
  check_mode:
    description: Whether the rollout ran in check mode (the changes are predicted, nothing was sent).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Summarise the rollout
  ansible.builtin.debug:
    msg: "{{ (records | edgeops.cloudflare.fleet_summary).lines }}"
  vars:
    records:
      - zone: example.com
        report: {monitor: created, pools: created, load_balancer: created, app: created,
                 changes: 4, failed: false, waited: 0.0}
        failure: null
      - zone: example.org
        report: null
        failure: {task: Check the inputs against the tutorial's rules, result: {msg: spectrum_lb_pools is empty}}
"""

RETURN = r"""
_value:
  description: The summary.
  type: dict
  contains:
    lines:
      description: One line per zone, then one line of totals.
      type: list
      elements: str
    zones:
      description:
        - One mapping per zone, in the order given, with V(zone), V(outcome) (V(changed), V(unchanged) or
          V(failed)), the report's keys (V(monitor), V(pools), V(load_balancer), V(app), V(changes), V(waited),
          V(kept), the shared objects a teardown kept for the zones still using them) and V(error) (the failure's
          task and message, or V(null)).
      type: list
      elements: dict
    totals:
      description:
        - V(zones), V(changed), V(unchanged) and V(failed) (zones), V(changes) (objects), V(waited) (seconds),
          V(kept) (objects kept because zones outside the teardown still use them).
        - V(waited) adds up the waits of every task; tasks of forks that wait at once each count, so it can
          exceed the run's wall time.
      type: dict
    failed_zones:
      description: The names of the zones that failed.
      type: list
      elements: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils.failures import failure_text

KINDS = (("monitor", "monitor"), ("pools", "pools"), ("load_balancer", "load balancer"), ("app", "app"))


def _number(value):
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def fleet_summary(records, check_mode=False):
    if not isinstance(records, list) or not all(isinstance(r, dict) and r.get("zone") for r in records):
        raise AnsibleFilterError("fleet_summary expects a list of mappings with a zone, a report and a failure")
    zones = []
    for record in records:
        report = record.get("report") if isinstance(record.get("report"), dict) else {}
        error = failure_text(record.get("failure"))
        if error is None and report.get("failed"):
            error = "a task failed"
        row = {"zone": str(record["zone"]), "error": error,
               "changes": int(_number(report.get("changes"))), "waited": round(_number(report.get("waited")), 1)}
        for kind, _label in KINDS:
            row[kind] = report.get(kind) or "not run"
        row["outcome"] = "failed" if error else ("changed" if row["changes"] else "unchanged")
        row["kept"] = [k for k in report.get("kept") or () if isinstance(k, dict)]
        zones.append(row)

    failed = [z["zone"] for z in zones if z["outcome"] == "failed"]
    totals = {
        "zones": len(zones),
        "changed": len([z for z in zones if z["outcome"] == "changed"]),
        "unchanged": len([z for z in zones if z["outcome"] == "unchanged"]),
        "failed": len(failed),
        "changes": sum(z["changes"] for z in zones),
        "waited": round(sum(z["waited"] for z in zones), 1),
        "kept": sum(len(z["kept"]) for z in zones),
    }

    width = max([len(z["zone"]) for z in zones] + [4])
    lines = []
    for z in zones:
        kinds = ", ".join("%s %s" % (label, z[kind]) for kind, label in KINDS)
        line = "%-*s  %-9s  %s" % (width, z["zone"], z["outcome"], kinds)
        for kept in z["kept"]:
            users = ", ".join(kept.get("used_by") or ()) or "others"
            line += "; kept %s %r (used by %s)" % (kept.get("kind"), kept.get("name"), users)
        if z["waited"]:
            line += "; waited %.1f s" % z["waited"]
        if z["error"]:
            line += "; FAILED at %s" % z["error"]
        lines.append(line)
    # waits of forks running at once add up: the total is task time spent waiting, not wall time
    lines.append("%d zone%s: %d changed (%d change%s%s), %d unchanged, %d failed%s; tasks waited %.1f s in all for "
                 "the API's request budget" % (
                     totals["zones"], "" if totals["zones"] == 1 else "s", totals["changed"], totals["changes"],
                     "" if totals["changes"] == 1 else "s", ", predicted in check mode" if check_mode else "",
                     totals["unchanged"], totals["failed"], (" (%s)" % ", ".join(failed)) if failed else "",
                     totals["waited"]))
    if totals["kept"]:
        # a teardown of some zones: the shared objects they leave to the zones still using them
        lines[-1] += "; %d shared object%s kept while other objects use %s" % (
            totals["kept"], "" if totals["kept"] == 1 else "s", "it" if totals["kept"] == 1 else "them")
    return {"lines": lines, "zones": zones, "totals": totals, "failed_zones": failed}


class FilterModule(object):
    def filters(self):
        return {"fleet_summary": fleet_summary}
