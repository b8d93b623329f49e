# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: spectrum_lb_report
short_description: What one run of the spectrum_load_balancer role did, object kind by object kind
version_added: 0.1.0
description:
  - Reads the registered results of the
    R(edgeops.cloudflare.spectrum_load_balancer,ansible_collections.edgeops.cloudflare.spectrum_load_balancer_role)
    role's tasks and says, for the monitor, the monitor group (when the role has one), the pools, the load
    balancer and the Spectrum application, whether each was V(created), V(updated), V(deleted), V(kept) (a
    teardown left a pool, monitor group or monitor that objects outside the run still use), V(unchanged),
    V(skipped), V(failed) or V(not run) (an earlier step failed), how many
    objects changed, which were kept and who uses them, and how long the tasks waited for the Cloudflare API's
    request budget.
  - The role sets the fact C(spectrum_lb_report) with it after every run, failed runs included.
  - Created and updated are told apart by the object returned, as the modules return no such word. An object
    without an id (check mode, not created yet) or whose C(created_on) equals its C(modified_on) was created;
    any other changed object was updated. In check mode an object with an id was read from the API, so it is
    one that would be updated.
  - Several pools with different outcomes read like V(1 created, 1 unchanged).
author:
  - edgeops engineering (@edgeops)
options:
  _input:
    description:
      - The registered results of the role's tasks, as a mapping with the keys V(monitor), V(pools) (a loop's
        result), V(load_balancer) and V(app). A missing key or V(null) is a task that did not run.
      - And V(monitor_group), when the role has a monitor group; the report then says what happened to it too.
    type: dict
    required: true
  state:
    description: The state the role was asked for; a changed object is V(deleted) under V(absent).
    type: str
    choices: [present, absent]
    default: present
  check_mode:
    description: Whether the tasks ran in check mode (changes are predicted, nothing was sent).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Report what the role's tasks did
  ansible.builtin.set_fact:
    spectrum_lb_report: >-
      {{ {'monitor': spectrum_load_balancer__monitor, 'pools': spectrum_load_balancer__pools,
          'load_balancer': spectrum_load_balancer__load_balancer, 'app': spectrum_load_balancer__app}
         | edgeops.cloudflare.spectrum_lb_report(state=spectrum_lb_state, check_mode=ansible_check_mode) }}
