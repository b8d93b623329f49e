#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_spectrum_app
short_description: Manage Cloudflare Spectrum applications
version_added: 0.1.0
description:
  - Create, update and delete a zone-level Cloudflare Spectrum application (a TCP or UDP proxy).
  - The application is found by O(app_id) or, when that is not given, by O(dns.name). Several applications
    may share one hostname (for example one per protocol); when more than one has O(dns.name), O(protocol)
    picks among them, and if that still leaves several the module fails and asks for O(app_id).
    Applications made elsewhere are adopted.
  - Only the options you set are compared with what Cloudflare holds; server defaults never cause a change.
  - Spectrum has no partial update. An update sends the whole application, built from what Cloudflare
    holds plus the options you set, so fields you did not set keep their current values.
  - A new application is sent with the options you set, O(protocol), O(dns) and O(traffic_type) (V(direct) when
    not set), the fields Cloudflare requires; an option you did not set is not sent and takes Cloudflare's
    default (O(tls=off), O(proxy_protocol=off), O(ip_firewall=false), O(argo_smart_routing=false), O(edge_ips)
    dynamic with connectivity V(all)).
  - "Rules from Cloudflare's Spectrum load balancing tutorial are checked before any write: O(dns.name) must
    not be the hostname of a load balancer in the zone, and when O(origin_dns.name) is the hostname of a load
    balancer in the zone, that load balancer must not have custom rules."
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ZONE
  - edgeops.cloudflare.auth.ATTRIBUTES
