#!/usr/bin/env bash
# playbooks/tutorial.yml and playbooks/teardown.yml as users run them, by their FQCNs: check mode on an
# empty account (predicts the four objects, writes nothing), create, a second run that reports changed=0
# and only reads, the teardown's plan (check mode predicts all four deletes, writes nothing), teardown,
# a second teardown that reports changed=0, and nothing left (verify.yml reads
# what exists through the info modules). Against the emulator's example.com the playbooks run with their
# own vars/tutorial.yml; against another zone (a real account) the same values get this run's names and
# CF_IT_ZONE, as extra vars.
#
set -euxo pipefail

source ../setup_emulator/files/cloudflare_env.sh
source ../setup_playbooks/files/playbook_helpers.sh
cf_it_reset

tutorial_vars=$collection/playbooks/vars/tutorial.yml

# Extra vars for the playbooks: none on the emulator's example.com (the zone of vars/tutorial.yml);
# elsewhere the tutorial's values in CF_IT_ZONE with every name prefixed, so that a real account's other
# objects are never touched.
extra=()
if [[ -z $CF_IT_EMULATOR_URL || $CF_IT_ZONE != example.com ]]; then
    prefix=it
    [[ -n $CF_IT_EMULATOR_URL ]] || prefix=edgeops-it-$(date +%s)
    "$pb_python" - "$tutorial_vars" "$CF_IT_ZONE" "$prefix" >"$logs/tutorial-names.yml" <<'PY'
import sys

import yaml

path, zone, prefix = sys.argv[1:4]
with open(path, encoding="utf-8") as handle:
    values = yaml.safe_load(handle)
suffix = "." + values["spectrum_lb_zone"]


def in_zone(name):
    """lb.example.com -> lb-PREFIX.ZONE"""
    return "%s-%s.%s" % (name[: -len(suffix)] if name.endswith(suffix) else name, prefix, zone)


values["spectrum_lb_zone"] = zone
values["spectrum_lb_monitor"]["description"] = "%s %s" % (prefix, values["spectrum_lb_monitor"]["description"])
for pool in values["spectrum_lb_pools"]:
    pool["name"] = "%s-%s" % (prefix, pool["name"])
values["spectrum_lb_load_balancer"]["name"] = in_zone(values["spectrum_lb_load_balancer"]["name"])
values["spectrum_lb_app"]["dns_name"] = in_zone(values["spectrum_lb_app"]["dns_name"])
yaml.safe_dump(values, sys.stdout, default_flow_style=False)
PY
    extra=(-e "@$logs/tutorial-names.yml")
fi

# verify STATE: verify.yml asserts what exists (present or absent), with the names the playbooks used.
verify() {
    ansible-playbook verify.yml -e "@$tutorial_vars" "${extra[@]}" -e "verify_state=$1"
}

# 1. Check mode on the empty account: every object predicted, nothing written.
emulator_clear_log
ansible-playbook edgeops.cloudflare.tutorial --check --diff "${extra[@]}" 2>&1 | tee "$logs/tutorial-check.log"
recap "$logs/tutorial-check.log" localhost changed=4 failed=0
[[ $(emulator_writes) == 0 ]]
verify absent

# 2. Create.
ansible-playbook edgeops.cloudflare.tutorial "${extra[@]}" 2>&1 | tee "$logs/tutorial-1.log"
recap "$logs/tutorial-1.log" localhost changed=4 failed=0
verify present

# 3. The second run changes nothing and only reads.
emulator_clear_log
ansible-playbook edgeops.cloudflare.tutorial "${extra[@]}" 2>&1 | tee "$logs/tutorial-2.log"
recap "$logs/tutorial-2.log" localhost changed=0 failed=0
[[ $(emulator_writes) == 0 ]]
verify present

# 4. The plan of the teardown (check mode, with diff): it predicts removing the four objects - the pool and
#    the monitor too, although the load balancer and the pool that use them are only predicted gone - and
#    writes nothing.
emulator_clear_log
ansible-playbook edgeops.cloudflare.teardown --check --diff "${extra[@]}" 2>&1 | tee "$logs/teardown-check.log"
recap "$logs/teardown-check.log" localhost changed=4 failed=0
[[ $(emulator_writes) == 0 ]]
verify present

# 5. Teardown does what the plan said (the same four tasks changed) and leaves nothing; a second teardown
#    changes nothing and only reads.
ansible-playbook edgeops.cloudflare.teardown "${extra[@]}" 2>&1 | tee "$logs/teardown-1.log"
recap "$logs/teardown-1.log" localhost changed=4 failed=0
[[ $(grep -c '^changed: ' "$logs/teardown-1.log") == $(grep -c '^changed: ' "$logs/teardown-check.log") ]]
verify absent
emulator_clear_log
ansible-playbook edgeops.cloudflare.teardown "${extra[@]}" 2>&1 | tee "$logs/teardown-2.log"
recap "$logs/teardown-2.log" localhost changed=0 failed=0
[[ $(emulator_writes) == 0 ]]

# The collection's playbooks ran without a deprecation warning.
no_deprecations "$logs"/*.log
