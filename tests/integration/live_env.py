# -*- coding: utf-8 -*-
"""The environment live mode (``make test-live``, ``pytest --live``) needs, checked before any request.

Standard library only, so the Makefile can run it before the venv exists:
``python3 tests/integration/live_env.py`` prints one line per problem, each naming the variable, and
exits 2; with everything in place it prints what the run will use (never a secret) and exits 0.
"""

from __future__ import annotations

import sys

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"


def _get(environ, name):
    """An empty (or blank) value counts as unset, as it does for the modules."""
    return (environ.get(name) or "").strip()


def problems(environ):
    """What is missing or wrong, one message per problem; each message starts with the variable's name."""
    found = []
    if not _get(environ, "CLOUDFLARE_API_TOKEN"):
        email, key = _get(environ, "CLOUDFLARE_EMAIL"), _get(environ, "CLOUDFLARE_API_KEY")
        if email and not key:
            found.append("CLOUDFLARE_API_KEY is not set (CLOUDFLARE_EMAIL is; the global API key needs both)")
        elif key and not email:
            found.append("CLOUDFLARE_EMAIL is not set (CLOUDFLARE_API_KEY is; the global API key needs both)")
        elif not email and not key:
            found.append("CLOUDFLARE_API_TOKEN is not set (nor CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY)")
    if not _get(environ, "CLOUDFLARE_ACCOUNT_ID"):
        found.append("CLOUDFLARE_ACCOUNT_ID is not set (the account that owns CLOUDFLARE_ZONE)")
    if not _get(environ, "CLOUDFLARE_ZONE"):
        found.append("CLOUDFLARE_ZONE is not set (the name of a zone the account owns, e.g. example.org)")
    base_url = _get(environ, "CLOUDFLARE_BASE_URL")
    if base_url and not base_url.startswith(("http://", "https://")):
        found.append("CLOUDFLARE_BASE_URL must start with http:// or https:// (got %r)" % base_url)
    return found


def settings(environ):
    """The live target's settings (call only when :func:`problems` found nothing)."""
    token = _get(environ, "CLOUDFLARE_API_TOKEN")
    return {
        "token": token or None,
        "email": _get(environ, "CLOUDFLARE_EMAIL") or None,
        "api_key": _get(environ, "CLOUDFLARE_API_KEY") or None,
        "account_id": _get(environ, "CLOUDFLARE_ACCOUNT_ID").lower(),
        "zone": _get(environ, "CLOUDFLARE_ZONE").lower().rstrip("."),
        "base_url": (_get(environ, "CLOUDFLARE_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
    }


def refusal(found, who="live mode"):
    return "\n".join("%s: refusing to start: %s" % (who, message) for message in found)


def main(environ=None):
    import os

    environ = os.environ if environ is None else environ
    found = problems(environ)
    if found:
        print(refusal(found, "test-live"), file=sys.stderr)
        return 2
    conf = settings(environ)
    credential = "API token" if conf["token"] else "e-mail + global API key"
    print("test-live: zone %s, account %s, %s, API %s" % (conf["zone"], conf["account_id"], credential,
                                                          conf["base_url"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
