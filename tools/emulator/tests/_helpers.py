"""Small public-API client used by the emulator tests."""

import requests

TOKEN = "test-token"


def member(monitor_id, enabled=True, monitoring_only=False, must_be_healthy=False):
    """A monitor-group member as a request carries it (the schema requires every flag)."""
    return {"monitor_id": monitor_id, "enabled": enabled, "monitoring_only": monitoring_only,
            "must_be_healthy": must_be_healthy}


class Api:
    def __init__(self, ctl):
        self.ctl = ctl
        self.base = ctl.base_url
        self.account_id = ctl.account_id
        self.zone = ctl.zone_id("example.com")
        self.acct = f"/accounts/{ctl.account_id}/load_balancers"
        self.session = requests.Session()
        self.headers = {"Authorization": f"Bearer {TOKEN}"}

    def call(self, method, path, json=None, headers=None, auth=True, **kw):
        hdrs = dict(self.headers) if auth else {}
        hdrs.update(headers or {})
        return self.session.request(method, self.base + path, json=json, headers=hdrs, timeout=10, **kw)

    def ok(self, method, path, json=None, **kw):
        resp = self.call(method, path, json=json, **kw)
        body = resp.json()
        assert resp.status_code == 200 and body["success"], (resp.status_code, body)
        return body["result"]

    def err(self, method, path, json=None, status=400, code=1002, **kw):
        resp = self.call(method, path, json=json, **kw)
        body = resp.json()
        assert resp.status_code == status, (resp.status_code, body)
        assert body["success"] is False and body["result"] is None, body
        assert body["errors"][0]["code"] == code, body
        return body

    # -- fixtures of objects
    def monitor(self, **kw):
        body = {"type": "tcp", "port": 22, "description": "ssh", "interval": 30, "method": "connection_established"}
        body.update(kw)
        return self.ok("POST", f"{self.acct}/monitors", body)

    def group(self, *members, description="dc checks"):
        """A monitor group; each member a monitor id or a member object (see ``member``)."""
        body = {"description": description,
                "members": [member(m) if isinstance(m, str) else m for m in members]}
        return self.ok("POST", f"{self.acct}/monitor_groups", body)

    def pool(self, name="web-pool", origins=None, **kw):
        body = {"name": name, "origins": origins or [{"name": "o1", "address": "192.0.2.1"}]}
        body.update(kw)
        return self.ok("POST", f"{self.acct}/pools", body)

    def lb(self, pool_id, name="lb.example.com", **kw):
        body = {"name": name, "default_pools": [pool_id], "fallback_pool": pool_id}
        body.update(kw)
        return self.ok("POST", f"/zones/{self.zone}/load_balancers", body)

    def app(self, **kw):
        body = {"protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
                "origin_dns": {"name": "lb.example.com"}, "origin_port": 22}
        body.update(kw)
        return self.ok("POST", f"/zones/{self.zone}/spectrum/apps", body)
