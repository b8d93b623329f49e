# -*- coding: utf-8 -*-
# Copyright: (c) 2026, edgeops engineering
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils.account_setup: API objects as module options, plans made by the modules' own resources, reports."""

from __future__ import annotations

import copy

import yaml

from ansible_collections.edgeops.cloudflare.plugins.plugin_utils import account_setup as setup
from ansible_collections.edgeops.cloudflare.plugins.modules import cf_object

ACCOUNT = "0123456789abcdef0123456789abcdef"
ZONE_ID = "fedcba9876543210fedcba9876543210"
IDS = dict((name, "%032x" % (index + 1)) for index, name in enumerate(
    ("web", "ssh", "ssh2", "pool", "other", "lb", "app", "group", "old")))


def monitor(name, **fields):
    obj = {"id": IDS[name], "created_on": "2026-01-01T00:00:00Z", "modified_on": "2026-01-01T00:00:00Z",
           "type": "http", "description": "", "method": "GET", "path": "/", "header": {}, "port": 0, "timeout": 5,
           "retries": 2, "interval": 60, "expected_codes": "200", "expected_body": "", "follow_redirects": False,
           "allow_insecure": False, "probe_zone": "", "consecutive_up": 0, "consecutive_down": 0}
    obj.update(fields)
    return obj


def pool(name="pool", **fields):
    obj = {"id": IDS[name], "name": name, "description": "", "enabled": True, "minimum_origins": 1,
           "monitor": None, "check_regions": None, "notification_email": "",
           "notification_filter": {"origin": {"disable": False, "healthy": None},
                                   "pool": {"disable": False, "healthy": None}},
           "origin_steering": {"policy": "random"},
           "load_shedding": {"default_percent": 0, "default_policy": "random", "session_percent": 0,
                             "session_policy": "hash"},
           "origins": [{"name": "b", "address": "192.0.2.2", "enabled": True, "weight": 1, "port": 0,
                        "flatten_cname": True},
                       {"name": "a", "address": "192.0.2.1", "enabled": False, "weight": 0.5, "port": 0,
                        "flatten_cname": True, "disabled_at": "2026-01-01T00:00:00Z"}],
           "networks": ["cloudflare"], "disabled_at": None}
    obj.update(fields)
    return obj


def load_balancer(**fields):
    obj = {"id": IDS["lb"], "name": "lb.example.com", "description": "", "enabled": True, "ttl": 30, "proxied": False,
           "fallback_pool": IDS["pool"], "default_pools": [IDS["pool"]], "region_pools": {}, "country_pools": {},
           "pop_pools": {}, "steering_policy": "", "random_steering": {"default_weight": 1},
           "adaptive_routing": {"failover_across_pools": False},
           "location_strategy": {"mode": "pop", "prefer_ecs": "proximity"}, "session_affinity": "none",
           "session_affinity_attributes": {"samesite": "Auto", "secure": "Auto", "drain_duration": 0,
                                           "zero_downtime_failover": "none"},
           "rules": [], "zone_name": "example.com"}
    obj.update(fields)
    return obj


def app(**fields):
    obj = {"id": IDS["app"], "protocol": "tcp/22", "dns": {"type": "CNAME", "name": "ssh.example.com"},
           "origin_dns": {"name": "lb.example.com", "type": ""}, "origin_port": 22, "ip_firewall": False,
           "proxy_protocol": "off", "tls": "off", "traffic_type": "direct",
           "edge_ips": {"type": "dynamic", "connectivity": "all"}, "argo_smart_routing": False}
    obj.update(fields)
    return obj


def snapshot(**changes):
    data = {"account_id": ACCOUNT, "zones": [{"id": ZONE_ID, "name": "example.com"}],
            "monitors": [monitor("web", description="web", type="https", header={"Authorization": ["Bearer x"]}),
                         monitor("ssh", description="ssh", type="tcp", port=22, method="connection_established"),
                         monitor("ssh2", description="ssh", type="tcp", port=23, method="connection_established")],
            "monitor_groups": [],
            "pools": [pool(monitor=IDS["web"])],
            "load_balancers": {ZONE_ID: [load_balancer()]},
            "spectrum_apps": {ZONE_ID: [app()]},
            "unreadable": []}
    data.update(changes)
    return data


def kind(name):
    return setup.BY_NAME[name]


