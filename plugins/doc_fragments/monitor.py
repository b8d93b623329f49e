# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):

    # A monitor's health check settings, shared by cf_lb_monitor and cf_lb_monitor_preview (whose argument
    # specs both come from module_utils._monitor.monitor_settings_argument_spec).
    DOCUMENTATION = r"""
options:
  type:
    description:
      - The protocol of the health check (Cloudflare's default is V(http)).
    type: str
    choices: [http, https, tcp, udp_icmp, icmp_ping, smtp]
  port:
    description:
      - Port to connect to, 0-65535. Required for V(tcp), V(udp_icmp) and V(smtp) monitors.
      - For V(http) and V(https), V(0) means the protocol's standard port (80 or 443).
    type: int
  interval:
    description:
      - Seconds between two health checks, 10-3600 (the plan sets the minimum; Cloudflare's default is 60).
      - Must be greater than O(timeout).
    type: int
  retries:
    description:
      - Retries after a timeout before the origin is marked unhealthy, 0-5 (Cloudflare's default is 2).
    type: int
  timeout:
    description:
      - Seconds before a check is marked as failed, 1-10 (Cloudflare's default is 5).
    type: int
  method:
    description:
      - For V(http) and V(https) monitors, the HTTP method, V(GET) or V(HEAD) (Cloudflare's default is V(GET)).
      - For V(tcp) monitors, only V(connection_established) is valid (and is Cloudflare's default).
      - Not used by the other types.
    type: str
  path:
    description:
      - Path requested by V(http) and V(https) monitors, starting with C(/) (Cloudflare's default is C(/)).
    type: str
  header:
    description:
      - HTTP request headers for V(http) and V(https) monitors, as a mapping of header name to a list of values
        (a single string is taken as a one-item list), for example a C(Host) header with the value C(example.com).
      - C(User-Agent) cannot be overridden.
      - The mapping is taken as a whole, so headers not listed are removed.
    type: dict
  expected_codes:
    description:
      - Expected HTTP response code or code range for V(http) and V(https) monitors, for example V(200) or V(2xx).
    type: str
  expected_body:
    description:
      - A case-insensitive substring expected in the response body (V(http) and V(https) only).
    type: str
  follow_redirects:
    description:
      - Whether V(http) and V(https) monitors follow redirects.
    type: bool
  allow_insecure:
    description:
      - Whether V(https) monitors skip certificate validation.
    type: bool
  probe_zone:
    description:
      - Zone name to emulate while probing (V(http) and V(https) only).
    type: str
  consecutive_up:
    description:
      - Consecutive successful checks needed to mark an origin healthy (0 or more).
    type: int
  consecutive_down:
    description:
      - Consecutive failed checks needed to mark an origin unhealthy (0 or more).
    type: int
"""
