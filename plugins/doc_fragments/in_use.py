# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):

    # state=absent on an object that other objects refer to (a pool: load balancers; a monitor: pools and monitor
    # groups; a monitor group: pools).
    DOCUMENTATION = r"""
options:
  in_use:
    description:
      - What O(state=absent) does with an object that other objects still use (the API's C(references) of
        the object, minus O(removed_referrers)).
      - V(fail) fails the task, naming the users, and deletes nothing.
      - V(keep) keeps the object and succeeds with RV(kept=true) and RV(referenced_by) naming the users, and a
        warning. The shared object leaves with its last user. A teardown of one zone of a fleet whose zones
        share a pool or monitor uses this.
      - The decision is the same in check mode and in a real run.
    type: str
    choices: [fail, keep]
    default: fail
  removed_referrers:
    description:
      - Ids of the objects (load balancers for a pool, pools and monitor groups for a monitor, pools for a monitor
        group) that this run removes before this task, so they do not count as users.
      - In a real run the earlier tasks have deleted them, so the API no longer lists them. In check mode those
        tasks only predicted their deletes, and the API still lists them; naming them here lets check mode
        predict this delete too, so the plan of a teardown is the teardown. Take the ids from the earlier
        tasks' RV(removed) results.
      - A user not named here still counts, in check mode as in a real run.
    type: list
    elements: str
    default: []
"""