options:
  state:
    description:
      - V(present) creates or updates the application, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  app_id:
    description:
      - Id of an existing application. When given, the application is found by id, and O(dns.name) may be changed.
      - Needed when several applications share O(dns.name) and O(protocol) does not tell them apart.
    type: str
  dns:
    description:
      - The DNS record Cloudflare creates for the application.
      - One of O(app_id) and O(dns) is required.
    type: dict
    suboptions:
      name:
        description:
          - The application's hostname, for example V(ssh.example.com). Required when O(dns) is given.
          - When the zone is given by name (O(zone)), it must be the zone name or a hostname inside it.
          - It must not be the hostname of a load balancer in the zone.
          - Compared without regard to case or a trailing dot.
        type: str
      type:
        description:
          - V(CNAME) (Cloudflare's anycast IPs, see O(edge_ips) dynamic) or V(ADDRESS) (your own IPs, needs
            O(edge_ips) static).
          - When creating an application without it, V(ADDRESS) is used if O(edge_ips.type=static), else V(CNAME).
        type: str
        choices: [CNAME, ADDRESS]
  protocol:
    description:
      - The port configuration at Cloudflare's edge, V(tcp/<port>) or V(udp/<port>), or a port range such as
        V(tcp/1000-2000). Ports are 1-65535 and a range's start must not exceed its end.
      - Required to create an application.
      - When several applications share O(dns.name), this picks the one to manage.
    type: str
  origin_dns:
    description:
      - The origin given by hostname. Requires O(origin_port). Mutually exclusive with O(origin_direct).
      - To put a Cloudflare load balancer behind the application, set O(origin_dns.name) to the load
        balancer's hostname; the result then names it in RV(origin_load_balancer). A load balancer with
        custom rules cannot be used (Spectrum does not support load balancing custom rules).
      - Only the suboptions you set are compared; the others keep their current values on update.
    type: dict
    suboptions:
      name:
        description:
          - Hostname of the origin (or of a load balancer in the zone). Required when O(origin_dns) is given.
        type: str
      ttl:
        description:
          - Seconds Cloudflare caches its resolution of O(origin_dns.name), at least 600.
        type: int
      type:
        description:
          - The DNS record type to resolve. V("") (the empty string) means A and AAAA records, and is
            Cloudflare's default.
        type: str
        choices: ["", A, AAAA, SRV]
  origin_port:
    description:
      - The port at the origin, a number 1-65535 (for example V(22)), or a range as a string
        (for example V("1000-2000")).
      - A range must contain as many ports as the O(protocol) range; a single port may be used with a
        ranged O(protocol).
      - Only valid together with O(origin_dns), and required with it.
    type: raw
  origin_direct:
    description:
      - The origin given as a list of URIs, for example V(tcp://192.0.2.1:22) or V(udp://[2001:db8::1]:53).
        The scheme must match O(protocol).
      - Mutually exclusive with O(origin_dns) and O(origin_port). Switching an existing application from one
        origin form to the other removes the old one.
      - Compared as a set; the order does not matter.
    type: list
    elements: str
  proxy_protocol:
    description:
      - Whether and how the client's address is passed to the origin, one of V(off), V(v1), V(v2) or V(simple).
      - Also takes a boolean, as in Cloudflare's tutorial, V(false) meaning V(off) and V(true) meaning V(v1).
        The string form is always what is sent.
      - When creating an application without it, it is not sent and Cloudflare's default V(off) applies.
    type: raw
  tls:
    description:
      - TLS termination at the edge.
      - When creating an application without it, it is not sent and Cloudflare's default V(off) applies.
    type: str
    choices: ["off", flexible, full, strict]
  ip_firewall:
    description:
      - Whether IP Access Rules apply to the application (TCP applications only).
      - When creating an application without it, it is not sent and Cloudflare's default V(false) applies.
    type: bool
  argo_smart_routing:
    description:
      - Whether Argo Smart Routing is on. Only for TCP applications with O(traffic_type=direct).
      - When creating an application without it, it is not sent and Cloudflare's default V(false) applies.
    type: bool
  edge_ips:
    description:
      - The anycast edge IP configuration of the application's hostname.
      - When creating an application without it, it is not sent and Cloudflare uses dynamic edge IPs with
        connectivity V(all), which needs O(dns.type=CNAME).
      - Only the suboptions you set are compared; on update a change of type replaces the whole value.
    type: dict
    suboptions:
      type:
        description:
          - V(dynamic) (Cloudflare's anycast IPs; only with O(dns.type=CNAME)) or V(static)
            (your own BYOIP addresses in O(edge_ips.ips); only with O(dns.type=ADDRESS)).
        type: str
        required: true
        choices: [dynamic, static]
      connectivity:
        description:
          - For dynamic edge IPs, the IP versions accepted. Cloudflare's default is V(all).
        type: str
        choices: [all, ipv4, ipv6]
      ips:
        description:
          - For static edge IPs, the customer-owned IP addresses announced for the hostname. Required with
            O(edge_ips.type=static). Compared as a set.
        type: list
        elements: str
  traffic_type:
    description:
      - How traffic travels to the origin. V(direct) passes TCP/UDP through and the application type comes
        from O(protocol); V(http) and V(https) apply Cloudflare's HTTP features.
      - When creating an application without it, V(direct) is sent.
    type: str
    choices: [direct, http, https]
  virtual_network_id:
    description:
      - UUID of the Cloudflare Tunnel virtual network through which Spectrum reaches the origin (an origin on a
        private network). When not set, it is left as it is.
    type: str
    version_added: 0.2.0
notes:
  - The rule checks read the zone's load balancers only when a write is about to be sent, so a run that
    changes nothing reads only the zone (when given by name) and the application list.
seealso:
  - module: edgeops.cloudflare.cf_load_balancer
  - name: Cloudflare Spectrum with Load Balancing
    description: Cloudflare's tutorial on putting a load balancer behind a Spectrum application.
    link: https://developers.cloudflare.com/spectrum/how-to/load-balancer/
"""

EXAMPLES = r"""
- name: The Spectrum application from Cloudflare's load balancing tutorial, exactly as written there
  edgeops.cloudflare.cf_spectrum_app:
    zone: example.com
    dns:
      type: CNAME
      name: spectrum-cname.example.com
    ip_firewall: false
    protocol: tcp/22
    proxy_protocol: false
    tls: "off"
    origin_dns:
      name: cname-to-origin.example.com
      ttl: 1200
    origin_port: 22

- name: SSH through a load balancer in the zone (the result names it in origin_load_balancer)
  edgeops.cloudflare.cf_spectrum_app:
    zone: example.com
    dns:
      name: ssh.example.com
    protocol: tcp/22
    origin_dns:
      name: lb.example.com
    origin_port: 22
    argo_smart_routing: true
  register: ssh_app

- name: A port range with direct origins and PROXY protocol v2
  edgeops.cloudflare.cf_spectrum_app:
    zone_id: "{{ cloudflare_zone_id }}"
    dns:
      name: game.example.com
    protocol: tcp/1000-2000
    origin_direct:
      - tcp://192.0.2.10:1000
    proxy_protocol: v2
    edge_ips:
      type: dynamic
      connectivity: ipv4

- name: Your own IPs on an ADDRESS record
  edgeops.cloudflare.cf_spectrum_app:
    zone: example.com
    dns:
      type: ADDRESS
      name: dns.example.com
    protocol: udp/53
    origin_dns:
      name: resolver.example.net
    origin_port: 53
    edge_ips:
      type: static
      ips: [198.51.100.10, "2001:db8::10"]

- name: Change one field; every other field keeps its value
  edgeops.cloudflare.cf_spectrum_app:
    zone: example.com
    dns:
      name: spectrum-cname.example.com
    tls: full

- name: Remove the application
  edgeops.cloudflare.cf_spectrum_app:
    zone: example.com
    dns:
      name: spectrum-cname.example.com
    state: absent
"""

RETURN = r"""
api_waited:
  description:
    - Seconds this task waited before sending requests to the Cloudflare API, held back by the request budget
      (this controller's pacing, or the account's remaining quota at the reserve; see the collection's README).
    - Returned only when it waited, also when the task failed. A wait of a second or more also gives a warning.
  returned: when the task waited
  type: float
  sample: 12.5
zone_id:
  description:
    - The id of the zone the module worked in (resolved from O(zone) when a name was given), so later tasks
      can pass O(zone_id) and save the name lookup.
  returned: always
  type: str
  sample: 023e105f4ecef8ad9ca31a8372d0c353
app:
  description:
    - The application as Cloudflare returns it after the change (or as it stands, when nothing changed).
    - In check mode, the application as the write would leave it (for a new application, the fields that
      would be sent).
    - V(null) after O(state=absent).
  returned: always
  type: dict
  sample:
    id: ea95132c15732412d22c1476fa83f27a
    created_on: "2026-11-25T13:20:00.123456Z"
    modified_on: "2026-11-25T13:20:00.123456Z"
    protocol: tcp/22
    dns:
      type: CNAME
      name: spectrum-cname.example.com
    origin_dns:
      name: cname-to-origin.example.com
      ttl: 1200
      type: ""
    origin_port: 22
    ip_firewall: false
    proxy_protocol: "off"
    tls: "off"
    traffic_type: direct
    edge_ips:
      type: dynamic
      connectivity: all
    argo_smart_routing: false
origin_load_balancer:
  description:
    - The load balancer in the zone whose hostname is O(origin_dns.name), with its C(id) and C(name).
    - Only known when the zone's load balancers were read, which happens when the application is created or
      updated (also in check mode). V(null) when nothing was written, on delete, and when the origin is a plain
      DNS name or O(origin_direct).
  returned: always
  type: dict
  sample:
    id: 699d98642c564d2e855e9661899b7252
    name: lb.example.com
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    SPECTRUM_DNS_TYPES,
    SPECTRUM_EDGE_CONNECTIVITY,
    SPECTRUM_EDGE_IP_TYPES,
    SPECTRUM_ORIGIN_DNS_TYPES,
    SPECTRUM_TLS_MODES,
    SPECTRUM_TRAFFIC_TYPES,
    STATES,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main
from ansible_collections.edgeops.cloudflare.plugins.module_utils._spectrum import SpectrumAppResource

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=list(STATES), default="present"),
    app_id=dict(type="str"),
    dns=dict(type="dict", options=dict(
        name=dict(type="str"),
        type=dict(type="str", choices=list(SPECTRUM_DNS_TYPES)),
    )),
    protocol=dict(type="str"),
    origin_dns=dict(type="dict", options=dict(
        name=dict(type="str"),
        ttl=dict(type="int"),
        type=dict(type="str", choices=list(SPECTRUM_ORIGIN_DNS_TYPES)),
    )),
    origin_port=dict(type="raw"),
    origin_direct=dict(type="list", elements="str"),
    proxy_protocol=dict(type="raw"),
    tls=dict(type="str", choices=list(SPECTRUM_TLS_MODES)),
    ip_firewall=dict(type="bool"),
    argo_smart_routing=dict(type="bool"),
    edge_ips=dict(type="dict", options=dict(
        type=dict(type="str", required=True, choices=list(SPECTRUM_EDGE_IP_TYPES)),
        connectivity=dict(type="str", choices=list(SPECTRUM_EDGE_CONNECTIVITY)),
        ips=dict(type="list", elements="str"),
    )),
    traffic_type=dict(type="str", choices=list(SPECTRUM_TRAFFIC_TYPES)),
    virtual_network_id=dict(type="str"),
)


# the options' other constraints (the role's checks use them too)
CONSTRAINTS = dict()


def main():
    module_main(SpectrumAppResource, ARGUMENT_SPEC, scope="zone", **CONSTRAINTS)


if __name__ == "__main__":
    main()