# -- API objects as options ---------------------------------------------------------------------------------------
def test_the_kinds_are_the_modules_in_apply_order_and_cf_object_documents_each():
    assert [k.name for k in setup.KINDS] == ["monitor", "monitor_group", "pool", "load_balancer", "spectrum_app"]
    docs = yaml.safe_load(cf_object.DOCUMENTATION)
    assert docs["options"]["kind"]["choices"] == [k.name for k in setup.KINDS]


def test_options_leave_out_defaults_read_only_fields_and_unset_values():
    options = setup.to_options(kind("pool"), pool(monitor=IDS["web"], check_regions=["WEU", "ENAM"]))
    assert options == {
        "name": "pool",
        "origins": [{"name": "a", "address": "192.0.2.1", "enabled": False, "weight": 0.5},
                    {"name": "b", "address": "192.0.2.2"}],
        "monitor": IDS["web"], "networks": ["cloudflare"], "check_regions": ["ENAM", "WEU"]}


def test_a_monitor_s_defaults_are_those_of_its_type():
    tcp = setup.to_options(kind("monitor"), monitor("ssh", description="ssh", type="tcp", port=22,
                                                    method="connection_established", expected_codes=""))
    assert tcp == {"description": "ssh", "type": "tcp", "port": 22}
    head = setup.to_options(kind("monitor"), monitor("web", description="web", method="HEAD"))
    assert head == {"description": "web", "method": "HEAD", "expected_codes": "200"}


def test_a_required_suboption_stays_and_a_whole_default_goes():
    options = setup.to_options(kind("spectrum_app"), app(edge_ips={"type": "dynamic", "connectivity": "ipv4"}))
    assert options["edge_ips"] == {"type": "dynamic", "connectivity": "ipv4"}
    assert "edge_ips" not in setup.to_options(kind("spectrum_app"), app())
    assert setup.to_options(kind("spectrum_app"), app())["origin_dns"] == {"name": "lb.example.com"}


def test_rules_keep_their_order_and_lose_their_defaults():
    rules = [{"name": "z", "condition": "true", "disabled": False, "priority": 0, "terminates": False,
              "overrides": {"ttl": 5}},
             {"name": "a", "condition": "", "disabled": False, "priority": 0, "terminates": True,
              "fixed_response": {"status_code": 503}}]
    options = setup.to_options(kind("load_balancer"), load_balancer(rules=rules))
    assert options["rules"] == [{"name": "z", "condition": "true", "overrides": {"ttl": 5}},
                                {"name": "a", "terminates": True, "fixed_response": {"status_code": 503}}]


def test_a_monitor_group_member_names_its_monitor_as_the_module_does():
    assert setup.api_paths(kind("monitor_group")) == {("members", "monitor"): "monitor_id"}
    group = {"id": IDS["group"], "description": "g", "created_on": "x", "modified_on": "x",
             "members": [{"monitor_id": IDS["web"], "enabled": True, "monitoring_only": False,
                          "must_be_healthy": True, "created_at": "x", "updated_at": "x"}]}
    assert setup.to_options(kind("monitor_group"), group) == {
        "description": "g", "members": [{"monitor": IDS["web"], "must_be_healthy": True}]}


def test_a_new_module_option_flows_through(monkeypatch):
    spec = dict(setup.BY_NAME["load_balancer"].spec, shiny=dict(type="dict", options=dict(level=dict(type="int"))))
    monkeypatch.setattr(setup.BY_NAME["load_balancer"], "spec", spec)
    assert setup.to_options(kind("load_balancer"), load_balancer(shiny={"level": 3, "extra": 1}))["shiny"] == {
        "level": 3}


def test_references_become_names_only_where_unique():
    names = setup.names_by_id(snapshot())
    assert names == {IDS["web"]: "web", IDS["pool"]: "pool"}  # "ssh" is two monitors


