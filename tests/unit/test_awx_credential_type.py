# -*- coding: utf-8 -*-
"""The AWX custom credential type in playbooks/awx/, held to AWX's rules.

tests/tools/check_awx_credential_type.py restates AWX's rules; these tests run it on the shipped type,
on what it injects, and on broken copies of it (each must be refused, so the checker provably catches
the mistake). tests/integration/test_awx_injected_env.py runs the tutorial with the injected
environment.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._checks import is_cf_id
from tests.tools import check_awx_credential_type as awx

REPO = Path(__file__).resolve().parents[2]
INPUTS, INJECTORS = awx.load(str(REPO))
ENV_NAMES = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_ACCOUNT_ID",
             "CLOUDFLARE_BASE_URL", "CLOUDFLARE_API_RATE_LIMIT"]
ACCOUNT = "01a7362d577a6c3019a474fd6f485823"


def field(inputs, id_):
    return next(f for f in inputs["fields"] if f["id"] == id_)


def test_shipped_credential_type_is_valid():
    assert awx.check(INPUTS, INJECTORS) == []
    assert awx.main() == 0


def test_fields_are_labelled_strings_with_unique_ids():
    ids = [f["id"] for f in INPUTS["fields"]]
    assert ids == ["api_token", "api_email", "api_key", "account_id", "base_url", "rate_limit"]
    assert len(set(ids)) == len(ids)
    for f in INPUTS["fields"]:
        assert f["type"] == "string" and f["label"] and f["help_text"], f
    assert [f["id"] for f in INPUTS["fields"] if f.get("secret")] == ["api_token", "api_key"]
    assert INPUTS["required"] == ["account_id"]


def test_env_names_are_ones_awx_injects():
    assert list(INJECTORS["env"]) == ENV_NAMES
    for name in INJECTORS["env"]:
        assert re.match(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$", name)
        assert not name.startswith("ANSIBLE_") and name not in awx.AWX_ENV_BLOCKLIST


def test_blocklist_is_awx_list():
    # AWX's ENV_BLOCKLIST (awx/main/constants.py) has these 19 names; a typo here would let one through.
    assert len(awx.AWX_ENV_BLOCKLIST) == 19
    assert {"PATH", "PYTHONPATH", "VIRTUAL_ENV", "JOB_ID", "REST_API_TOKEN", "AWX_HOST"} <= awx.AWX_ENV_BLOCKLIST


def test_only_the_required_input_set_injects_every_variable_empty():
    env = awx.render_env(INPUTS, INJECTORS, {"account_id": ACCOUNT})
    assert env == dict.fromkeys(ENV_NAMES, "") | {"CLOUDFLARE_ACCOUNT_ID": ACCOUNT}


def test_empty_inputs_count_as_missing():
    # AWX leaves an empty string input out of the template variables, as if it was never set.
    credential = {"account_id": ACCOUNT, "api_token": "t", "api_email": "", "api_key": "", "base_url": "",
                  "rate_limit": ""}
    env = awx.render_env(INPUTS, INJECTORS, credential)
    assert env["CLOUDFLARE_API_TOKEN"] == "t" and env["CLOUDFLARE_EMAIL"] == env["CLOUDFLARE_API_KEY"] == ""


def test_token_and_email_key_credentials():
    env = awx.render_env(INPUTS, INJECTORS, {"api_token": "tok", "account_id": ACCOUNT,
                                             "base_url": "https://api.example.test/client/v4"})
    assert env == {"CLOUDFLARE_API_TOKEN": "tok", "CLOUDFLARE_EMAIL": "", "CLOUDFLARE_API_KEY": "",
                   "CLOUDFLARE_ACCOUNT_ID": ACCOUNT, "CLOUDFLARE_BASE_URL": "https://api.example.test/client/v4",
                   "CLOUDFLARE_API_RATE_LIMIT": ""}
    env = awx.render_env(INPUTS, INJECTORS, {"api_email": "ops@example.com", "api_key": "k", "account_id": ACCOUNT,
                                             "rate_limit": "600"})
    assert env == {"CLOUDFLARE_API_TOKEN": "", "CLOUDFLARE_EMAIL": "ops@example.com", "CLOUDFLARE_API_KEY": "k",
                   "CLOUDFLARE_ACCOUNT_ID": ACCOUNT, "CLOUDFLARE_BASE_URL": "", "CLOUDFLARE_API_RATE_LIMIT": "600"}


@pytest.mark.parametrize("typed", [ACCOUNT.upper(), "  %s \n" % ACCOUNT, " %s" % ACCOUNT.upper()])
def test_account_id_as_typed_reaches_the_modules_as_they_require_it(typed):
    assert not is_cf_id(typed)
    env = awx.render_env(INPUTS, INJECTORS, {"api_token": "tok", "account_id": typed})
    assert env["CLOUDFLARE_ACCOUNT_ID"] == ACCOUNT and is_cf_id(env["CLOUDFLARE_ACCOUNT_ID"])


def test_help_texts_say_what_the_modules_accept():
    assert "whole number" in field(INPUTS, "rate_limit")["help_text"]
    assert "digits only" in field(INPUTS, "rate_limit")["help_text"]
    assert "32 hexadecimal" in field(INPUTS, "account_id")["help_text"]
    assert "https://" in field(INPUTS, "base_url")["help_text"]


# ----------------------------------------------------------------------------------- broken copies
def drop_key(id_, key):
    def change(inputs, injectors):
        del field(inputs, id_)[key]
    return change


def set_key(id_, key, value):
    def change(inputs, injectors):
        field(inputs, id_)[key] = value
    return change


def add_field(**spec):
    def change(inputs, injectors):
        inputs["fields"].append(spec)
    return change


def inject(name, template):
    def change(inputs, injectors):
        injectors["env"][name] = template
    return change


def require(name):
    def change(inputs, injectors):
        inputs["required"].append(name)
    return change


def add_input_key(key, value):
    def change(inputs, injectors):
        inputs[key] = value
    return change


BROKEN = {
    "field without label": (drop_key("api_email", "label"), 'field api_email: has no "label"'),
    "field without id": (drop_key("base_url", "id"), 'field #5: has no "id"'),
    "field id not a variable name": (set_key("rate_limit", "id", "rate-limit"), "is an invalid variable name"),
    "duplicate field id": (set_key("api_key", "id", "api_email"), "field ids must be unique"),
    "reserved field id": (add_field(id="tower", label="Tower", type="string"), '"tower" is a reserved field name'),
    "field without type": (drop_key("api_email", "type"), 'project rule: type must be given and be "string"'),
    "field of an unknown type": (set_key("rate_limit", "type", "integer"), "type 'integer' is not one of"),
    "secret on a boolean": (add_field(id="insecure", label="Skip TLS checks", type="boolean", secret=True),
                            '"secret" is not allowed on a boolean field'),
    "multiline on a boolean": (add_field(id="insecure", label="Skip TLS checks", type="boolean", multiline=True),
                               '"multiline" is not allowed on a boolean field'),
    "default of the wrong type": (set_key("rate_limit", "default", 1200), "default 1200 is not a string"),
    "unknown field key": (set_key("base_url", "placeholder", "https://"), 'unknown key "placeholder"'),
    "unknown format": (set_key("base_url", "format", "uri"), 'format "uri" is not one of'),
    "required names an unknown field": (require("zone_id"), 'required names "zone_id", which is not a defined field'),
    "dependencies in a custom type": (add_input_key("dependencies", {"api_key": ["api_email"]}),
                                      '"dependencies" is not supported'),
    "env name starting with ANSIBLE_": (inject("ANSIBLE_CONFIG", "{{ base_url }}"),
                                        "env ANSIBLE_CONFIG: names starting with ANSIBLE_"),
    "PATH injected": (inject("PATH", "/opt/cloudflare/bin"), "env PATH: AWX does not allow this variable"),
    "env name not a shell name": (inject("CLOUDFLARE-ZONE", "{{ account_id }}"), "not a valid environment variable name"),
    "env value not ASCII": (inject("CLOUDFLARE_API_TOKEN", "{{ api_token }}\u2013"), "the value must be ASCII"),
    "template uses an undefined input without default": (inject("CLOUDFLARE_ZONE_ID", "{{ zone_id }}"),
                                                          "env CLOUDFLARE_ZONE_ID: uses an undefined field"),
    "template fails when an optional input is missing": (inject("CLOUDFLARE_BASE_URL", "{{ base_url.rstrip('/') }}"),
                                                         "env CLOUDFLARE_BASE_URL: fails at job start when base_url is missing"),
    "template syntax error": (inject("CLOUDFLARE_API_TOKEN", "{{ api_token "), "template syntax error"),
    "unsafe template code": (inject("CLOUDFLARE_API_TOKEN", "{{ api_token.__class__.__mro__ }}"), "unsafe code"),
    "field no injector uses": (lambda inputs, injectors: injectors["env"].pop("CLOUDFLARE_API_RATE_LIMIT"),
                               "field rate_limit: project rule: no injector uses it"),
}


@pytest.mark.parametrize("change, expected", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_copy_is_refused(change, expected):
    inputs, injectors = copy.deepcopy(INPUTS), copy.deepcopy(INJECTORS)
    change(inputs, injectors)
    problems = awx.check(inputs, injectors)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("name", sorted(awx.AWX_ENV_BLOCKLIST))
def test_every_blocked_name_is_refused_and_never_injected(name):
    inputs, injectors = copy.deepcopy(INPUTS), copy.deepcopy(INJECTORS)
    injectors["env"][name] = "{{ account_id }}"
    assert any("env %s: AWX does not allow" % name in p for p in awx.check(inputs, injectors))
    assert name not in awx.render_env(inputs, injectors, {"account_id": ACCOUNT})


def test_file_injector_and_tower_namespace():
    # AWX's tower.filename exists only with an unnamed file injector; tower itself is not a value.
    injectors = copy.deepcopy(INJECTORS)
    injectors["env"]["CLOUDFLARE_CONFIG"] = "{{ tower.filename }}"
    assert any("uses an undefined field" in p for p in awx.check(INPUTS, injectors))
    injectors["file"] = {"template": "token={{ api_token }}"}
    assert awx.check(INPUTS, injectors) == []
    injectors["file"] = {"template": "x", "template.other": "y"}
    assert any("several files" in p for p in awx.check(INPUTS, injectors))
