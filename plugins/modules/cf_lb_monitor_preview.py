#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_lb_monitor_preview
short_description: Try Cloudflare health monitor settings before saving them
version_added: 0.1.0
description:
  - Runs Cloudflare's monitor preview, health checks with the settings given, against the origins of every pool
    that uses an existing monitor, and returns what each check found. Nothing is saved.
  - The monitor is found by O(monitor_id) or by its O(description).
  - The settings tried are the monitor's own, with each option you set in their place, so a preview without
    options tries the monitor as it is. The options are those of M(edgeops.cloudflare.cf_lb_monitor), checked
    the same way before any API call.
  - Waits for Cloudflare's result up to O(wait_timeout) seconds.
  - Never reports a change. Since it changes nothing, it also runs in check mode.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.READ_ONLY_ATTRIBUTES
  - edgeops.cloudflare.monitor
options:
  monitor_id:
    description:
      - Id of the monitor whose pools are checked.
      - One of O(monitor_id) and O(description) is required; they are mutually exclusive.
    type: str
  description:
    description:
      - The description of the monitor whose pools are checked; exactly one monitor must have it.
    type: str
  wait_timeout:
    description:
      - How many seconds to wait for Cloudflare's result before failing, at least 1.
    type: int
    default: 60
seealso:
  - module: edgeops.cloudflare.cf_lb_monitor
  - module: edgeops.cloudflare.cf_lb_pool_info
  - name: Cloudflare monitors
    description: Cloudflare's documentation of Load Balancing monitors.
    link: https://developers.cloudflare.com/load-balancing/monitors/
"""

EXAMPLES = r"""
- name: Would the Spectrum health check still pass on port 2222?
  edgeops.cloudflare.cf_lb_monitor_preview:
    account_id: "{{ cloudflare_account_id }}"
    description: Spectrum Health Check
    port: 2222
  register: preview

- name: Change the monitor only if every origin passes
  edgeops.cloudflare.cf_lb_monitor:
    account_id: "{{ cloudflare_account_id }}"
    description: Spectrum Health Check
    type: tcp
    port: 2222
  when: preview.unhealthy_origins | length == 0
"""

RETURN = r"""
monitor_id:
  description: The id of the monitor whose pools were checked.
  returned: always
  type: str
  sample: f1aba936b94213e5b8dca0c0dbf1f9cc
preview_id:
  description: Cloudflare's id of the preview.
  returned: always
  type: str
  sample: 7f06a3c0b3a4406c9d4c1cbbae1e6c10
settings:
  description: The monitor settings that were tried, as sent to Cloudflare.
  returned: always
  type: dict
  sample: {description: Spectrum Health Check, type: tcp, port: 2222, interval: 30, retries: 2, timeout: 5}
preview:
  description:
    - For each pool that uses the monitor, by pool name, what the checks with the settings tried found.
    - Empty when no pool uses the monitor (there is a warning).
  returned: always
  type: dict
  sample:
    spectrum-ssh-pool:
      pool_id: 17b5962d775c646f3f9725cbc7a53df4
      healthy: true
      origins:
        - "192.0.2.1": {healthy: true, failure_reason: No failure reasons, response_code: 200, rtt: 12.3ms}
        - "192.0.2.2": {healthy: false, failure_reason: Connection timed out, response_code: 0, rtt: 0ms}
unhealthy_origins:
  description: The addresses of the origins that failed the checks, sorted, each once.
  returned: always
  type: list
  elements: str
  sample: ["192.0.2.2"]
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main
from ansible_collections.edgeops.cloudflare.plugins.module_utils._monitor import monitor_settings_argument_spec
from ansible_collections.edgeops.cloudflare.plugins.module_utils._preview import DEFAULT_WAIT_TIMEOUT, MonitorPreview

ARGUMENT_SPEC = dict(
    monitor_id=dict(type="str"),
    description=dict(type="str"),
    wait_timeout=dict(type="int", default=DEFAULT_WAIT_TIMEOUT),
    **monitor_settings_argument_spec()
)


def main():
    module_main(MonitorPreview, ARGUMENT_SPEC, scope="account", required_one_of=[("monitor_id", "description")],
                mutually_exclusive=[("monitor_id", "description")])


if __name__ == "__main__":
    main()