# -- export --------------------------------------------------------------------------------------------------------
def test_the_export_applies_unchanged_and_keeps_credentials_apart():
    export = setup.export_setup(snapshot())
    assert export["problems"] == []
    monitors = export["account"]["cloudflare_lb_monitors"]
    assert [m.get("monitor_id") for m in monitors] == [IDS["ssh"], IDS["ssh2"], None]
    assert monitors[2]["header"] == {"Authorization": ["{{ cloudflare_lb_secrets['web_authorization'] }}"]}
    assert "expected_codes" not in monitors[0]  # an HTTP field the API holds for a TCP monitor: not the module's
    assert export["secrets"] == {"cloudflare_lb_secrets": {"web_authorization": "Bearer x"}}
    assert export["account"]["cloudflare_lb_pools"][0]["monitor"] == "web"
    assert export["host_vars"]["example.com"]["cloudflare_load_balancers"] == [
        {"name": "lb.example.com", "ttl": 30, "default_pools": ["pool"], "fallback_pool": "pool"}]
    assert export["hosts"] == {"example.com": {"cloudflare_zone": "example.com", "cloudflare_zone_id": ZONE_ID}}
    files = setup.inventory_files(export)
    assert "Bearer x" not in "".join(files["files"].values())
    assert "Bearer x" in files["secrets"]["group_vars/all/cloudflare_secrets.yml"]


def test_an_object_that_would_not_apply_unchanged_is_named(monkeypatch):
    monkeypatch.setattr(setup, "to_options", lambda k, obj: {"name": obj["name"], "origins": [
        {"name": "x", "address": "192.0.2.9"}]} if k.name == "pool" else {"description": obj.get("description")})
    problems = setup.export_setup(snapshot(monitors=[], load_balancers={}, spectrum_apps={}))["problems"]
    assert problems == ["pool 'pool' (id %s) does not export exactly: would change origins" % IDS["pool"]]


def test_unreadable_kinds_and_empty_zones_stay_out():
    data = snapshot(spectrum_apps={}, load_balancers={ZONE_ID: []})
    del data["monitor_groups"]
    export = setup.export_setup(data)
    assert "cloudflare_lb_monitor_groups" not in export["account"] and export["hosts"] == {}
    export = setup.export_setup(data, zones=["example.com"])
    assert export["host_vars"] == {"example.com": {"cloudflare_load_balancers": []}}


def test_files_are_yaml_with_unsafe_strings_tagged():
    text = setup.to_yaml({"items": [{"a": "{{ not a template }}", "b": "{{ cloudflare_lb_secrets['1st_x'] }}"}]})
    assert text == "items:\n  - a: !unsafe '{{ not a template }}'\n    b: '{{ cloudflare_lb_secrets[''1st_x''] }}'\n"


# -- plans ---------------------------------------------------------------------------------------------------------
def exported():
    """The export, its credentials put back where the inventory refers to them (as Ansible templates them)."""
    export = setup.export_setup(snapshot())
    secrets = export["secrets"]["cloudflare_lb_secrets"]
    for item in export["account"]["cloudflare_lb_monitors"]:
        for name, values in (item.get("header") or {}).items():
            item["header"][name] = [secrets[v.split("'")[1]] if "{{" in v else v for v in values]
    return export


def test_an_exported_account_plans_as_unchanged():
    plan = setup.plan_account(exported()["account"], snapshot(), prune=True)
    assert plan["problems"] == [] and plan["ensure"] == {"monitor": [], "monitor_group": [], "pool": []}
    assert plan["unchanged"] == {"monitor": 3, "monitor_group": 0, "pool": 1}
    assert plan["prune"] == {"monitor": [], "monitor_group": [], "pool": []}


def test_a_changed_item_is_planned_by_index_never_by_value():
    account = copy.deepcopy(exported()["account"])
    account["cloudflare_lb_monitors"][2]["interval"] = 30
    account["cloudflare_lb_pools"].append({"name": "new", "origins": [{"name": "o", "address": "192.0.2.5"}],
                                           "monitor": "brand new"})
    account["cloudflare_lb_monitors"].append({"description": "brand new", "type": "icmp_ping"})
    plan = setup.plan_account(account, snapshot())
    assert plan["problems"] == []
    updated = plan["ensure"]["monitor"][0]
    assert updated["index"] == 2 and updated["action"] == "update" and updated["secret"] and "options" not in updated
    assert [(e["label"], e["action"]) for e in plan["ensure"]["monitor"]] == [
        ("monitor 'web'", "update"), ("monitor 'brand new'", "create")]
    assert [(e["label"], e["action"], e["secret"]) for e in plan["ensure"]["pool"]] == [("pool 'new'", "create", False)]


