#!/usr/bin/env python
"""Print what exists in the account and zone, read through the public API (make demo).

    demo_summary.py            print the setup; exit 1 if any of the four objects is missing
    demo_summary.py --empty    exit 1 unless nothing is left (after teardown)
"""

from __future__ import annotations

import os
import sys

import requests


def main():
    base = os.environ["CLOUDFLARE_BASE_URL"].rstrip("/")
    account = os.environ["CLOUDFLARE_ACCOUNT_ID"]
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + os.environ["CLOUDFLARE_API_TOKEN"]

    def get(path, **params):
        body = session.get(base + path, params=params or None, timeout=10).json()
        if not body.get("success"):
            raise SystemExit("GET %s failed: %s" % (path, body.get("errors")))
        return body["result"]

    monitors = get("/accounts/%s/load_balancers/monitors" % account)
    pools = get("/accounts/%s/load_balancers/pools" % account)
    zone = get("/zones", name="example.com")[0]
    lbs = get("/zones/%s/load_balancers" % zone["id"])
    apps = get("/zones/%s/spectrum/apps" % zone["id"], page=1, per_page=100)
    if "--empty" in sys.argv:
        left = len(monitors) + len(pools) + len(lbs) + len(apps)
        print("    left after teardown: %d monitors, %d pools, %d load balancers, %d Spectrum apps"
              % (len(monitors), len(pools), len(lbs), len(apps)))
        return 1 if left else 0

    names = dict((p["id"], p["name"]) for p in pools)
    for m in monitors:
        print("    monitor       %r: %s port %s every %ss, %s retries, timeout %ss"
              % (m["description"], m["type"], m["port"], m["interval"], m["retries"], m["timeout"]))
    for p in pools:
        origins = ", ".join("%s %s weight %s" % (o["name"], o["address"], o["weight"]) for o in p["origins"])
        print("    pool          %s (monitor %s): %s" % (p["name"], "yes" if p.get("monitor") else "none", origins))
    for lb in lbs:
        print("    load balancer %s: steering %r, pools %s, fallback %s"
              % (lb["name"], lb["steering_policy"], [names.get(i, i) for i in lb["default_pools"]],
                 names.get(lb["fallback_pool"], lb["fallback_pool"])))
    for app in apps:
        print("    spectrum app  %s %s -> origin %s:%s (tls %s, proxy_protocol %s)"
              % (app["dns"]["name"], app["protocol"], app["origin_dns"]["name"], app["origin_port"],
                 app["tls"], app["proxy_protocol"]))
    lb_names = set(lb["name"] for lb in lbs)
    ok = monitors and pools and lbs and apps and all(a["origin_dns"]["name"] in lb_names for a in apps)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
