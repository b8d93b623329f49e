#!/usr/bin/env bash
# playbooks/health.yml on the fleet's example inventory (playbooks/inventory/fleet), after fleet.yml rolled
# it out: the table of each zone's pools and the origins that are down, reading only; an origin the
# emulator marks down shows in every zone whose pool has it, and fails the run only with
# health_fail_on_unhealthy=true; once the fleet is torn down (fleet_state=absent) every pool is "not
# found", which also fails the run only when asked.
#
# The inventory's zones are example.* zones and origins are marked down through the emulator: this target
# needs the emulator and does nothing against a real account.
set -euxo pipefail

source ../setup_emulator/files/cloudflare_env.sh
source ../setup_playbooks/files/playbook_helpers.sh
use_fleet_inventory playbook_health "the example inventory's zones and marking origins down exist only in the emulator"
# origin-2 of the shared pool (example.com, example.net) and of example.info's own pool
down=192.0.2.20

# health LOG [ARGS...]: run health.yml on the example inventory, log in $logs/LOG.
health() {
    local log=$logs/$1
    shift
    ansible-playbook -i "$inventory" edgeops.cloudflare.health --forks 4 "$@" 2>&1 | tee "$log"
}
# row LOG ZONE POOL STATE ORIGINS DOWN ADDRESSES: the health table in LOG has this row.
row() {
    local log=$1
    shift
    grep -E "\"${1//./\\.} +$2 +$3 +$4 +$5 +${6//./\\.}\"" "$log"
}
# has LOG TEXT: LOG holds TEXT.
has() {
    grep -F "$2" "$1"
}

# The fleet to look at: fleet.yml's rollout of the example inventory.
ansible-playbook -i "$inventory" edgeops.cloudflare.fleet --forks 4 2>&1 | tee "$logs/fleet.log"
recap "$logs/fleet.log" localhost failed=0

# 1. Every origin is up: one row per zone's pool (the shared pool in both of its zones), nothing down,
#    only reads.
emulator_clear_log
health health-up.log
has "$logs/health-up.log" "totals: 4 zones (0 not read), 4 pools (0 not found), 7 origins, 0 down"
row "$logs/health-up.log" example.com spectrum-shared-primary ok 2 0 -
row "$logs/health-up.log" example.org example-org-primary ok 1 0 -
[[ $(emulator_writes) == 0 ]]

# 2. One origin down: it shows in the three zones whose pools have it; the run still passes, only reads.
emulator POST /__emulator__/origin_health "{\"unhealthy\": [\"$down\"]}"
emulator_clear_log
health health-down.log
has "$logs/health-down.log" "totals: 4 zones (0 not read), 4 pools (0 not found), 7 origins, 3 down"
row "$logs/health-down.log" example.com spectrum-shared-primary down 2 1 "$down"
row "$logs/health-down.log" example.net spectrum-shared-primary down 2 1 "$down"
row "$logs/health-down.log" example.info example-info-primary down 2 1 "$down"
row "$logs/health-down.log" example.org example-org-primary ok 1 0 -
[[ $(emulator_writes) == 0 ]]

# 3. health_fail_on_unhealthy=true turns the down origin into a failed run, whose output names it.
if health health-down-fail.log -e health_fail_on_unhealthy=true; then
    echo "health.yml passed with an origin down and health_fail_on_unhealthy=true" >&2
    exit 1
fi
has "$logs/health-down-fail.log" "3 origin(s) down and 0 pool(s) not found in 4 zone(s)"
row "$logs/health-down-fail.log" example.info example-info-primary down 2 1 "$down"

# 4. The origin is up again: the same check passes.
emulator POST /__emulator__/origin_health '{"unhealthy": []}'
health health-up-fail.log -e health_fail_on_unhealthy=true
has "$logs/health-up-fail.log" "7 origins, 0 down"
recap "$logs/health-up-fail.log" example.com failed=0

# 5. After the teardown every pool is "not found": reported, and a failure only when asked.
# (forks 4: zones sharing the pool take turns at deleting it, see playbook_fleet)
ansible-playbook -i "$inventory" edgeops.cloudflare.fleet --forks 4 -e fleet_state=absent 2>&1 | tee "$logs/fleet-absent.log"
recap "$logs/fleet-absent.log" localhost failed=0
[[ $(emulator_objects) == 0 ]]
health health-gone.log
has "$logs/health-gone.log" "totals: 4 zones (0 not read), 4 pools (4 not found), 0 origins, 0 down"
row "$logs/health-gone.log" example.org example-org-primary "not found" 0 0 -
if health health-gone-fail.log -e health_fail_on_unhealthy=true; then
    echo "health.yml passed with every pool missing and health_fail_on_unhealthy=true" >&2
    exit 1
fi
has "$logs/health-gone-fail.log" "0 origin(s) down and 4 pool(s) not found in 4 zone(s)"

# The collection's playbooks ran without a deprecation warning.
no_deprecations "$logs"/*.log
