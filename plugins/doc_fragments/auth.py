# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):

    # Connection and authentication options shared by every module.
    DOCUMENTATION = r"""
options:
  api_token:
    description:
      - Cloudflare API token, sent as a C(Bearer) token in the C(Authorization) header. The preferred way to authenticate.
      - If not set, the value of the E(CLOUDFLARE_API_TOKEN) environment variable is used.
      - An empty value counts as unset.
      - Give either O(api_token), or O(api_email) together with O(api_key), never both.
    type: str
  api_email:
    description:
      - Email address of the Cloudflare user, used with O(api_key) (legacy global API key authentication).
      - If not set, the value of the E(CLOUDFLARE_EMAIL) environment variable is used.
    type: str
  api_key:
    description:
      - Cloudflare global API key, used with O(api_email).
      - If not set, the value of the E(CLOUDFLARE_API_KEY) environment variable is used.
    type: str
  base_url:
    description:
      - Base URL of the Cloudflare API v4.
      - If not set, the value of the E(CLOUDFLARE_BASE_URL) environment variable is used,
        and if that is unset too, V(https://api.cloudflare.com/client/v4).
      - Point it at a local emulator for offline tests.
    type: str
  validate_certs:
    description:
      - Whether to validate the API's TLS certificate.
    type: bool
    default: true
  api_timeout:
    description:
      - Timeout in seconds for each HTTP request to the API.
    type: int
    default: 30
  api_retries:
    description:
      - How many times a request is retried after HTTP 429, a 5xx answer or a connection error.
      - Retries back off exponentially with jitter and honour the API's C(Retry-After) header however long it is.
      - A create whose response was lost is never repeated blindly; the object is looked up by its
        natural key first, so no duplicate is made.
    type: int
    default: 5
  api_rate_limit:
    description:
      - Client-side pacing, in requests per window, shared by every module run on the controller that uses
        the same credential (for example all forks of a fleet rollout).
      - Defaults to Cloudflare's own limit of 1200 requests per 5 minutes. The window in seconds can be changed
        with the E(CLOUDFLARE_API_RATE_WINDOW) environment variable.
      - V(0) turns pacing off.
      - If not set, the value of the E(CLOUDFLARE_API_RATE_LIMIT) environment variable is used.
    type: int
requirements:
  - requests
notes:
  - All modules of this collection belong to the action group C(edgeops.cloudflare.cloudflare), so
    C(module_defaults) can set the connection options once per play.
  - The modules talk to the Cloudflare API from the host they run on, normally the controller
    (use a local connection, or delegate to localhost).
"""

    ACCOUNT = r"""
options:
  account_id:
    description:
      - Id of the Cloudflare account that owns the object (32 hexadecimal characters).
      - If not set, the value of the E(CLOUDFLARE_ACCOUNT_ID) environment variable is used.
      - Required, either way.
    type: str
"""

    ZONE = r"""
options:
  zone:
    description:
      - Name of the zone (for example V(example.com)). It is resolved to its id with one API read.
      - Exactly one of O(zone) and O(zone_id) is required.
    type: str
  zone_id:
    description:
      - Id of the zone (32 hexadecimal characters). Saves the name lookup.
    type: str
  account_id:
    description:
      - Id of the account that owns the load-balancing pools and monitors this object refers to.
      - If not set, the value of the E(CLOUDFLARE_ACCOUNT_ID) environment variable is used, and if that
        is unset too, the account of the zone named by O(zone).
      - Only needed when pools are looked up (load balancers), and O(zone_id) is given instead of O(zone).
    type: str
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: Check mode reports exactly what a real run would change and sends no write to the API.
  diff_mode:
    support: full
    description: The diff shows the before and after values of exactly the fields that change.
  action_group:
    description: Use C(group/edgeops.cloudflare.cloudflare) in C(module_defaults) to set options for every module.
    support: full
    membership:
      - edgeops.cloudflare.cloudflare
"""

    # For the modules that only read (the *_info modules and cf_lb_monitor_preview).
    READ_ONLY_ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: The module changes nothing, so it runs in check mode exactly as in a real run.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
  action_group:
    description: Use C(group/edgeops.cloudflare.cloudflare) in C(module_defaults) to set options for every module.
    support: full
    membership:
      - edgeops.cloudflare.cloudflare
"""
