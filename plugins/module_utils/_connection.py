# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection: options and their environment fallbacks, credential checks, the client, the scope.

Every module gets the same connection options (documented once, in the ``auth`` doc fragment).
:data:`ENV_FALLBACKS` is the one table of options that fall back to an environment variable; the
argument spec and the "empty counts as unset" handling are both built from it.
:class:`Connection` holds the checked options, makes the one client, and resolves the zone
(by name, once) and the account a module works in.
"""

from __future__ import annotations

import copy
import os

from ansible.module_utils.basic import env_fallback

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import is_cf_id
from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import (
    DEFAULT_BASE_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    CloudflareAPIError,
    CloudflareClient,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError, api_failure
from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import (
    RATE_ENV_VARS,
    KeyLock,
    budget_dir,
    credential_fingerprint,
    throttle_from_params,
)

# Options that fall back to an environment variable (AWX credential types inject these).
ENV_FALLBACKS = (
    ("api_token", "CLOUDFLARE_API_TOKEN"),
    ("api_email", "CLOUDFLARE_EMAIL"),
    ("api_key", "CLOUDFLARE_API_KEY"),
    ("account_id", "CLOUDFLARE_ACCOUNT_ID"),
    ("base_url", "CLOUDFLARE_BASE_URL"),
)
SECRET_OPTIONS = ("api_token", "api_key")

_CONNECTION_SPEC = dict(
    api_token=dict(type="str", no_log=True),
    api_email=dict(type="str"),
    api_key=dict(type="str", no_log=True),
    base_url=dict(type="str"),
    validate_certs=dict(type="bool", default=True),
    api_timeout=dict(type="int", default=DEFAULT_TIMEOUT),
    api_retries=dict(type="int", default=DEFAULT_RETRIES),
    # Its environment variable (and the window's) is read by _throttle, where an empty value counts as unset.
    api_rate_limit=dict(type="int"),
)
_ACCOUNT_SPEC = dict(account_id=dict(type="str"))
_ZONE_SPEC = dict(zone=dict(type="str"), zone_id=dict(type="str"), account_id=dict(type="str"))

SCOPES = (None, "account", "zone")


def connection_argument_spec(scope=None):
    """The connection options of a module working in ``scope`` (None, "account" or "zone")."""
    if scope not in SCOPES:
        raise ValueError("unknown scope %r" % (scope,))
    spec = copy.deepcopy(_CONNECTION_SPEC)
    if scope == "account":
        spec.update(copy.deepcopy(_ACCOUNT_SPEC))
    elif scope == "zone":
        spec.update(copy.deepcopy(_ZONE_SPEC))
    for option, env in ENV_FALLBACKS:
        if option in spec:
            spec[option]["fallback"] = (env_fallback, [env])
    return spec


def _blank(value):
    return value is None or (isinstance(value, str) and value.strip() == "")


def normalise_connection_params(params, environ=None):
    """An empty option or environment value counts as unset; values are trimmed (in place).

    Returns the secret values found, so the caller can mask them (a secret taken from the
    environment behind an empty option was not known to the argument spec's masking).
    """
    environ = os.environ if environ is None else environ
    secrets = []
    for option, env in ENV_FALLBACKS:
        if option not in params:
            continue
        value = params.get(option)
        if _blank(value):
            env_value = environ.get(env)
            value = None if _blank(env_value) else env_value
        value = value.strip() if isinstance(value, str) else value
        if value and option in SECRET_OPTIONS:
            secrets.append(value)
        params[option] = value
    for option in ("zone", "zone_id"):
        if option in params and _blank(params.get(option)):
            params[option] = None
    return secrets


def check_connection_params(params, scope=None, environ=None):
    """Refuse unusable connection options before any API call, naming the option."""
    environ = os.environ if environ is None else environ
    p = params
    token, email, key = p.get("api_token"), p.get("api_email"), p.get("api_key")
    if token and (email or key):
        raise CloudflareError(
            "Use one form of authentication: api_token (CLOUDFLARE_API_TOKEN), or api_email with api_key "
            "(CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY). Both api_token and %s are set."
            % ("api_email/api_key" if email and key else ("api_email" if email else "api_key")))
    if not token:
        if email and not key:
            raise CloudflareError("api_email is set but api_key is missing: the global API key needs both (or use "
                                  "api_token instead).")
        if key and not email:
            raise CloudflareError("api_key is set but api_email is missing: the global API key needs both (or use "
                                  "api_token instead).")
        if not (email and key):
            raise CloudflareError("No Cloudflare credentials: set api_token (or CLOUDFLARE_API_TOKEN), or api_email "
                                  "and api_key (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY).")
    if p.get("api_timeout") is not None and p["api_timeout"] < 1:
        raise CloudflareError("api_timeout must be at least 1 second, got %s." % p["api_timeout"])
    if p.get("api_retries") is not None and not 0 <= p["api_retries"] <= 100:
        raise CloudflareError("api_retries must be between 0 and 100, got %s." % p["api_retries"])
    for env in RATE_ENV_VARS:
        raw = (environ.get(env) or "").strip()
        if raw and not raw.isdigit():
            raise CloudflareError("%s must be a whole number (api_rate_limit pacing), got %r." % (env, raw))
    if p.get("api_rate_limit") is not None and p["api_rate_limit"] < 0:
        raise CloudflareError("api_rate_limit must be 0 (off) or a positive number of requests per 5 minutes, got %s."
                              % p["api_rate_limit"])
    base_url = p.get("base_url")
    if base_url and not (base_url.startswith("https://") or base_url.startswith("http://")):
        raise CloudflareError("base_url must start with https:// (or http:// for a local test API), got %r."
                              % base_url)
    if scope == "account" and not p.get("account_id"):
        raise CloudflareError("account_id is required (or set CLOUDFLARE_ACCOUNT_ID).")
    if scope == "zone" and not (p.get("zone") or p.get("zone_id")):
        raise CloudflareError("one of zone (the zone name) or zone_id is required.")
    for option in ("account_id", "zone_id"):
        value = p.get(option)
        if value and not is_cf_id(value):
            raise CloudflareError("%s must be a 32-character lowercase hexadecimal Cloudflare id, got %r."
                                  % (option, value))


class Connection(object):
    """Checked connection options, the client made from them, and the module's zone and account.

    ``check_mode`` and ``warn`` come from the module wrapper, so code below the module boundary
    can report warnings and honour check mode without reaching into ``AnsibleModule``.
    """

    def __init__(self, params, scope=None, check_mode=False, warn=None, client=None, hide=None):
        self.params = params
        self._hide = hide
        self.scope = scope
        self.check_mode = check_mode
        self._warn = warn
        self._client = client
        self._zone_id = None
        self._zone = None
        self.cache = {}
        # Checks this run skipped because what they need could not be read: [{"check", "reason"}], in the
        # module's result as ``skipped_checks`` (a warning alone does not reach a registered result).
        self.skipped_checks = []

    def warn(self, message):
        if self._warn is not None:
            self._warn(message)

    def hide(self, values):
        """Have the module mask ``values`` (secrets read from the API or given in options) in all it returns."""
        if self._hide is not None:
            for value in values:
                self._hide(value)

    def skip_check(self, check, reason):
        """Record (once) that ``check`` was not run, and why; the reason is also a warning."""
        if any(s["check"] == check for s in self.skipped_checks):
            return
        self.skipped_checks.append({"check": check, "reason": reason})
        self.warn(reason)

    # -- client -------------------------------------------------------------------
    @property
    def client(self):
        if self._client is None:
            p = self.params
            self._client = CloudflareClient(
                api_token=p.get("api_token"),
                api_email=p.get("api_email"),
                api_key=p.get("api_key"),
                base_url=p.get("base_url") or DEFAULT_BASE_URL,
                timeout=p.get("api_timeout") or DEFAULT_TIMEOUT,
                retries=p.get("api_retries") if p.get("api_retries") is not None else DEFAULT_RETRIES,
                validate_certs=p.get("validate_certs", True),
                throttle=throttle_from_params(p, warn=self.warn),
            )
        return self._client

    def object_lock(self, *parts):
        """An exclusive lock for one object (scope, kind, natural key) among this controller's processes.

        A context manager; without a usable budget directory it locks nothing.
        """
        directory, _problem = budget_dir()
        if directory is None:
            return _NoLock()
        return KeyLock(directory, credential_fingerprint(self.params), parts)

    def others_active(self):
        """Whether another client (controller, tool, dashboard) used this credential in the current rate-limit
        window: True, False, or None when it cannot be told (see ``RequestBudget.others_active``)."""
        throttle = self.client.throttle
        return throttle.others_active() if throttle is not None else None

    def pacing_report(self):
        """What the request budget made this module wait, and why (None when it did not wait)."""
        throttle = self._client.throttle if self._client is not None else None
        return throttle.report() if throttle is not None else None

    def pacing_waited(self):
        """Seconds the request budget made this module wait in all (0 when pacing is off or nothing waited)."""
        throttle = self._client.throttle if self._client is not None else None
        return getattr(throttle, "waited", 0.0) if throttle is not None else 0.0

    def call(self, operation, what, func, *args, **kwargs):
        """Run one client call; a failure raises naming the operation, the object and Cloudflare's codes."""
        try:
            return func(*args, **kwargs)
        except CloudflareAPIError as error:
            raise api_failure(operation, what, error)

    def is_cached(self, key):
        return key in self.cache

    def cached(self, key, loader):
        """Read once per module run: name lookups and rule checks share one list call."""
        if key not in self.cache:
            self.cache[key] = loader()
        return self.cache[key]

    # -- scope --------------------------------------------------------------------
    @property
    def account_known(self):
        """Whether an account id is available without failing (option, environment or zone by name)."""
        return bool(self.params.get("account_id") or (self.scope == "zone" and self.params.get("zone")))

    @property
    def account_id(self):
        """The account id: the option (or environment), else the account of the zone named by ``zone``."""
        if self.params.get("account_id"):
            return self.params["account_id"]
        if self.scope == "zone" and self.params.get("zone"):
            self.zone_id  # resolves the zone, which names its account pylint: disable=pointless-statement
            account = (self._zone or {}).get("account") or {}
            if account.get("id"):
                return account["id"]
        raise CloudflareError("account_id is required here (or set CLOUDFLARE_ACCOUNT_ID): monitors and pools live at "
                              "account level.")

    @property
    def zone_id(self):
        """The zone's id, resolving ``zone`` by name once (``GET /zones?name=``)."""
        if self._zone_id is None:
            if self.params.get("zone_id"):
                self._zone_id = self.params["zone_id"]
            else:
                name = self.params["zone"].rstrip(".").lower()
                zones = self.call("list zones", "zone %r" % name, self.client.list, "/zones",
                                  params={"name": name}, paged=True, per_page=50)
                matches = [z for z in zones if z.get("name", "").lower() == name]
                if not matches:
                    raise CloudflareError("zone %r was not found: check the zone name and that the credentials can "
                                          "read it (or pass zone_id)." % name)
                if len(matches) > 1:
                    raise CloudflareError("zone name %r matches %d zones (ids %s): pass zone_id instead."
                                          % (name, len(matches), ", ".join(z["id"] for z in matches)))
                self._zone = matches[0]
                self._zone_id = matches[0]["id"]
        return self._zone_id

    def scope_text(self):
        if self.scope == "account":
            return "account %s" % self.account_id
        if self.scope == "zone":
            return "zone %s" % (self.params.get("zone") or self.params.get("zone_id"))
        return "the API"


class OptionsOnly(object):
    """A stand-in connection for the controller's checks and plans: a resource's options and nothing else.

    No client (nothing reaches the API) and nothing to mask: a plan names items, never their values, and the
    module run that follows masks what it prints.
    """

    def __init__(self, params):
        self.params = params

    def hide(self, values):
        del values

    def scope_text(self):
        zone = self.params.get("zone") or self.params.get("zone_id")
        return "zone %s" % zone if zone else "account %s" % self.params.get("account_id")


class _NoLock(object):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
