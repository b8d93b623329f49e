"""Responses conform to the subset's success schemas; validator quirks; concurrency."""

import copy
import json
import statistics
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from openapi_core import OpenAPI
from werkzeug.datastructures import Headers

from tools.emulator.validation import OpenAPIRequestAdapter, load_spec_dict


class _Resp:
    def __init__(self, r):
        self.status_code = r.status_code
        self.data = r.content
        self.headers = Headers(list(r.headers.items()))
        self.content_type = r.headers.get("Content-Type")


@pytest.fixture(scope="module")
def response_api(emulator_server):
    spec = copy.deepcopy(load_spec_dict())
    spec["servers"] = [{"url": emulator_server.base_url}]
    return OpenAPI.from_dict(spec)  # stock read validation for responses


@pytest.fixture
def check(api, emulator, response_api):
    """``check(method, path, body=None)``: a request that must succeed with a response the subset allows."""
    def check(method, path, body=None):
        resp = api.call(method, path, json=body)
        assert resp.status_code == 200, resp.text
        url = urlsplit(api.base + path)
        req = OpenAPIRequestAdapter(emulator.url, method, url.path, parse_qsl(url.query),
                                    {"content-type": "application/json", "authorization": "Bearer test-token"},
                                    json.dumps(body).encode() if body is not None else b"")
        errors = list(response_api.iter_response_errors(req, _Resp(resp)))
        assert not errors, [getattr(e.__cause__, "schema_errors", e) for e in errors]
        return resp.json()["result"]
    return check


def test_success_responses_match_schema(api, emulator, check):
    a, z = api.acct, f"/zones/{api.zone}"
    check("GET", "/zones")
    mon = check("POST", f"{a}/monitors", {"type": "tcp", "port": 22})
    check("GET", f"{a}/monitors")
    check("PATCH", f"{a}/monitors/{mon['id']}", {"port": 23})
    pool = check("POST", f"{a}/pools", {"name": "p", "monitor": mon["id"], "enabled": False,
                                        "origins": [{"name": "a", "address": "192.0.2.1", "enabled": False}]})
    check("GET", f"{a}/pools/{pool['id']}")
    check("GET", f"{a}/pools/{pool['id']}/health")
    check("GET", f"{a}/pools/{pool['id']}/references")
    check("GET", f"{a}/monitors/{mon['id']}/references")
    emulator.mark_unhealthy("192.0.2.1")
    check("GET", f"{a}/pools/{pool['id']}/health")
    preview = check("POST", f"{a}/monitors/{mon['id']}/preview", {"type": "tcp", "port": 22})
    check("GET", f"{a}/preview/{preview['preview_id']}")  # not ready yet: {}
    check("GET", f"{a}/preview/{preview['preview_id']}")
    lb = check("POST", f"{z}/load_balancers", {"name": "lb.example.com", "default_pools": [pool["id"]],
                                               "fallback_pool": pool["id"], "session_affinity": "cookie",
                                               "rules": [{"name": "r", "fixed_response": {"status_code": 503}}]})
    check("PUT", f"{z}/load_balancers/{lb['id']}", {"name": "lb.example.com", "default_pools": [pool["id"]],
                                                    "fallback_pool": pool["id"]})
    app = check("POST", f"{z}/spectrum/apps", {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "s.example.com"},
                                               "origin_dns": {"name": "lb.example.com", "ttl": 600},
                                               "origin_port": 22})
    check("GET", f"{z}/spectrum/apps?page=1")
    check("GET", f"{z}/spectrum/apps/{app['id']}")
    check("DELETE", f"{z}/load_balancers/{lb['id']}")


def test_2026_responses_match_schema(api, emulator, check):
    a, z = api.acct, f"/zones/{api.zone}"
    mon = api.monitor()
    member = {"monitor_id": mon["id"], "enabled": True, "monitoring_only": False, "must_be_healthy": True}
    group = check("POST", f"{a}/monitor_groups", {"description": "g", "members": [member]})
    check("GET", f"{a}/monitor_groups")
    check("PATCH", f"{a}/monitor_groups/{group['id']}", {"description": "h"})
    check("PUT", f"{a}/monitor_groups/{group['id']}", {"description": "g", "members": [member]})
    pool = check("POST", f"{a}/pools", {"name": "p", "monitor_group": group["id"], "check_regions": ["WEU"],
                                        "health_sources": ["regional", "global"], "networks": ["cloudflare"],
                                        "origins": [{"name": "a", "address": "a.example.org", "flatten_cname": False}]})
    check("GET", f"{a}/monitor_groups/{group['id']}/references")
    emulator.mark_unhealthy_for(mon["id"], "a.example.org")
    check("GET", f"{a}/pools/{pool['id']}/health")
    lb = check("POST", f"{z}/load_balancers", {
        "name": "lb.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"],
        "networks": ["cloudflare"],
        "rules": [{"name": "r", "condition": "true", "overrides": {"pools": [pool["id"]], "pool_default_weight": 0.5}}],
        "pool_sets": [{"name": "s", "match": {"topology": {"regions": ["WEU"]}}, "overrides": {"pools": [pool["id"]]}},
                      {"match": {"default": True}, "fixed_response": {"status_code": 503}}]})
    check("PATCH", f"{z}/load_balancers/{lb['id']}", {"pool_sets": None})
    check("DELETE", f"{z}/load_balancers/{lb['id']}")
    check("PATCH", f"{a}/pools/{pool['id']}", {"monitor_group": ""})
    check("DELETE", f"{a}/monitor_groups/{group['id']}")
    check("POST", f"{z}/spectrum/apps", {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "s.example.com"},
                                         "origin_direct": ["tcp://10.0.0.1:22"],
                                         "virtual_network_id": "a5624d4e-044a-4ff0-b3e1-e2465353d4b4"})


def test_decimal_multiple_of(api):
    pool = api.pool(origins=[{"name": "a", "address": "192.0.2.1", "weight": 0.57}])
    lb = api.lb(pool["id"], random_steering={"default_weight": 0.3, "pool_weights": {pool["id"]: 0.7}})
    assert lb["random_steering"]["default_weight"] == 0.3
    msg = api.err("POST", f"/zones/{api.zone}/load_balancers",
                  {"name": "b.example.com", "default_pools": [pool["id"]], "fallback_pool": pool["id"],
                   "random_steering": {"default_weight": 0.35}})["errors"][0]["message"]
    assert "multiple of 0.1" in msg


def test_concurrent_clients_and_latency(api, emulator):
    errors, timings = [], []

    def worker(n):
        session = requests.Session()
        headers = {"Authorization": "Bearer test-token"}
        for i in range(40):
            start = time.perf_counter()
            if i % 4 == 0:
                r = session.post(api.base + f"{api.acct}/monitors", headers=headers,
                                 json={"type": "tcp", "port": 22, "description": f"w{n}-{i}"})
            else:
                r = session.get(api.base + f"{api.acct}/monitors", headers=headers)
            timings.append(time.perf_counter() - start)
            if r.status_code != 200:
                errors.append(r.status_code)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(emulator.state()["monitors"][api.account_id]) == 80
    assert emulator.log()["counts"]["total"] == 320
    assert statistics.median(timings) < 0.25  # generous: only catches gross regressions
