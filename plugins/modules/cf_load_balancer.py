#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cf_load_balancer
short_description: Manage Cloudflare load balancers
version_added: 0.1.0
description:
  - Create, update and delete a zone-level Cloudflare load balancer, which steers the traffic of one hostname
    between load-balancing pools.
  - The load balancer is found by O(load_balancer_id) or, when that is not given, by its hostname O(name).
    Existing load balancers made elsewhere are adopted.
  - Pools can be given everywhere by name or by id. Names are resolved with one read of the account's pool
    list; when only ids are given, a run that changes nothing does not read the pool list.
  - Only the options you set are compared with what Cloudflare holds; server defaults never cause a change.
    An update sends only the changed fields (C(PATCH)); a changed nested object is sent whole.
  - 'Before anything is written, the module checks the rules of the Spectrum tutorial: a load balancer must not
    take the hostname of a Spectrum application in the zone, and a load balancer that a Spectrum application
    uses as its origin cannot have custom O(rules). It also checks the steering prerequisites: V(proximity)
    steering needs latitude and longitude on every pool, V(dynamic_latency) needs a monitor on every pool.
    These reads (Spectrum applications, pools) are only made when a write is about to be sent.'
author:
  - edgeops engineering (@edgeops)
extends_documentation_fragment:
  - edgeops.cloudflare.auth
  - edgeops.cloudflare.auth.ZONE
  - edgeops.cloudflare.auth.ATTRIBUTES
