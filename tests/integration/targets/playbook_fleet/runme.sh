#!/usr/bin/env bash
# playbooks/fleet.yml with its example inventory (playbooks/inventory/fleet: example.com and example.net
# share one monitor and one pool, example.org and example.info have their own), as README.md "Fleets"
# runs it: check mode (predicts, writes nothing), the rollout, a second run that changes nothing and only
# reads, example.com leaving alone (its shared pool and monitor kept for example.net; check mode first),
# the rest leaving in one run with forks (check mode first; the shared objects go with their last user),
# and nothing left. (A second teardown that changes nothing is playbook_tutorial's: the same role.) verify.yml reads each zone's objects back through the info modules once, after the rollout;
# the other steps check the emulator's log (no write) and its object count (nothing left).
#
# The inventory's zones are example.* zones: this target needs the emulator (it adds the zones it lacks)
# and does nothing against a real account.
set -euxo pipefail

source ../setup_emulator/files/cloudflare_env.sh
source ../setup_playbooks/files/playbook_helpers.sh
use_fleet_inventory playbook_fleet "the example inventory's zones exist only in the emulator"

# fleet LOG [ARGS...]: run fleet.yml on the example inventory, log in $logs/LOG.
fleet() {
    local log=$logs/$1
    shift
    ansible-playbook -i "$inventory" edgeops.cloudflare.fleet "$@" 2>&1 | tee "$log"
}
# zones_recap LOG COUNTER=VALUE...: every zone's PLAY RECAP line has each COUNTER=VALUE.
zones_recap() {
    local log=$1 zone
    shift
    for zone in "${zones[@]}"; do
        recap "$log" "$zone" "$@"
    done
    recap "$log" localhost failed=0
}
# summary LOG TEXT: the rollout summary's last line in LOG starts with TEXT.
summary() {
    grep -F "\"$2" "$1"
}
verify() {
    ansible-playbook -i "$inventory" verify.yml -e "verify_state=$1"
}

# 1. Check mode: every zone predicts its four objects (the two zones that share a monitor and a pool both
#    predict creating them, as neither exists yet), and nothing is written.
emulator_clear_log
fleet fleet-check.log --forks 4 --check
zones_recap "$logs/fleet-check.log" changed=4 failed=0
summary "$logs/fleet-check.log" "4 zones: 4 changed (16 changes, predicted in check mode), 0 unchanged, 0 failed;"
[[ $(emulator_writes) == 0 ]]
[[ $(emulator_objects) == 0 ]]

# 2. The rollout: 4 load balancers, 4 apps, 3 monitors and 3 pools (one of each shared by two zones).
fleet fleet-1.log --forks 4
zones_recap "$logs/fleet-1.log" failed=0
summary "$logs/fleet-1.log" "4 zones: 4 changed (14 changes), 0 unchanged, 0 failed;"
verify present

# 3. The second run changes nothing and only reads.
emulator_clear_log
fleet fleet-2.log --forks 4
zones_recap "$logs/fleet-2.log" changed=0 failed=0
summary "$logs/fleet-2.log" "4 zones: 0 changed (0 changes), 4 unchanged, 0 failed;"
[[ $(emulator_writes) == 0 ]]

# 4. example.com leaves the fleet alone (--limit): its app and load balancer go; the monitor and the pool it
#    shares with example.net stay, reported as kept and naming their user. Check mode predicts exactly that.
emulator_clear_log
fleet fleet-leave-check.log --limit example.com,localhost -e fleet_state=absent --check
recap "$logs/fleet-leave-check.log" example.com changed=2 failed=0
grep -F "kept pool 'spectrum-shared-primary' (used by load_balancer lb.example.net)" "$logs/fleet-leave-check.log"
summary "$logs/fleet-leave-check.log" "1 zone: 1 changed (2 changes, predicted in check mode), 0 unchanged, 0 failed;"
[[ $(emulator_writes) == 0 ]]
fleet fleet-leave.log --limit example.com,localhost -e fleet_state=absent
recap "$logs/fleet-leave.log" example.com changed=2 failed=0
same_changes "$logs/fleet-leave-check.log" "$logs/fleet-leave.log" example.com
grep -F "kept pool 'spectrum-shared-primary' (used by load_balancer lb.example.net)" "$logs/fleet-leave.log"
grep -F "kept monitor 'Spectrum Health Check (shared)' (used by pool spectrum-shared-primary)" "$logs/fleet-leave.log"
[[ $(emulator_writes) == 2 ]]
[[ $(emulator_objects) == 12 ]]

# 5. The rest of the fleet leaves in one run, with forks: the shared pool and monitor go with their last
#    user (once, by the first zone in play order that names them), and nothing is left. Check mode first:
#    every delete predicted, nothing written.
emulator_clear_log
fleet fleet-absent-check.log --forks 4 -e fleet_state=absent --check
zones_recap "$logs/fleet-absent-check.log" failed=0
[[ $(emulator_writes) == 0 ]]
fleet fleet-absent-1.log --forks 4 -e fleet_state=absent
zones_recap "$logs/fleet-absent-1.log" failed=0
# example.com (first in play order) removes the pool and monitor it shares with example.net; example.net skips
# them: the plan and the run agree zone by zone, and each shared object is deleted once.
same_changes "$logs/fleet-absent-check.log" "$logs/fleet-absent-1.log" "${zones[@]}"
recap "$logs/fleet-absent-1.log" example.com changed=2
recap "$logs/fleet-absent-1.log" example.net changed=2
[[ $(emulator_writes) == 12 ]]
summary "$logs/fleet-absent-1.log" "4 zones: 4 changed (12 changes), 0 unchanged, 0 failed;"
[[ $(emulator_objects) == 0 ]]

# The collection's playbooks ran without a deprecation warning.
no_deprecations "$logs"/*.log
