# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error type below the module boundary (_errors) and api_failure."""

from __future__ import annotations

import pytest

from ansible_collections.edgeops.cloudflare.plugins.module_utils._client import CloudflareAPIError
from ansible_collections.edgeops.cloudflare.plugins.module_utils._errors import CloudflareError, api_failure


@pytest.mark.parametrize("extras", [{}, {"http_status": 409}, {"referenced_by": [{"id": "p1"}], "request": None}])
def test_error_carries_message_and_extras(extras):
    error = CloudflareError("pool 'web' is in use", **extras)
    assert error.msg == "pool 'web' is in use"
    assert str(error) == "pool 'web' is in use"
    assert error.args == ("pool 'web' is in use",)
    assert error.extras == extras
    assert isinstance(error, Exception)


def test_error_message_is_not_formatted_again():
    assert str(CloudflareError("100% of %s")) == "100% of %s"


def test_api_error_is_a_cloudflare_error():
    assert issubclass(CloudflareAPIError, CloudflareError)
    with pytest.raises(CloudflareError):
        raise CloudflareAPIError("x", status=500)


API_ERRORS = [
    # (the client's error, expected message tail, http_status, request)
    (CloudflareAPIError("POST /x failed", status=400, errors=[{"code": 1002, "message": "bad name"}],
                        messages=[{"message": "hint"}], method="POST", path="/accounts/a/load_balancers/pools"),
     "HTTP 400, Cloudflare errors: [1002] bad name", 400, "POST /accounts/a/load_balancers/pools"),
    (CloudflareAPIError("GET /x failed", status=404, errors=[{"code": 1001, "message": "not found"},
                                                             {"code": 1003}], method="GET", path="/zones/z"),
     "HTTP 404, Cloudflare errors: [1001] not found; [1003] ", 404, "GET /zones/z"),
    (CloudflareAPIError("could not reach https://api after 6 attempts (ConnectionError)", method="GET", path="/z"),
     "could not reach https://api after 6 attempts (ConnectionError)", None, "GET /z"),
    (CloudflareAPIError("expected a list"), "expected a list", None, None),
    (CloudflareAPIError(""), "unknown error", None, None),
]


@pytest.mark.parametrize("error, tail, status, sent", API_ERRORS)
def test_api_failure_names_operation_object_and_codes(error, tail, status, sent):
    failure = api_failure("create", "pool 'web'", error)
    assert isinstance(failure, CloudflareError) and not isinstance(failure, CloudflareAPIError)
    assert failure.msg == "Failed to create pool 'web': " + tail
    assert failure.extras == {
        "http_status": status,
        "cloudflare_errors": error.errors,
        "cloudflare_messages": error.messages,
        "request": sent,
    }