"""

RETURN = r"""
_value:
  description: What happened to each kind of object, and the totals of the run.
  type: dict
  contains:
    monitor:
      description: V(created), V(updated), V(deleted), V(kept), V(unchanged), V(skipped), V(failed) or V(not run).
      type: str
    monitor_group:
      description: As for the monitor; only when the input has the key V(monitor_group).
      returned: when the input has the key V(monitor_group)
      type: str
      version_added: 0.2.0
    pools:
      description: The pools' outcome; when they differ, a count of each, like V(1 created, 1 unchanged).
      type: str
    load_balancer:
      description: As for the monitor.
      type: str
    app:
      description: As for the monitor.
      type: str
    changes:
      description: How many objects were created, updated or deleted (or would be, in check mode).
      type: int
    failed:
      description: Whether a task failed.
      type: bool
    kept:
      description:
        - The pools, monitor group and monitor a teardown kept because objects it does not remove still use them
          (the modules' RV(edgeops.cloudflare.cf_lb_pool#module:kept)), each with its kind, id, name and users.
      type: list
      elements: dict
      sample:
        - {kind: pool, id: 17b5962d775c646f3f9725cbc7a53df4, name: spectrum-origins,
           used_by: ["load_balancer lb.example.net"]}
    waited:
      description: Seconds the tasks waited for the Cloudflare API's request budget (the modules' RV(edgeops.cloudflare.cf_lb_monitor#module:api_waited)).
      type: float
"""

from ansible.errors import AnsibleFilterError

KINDS = (("monitor", "monitor"), ("monitor_group", "monitor_group"), ("pools", "pool"),
         ("load_balancer", "load_balancer"), ("app", "app"))
KIND_NAMES = tuple(kind for kind, _result_key in KINDS)
# reported only when given (the role passes it only when it has a monitor group)
OPTIONAL_KINDS = ("monitor_group",)
# the order in which mixed outcomes of a loop are listed
OUTCOMES = ("failed", "created", "updated", "deleted", "kept", "unchanged", "skipped", "not run")
CHANGES = ("created", "updated", "deleted")


def _waited(result):
    try:
        return float(result.get("api_waited") or 0)
    except (TypeError, ValueError):
        return 0.0


def _outcome(result, result_key, state, check_mode):
    """The outcome of one task (or one loop item)."""
    if not isinstance(result, dict):
        return "not run"
    if result.get("failed"):
        return "failed"
    if result.get("skipped"):
        return "skipped"
    if result.get("kept"):
        return "kept"
    if not result.get("changed"):
        return "unchanged"
    if state == "absent":
        return "deleted"
    obj = result.get(result_key)
    if not isinstance(obj, dict) or not obj.get("id"):
        return "created"
    if check_mode:
        return "updated"
    created, modified = obj.get("created_on"), obj.get("modified_on")
    return "created" if created and created == modified else "updated"


def _kept(result, kind, result_key):
    """The kept object of one task (or loop item) with who uses it, or None."""
    if not isinstance(result, dict) or not result.get("kept"):
        return None
    obj = result.get(result_key) if isinstance(result.get(result_key), dict) else {}
    users = ["%s %s" % (u.get("resource_type", "object"), u.get("resource_name") or u.get("resource_id"))
             for u in result.get("referenced_by") or () if isinstance(u, dict)]
    return {"kind": result_key, "id": obj.get("id"), "name": obj.get("name", obj.get("description")),
            "used_by": users}


def _summarise(outcomes):
    if not outcomes:
        return "none"
    counts = dict((o, outcomes.count(o)) for o in OUTCOMES if o in outcomes)
    if len(counts) == 1:
        return outcomes[0]
    return ", ".join("%d %s" % (n, o) for o, n in counts.items())


def spectrum_lb_report(results, state="present", check_mode=False):
    if not isinstance(results, dict):
        raise AnsibleFilterError("spectrum_lb_report expects a mapping of the role's registered results, got %s"
                                 % type(results).__name__)
    unknown = sorted(set(results) - set(KIND_NAMES))
    if unknown:
        raise AnsibleFilterError("spectrum_lb_report: unknown keys %s (known: %s)"
                                 % (", ".join(unknown), ", ".join(KIND_NAMES)))
    if state not in ("present", "absent"):
        raise AnsibleFilterError("spectrum_lb_report: state must be present or absent, got %r" % (state,))
    report = {"changes": 0, "failed": False, "waited": 0.0, "kept": []}
    for kind, result_key in KINDS:
        if kind in OPTIONAL_KINDS and kind not in results:
            continue
        result = results.get(kind)
        waited = _waited(result) if isinstance(result, dict) else 0.0
        if isinstance(result, dict) and isinstance(result.get("results"), list):  # a loop: one outcome per item
            items = [r for r in result["results"] if isinstance(r, dict)]
            report["kept"].extend(k for k in (_kept(r, kind, result_key) for r in items) if k)
            outcomes = [_outcome(r, result_key, state, check_mode) for r in items]
            waited += sum(_waited(r) for r in items)
            if result.get("failed") and "failed" not in outcomes:
                outcomes.append("failed")
            report[kind] = _summarise(outcomes)
        else:
            outcomes = [_outcome(result, result_key, state, check_mode)]
            report[kind] = outcomes[0]
            kept = _kept(result, kind, result_key)
            if kept:
                report["kept"].append(kept)
        report["changes"] += len([o for o in outcomes if o in CHANGES])
        report["failed"] = report["failed"] or "failed" in outcomes
        report["waited"] += waited
    report["waited"] = round(report["waited"], 1)
    return report


class FilterModule(object):
    def filters(self):
        return {"spectrum_lb_report": spectrum_lb_report}
