# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module wrapper and resource base shared by every edgeops.cloudflare module.

:class:`CloudflareModule` gives each module the same connection options, credential
checks, client, throttling and error shape. :class:`Resource` does the rest of an
"ensure" module: find by id or natural key, compare the user's fields with the API's,
create / update / delete, check mode, diff, ``changed`` and the returned object.
A module describes one resource by subclassing :class:`Resource`.
"""

from __future__ import annotations

import copy
import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import (
    DEFAULT_BASE_URL,
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    CloudflareAPIError,
    backoff_delay,
    CloudflareClient,
    CloudflareUncertainWriteError,
)
from ansible_collections.edgeops.cloudflare.plugins.module_utils._compare import compare, diff_view, fill_defaults
from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import throttle_from_params

# Credential options and the environment variables they fall back to.
ENV_FALLBACKS = {
    "api_token": "CLOUDFLARE_API_TOKEN",
    "api_email": "CLOUDFLARE_EMAIL",
    "api_key": "CLOUDFLARE_API_KEY",
    "account_id": "CLOUDFLARE_ACCOUNT_ID",
    "base_url": "CLOUDFLARE_BASE_URL",
}

AUTH_ARGSPEC = dict(
    api_token=dict(type="str", no_log=True, fallback=(env_fallback, ["CLOUDFLARE_API_TOKEN"])),
    api_email=dict(type="str", fallback=(env_fallback, ["CLOUDFLARE_EMAIL"])),
    api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["CLOUDFLARE_API_KEY"])),
    base_url=dict(type="str", fallback=(env_fallback, ["CLOUDFLARE_BASE_URL"])),
    validate_certs=dict(type="bool", default=True),
    api_timeout=dict(type="int", default=DEFAULT_TIMEOUT),
    api_retries=dict(type="int", default=DEFAULT_RETRIES),
    # CLOUDFLARE_API_RATE_LIMIT is read by _throttle, where an empty value counts as unset.
    api_rate_limit=dict(type="int"),
)

ACCOUNT_ARGSPEC = dict(
    account_id=dict(type="str", fallback=(env_fallback, ["CLOUDFLARE_ACCOUNT_ID"])),
)

ZONE_ARGSPEC = dict(
    zone=dict(type="str"),
    zone_id=dict(type="str"),
    account_id=dict(type="str", fallback=(env_fallback, ["CLOUDFLARE_ACCOUNT_ID"])),
)

READ_ONLY_FIELDS = ("id", "created_on", "modified_on")


def _blank(value):
    return value is None or (isinstance(value, str) and value.strip() == "")


class CloudflareModule(object):
    """An AnsibleModule with Cloudflare's connection options, checks and client."""

    def __init__(self, argument_spec, scope=None, mutually_exclusive=None, required_one_of=None,
                 required_if=None, required_together=None, required_by=None):
        spec = copy.deepcopy(AUTH_ARGSPEC)
        mutually_exclusive = list(mutually_exclusive or [])
        if scope == "account":
            spec.update(copy.deepcopy(ACCOUNT_ARGSPEC))
        elif scope == "zone":
            spec.update(copy.deepcopy(ZONE_ARGSPEC))
            mutually_exclusive.append(("zone", "zone_id"))
        spec.update(argument_spec)
        self.scope = scope
        self.module = AnsibleModule(
            argument_spec=spec,
            supports_check_mode=True,
            mutually_exclusive=mutually_exclusive,
            required_one_of=required_one_of or [],
            required_if=required_if or [],
            required_together=required_together or [],
            required_by=required_by or {},
        )
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self._client = None
        self._zone_id = None
        self._zone = None
        self.cache = {}
        self._normalise_connection_params()
        self._check_connection_params()

    # -- input checks (no API call) -----------------------------------------------
    def _normalise_connection_params(self):
        """An empty option or environment value counts as unset."""
        for option, env in ENV_FALLBACKS.items():
            if option not in self.params:
                continue
            value = self.params.get(option)
            if _blank(value):
                env_value = os.environ.get(env)
                value = None if _blank(env_value) else env_value
            value = value.strip() if isinstance(value, str) else value
            if value and option in ("api_token", "api_key"):
                # Taken from the environment after AnsibleModule set up its masking: mask it too.
                self.module.no_log_values.add(value)
            self.params[option] = value
        for option in ("zone", "zone_id"):
            if option in self.params and _blank(self.params.get(option)):
                self.params[option] = None

    def _check_connection_params(self):
        p = self.params
        token, email, key = p.get("api_token"), p.get("api_email"), p.get("api_key")
        if token and (email or key):
            self.fail("Use one form of authentication: api_token (CLOUDFLARE_API_TOKEN), or api_email "
                      "with api_key (CLOUDFLARE_EMAIL, CLOUDFLARE_API_KEY). Both api_token and "
                      "%s are set." % ("api_email/api_key" if email and key else ("api_email" if email else "api_key")))
        if not token:
            if email and not key:
                self.fail("api_email is set but api_key is missing: the global API key needs both "
                          "(or use api_token instead).")
            if key and not email:
                self.fail("api_key is set but api_email is missing: the global API key needs both "
                          "(or use api_token instead).")
            if not (email and key):
                self.fail("No Cloudflare credentials: set api_token (or CLOUDFLARE_API_TOKEN), or api_email "
                          "and api_key (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY).")
        if p.get("api_timeout") is not None and p["api_timeout"] < 1:
            self.fail("api_timeout must be at least 1 second, got %s." % p["api_timeout"])
        if p.get("api_retries") is not None and not 0 <= p["api_retries"] <= 100:
            self.fail("api_retries must be between 0 and 100, got %s." % p["api_retries"])
        for env in ("CLOUDFLARE_API_RATE_LIMIT", "CLOUDFLARE_API_RATE_WINDOW"):
            raw = (os.environ.get(env) or "").strip()
            if raw and not raw.isdigit():
                self.fail("%s must be a whole number (api_rate_limit pacing), got %r." % (env, raw))
        if p.get("api_rate_limit") is not None and p["api_rate_limit"] < 0:
            self.fail("api_rate_limit must be 0 (off) or a positive number of requests per 5 minutes, got %s."
                      % p["api_rate_limit"])
        base_url = p.get("base_url")
        if base_url and not (base_url.startswith("https://") or base_url.startswith("http://")):
            self.fail("base_url must start with https:// (or http:// for a local test API), got %r." % base_url)
        if self.scope == "account" and not p.get("account_id"):
            self.fail("account_id is required (or set CLOUDFLARE_ACCOUNT_ID).")
        if self.scope == "zone" and not (p.get("zone") or p.get("zone_id")):
            self.fail("one of zone (the zone name) or zone_id is required.")
        for option in ("account_id", "zone_id"):
            value = p.get(option)
            if value and not is_cf_id(value):
                self.fail("%s must be a 32-character lowercase hexadecimal Cloudflare id, got %r." % (option, value))
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))

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
                validate_certs=p.get("validate_certs"),
                throttle=throttle_from_params(p),
            )
        return self._client

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
            self.zone_id  # resolves the zone, which names its account
            account = (self._zone or {}).get("account") or {}
            if account.get("id"):
                return account["id"]
        self.fail("account_id is required here (or set CLOUDFLARE_ACCOUNT_ID): pools live at account level.")

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
                    self.fail("zone %r was not found: check the zone name and that the credentials can "
                              "read it (or pass zone_id)." % name)
                if len(matches) > 1:
                    self.fail("zone name %r matches %d zones (ids %s): pass zone_id instead."
                              % (name, len(matches), ", ".join(z["id"] for z in matches)))
                self._zone = matches[0]
                self._zone_id = matches[0]["id"]
        return self._zone_id

    # -- errors -------------------------------------------------------------------
    def fail(self, msg, **kwargs):
        self.module.fail_json(msg=msg, **kwargs)

    def fail_api(self, operation, what, error):
        """Fail with the operation, the object and Cloudflare's own error codes."""
        self.module.fail_json(
            msg="Failed to %s %s: %s" % (operation, what, error.describe()),
            http_status=error.status,
            cloudflare_errors=error.errors,
            cloudflare_messages=error.messages,
            request="%s %s" % (error.method, error.path) if error.method else None,
        )

    def call(self, operation, what, func, *args, **kwargs):
        """Run one client call; a failure ends the module with a clear error."""
        try:
            return func(*args, **kwargs)
        except CloudflareAPIError as error:
            self.fail_api(operation, what, error)

    def exit(self, **result):
        self.module.exit_json(**result)

    def cached(self, key, loader):
        """Read once per module run: name lookups and rule checks share one list call."""
        if key not in self.cache:
            self.cache[key] = loader()
        return self.cache[key]


