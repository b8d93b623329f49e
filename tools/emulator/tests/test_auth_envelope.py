"""Authentication, envelope shape, routing."""

import pytest


def test_success_envelope_shape(api):
    resp = api.call("GET", "/zones")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json"
    body = resp.json()
    assert set(body) == {"success", "errors", "messages", "result", "result_info"}
    assert body["success"] is True and body["errors"] == [] and isinstance(body["result"], list)
    assert set(body["result_info"]) >= {"page", "per_page", "count", "total_count", "total_pages"}


def test_error_envelope_shape(api):
    body = api.err("GET", f"{api.acct}/monitors/{'0' * 32}", status=404, code=1001)
    assert set(body) == {"success", "errors", "messages", "result"}
    assert all(isinstance(e["code"], int) and e["code"] >= 1000 and e["message"] for e in body["errors"])


def test_no_auth_is_6003(api):
    body = api.err("GET", "/zones", auth=False, status=400, code=6003)
    assert body["errors"][0]["message"] == "Invalid request headers"


def test_bad_token_is_10000(api):
    body = api.err("GET", "/zones", headers={"Authorization": "Bearer nope"}, status=403, code=10000)
    assert body["errors"][0]["message"] == "Authentication error"


def test_non_bearer_authorization_is_6003(api):
    api.err("GET", "/zones", headers={"Authorization": "Basic dXNlcjpwYXNz"}, status=400, code=6003)


def test_email_without_key_is_6003(api):
    body = api.err("GET", "/zones", auth=False, headers={"X-Auth-Email": "user@example.com"}, status=400,
                   code=6003)
    assert "X-Auth-Key" in " ".join(e["message"] for e in body["errors"])


def test_key_without_email_is_6003(api):
    api.err("GET", "/zones", auth=False, headers={"X-Auth-Key": "test-key"}, status=400, code=6003)


def test_wrong_key_is_10000(api):
    api.err("GET", "/zones", auth=False, headers={"X-Auth-Email": "user@example.com", "X-Auth-Key": "bad"},
            status=403, code=10000)


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer test-token"},
    {"X-Auth-Email": "user@example.com", "X-Auth-Key": "test-key"},
])
def test_both_auth_forms_accepted(api, headers):
    resp = api.call("GET", f"{api.acct}/monitors", auth=False, headers=headers)
    assert resp.status_code == 200 and resp.json()["success"]


def test_auth_checked_before_body_validation(api):
    api.err("POST", f"{api.acct}/pools", json={"bogus": 1}, auth=False, status=400, code=6003)
    api.err("POST", f"{api.acct}/pools", json={"bogus": 1}, headers={"Authorization": "Bearer x"},
            status=403, code=10000)


def test_unknown_route_7003(api):
    body = api.err("GET", "/nothing/here", status=404, code=7003)
    assert body["errors"][0]["message"] == "No route for the URI"


def test_spectrum_patch_not_allowed(api):
    app = api.app()
    body = api.err("PATCH", f"/zones/{api.zone}/spectrum/apps/{app['id']}", json={"tls": "full"}, status=405,
                   code=7001)
    assert "Method not allowed" in body["errors"][0]["message"]


def test_unknown_account_9109(api):
    api.err("GET", f"/accounts/{'f' * 32}/load_balancers/pools", status=403, code=9109)


def test_unknown_zone_7003(api):
    api.err("GET", f"/zones/{'f' * 32}/load_balancers", status=404, code=7003)


def test_user_level_paths_map_to_default_account(api):
    mon = api.ok("POST", "/user/load_balancers/monitors", {"type": "https", "expected_codes": "2xx"})
    assert api.ok("GET", f"{api.acct}/monitors/{mon['id']}")["expected_codes"] == "2xx"
    pool = api.ok("POST", "/user/load_balancers/pools",
                  {"name": "p1", "origins": [{"name": "a", "address": "192.0.2.1"}], "monitor": mon["id"]})
    assert api.ok("GET", f"/user/load_balancers/pools/{pool['id']}/references")[0]["resource_id"] == mon["id"]


def test_delete_accepts_no_body_and_empty_object(api):
    m1, m2 = api.monitor(), api.monitor()
    assert api.ok("DELETE", f"{api.acct}/monitors/{m1['id']}") == {"id": m1["id"]}
    assert api.ok("DELETE", f"{api.acct}/monitors/{m2['id']}", json={}) == {"id": m2["id"]}
