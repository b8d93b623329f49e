#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_spectrum_app_info
short_description: List the Cloudflare Spectrum applications of a zone
version_added: 0.1.0
description:
  - List the Cloudflare Spectrum applications of a zone, all of them or those selected by O(app_id) or
    O(dns_name).
  - Only reads; never reports a change.
  - A filter that matches nothing returns an empty list, also for an id that does not exist. A zone that
    does not exist, or whose Spectrum applications the credentials cannot read, is an error.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ZONE
  - edgeops.cloudflare.auth.READ_ONLY_ATTRIBUTES
options:
  app_id:
    description:
      - Return only the application with this id (32 hexadecimal characters).
      - Mutually exclusive with O(dns_name).
    type: str
  dns_name:
    description:
      - Return only the applications with this hostname (C(dns.name)), for example V(ssh.example.com),
        compared without case and trailing dot. Several applications may share one hostname (other ports).
      - Must be inside the zone when O(zone) is given.
      - Mutually exclusive with O(app_id).
    type: str
seealso:
  - module: edgeops.cloudflare.cf_spectrum_app
"""

EXAMPLES = r"""
- name: Every Spectrum application of the zone
  edgeops.cloudflare.cf_spectrum_app_info:
    zone: example.com
  register: zone_apps

- name: The applications answering on ssh.example.com
  edgeops.cloudflare.cf_spectrum_app_info:
    zone: example.com
    dns_name: ssh.example.com
  register: ssh_apps

- name: Their protocols
  ansible.builtin.debug:
    msg: "{{ ssh_apps.apps | map(attribute='protocol') | list }}"
"""

RETURN = r"""
zone_id:
  description:
    - The id of the zone (resolved from O(zone) when a name was given), so later tasks can pass O(zone_id).
  returned: always
  type: str
  sample: 023e105f4ecef8ad9ca31a8372d0c353
apps:
  description:
    - The Spectrum applications selected, as Cloudflare returns them. Empty when none matches.
  returned: always
  type: list
  elements: dict
  sample:
    - id: ea95132c15732412d22c1476fa83f27a
      protocol: tcp/22
      dns: {type: CNAME, name: ssh.example.com}
      origin_dns: {name: ssh-lb.example.com, type: ""}
      origin_port: 22
      proxy_protocol: "off"
      tls: "off"
      ip_firewall: false
      argo_smart_routing: false
      traffic_type: direct
      edge_ips: {type: dynamic, connectivity: all}
      created_on: "2026-11-25T13:20:00.123456Z"
      modified_on: "2026-11-25T13:20:00.123456Z"
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._info import SpectrumAppInfo
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main

ARGUMENT_SPEC = dict(
    app_id=dict(type="str"),
    dns_name=dict(type="str"),
)


def main():
    module_main(SpectrumAppInfo, ARGUMENT_SPEC, scope="zone", mutually_exclusive=[("app_id", "dns_name")])


if __name__ == "__main__":
    main()
