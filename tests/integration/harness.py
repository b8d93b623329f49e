# -*- coding: utf-8 -*-
"""Helpers and tutorial values shared by the integration scenarios.

Every scenario takes ``target`` (the emulator, or a live account with ``--live``; see
``tests/integration/target.py``) and builds the names of what it creates through :data:`NAMES`:
``name(text)`` for monitor descriptions and pool names, ``host(label)`` for load balancer and
Spectrum hostnames. Against the emulator they are the plain names under ``example.com``; in live
mode they carry the run's prefix and live under ``CLOUDFLARE_ZONE``, which is how cleanup finds
them (and only them).
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from tests.integration.target import mode

REPO = Path(__file__).resolve().parents[2]
NAMES = mode().names
ZONE = NAMES.zone
name = NAMES.name
host = NAMES.host
outside = NAMES.outside
variant = NAMES.variant

NS = "edgeops.cloudflare."
MONITOR_MODULE = NS + "cf_lb_monitor"
POOL_MODULE = NS + "cf_lb_pool"
LB_MODULE = NS + "cf_load_balancer"
APP_MODULE = NS + "cf_spectrum_app"
ROLE = NS + "spectrum_load_balancer"
MODULE_ACTIONS = ("cf_lb_monitor", "cf_lb_pool", "cf_load_balancer", "cf_spectrum_app")
KINDS = ("monitors", "pools", "load_balancers", "spectrum_apps")
READ_ONLY = ("id", "created_on", "modified_on")

# --------------------------------------------------------------------------- the tutorial's values

# Step 1 of Cloudflare's "Spectrum with Load Balancing" tutorial: the TCP health check.
TUTORIAL_MONITOR = {
    "description": name("Spectrum Health Check"),
    "type": "tcp",
    "port": 2048,
    "interval": 30,
    "retries": 2,
    "timeout": 5,
    "method": "connection_established",
}

# Step 2: the Spectrum application, exactly as the tutorial writes it (proxy_protocol false included).
TUTORIAL_APP = {
    "zone": ZONE,
    "dns": {"type": "CNAME", "name": host("spectrum-cname")},
    "ip_firewall": False,
    "protocol": "tcp/22",
    "proxy_protocol": False,
    "tls": "off",
    "origin_dns": {"name": host("cname-to-origin"), "ttl": 1200},
    "origin_port": 22,
}

# The tutorial's app as a Spectrum API body (what an app made outside Ansible looks like).
SPECTRUM_APP = {
    "dns": {"type": "CNAME", "name": host("spectrum-cname")},
    "protocol": "tcp/22",
    "origin_dns": {"name": host("cname-to-origin")},
    "origin_port": 22,
    "tls": "off",
    "proxy_protocol": "off",
    "ip_firewall": False,
    "traffic_type": "direct",
}

# A plain TCP check, as someone might have made it in the dashboard.
TCP_CHECK = {"description": name("tcp check"), "type": "tcp", "port": 22, "interval": 30}

# playbooks/tutorial.yml and teardown.yml, and the variables they read (playbooks/vars/tutorial.yml)
# with this run's names: pass tutorial_vars() as extra vars to every run of those playbooks.
TUTORIAL = REPO / "playbooks" / "tutorial.yml"
TEARDOWN = REPO / "playbooks" / "teardown.yml"
_FILE_VARS = yaml.safe_load((REPO / "playbooks" / "vars" / "tutorial.yml").read_text())


def _named_tutorial_vars(data):
    data = copy.deepcopy(data)
    data["spectrum_lb_zone"] = ZONE
    data["spectrum_lb_monitor"]["description"] = name(data["spectrum_lb_monitor"]["description"])
    for pool in data["spectrum_lb_pools"]:
        pool["name"] = name(pool["name"])
    for section, key in (("spectrum_lb_load_balancer", "name"), ("spectrum_lb_app", "dns_name")):
        data[section][key] = host(data[section][key].split(".", 1)[0])
    return data


TUTORIAL_VARS = _named_tutorial_vars(_FILE_VARS)


def tutorial_vars(**changes):
    """A copy of the tutorial's variables (this run's names) with ``changes`` applied."""
    data = copy.deepcopy(TUTORIAL_VARS)
    data.update(changes)
    return data


# --------------------------------------------------------------------------- tasks

def monitor_task(name="monitor", **args):
    return {"name": name, MONITOR_MODULE: args}


def pool_task(args, title="pool", **extra):
    """One cf_lb_pool task with ``args`` (a dict, so a pool ``name`` never clashes with the task's)."""
    return dict({"name": title, POOL_MODULE: dict(args)}, **extra)


def lb_task(args, title="lb", **extra):
    """One cf_load_balancer task (the target's zone unless given; None values dropped)."""
    args = dict(args)
    args.setdefault("zone", ZONE)
    return dict({"name": title, LB_MODULE: {k: v for k, v in args.items() if v is not None}}, **extra)


def app_task(name="app", **args):
    return {"name": name, APP_MODULE: args}


def module_task(module, title="task", **args):
    """One task of ``edgeops.cloudflare.<module>``."""
    return {"name": title, NS + module: args}


# --------------------------------------------------------------------------- what the target holds

def stored(target, kind):
    """Every object of ``kind`` the target holds (in live mode: this run's)."""
    return target.objects(kind)


def monitors(target):
    return stored(target, "monitors")


def pools(target):
    return stored(target, "pools")


def lbs(target):
    return stored(target, "load_balancers")


def apps(target):
    return stored(target, "spectrum_apps")


def all_objects(target):
    return {kind: stored(target, kind) for kind in KINDS}


def only(target, kind):
    objs = stored(target, kind)
    assert len(objs) == 1, objs
    return objs[0]


def without(obj, *names):
    return {k: v for k, v in obj.items() if k not in names}


# --------------------------------------------------------------------------- what the contract promises
#
# A read-back may differ from the emulator's own shapes in ways the contract allows (see the emulator's
# --read-back variant): an unset or removed optional key may be left out, null or an empty value; a
# server may fill in defaults and read-only fields (disabled_at, zone_name, ...) or leave them out. The
# scenarios assert what the user set and what a module promises, through these helpers.

def unset(value):
    """Whether a read-back value means "not set": absent (None), null, or empty."""
    return value is None or value == {} or value == [] or value == ""


def same(a, b):
    """JSON equality where 1 == 1.0 but True != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def holds(actual, wanted):
    """Whether ``actual`` holds what ``wanted`` says: every key of an object (recursively) with its value;
    keys ``wanted`` does not name (server-filled defaults, read-only fields) may be anything. A wanted
    value of None holds for an unset value (absent, null or empty)."""
    if wanted is None:
        return unset(actual)
    if isinstance(wanted, dict):
        return isinstance(actual, dict) and all(holds(actual.get(k), v) for k, v in wanted.items())
    return same(actual, wanted)


def assert_holds(actual, wanted):
    assert holds(actual, wanted), "expected %r to hold %r" % (actual, wanted)


def writable(obj):
    """``obj`` without its read-only fields and unset keys: what a client would send back."""
    return {k: v for k, v in obj.items() if k not in READ_ONLY + ("disabled_at", "zone_name") and not unset(v)}


def calls(target):
    """(method, path after /client/v4) of every API request in the log."""
    return [(r["method"], r["path"].split("/client/v4")[-1]) for r in target.log()["requests"]]


def apps_path(target):
    return "/zones/%s/spectrum/apps" % target.zone_id(ZONE)


# --------------------------------------------------------------------------- objects made outside Ansible

def make_monitor(target, body=None, **extra):
    """A monitor made outside Ansible: the tutorial's (or ``body``), with ``extra`` changes."""
    return target.create("monitors", target.account_id, dict(body or TUTORIAL_MONITOR, **extra))


def make_pool(target, label, **extra):
    """A pool named ``name(label)`` with one origin, made outside Ansible."""
    body = {"name": name(label), "origins": [{"name": label + "-origin", "address": "192.0.2.%d" % (len(label) + 1)}]}
    body.update(extra)
    return target.create("pools", target.account_id, body)


def make_app(target, **changes):
    return target.create("spectrum_apps", target.zone_id(ZONE), dict(SPECTRUM_APP, **changes))


def make_lbs(target):
    """A pool, a plain load balancer and one with custom rules, made outside Ansible."""
    pool = target.create("pools", target.account_id,
                         {"name": name("spectrum-pool"), "origins": [{"name": "o1", "address": "192.0.2.1"}]})
    plain = target.create("load_balancers", ZONE, {
        "name": host("lb"), "default_pools": [pool["id"]], "fallback_pool": pool["id"]})
    ruled = target.create("load_balancers", ZONE, {
        "name": host("rules-lb"), "default_pools": [pool["id"]], "fallback_pool": pool["id"],
        "rules": [{"name": "api", "condition": 'http.request.uri.path contains "/api"',
                   "overrides": {"ttl": 30}}]})
    return plain, ruled


# --------------------------------------------------------------------------- runs and assertions

def changed_modules(run):
    """Which module tasks reported a change (loop items count once per module), in order."""
    names = []
    for record in run.results:
        action = record["action"].split(".")[-1]
        if action in MODULE_ACTIONS and record["status"] == "changed" and action not in names:
            names.append(action)
    return names


def changed_module_tasks(run):
    """The module of every task result that reported a change (loop items each count)."""
    return [r["action"].split(".")[-1] for r in run.results
            if r["action"].split(".")[-1] in MODULE_ACTIONS and r["status"] == "changed"]


def assert_each_fails_naming(run, target, cases):
    """Every ``bad N`` task of ``run`` failed with a message naming its option, and none reached the API.

    ``cases`` is the test's list of ``(module args, text the error must contain)``.
    """
    assert len(run.results) == len(cases), run
    for index, (args, option) in enumerate(cases):
        record = run.task("bad %d" % index)
        assert record["status"] == "failed", (args, record)
        assert option in record["result"]["msg"], (option, record["result"]["msg"])
    assert target.log()["requests"] == [], "bad input reached the API"