def test_problems_name_the_variable_the_item_and_the_option():
    account = {"cloudflare_lb_pools": [{"name": "p", "origins": [{"name": "o", "address": "192.0.2.1",
                                                                  "weight": "heavy"}]},
                                       {"name": "q", "monitor": "nowhere",
                                        "origins": [{"name": "o", "address": "192.0.2.1"}]},
                                       {"name": "pool"}, {"pool_id": IDS["pool"]}],
               "cloudflare_lb_monitors": "oops"}
    problems = setup.plan_account(account, snapshot())["problems"]
    assert problems[0] == "cloudflare_lb_monitors must be a list of cf_lb_monitor options, got str."
    assert problems[1].startswith("cloudflare_lb_pools[0] (p): argument 'weight' is of type")
    assert problems[2] == ("cloudflare_lb_pools[1] (q): monitor: monitor 'nowhere' exists neither in the inventory "
                           "nor in account %s." % ACCOUNT)
    assert problems[3] == "cloudflare_lb_pools[3] (%s) names the same pool as cloudflare_lb_pools[2] (pool); list " \
                          "each object once." % IDS["pool"]


def test_another_account_is_refused():
    plan = setup.plan_account({"cloudflare_account_id": "f" * 32}, snapshot())
    assert "this inventory describes another account" in plan["problems"][0]


def test_prune_lists_what_no_item_names_and_only_for_listed_kinds():
    account = copy.deepcopy(exported()["account"])
    account["cloudflare_lb_monitors"] = account["cloudflare_lb_monitors"][:2]
    del account["cloudflare_lb_pools"]
    plan = setup.plan_account(account, snapshot(), prune=True)
    assert [(e["id"], e["options"]) for e in plan["prune"]["monitor"]] == [
        (IDS["web"], {"monitor_id": IDS["web"], "state": "absent", "in_use": "keep"})]
    assert plan["in_scope"] == ["monitor", "monitor_group"] and plan["prune"]["pool"] == []
    assert setup.plan_account(account, snapshot(), prune=False)["prune"]["monitor"] == []


def test_a_zone_plans_against_the_account_s_pools_and_prunes_by_id():
    zone = copy.deepcopy(exported()["host_vars"]["example.com"])
    account = {"account_id": ACCOUNT, "pools": snapshot()["pools"]}
    where = {"name": "example.com", "id": ZONE_ID}
    plan = setup.plan_zone(zone, where, snapshot(), account, prune=True)
    assert plan["problems"] == [] and plan["unchanged"] == {"load_balancer": 1, "spectrum_app": 1}
    zone["cloudflare_load_balancers"][0]["default_pools"] = ["fresh"]
    zone["cloudflare_spectrum_apps"] = []
    plan = setup.plan_zone(dict(zone, cloudflare_lb_pools=[{"name": "fresh"}]), where, snapshot(), account,
                           prune=True)
    assert plan["problems"] == []
    assert [(e["action"], e["scope"]) for e in plan["ensure"]["load_balancer"]] == [("update", {"zone_id": ZONE_ID})]
    assert plan["prune"]["spectrum_app"][0]["options"] == {"app_id": IDS["app"], "state": "absent",
                                                           "zone_id": ZONE_ID}
    plan = setup.plan_zone(zone, where, snapshot(), account)
    assert plan["problems"] == ["cloudflare_load_balancers[0] (lb.example.com): default_pools: pool 'fresh' exists "
                                "neither in the inventory nor in account %s." % ACCOUNT]


def test_a_plan_the_snapshot_cannot_tell_runs_the_module():
    data = snapshot()
    del data["spectrum_apps"]
    plan = setup.plan_zone({"cloudflare_spectrum_apps": [{"dns": {"name": "ssh.example.com"}, "protocol": "tcp/22"}]},
                           {"name": "example.com", "id": ZONE_ID}, data, {"account_id": ACCOUNT, "pools": []},
                           prune=True)
    assert [e["action"] for e in plan["ensure"]["spectrum_app"]] == ["run"] and plan["prune"]["spectrum_app"] == []


def test_a_credential_header_makes_its_task_quiet():
    assert setup.carries_secret({"header": {"X-Auth-Key": ["k"]}})
    assert not setup.carries_secret({"header": {"Host": ["h"]}, "origins": [{"header": {"Host": ["h"]}}]})