def is_cf_id(value):
    return isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value)


class Resource(object):
    """One Cloudflare object type, described by class attributes and a few hooks."""

    kind = "object"                  # human name used in messages ("monitor")
    kind_plural = None
    result_key = "object"            # key of the returned object
    id_param = "id"                  # module option holding the object id
    key_param = "name"               # module option holding the natural key
    key_field = "name"               # API field holding the natural key
    list_paged = False               # the list endpoint takes page/per_page
    list_per_page = None
    fields = {}                      # field name -> _compare.Field
    read_only = READ_ONLY_FIELDS
    update_method = "PATCH"          # PATCH sends the changed fields; PUT sends the whole object
    server_defaults = {}             # documented defaults, for servers that leave them out of a GET
    has_references = False           # the API offers "<item path>/references"

    def __init__(self, cf):
        self.cf = cf
        self.params = cf.params
        self.client_calls = 0

    # -- hooks for subclasses ------------------------------------------------------
    def collection_path(self):
        raise NotImplementedError

    def item_path(self, object_id):
        return "%s/%s" % (self.collection_path(), object_id)

    def validate(self):
        """Check the options before any API call; call ``self.cf.fail`` on bad input."""

    def desired(self):
        """The user-set fields in API shape (no ``None`` values)."""
        return {}

    def resolve(self, desired):
        """Turn names into ids (may read the API); returns the desired fields."""
        return desired

    def check_write(self, action, desired, current):
        """Rules checked only when a write is about to be sent (may read the API)."""

    def create_body(self, desired):
        return copy.deepcopy(desired)

    def update_request(self, changes, desired, current):
        """Return ``(method, body)`` for an update."""
        if self.update_method == "PUT":
            return "PUT", self.full_body(changes, desired, current)
        return "PATCH", copy.deepcopy(changes)

    def full_body(self, changes, desired, current):
        """The whole object for a PUT: what the API holds, with the user's changes."""
        body = {k: copy.deepcopy(v) for k, v in current.items() if k not in self.read_only}
        body.update(copy.deepcopy(changes))
        return body

    def comparable(self, current, desired):
        """The current object as compared: documented defaults filled where the server left them out."""
        return fill_defaults(current, self.server_defaults)

    def matches_key(self, obj, key):
        return obj.get(self.key_field) == key

    # -- naming --------------------------------------------------------------------
    def plural(self):
        return self.kind_plural or self.kind + "s"

    def key_value(self):
        return self.params.get(self.key_param)

    def describe(self, obj=None):
        key = (obj or {}).get(self.key_field) if obj else None
        key = key if key is not None else self.key_value()
        object_id = (obj or {}).get("id") or self.params.get(self.id_param)
        if key not in (None, "") and object_id:
            return "%s %r (id %s)" % (self.kind, key, object_id)
        if key not in (None, ""):
            return "%s %r" % (self.kind, key)
        return "%s %s" % (self.kind, object_id)

    def scope_text(self):
        if self.cf.scope == "account":
            return "account %s" % self.cf.account_id
        if self.cf.scope == "zone":
            return "zone %s" % (self.params.get("zone") or self.params.get("zone_id"))
        return "the API"

    # -- reads ---------------------------------------------------------------------
    def list_all(self):
        return self.cf.call("list", "%s in %s" % (self.plural(), self.scope_text()), self.client_list)

    def client_list(self):
        return self.cf.client.list(self.collection_path(), paged=self.list_paged, per_page=self.list_per_page)

    def get_by_id(self, object_id):
        try:
            return self.cf.client.get(self.item_path(object_id))
        except CloudflareAPIError as error:
            if error.not_found:
                return None
            self.cf.fail_api("read", "%s %s" % (self.kind, object_id), error)

    def find(self):
        """The existing object by id or natural key, or None."""
        object_id = self.params.get(self.id_param)
        if object_id:
            obj = self.get_by_id(object_id)
            if obj is None and self.params.get("state", "present") == "present":
                self.cf.fail("%s=%s does not exist in %s; omit %s to create a new %s."
                             % (self.id_param, object_id, self.scope_text(), self.id_param, self.kind))
            return obj
        key = self.key_value()
        found = [o for o in self.list_all() if self.matches_key(o, key)]
        if len(found) > 1:
            self.cf.fail("%d %s in %s have %s %r (ids %s): set %s to choose one."
                         % (len(found), self.plural(), self.scope_text(), self.key_param, key,
                            ", ".join(o.get("id", "?") for o in found), self.id_param))
        return found[0] if found else None

    # -- writes --------------------------------------------------------------------
    def create(self, body):
        """POST the object; after a lost response, re-read by natural key before any retry."""
        retries = self.params.get("api_retries") or 0
        attempt = 0
        while True:
            try:
                return self.cf.client.post(self.collection_path(), body)
            except CloudflareUncertainWriteError as error:
                existing = self._find_after_lost_create()
                if existing is not None:
                    return existing
                if attempt >= retries:
                    self.cf.fail_api("create", self.describe(), error)
                self.cf.client.sleep(backoff_delay(attempt))
                attempt += 1
            except CloudflareAPIError as error:
                self.cf.fail_api("create", self.describe(), error)

    def _find_after_lost_create(self):
        key = self.key_value()
        if key in (None, ""):
            return None
        try:
            items = self.client_list()
        except CloudflareAPIError:
            return None
        found = [o for o in items if self.matches_key(o, key)]
        return found[0] if len(found) == 1 else None

    def update(self, method, current, body):
        return self.cf.call("update", self.describe(current), self.cf.client.request, method,
                            self.item_path(current["id"]), body=body).get("result")

    def delete(self, current):
        try:
            self.cf.client.delete(self.item_path(current["id"]))
        except CloudflareAPIError as error:
            if error.not_found:
                return  # already gone (for example a retried DELETE whose first answer was lost)
            self.cf.fail_api("delete", self.describe(current), error)

    def check_delete(self, current):
        """Refuse to delete an object that others still use, naming them."""
        if not self.has_references:
            return
        refs = self.cf.call("read references of", self.describe(current), self.cf.client.get,
                            self.item_path(current["id"]) + "/references") or []
        users = [r for r in refs if r.get("reference_type") == "referrer"]
        if users:
            names = ", ".join("%s %r (id %s)" % (r.get("resource_type", "object"), r.get("resource_name"), r.get("resource_id"))
                              for r in users)
            self.cf.fail("Cannot delete %s: it is used by %s. Remove it from them (or delete them) first."
                         % (self.describe(current), names), referenced_by=users)

    # -- the whole run -------------------------------------------------------------
    def run(self):
        self.validate()
        state = self.params.get("state", "present")
        current = self.find()
        result = {"changed": False}
        if state == "absent":
            if current is not None:
                self.check_delete(current)
                if not self.cf.check_mode:
                    self.delete(current)
                result["changed"] = True
                result["diff"] = {"before": self.public_view(current), "after": {}}
            result[self.result_key] = None
            return self.finish(result)

        desired = self.resolve(self.desired())
        if current is None:
            body = self.create_body(desired)
            self.check_write("create", desired, None)
            if self.cf.check_mode:
                obj = copy.deepcopy(body)
            else:
                obj = self.create(body)
            result.update(changed=True, diff={"before": {}, "after": copy.deepcopy(body)})
            result[self.result_key] = obj
            return self.finish(result)

        comparable = self.comparable(current, desired)
        changes = compare(desired, comparable, self.fields)
        if not changes:
            result[self.result_key] = current
            return self.finish(result)
        self.check_write("update", desired, current)
        method, body = self.update_request(changes, desired, current)
        if self.cf.check_mode:
            obj = copy.deepcopy(current)
            obj.update(copy.deepcopy(changes))
        else:
            obj = self.update(method, current, body)
        # "before" as compared: a field the server left out shows its default, not null
        result.update(changed=True, diff=diff_view(changes, comparable))
        result[self.result_key] = obj
        return self.finish(result)

    def public_view(self, obj):
        return copy.deepcopy(obj) if obj else {}

    def finish(self, result):
        if not self.cf.module._diff:
            result.pop("diff", None)
        self.cf.exit(**result)


def run_resource(resource_class, argument_spec, scope, **module_kwargs):
    """The whole ``main()`` of a resource module."""
    cf = CloudflareModule(argument_spec, scope=scope, **module_kwargs)
    resource_class(cf).run()
