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


def test_success_responses_match_schema(api, emulator, response_api):
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
