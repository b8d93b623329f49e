#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_lb_pool
short_description: Manage Cloudflare Load Balancing pools
version_added: 0.1.0
description:
  - Create, update and delete an account-level Cloudflare Load Balancing pool of origins.
  - The pool is found by O(pool_id) or, when that is not given, by its O(name). Existing pools made elsewhere
    are adopted.
  - Only the options you set are compared with what Cloudflare holds; server-filled defaults and read-only
    fields (C(disabled_at), timestamps) never cause a change.
  - O(origins) is compared as a set keyed by origin name, so their order never causes a change.
  - Deleting a pool that a load balancer still uses fails, names the load balancer, and deletes nothing.
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ACCOUNT
  - edgeops.cloudflare.auth.ATTRIBUTES
  - edgeops.cloudflare.in_use
options:
  state:
    description:
      - V(present) creates or updates the pool, V(absent) deletes it.
      - Deleting a pool that a load balancer still uses fails and names the load balancer, or keeps it (O(in_use)).
    type: str
    choices: [present, absent]
    default: present
  pool_id:
    description:
      - Id of an existing pool. When given, the pool is found by id and O(name) may be changed.
    type: str
  name:
    description:
      - The pool's name, used to find it when O(pool_id) is not given. Unique within the account.
      - Only letters, digits, C(-) and C(_) are allowed.
      - One of O(pool_id) and O(name) is required.
    type: str
  origins:
    description:
      - The origins of the pool. Required to create a pool; at least one.
      - Compared as a set keyed by O(origins[].name); the order does not matter.
      - The list is authoritative; origins not listed are removed from the pool, and an origin option left
        out takes Cloudflare's default (for example O(origins[].weight=1)), not the value the origin has now.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - A name for the origin, unique within the pool.
        type: str
        required: true
      address:
        description:
          - The origin's IPv4 or IPv6 address, or a public hostname that is not proxied by Cloudflare.
          - Internal (private) addresses need O(origins[].virtual_network_id).
        type: str
        required: true
      enabled:
        description:
          - Whether the origin gets traffic and health checks.
          - When not set, Cloudflare's default V(true) is used.
        type: bool
      weight:
        description:
          - The origin's share of traffic relative to the other origins, 0 to 1 in steps of 0.01.
          - When not set, Cloudflare's default V(1) is used.
        type: float
      port:
        description:
          - Port override for the origin, 0-65535. V(0) means the monitor's or the protocol's default port.
          - When not set, Cloudflare's default V(0) is used.
        type: int
      header:
        description:
          - Request headers for this origin. Only C(Host) is supported, with one value, given as a string or a
            list with one string, for example a C(Host) key with the value V(app.example.com).
          - When not set, the origin has no header override.
        type: dict
      virtual_network_id:
        description:
          - UUID of the Cloudflare Tunnel virtual network the (internal) origin address belongs to.
        type: str
      flatten_cname:
        description:
          - Whether Cloudflare resolves a hostname O(origins[].address) to its A/AAAA records (V(true)) or returns
            the CNAME as is (V(false)) when this origin answers for a DNS-only load balancer. Ignored otherwise.
          - Enterprise with the Load Balancing add-on (limited availability). When not set, it is not sent and the
            pool keeps Cloudflare's default V(true).
        type: bool
        version_added: 0.2.0
  monitor:
    description:
      - The health monitor of the pool, given by its id or by its description (as used by
        M(edgeops.cloudflare.cf_lb_monitor)). A description must match exactly one monitor.
      - V("") (an empty string) removes the monitor from the pool.
      - When not set, the pool's monitor is left as it is.
    type: str
  monitor_group:
    description:
      - The monitor group (several monitors judging the pool together, made with
        M(edgeops.cloudflare.cf_lb_monitor_group)) by its id or its description. A description must match exactly
        one group. Enterprise only.
      - A pool has a monitor or a monitor group, never both. Setting O(monitor_group) takes the pool's monitor
        away, and setting O(monitor) takes its monitor group away, in one write.
      - V("") (an empty string) removes the monitor group. When not set, it is left as it is.
      - Mutually exclusive with O(monitor).
    type: str
    version_added: 0.2.0
  health_sources:
    description:
      - Where the health of the pool's origins is read from, highest priority first (regional health, beta).
      - Cloudflare accepts only V([regional, global]), which needs O(check_regions); V([]) unsets it (the
        default behaves like local, then global). When not set, it is left as it is.
    type: list
    elements: str
    choices: [local, regional, global]
    version_added: 0.2.0
  networks:
    description:
      - The networks the pool is enabled on, such as V(cloudflare). Compared as a set. When not set, left as it is.
    type: list
    elements: str
    version_added: 0.2.0
  enabled:
    description:
      - Whether the pool gets traffic and health checks. Cloudflare's default is V(true).
    type: bool
  minimum_origins:
    description:
      - Healthy origins needed for the pool to count as healthy; at least 1 and at most the number of origins.
      - Cloudflare's default is V(1).
    type: int
  check_regions:
    description:
      - Regions from which the health checks run. Cloudflare's default is every region.
      - Compared as a set. An empty list means every region (sent as V(null)).
    type: list
    elements: str
    choices: [WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS, ALL_REGIONS]
  description:
    description:
      - A human-readable description of the pool.
    type: str
  latitude:
    description:
      - Latitude of the data centre of the pool's origins, -90 to 90 decimal degrees, used by proximity steering.
      - Set together with O(longitude).
    type: float
  longitude:
    description:
      - Longitude of the data centre of the pool's origins, -180 to 180 decimal degrees.
      - Set together with O(latitude).
    type: float
  origin_steering:
    description:
      - How origins are picked for new sessions. Only the keys you set are compared and changed.
    type: dict
    suboptions:
      policy:
        description:
          - The origin steering policy. Cloudflare's default is V(random).
        type: str
        choices: [random, hash, least_outstanding_requests, least_connections]
  load_shedding:
    description:
      - Load shedding policies and percentages. Only the keys you set are compared and changed.
    type: dict
    suboptions:
      default_percent:
        description:
          - Percent (0-100) of new traffic to shed from the pool. Cloudflare's default is V(0).
        type: float
      default_policy:
        description:
          - How new traffic is shed. Cloudflare's default is V(random).
        type: str
        choices: [random, hash]
      session_percent:
        description:
          - Percent (0-100) of existing sessions to shed. Cloudflare's default is V(0).
        type: float
      session_policy:
        description:
          - How existing sessions are shed; only V(hash) exists. Cloudflare's default is V(hash).
        type: str
        choices: [hash]
  notification_filter:
    description:
      - Filters for pool and origin health notifications.
      - A filter you give (O(notification_filter.origin) or O(notification_filter.pool)) is taken whole, and an
        option left out of it takes Cloudflare's default. A filter you do not give is left as it is.
    type: dict
    suboptions:
      origin:
        description:
          - Notifications about origins.
        type: dict
        suboptions:
          disable:
            description:
              - V(true) turns off notifications for origins. When not set, V(false).
            type: bool
          healthy:
            description:
              - Only notify when origins become healthy (V(true)) or unhealthy (V(false)).
              - When not set, every health change is notified (the API's V(null)).
            type: bool
      pool:
        description:
          - Notifications about the pool.
        type: dict
        suboptions:
          disable:
            description:
              - V(true) turns off notifications for the pool. When not set, V(false).
            type: bool
          healthy:
            description:
              - Only notify when the pool becomes healthy (V(true)) or unhealthy (V(false)).
              - When not set, every health change is notified (the API's V(null)).
            type: bool
  notification_email:
    description:
      - Deprecated by Cloudflare in favour of its Notifications product, but still supported.
      - Comma-separated email addresses to notify of health changes. V("") removes them.
    type: str
notes:
  - Removing the monitor (O(monitor="")) replaces the pool with a PUT built from what Cloudflare holds plus
    your changes, because a PATCH cannot unset a field. Every other update is a PATCH of the changed fields.
seealso:
  - module: edgeops.cloudflare.cf_lb_monitor
  - module: edgeops.cloudflare.cf_load_balancer
  - name: Cloudflare pools
    description: Cloudflare's documentation of Load Balancing pools.
    link: https://developers.cloudflare.com/load-balancing/pools/
"""

EXAMPLES = r"""
- name: The tutorial's TCP health check, then a weighted pool watched by it
  module_defaults:
    group/edgeops.cloudflare.cloudflare:
      api_token: "{{ vault_cloudflare_api_token }}"
      account_id: "{{ cloudflare_account_id }}"
  block:
    - name: Monitor from the Spectrum load balancing tutorial
      edgeops.cloudflare.cf_lb_monitor:
        description: Spectrum Health Check
        type: tcp
        port: 2048
        interval: 30
        retries: 2
        timeout: 5
        method: connection_established

    - name: Pool whose origins share the traffic 3:1, checked by that monitor (given by description)
      edgeops.cloudflare.cf_lb_pool:
        name: spectrum-ssh-pool
        description: SSH origins behind Spectrum
        monitor: Spectrum Health Check
        origins:
          - name: origin-1
            address: 192.0.2.1
            weight: 0.75
          - name: origin-2
            address: 192.0.2.2
            weight: 0.25
        origin_steering:
          policy: least_connections
        check_regions: [WEU, ENAM]

- name: Every pool field
  edgeops.cloudflare.cf_lb_pool:
    account_id: "{{ cloudflare_account_id }}"
    name: primary-dc-1
    description: Primary data center - Provider XYZ
    enabled: true
    minimum_origins: 2
    monitor: f1aba936b94213e5b8dca0c0dbf1f9cc
    check_regions: [WEU, EEU]
    latitude: 52.37
    longitude: 4.89
    origins:
      - name: app-server-1
        address: 198.51.100.10
        port: 8443
        header:
          Host: app.example.com
      - name: app-server-2
        address: app2.example.net
        enabled: false
      - name: app-server-3
        address: 10.0.0.7
        virtual_network_id: a5624d4e-044a-4ff0-b3e1-e2465353d4b4
    origin_steering:
      policy: hash
    load_shedding:
      default_percent: 10
      default_policy: random
      session_percent: 0
      session_policy: hash
    notification_filter:
      origin:
        disable: true
      pool:
        healthy: false

- name: Take the monitor off a pool
  edgeops.cloudflare.cf_lb_pool:
    name: primary-dc-1
    monitor: ""

- name: Remove a pool (fails, naming the load balancer, while one still uses it)
  edgeops.cloudflare.cf_lb_pool:
    name: spectrum-ssh-pool
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
removed:
  description:
    - The pool this task deleted (in check mode, would delete) under O(state=absent), with its id and name.
      Pass the id to a later task's O(removed_referrers) (the monitor task of a teardown, for a pool).
  returned: when the pool was (or would be) deleted
  type: dict
  sample: {id: 17b5962d775c646f3f9725cbc7a53df4, name: spectrum-origins}
kept:
  description:
    - V(true) when O(state=absent) with O(in_use=keep) kept the pool because load balancers still use it
      (RV(referenced_by) names them); the task then reports no change.
  returned: when the pool was kept
  type: bool
  sample: true
referenced_by:
  description:
    - The load balancers that still use the pool (the API's referrers, minus O(removed_referrers)), when it was
      kept, and in the result of the failed task under O(in_use=fail).
  returned: when the pool is still in use under O(state=absent)
  type: list
  elements: dict
  sample:
    - {reference_type: referrer, resource_type: load_balancer, resource_id: 699d98642c564d2e855e9661899b7252,
       resource_name: lb.example.com}
pool:
  description:
    - The pool as Cloudflare returns it after the change (or as it stands, when nothing changed).
    - In check mode, for a pool that does not exist yet, the fields that would be sent.
    - V(null) after O(state=absent), unless it was kept (RV(kept)).
  returned: always
  type: dict
  sample:
    id: 17b5962d775c646f3f9725cbc7a53df4
    name: spectrum-ssh-pool
    description: SSH origins behind Spectrum
    enabled: true
    minimum_origins: 1
    monitor: f1aba936b94213e5b8dca0c0dbf1f9cc
    check_regions: [ENAM, WEU]
    notification_email: ""
    notification_filter:
      origin: {disable: false, healthy: null}
      pool: {disable: false, healthy: null}
    origin_steering: {policy: least_connections}
    load_shedding: {default_percent: 0, default_policy: random, session_percent: 0, session_policy: hash}
    origins:
      - {name: origin-1, address: 192.0.2.1, enabled: true, weight: 0.75, port: 0}
      - {name: origin-2, address: 192.0.2.2, enabled: true, weight: 0.25, port: 0}
    networks: [cloudflare]
    created_on: "2026-11-25T13:20:00.123456Z"
    modified_on: "2026-11-25T13:20:00.123456Z"
"""

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    CHECK_REGIONS,
    LOAD_SHEDDING_DEFAULT_POLICIES,
    LOAD_SHEDDING_SESSION_POLICIES,
    ORIGIN_STEERING_POLICIES,
    STATES,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._engine import IN_USE_ARGUMENT_SPEC
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main
from ansible_collections.edgeops.cloudflare.plugins.module_utils._pool import PoolResource

FILTER_OPTIONS = dict(
    disable=dict(type="bool"),
    healthy=dict(type="bool"),
)

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=list(STATES), default="present"),
    pool_id=dict(type="str"),
    name=dict(type="str"),
    origins=dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True),
        address=dict(type="str", required=True),
        enabled=dict(type="bool"),
        weight=dict(type="float"),
        port=dict(type="int"),
        header=dict(type="dict"),
        virtual_network_id=dict(type="str"),
        flatten_cname=dict(type="bool"),
    )),
    monitor=dict(type="str"),
    monitor_group=dict(type="str"),
    health_sources=dict(type="list", elements="str", choices=["local", "regional", "global"]),
    networks=dict(type="list", elements="str"),
    enabled=dict(type="bool"),
    minimum_origins=dict(type="int"),
    check_regions=dict(type="list", elements="str", choices=list(CHECK_REGIONS)),
    description=dict(type="str"),
    latitude=dict(type="float"),
    longitude=dict(type="float"),
    origin_steering=dict(type="dict", options=dict(
        policy=dict(type="str", choices=list(ORIGIN_STEERING_POLICIES)),
    )),
    load_shedding=dict(type="dict", options=dict(
        default_percent=dict(type="float"),
        default_policy=dict(type="str", choices=list(LOAD_SHEDDING_DEFAULT_POLICIES)),
        session_percent=dict(type="float"),
        session_policy=dict(type="str", choices=list(LOAD_SHEDDING_SESSION_POLICIES)),
    )),
    notification_filter=dict(type="dict", options=dict(
        origin=dict(type="dict", options=FILTER_OPTIONS),
        pool=dict(type="dict", options=FILTER_OPTIONS),
    )),
    notification_email=dict(type="str"),
    **IN_USE_ARGUMENT_SPEC
)


# the options' other constraints (the role's checks use them too)
CONSTRAINTS = dict(required_one_of=[("pool_id", "name")], mutually_exclusive=[("monitor", "monitor_group")])


def main():
    module_main(PoolResource, ARGUMENT_SPEC, scope="account", **CONSTRAINTS)


if __name__ == "__main__":
    main()