options:
  state:
    description:
      - V(present) creates or updates the load balancer, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  load_balancer_id:
    description:
      - Id of an existing load balancer. When given, the load balancer is found by id and O(name) may be changed.
    type: str
  name:
    description:
      - The load balancer's hostname, a fully qualified DNS name inside the zone (for example V(lb.example.com)),
        used to find it when O(load_balancer_id) is not given. Compared without case and trailing dot.
      - When the zone is given by O(zone), the name must be the zone itself or end with C(.<zone>).
      - It must not be the hostname of a Spectrum application in the zone.
      - One of O(name) and O(load_balancer_id) is required.
    type: str
  description:
    description:
      - Free text describing the load balancer.
    type: str
  enabled:
    description:
      - Whether the load balancer serves traffic (Cloudflare's default is V(true)).
    type: bool
  proxied:
    description:
      - Whether the hostname is proxied by Cloudflare (orange cloud) or DNS-only (Cloudflare's default is V(false)).
    type: bool
  ttl:
    description:
      - DNS TTL in seconds of the answers, 0 or more. Only used when O(proxied=false) (Cloudflare's default is 30).
    type: int
  default_pools:
    description:
      - The pools, by name or id, in failover order. Required to create a load balancer.
      - The order matters (it is the failover order), so reordering this list is a change.
    type: list
    elements: str
  fallback_pool:
    description:
      - The pool, by name or id, used when every other pool is unhealthy.
      - Cloudflare requires one. When a load balancer is created without it, the last pool of
        O(default_pools) is used. On an update, leaving it out keeps the current fallback pool.
    type: str
  region_pools:
    description:
      - A mapping of region code to a list of pools (names or ids) in failover order, used by V(geo) steering.
      - 'Region codes: WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS.'
      - The whole mapping is compared; regions not listed are removed. The order of the keys does not matter,
        the order of each list does. V({}) removes every region.
    type: dict
  country_pools:
    description:
      - A mapping of two-letter ISO 3166-1 country code (for example V(US)) to a list of pools (names or ids).
      - Compared like O(region_pools). Codes are upper-cased.
    type: dict
  pop_pools:
    description:
      - A mapping of three-letter Cloudflare data centre code (for example V(LAX)) to a list of pools (names or
        ids). Enterprise only. Compared like O(region_pools). Codes are upper-cased.
    type: dict
  steering_policy:
    description:
      - How traffic is spread between the pools. V(off) is failover in O(default_pools) order; V(geo) uses
        O(region_pools), O(country_pools) and O(pop_pools); V(random) uses O(random_steering); V(dynamic_latency)
        picks the fastest pool (every pool needs a monitor); V(proximity) picks the closest pool (every pool needs
        latitude and longitude); V(least_outstanding_requests) and V(least_connections) pick the least busy pool.
      - The empty string (Cloudflare's default) means V(geo) when any of the region, country or PoP pools are set,
        V(off) otherwise.
      - These prerequisites are checked before a create, and before an update that changes the steering policy
        or the pools; any pool without them is named in the error.
      - With V(geo) but no region, country or PoP pools, the module warns (it is not an error for the API).
      - Quote V('off') in YAML, or it is read as a boolean.
    type: str
    choices: ['off', geo, random, dynamic_latency, proximity, least_outstanding_requests, least_connections, '']
  random_steering:
    description:
      - Weights for V(random) steering.
      - Compared as a whole; a key you leave out means Cloudflare's default (O(random_steering.default_weight=1),
        no pool weights).
    type: dict
    suboptions:
      default_weight:
        description:
          - Weight of the pools without a weight of their own, 0 to 1 in steps of 0.1 (Cloudflare's default is 1).
        type: float
      pool_weights:
        description:
          - A mapping of pool (name or id) to its weight, 0 to 1.
        type: dict
  adaptive_routing:
    description:
      - Adaptive routing. Only the keys you give are compared.
    type: dict
    suboptions:
      failover_across_pools:
        description:
          - Whether a failed request to one pool is retried on the next pool (Cloudflare's default is V(false)).
        type: bool
  location_strategy:
    description:
      - How the client's location is found, for V(proximity) and V(geo) steering. Only the keys you give are compared.
    type: dict
    suboptions:
      mode:
        description:
          - V(pop) uses the Cloudflare data centre, V(resolver_ip) the DNS resolver's address (Cloudflare's default
            is V(pop)).
        type: str
        choices: [pop, resolver_ip]
      prefer_ecs:
        description:
          - When to prefer the EDNS Client Subnet over the resolver address (Cloudflare's default is V(proximity)).
        type: str
        choices: [always, never, proximity, geo]
  session_affinity:
    description:
      - Session affinity. V(none) and the empty string mean the same (newer Cloudflare servers answer V(none)
        for an empty value), so neither causes a change against the other.
    type: str
    choices: [none, cookie, ip_cookie, header, '']
  session_affinity_ttl:
    description:
      - Seconds a session sticks to its origin. 1800-604800 for V(cookie) and V(ip_cookie) affinity
        (Cloudflare's default is 82800), 30-3600 for V(header) affinity (default 1800).
      - Not allowed when the affinity is V(none).
    type: int
  session_affinity_attributes:
    description:
      - Settings of session affinity. Only the keys you give are compared; the others keep their current values.
    type: dict
    suboptions:
      samesite:
        description:
          - SameSite attribute of the affinity cookie (Cloudflare's default is V(Auto)).
        type: str
        choices: [Auto, Lax, None, Strict]
      secure:
        description:
          - Secure attribute of the affinity cookie (Cloudflare's default is V(Auto)).
        type: str
        choices: [Auto, Always, Never]
      drain_duration:
        description:
          - Seconds sessions keep going to an origin that was disabled, 0 or more.
        type: int
      zero_downtime_failover:
        description:
          - Whether sessions move to another origin when theirs fails (Cloudflare's default is V(none)).
        type: str
        choices: [none, temporary, sticky]
      headers:
        description:
          - Header names whose values identify a session, needed for V(header) affinity (1-100 letters, digits,
            C(-) or C(_) each). The plan caps their number.
        type: list
        elements: str
      require_all_headers:
        description:
          - With V(header) affinity, whether all the O(session_affinity_attributes.headers) must be present.
        type: bool
  pool_sets:
    description:
      - Pool sets, evaluated in list order before O(rules); the first set whose O(pool_sets[].match) matches a
        request routes it to the set's O(pool_sets[].overrides.pools), or answers it with the set's
        O(pool_sets[].fixed_response). They are independent of the load balancer's own steering options, which
        still apply to requests no set matches.
      - The order is significant, so reordering sets is a change (one write). The whole list is compared, each
        set with Cloudflare's defaults filled in and topology codes compared as sets.
      - When not set, the load balancer's pool sets are left as they are; V([]) removes them all.
      - Pool sets need an Enterprise plan with Traffic Steering and are configured through the API only. On
        another plan the task fails saying so.
    type: list
    elements: dict
    version_added: 0.2.0
    suboptions:
      name:
        description:
          - A name for the set, up to 200 characters (shown in messages; it does not identify the set).
        type: str
      disabled:
        description:
          - A disabled set is skipped (default V(false)).
        type: bool
      match:
        description:
          - Which requests the set applies to. Leave it out, or set O(pool_sets[].match.default=true), to match
            every request; or give a O(pool_sets[].match.topology).
        type: dict
        suboptions:
          default:
            description:
              - V(true) matches every request. Mutually exclusive with O(pool_sets[].match.topology).
            type: bool
          topology:
            description:
              - Matches requests by where they arrive. At least one list must have an entry; a request matches
                when its PoP, country or region is in a list. Up to 1000 distinct codes per list; codes are not
                case-sensitive.
            type: dict
            suboptions:
              pops:
                description:
                  - Cloudflare data centre (PoP) codes such as V(LAX).
                type: list
                elements: str
              countries:
                description:
                  - Two-letter ISO 3166-1 country codes such as V(US).
                type: list
                elements: str
              regions:
                description:
                  - Cloudflare region codes such as V(WNAM), as in O(region_pools).
                type: list
                elements: str
      overrides:
        description:
          - Where the matched requests go. O(pool_sets[].overrides.pools) is required unless the set has a
            O(pool_sets[].fixed_response).
        type: dict
        suboptions:
          pools:
            description:
              - The pools (names or ids) of the matched requests, in failover order. Mutually exclusive with
                O(pool_sets[].fixed_response).
            type: list
            elements: str
          pool_weights:
            description:
              - Weights (0 to 1) of the set's pools for random steering, keyed by pool name or id.
            type: dict
          pool_default_weight:
            description:
              - The weight (0 to 1, in steps of 0.1) of a pool that O(pool_sets[].overrides.pool_weights) leaves
                out.
            type: float
          fallback_pool:
            description:
              - The pool (name or id) used when every pool of the set is unhealthy.
            type: str
          steering_policy:
            description:
              - The steering policy among the set's pools, as O(steering_policy).
            type: str
            choices: ['off', geo, random, dynamic_latency, proximity, least_outstanding_requests, least_connections, '']
      fixed_response:
        description:
          - Answer the matched requests directly (proxied load balancers; a DNS-only load balancer answers
            with no records). As O(rules[].fixed_response).
        type: dict
        suboptions:
          content_type:
            description:
              - Content type of the response, up to 32 characters.
            type: str
          location:
            description:
              - Location header (for a redirect), up to 2048 characters.
            type: str
          message_body:
            description:
              - Response body, up to 1024 characters.
            type: str
          status_code:
            description:
              - HTTP status code.
            type: int
  networks:
    description:
      - The networks the load balancer is enabled on, such as V(cloudflare). Compared as a set. When not set, left
        as it is.
    type: list
    elements: str
    version_added: 0.2.0
  rules:
    description:
      - Custom load-balancing rules, evaluated by O(rules[].priority) (lower first) and then in list order.
      - Rules are matched by O(rules[].name), with Cloudflare's defaults filled in for the options you leave out.
        The whole list is compared; rules not listed are removed, V([]) removes them all. Reordering rules that
        have distinct priorities changes nothing; reordering rules of equal priority is a change.
      - Refused for a load balancer that a Spectrum application uses as its origin (custom rules cannot be used
        with Spectrum).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the rule, unique within the load balancer.
        type: str
        required: true
      condition:
        description:
          - A Cloudflare expression; the rule applies when it is true. Empty (the default) is always true.
        type: str
      disabled:
        description:
          - Whether the rule is disabled (default V(false)).
        type: bool
      priority:
        description:
          - Order of evaluation, 0 or more, lower first (default 0).
        type: int
      terminates:
        description:
          - Whether no later rule is evaluated after this one matches (default V(false); always V(true) with
            O(rules[].fixed_response)).
        type: bool
      fixed_response:
        description:
          - Answer the request directly instead of sending it to a pool.
        type: dict
        suboptions:
          content_type:
            description:
              - Content type of the response, up to 32 characters.
            type: str
          location:
            description:
              - Location header (for a redirect), up to 2048 characters.
            type: str
          message_body:
            description:
              - Response body, up to 1024 characters.
            type: str
          status_code:
            description:
              - HTTP status code.
            type: int
      overrides:
        description:
          - Load balancer settings that apply instead of the load balancer's own when the rule matches.
            Each has the meaning and checks of the top-level option of the same name; pools may be names or ids.
        type: dict
        suboptions:
          adaptive_routing:
            description:
              - As O(adaptive_routing).
            type: dict
            suboptions:
              failover_across_pools:
                description:
                  - As O(adaptive_routing.failover_across_pools).
                type: bool
          pools:
            description:
              - The pools (names or ids) the rule's traffic goes to, in failover order, instead of the load balancer's.
            type: list
            elements: str
            version_added: 0.2.0
          pool_weights:
            description:
              - Weights (0 to 1) of the rule's pools for random steering, keyed by pool name or id.
            type: dict
            version_added: 0.2.0
          pool_default_weight:
            description:
              - The weight (0 to 1) of a pool that O(rules[].overrides.pool_weights) leaves out.
            type: float
            version_added: 0.2.0
          country_pools:
            description:
              - As O(country_pools).
            type: dict
          default_pools:
            description:
              - As O(default_pools).
            type: list
            elements: str
          fallback_pool:
            description:
              - As O(fallback_pool).
            type: str
          location_strategy:
            description:
              - As O(location_strategy).
            type: dict
            suboptions:
              mode:
                description:
                  - As O(location_strategy.mode).
                type: str
                choices: [pop, resolver_ip]
              prefer_ecs:
                description:
                  - As O(location_strategy.prefer_ecs).
                type: str
                choices: [always, never, proximity, geo]
          pop_pools:
            description:
              - As O(pop_pools).
            type: dict
          random_steering:
            description:
              - As O(random_steering).
            type: dict
            suboptions:
              default_weight:
                description:
                  - As O(random_steering.default_weight).
                type: float
              pool_weights:
                description:
                  - As O(random_steering.pool_weights).
                type: dict
          region_pools:
            description:
              - As O(region_pools).
            type: dict
          session_affinity:
            description:
              - As O(session_affinity).
            type: str
            choices: [none, cookie, ip_cookie, header, '']
          session_affinity_attributes:
            description:
              - As O(session_affinity_attributes).
            type: dict
            suboptions:
              samesite:
                description:
                  - As O(session_affinity_attributes.samesite).
                type: str
                choices: [Auto, Lax, None, Strict]
              secure:
                description:
                  - As O(session_affinity_attributes.secure).
                type: str
                choices: [Auto, Always, Never]
              drain_duration:
                description:
                  - As O(session_affinity_attributes.drain_duration).
                type: int
              zero_downtime_failover:
                description:
                  - As O(session_affinity_attributes.zero_downtime_failover).
                type: str
                choices: [none, temporary, sticky]
              headers:
                description:
                  - As O(session_affinity_attributes.headers).
                type: list
                elements: str
              require_all_headers:
                description:
                  - As O(session_affinity_attributes.require_all_headers).
                type: bool
          session_affinity_ttl:
            description:
              - As O(session_affinity_ttl).
            type: int
          steering_policy:
            description:
              - As O(steering_policy).
            type: str
            choices: ['off', geo, random, dynamic_latency, proximity, least_outstanding_requests, least_connections, '']
          ttl:
            description:
              - As O(ttl).
            type: int
notes:
  - The account whose pools are looked up is O(account_id), else the account of the zone named by O(zone).
  - Deleting a load balancer that a Spectrum application uses as its origin is allowed by Cloudflare (the link
    is by hostname only); the application then has no working origin until it is changed.
seealso:
  - module: edgeops.cloudflare.cf_lb_pool
  - module: edgeops.cloudflare.cf_spectrum_app
  - name: Cloudflare load balancers
    description: Cloudflare's documentation of load balancers.
    link: https://developers.cloudflare.com/load-balancing/load-balancers/
"""

EXAMPLES = r"""
- name: The load balancer in front of the Spectrum tutorial's application (pools by name)
  edgeops.cloudflare.cf_load_balancer:
    zone: example.com
    name: cname-to-origin.example.com
    description: Spectrum TCP load balancer
    default_pools: [primary-pool, secondary-pool]
    fallback_pool: secondary-pool
    steering_policy: "off"
    proxied: false
    ttl: 30

- name: Geo steering with failover per region
  edgeops.cloudflare.cf_load_balancer:
    zone: example.com
    name: www.example.com
    proxied: true
    default_pools: [us-east, eu-west]
    steering_policy: geo
    region_pools:
      WNAM: [us-west, us-east]
      WEU: [eu-west, us-east]
    country_pools:
      JP: [ap-tokyo, us-west]

- name: Proximity steering (every pool needs latitude and longitude)
  edgeops.cloudflare.cf_load_balancer:
    zone: example.com
    name: api.example.com
    default_pools: [us-east, eu-west]
    steering_policy: proximity
    location_strategy:
      mode: resolver_ip
      prefer_ecs: always

- name: Cookie affinity, weighted random steering and a maintenance rule
  edgeops.cloudflare.cf_load_balancer:
    zone_id: 023e105f4ecef8ad9ca31a8372d0c353
    account_id: 01a7362d577a6c3019a474fd6f485823
    name: shop.example.com
    default_pools: [us-east, eu-west]
    steering_policy: random
    random_steering:
      default_weight: 0.5
      pool_weights:
        us-east: 0.8
    session_affinity: cookie
    session_affinity_ttl: 3600
    session_affinity_attributes:
      samesite: Lax
      secure: Always
    rules:
      - name: maintenance
        condition: http.request.uri.path contains "/maintenance"
        fixed_response:
          status_code: 503
          content_type: text/plain
          message_body: Down for maintenance
      - name: eu-customers
        priority: 10
        condition: ip.src.country in {"DE" "FR"}
        overrides:
          default_pools: [eu-west, us-east]

- name: Remove a load balancer
  edgeops.cloudflare.cf_load_balancer:
    zone: example.com
    name: www.example.com
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
skipped_checks:
  description:
    - Checks this task did not run because what they need could not be read, each with the reason (also given
      as a warning). Today the only one is C(Spectrum hostname rules), skipped when the token cannot read the
      zone's Spectrum applications (HTTP 401, 403 or 404); then nothing tells whether the load balancer's
      hostname is a Spectrum application's.
    - Returned only when a check was skipped, also when the task failed.
  returned: when a check was skipped
  type: list
  elements: dict
  contains:
    check:
      description: The check that was skipped.
      type: str
      sample: Spectrum hostname rules
    reason:
      description: Why, with the API's answer.
      type: str
  sample:
    - check: Spectrum hostname rules
      reason: "Could not read the Spectrum applications of zone 023e105f4ecef8ad9ca31a8372d0c353 (HTTP 403,
        Cloudflare errors: [10000] Authentication error), so the Spectrum hostname rules were not checked."
zone_id:
  description:
    - The id of the zone the module worked in (resolved from O(zone) when a name was given), so later tasks
      can pass O(zone_id) and save the name lookup.
  returned: always
  type: str
  sample: 023e105f4ecef8ad9ca31a8372d0c353
load_balancer:
  description:
    - The load balancer as Cloudflare returns it after the change (or as it stands, when nothing changed).
      Pools appear as ids.
    - In check mode, for a load balancer that does not exist yet, the fields that would be sent.
    - V(null) after O(state=absent).
  returned: always
  type: dict
  sample:
    id: 699d98642c564d2e855e9661899b7252
    name: cname-to-origin.example.com
    description: Spectrum TCP load balancer
    enabled: true
    ttl: 30
    proxied: false
    default_pools: [17b5962d775c646f3f9725cbc7a53df4, 9290f38c5d07c2e2f4df57b1f61d4196]
    fallback_pool: 9290f38c5d07c2e2f4df57b1f61d4196
    region_pools: {}
    country_pools: {}
    pop_pools: {}
    steering_policy: "off"
    random_steering: {default_weight: 1}
    adaptive_routing: {failover_across_pools: false}
    location_strategy: {mode: pop, prefer_ecs: proximity}
    session_affinity: none
    session_affinity_attributes: {samesite: Auto, secure: Auto, drain_duration: 0, zero_downtime_failover: none}
    rules: []
    created_on: "2026-11-25T13:20:00.123456Z"
    modified_on: "2026-11-25T13:20:00.123456Z"
"""

import copy

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import (
    LOCATION_MODES,
    LOCATION_PREFER_ECS,
    SAMESITE_CHOICES,
    SECURE_CHOICES,
    SESSION_AFFINITIES,
    STATES,
    STEERING_POLICIES,
    ZERO_DOWNTIME_FAILOVER_CHOICES,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._load_balancer import LoadBalancerResource
from ansible_collections.edgeops.cloudflare.plugins.module_utils._module import module_main

STEERING = list(STEERING_POLICIES)
AFFINITY = list(SESSION_AFFINITIES)

RANDOM_STEERING = dict(default_weight=dict(type="float"), pool_weights=dict(type="dict"))
ADAPTIVE_ROUTING = dict(failover_across_pools=dict(type="bool"))
LOCATION_STRATEGY = dict(
    mode=dict(type="str", choices=list(LOCATION_MODES)),
    prefer_ecs=dict(type="str", choices=list(LOCATION_PREFER_ECS)),
)
AFFINITY_ATTRIBUTES = dict(
    samesite=dict(type="str", choices=list(SAMESITE_CHOICES)),
    secure=dict(type="str", choices=list(SECURE_CHOICES)),
    drain_duration=dict(type="int"),
    zero_downtime_failover=dict(type="str", choices=list(ZERO_DOWNTIME_FAILOVER_CHOICES)),
    headers=dict(type="list", elements="str"),
    require_all_headers=dict(type="bool"),
)

# Fields a rule may override, with the same shape as the top-level options.
OVERRIDES = dict(
    adaptive_routing=dict(type="dict", options=copy.deepcopy(ADAPTIVE_ROUTING)),
    pools=dict(type="list", elements="str"),
    pool_weights=dict(type="dict"),
    pool_default_weight=dict(type="float"),
    country_pools=dict(type="dict"),
    default_pools=dict(type="list", elements="str"),
    fallback_pool=dict(type="str"),
    location_strategy=dict(type="dict", options=copy.deepcopy(LOCATION_STRATEGY)),
    pop_pools=dict(type="dict"),
    random_steering=dict(type="dict", options=copy.deepcopy(RANDOM_STEERING)),
    region_pools=dict(type="dict"),
    session_affinity=dict(type="str", choices=AFFINITY),
    session_affinity_attributes=dict(type="dict", options=copy.deepcopy(AFFINITY_ATTRIBUTES)),
    session_affinity_ttl=dict(type="int"),
    steering_policy=dict(type="str", choices=STEERING),
    ttl=dict(type="int"),
)

RULE = dict(
    name=dict(type="str", required=True),
    condition=dict(type="str"),
    disabled=dict(type="bool"),
    priority=dict(type="int"),
    terminates=dict(type="bool"),
    fixed_response=dict(type="dict", options=dict(
        content_type=dict(type="str"),
        location=dict(type="str"),
        message_body=dict(type="str"),
        status_code=dict(type="int"),
    )),
    overrides=dict(type="dict", options=OVERRIDES),
)

POOL_SET = dict(
    name=dict(type="str"),
    disabled=dict(type="bool"),
    match=dict(type="dict", options=dict(
        default=dict(type="bool"),
        topology=dict(type="dict", options=dict(
            pops=dict(type="list", elements="str"),
            countries=dict(type="list", elements="str"),
            regions=dict(type="list", elements="str"),
        )),
    )),
    overrides=dict(type="dict", options=dict(
        pools=dict(type="list", elements="str"),
        pool_weights=dict(type="dict"),
        pool_default_weight=dict(type="float"),
        fallback_pool=dict(type="str"),
        steering_policy=dict(type="str", choices=STEERING),
    )),
    fixed_response=dict(type="dict", options=copy.deepcopy(RULE["fixed_response"]["options"])),
)

ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=list(STATES), default="present"),
    load_balancer_id=dict(type="str"),
    name=dict(type="str"),
    description=dict(type="str"),
    enabled=dict(type="bool"),
    proxied=dict(type="bool"),
    ttl=dict(type="int"),
    default_pools=dict(type="list", elements="str"),
    fallback_pool=dict(type="str"),
    region_pools=dict(type="dict"),
    country_pools=dict(type="dict"),
    pop_pools=dict(type="dict"),
    steering_policy=dict(type="str", choices=STEERING),
    random_steering=dict(type="dict", options=RANDOM_STEERING),
    adaptive_routing=dict(type="dict", options=ADAPTIVE_ROUTING),
    location_strategy=dict(type="dict", options=LOCATION_STRATEGY),
    session_affinity=dict(type="str", choices=AFFINITY),
    session_affinity_ttl=dict(type="int"),
    session_affinity_attributes=dict(type="dict", options=AFFINITY_ATTRIBUTES),
    rules=dict(type="list", elements="dict", options=RULE),
    pool_sets=dict(type="list", elements="dict", options=POOL_SET),
    networks=dict(type="list", elements="str"),
)


# the options' other constraints (the role's checks use them too)
CONSTRAINTS = dict(required_one_of=[("name", "load_balancer_id")])


def main():
    module_main(LoadBalancerResource, ARGUMENT_SPEC, scope="zone", **CONSTRAINTS)


if __name__ == "__main__":
    main()