# -- what a run did ------------------------------------------------------------------------------------------------
def test_removed_referrers_are_what_the_run_deleted_or_wrote_without_a_reference():
    objects = [{"id": "lb1", "default_pools": ["p1"]}, {"id": "lb2", "default_pools": ["p2"]}]
    assert setup.removed_referrers("p1", objects, ["lb9"]) == ["lb9", "lb2"]


def test_reports_count_outcomes_and_the_summary_puts_them_together():
    ensure = {"results": [
        {"item": {"kind": "pool", "action": "create", "label": "pool 'a'"}, "changed": True,
         "pool": {"id": "p1", "origins": [{"header": {"Host": ["h"]}}]}, "api_waited": 1.5},
        {"item": {"kind": "pool", "action": "update", "label": "pool 'b'"}, "changed": False},
        {"item": {"kind": "monitor", "action": "update", "label": "monitor 'm'"}, "failed": True,
         "msg": "Failed to update"}]}
    prune = {"results": [
        {"item": {"kind": "monitor", "label": "monitor 'x'"}, "changed": True, "removed": {"id": "m9"}},
        {"item": {"kind": "pool", "label": "pool 'c'"}, "changed": False, "kept": True,
         "referenced_by": [{"resource_name": "lb.example.com"}]},
        {"item": {"kind": "pool"}, "skipped": True}]}
    rep = setup.report([ensure, prune, None], plan={"unchanged": {"pool": 2}, "in_scope": ["monitor", "pool"]})
    assert rep["kinds"]["pool"] == {"created": 1, "updated": 0, "deleted": 0, "kept": 1, "unchanged": 3, "failed": 0}
    assert rep["kinds"]["monitor"]["failed"] == 1 and rep["removed"] == ["m9"] and rep["changes"] == 2
    assert rep["objects"] == {"pool": [{"id": "p1", "origins": [{}]}]} and rep["waited"] == 1.5
    failure = {"task": "Create", "result": {"results": [{"failed": True, "msg": "boom",
                                                         "item": {"label": "pool 'z'"}}]}}
    zone = setup.report([], plan={"unchanged": {"load_balancer": 1}, "in_scope": ["load_balancer"]}, failure=failure)
    assert zone["error"] == "Create: pool 'z': boom"
    result = setup.summary([{"name": "account 1", "scope": "account", "report": rep},
                            {"name": "a.example", "scope": "zone", "report": zone},
                            {"name": "b.example", "scope": "zone", "report": None}], check_mode=True)
    assert result["lines"][0] == ("account 1  failed     monitors 1 deleted, 1 failed; monitor groups not listed; "
                                  "pools 1 created, 1 kept, 3 unchanged; kept pool 'c' (used by lb.example.com); "
                                  "waited 1.5 s")
    assert result["lines"][1].endswith("load balancers 1 unchanged; Spectrum apps not listed; FAILED at Create: "
                                       "pool 'z': boom")
    assert result["lines"][2].endswith("FAILED at did not run")
    assert result["lines"][-1] == ("2 zones: 0 changed, 0 unchanged, 2 failed (a.example, b.example); 2 changes in "
                                   "all, predicted in check mode (account failed); tasks waited 1.5 s in all for the "
                                   "API's request budget")
    assert result["failed"] == ["account 1", "a.example", "b.example"]


def test_prune_tells_apps_on_one_hostname_apart_by_protocol():
    other = app(id="a" * 32, protocol="tcp/80", origin_port=80)
    data = snapshot()
    data["spectrum_apps"] = {ZONE_ID: [app(), other]}
    zone = {"cloudflare_spectrum_apps": [{"dns": {"name": "ssh.example.com"}, "protocol": "tcp/22",
                                          "origin_dns": {"name": "lb.example.com"}, "origin_port": 22}]}
    plan = setup.plan_zone(zone, {"name": "example.com", "id": ZONE_ID}, data, {"account_id": ACCOUNT, "pools": []},
                           prune=True)
    assert plan["problems"] == []
    assert [e["id"] for e in plan["prune"]["spectrum_app"]] == [other["id"]]
    # an item that cannot tell them apart (no protocol) claims both: nothing is pruned
    del zone["cloudflare_spectrum_apps"][0]["protocol"]
    plan = setup.plan_zone(zone, {"name": "example.com", "id": ZONE_ID}, data, {"account_id": ACCOUNT, "pools": []},
                           prune=True)
    assert plan["prune"]["spectrum_app"] == []
