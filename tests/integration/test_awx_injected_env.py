# -*- coding: utf-8 -*-
"""playbooks/tutorial.yml with exactly the environment the AWX credential type injects.

The injectors are rendered as AWX renders them (tests/tools/check_awx_credential_type.py: AWX's
sandbox, unset inputs undefined, every variable injected, empty ones as empty strings), for a
token-only credential and an email + global key credential; the credential's base_url points at the
emulator. Every CLOUDFLARE_* credential variable the harness would set is replaced by the injected one.
"""

from __future__ import annotations

import pytest

from tests.integration.harness import REPO, TUTORIAL
from tests.tools import check_awx_credential_type as awx

pytestmark = pytest.mark.emulator_only("runs the tutorial with its own example.com names")

INPUTS, INJECTORS = awx.load(str(REPO))
# What the harness sets for credentials (base_env); CLOUDFLARE_API_RATE_DIR stays: it only keeps this
# test's pacing budget file in its own directory.
HARNESS_CREDENTIAL_ENV = ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY",
                          "CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_BASE_URL", "CLOUDFLARE_API_RATE_LIMIT")


def token_only(emulator):
    return {"api_token": emulator.token, "account_id": emulator.account_id, "base_url": emulator.base_url}


def email_and_key(emulator):
    # the account id as someone might paste it: upper case, a stray space (the injector normalises it)
    return {"api_email": emulator.email, "api_key": emulator.api_key, "account_id": " %s " % emulator.account_id.upper(),
            "base_url": emulator.base_url, "rate_limit": "1200"}


@pytest.mark.parametrize("credential, auth", [(token_only, "token:"), (email_and_key, "key:")],
                         ids=["token-only", "email-and-key"])
def test_tutorial_with_injected_environment(emulator, playbook, credential, auth):
    injected = awx.render_env(INPUTS, INJECTORS, credential(emulator))
    assert sorted(injected) == sorted(HARNESS_CREDENTIAL_ENV)
    assert injected["CLOUDFLARE_ACCOUNT_ID"] == emulator.account_id
    assert injected["CLOUDFLARE_BASE_URL"] == emulator.base_url
    env = dict.fromkeys(HARNESS_CREDENTIAL_ENV)
    env.update(injected)

    run = playbook(TUTORIAL, env=env)
    assert run.rc == 0, run
    assert run.changed > 0 and run.failed == 0, run
    requests = emulator.log()["requests"]
    assert requests and all((r["credential"] or "").startswith(auth) for r in requests)
    assert any("/accounts/%s/" % emulator.account_id in r["path"] for r in requests)
    assert emulator.writes()

    emulator.clear_log()
    run = playbook(TUTORIAL, env=env)
    assert run.rc == 0, run
    assert run.changed == 0 and run.failed == 0, run
    assert emulator.writes() == []
