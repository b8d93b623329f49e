# shellcheck shell=bash
# Sourced by the runme.sh targets that run the collection's playbooks, after
# ../setup_emulator/files/cloudflare_env.sh. See ../README.md.

# The recap checks read the default callback's plain output. The tutorial playbooks run on the implicit
# localhost, without an inventory, as users run them: no warning about that.
export ANSIBLE_STDOUT_CALLBACK=ansible.builtin.default
export ANSIBLE_NOCOLOR=1
export ANSIBLE_LOCALHOST_WARNING=false
# ansible-test turns deprecation warnings off; the collection's playbooks must not cause any (see
# no_deprecations).
export ANSIBLE_DEPRECATION_WARNINGS=true

pb_python=$(command -v python || command -v python3)
logs=${OUTPUT_DIR:-$(mktemp -d)}

# The collection under test, as ansible-test put it on ANSIBLE_COLLECTIONS_PATH.
collection=
IFS=: read -ra pb_roots <<<"${ANSIBLE_COLLECTIONS_PATH:-}"
for pb_root in "${pb_roots[@]}"; do
    if [[ -f $pb_root/ansible_collections/edgeops/cloudflare/galaxy.yml ]]; then
        collection=$pb_root/ansible_collections/edgeops/cloudflare
        break
    fi
done
if [[ -z $collection ]]; then
    echo "playbook_helpers.sh: edgeops.cloudflare is not on ANSIBLE_COLLECTIONS_PATH (${ANSIBLE_COLLECTIONS_PATH:-unset})" >&2
    exit 1
fi

# recap LOG HOST COUNTER=VALUE...: the PLAY RECAP line of HOST in LOG has every COUNTER=VALUE given.
recap() {
    local log=$1 host=$2 line pair
    shift 2
    line=$(sed -n '/^PLAY RECAP/,$p' "$log" | grep -E "^${host//./\\.} +:" || true)
    if [[ -z $line ]]; then
        echo "recap: no PLAY RECAP line for $host in $log" >&2
        return 1
    fi
    for pair in "$@"; do
        if ! grep -qE "(^| )$pair( |$)" <<<"$line"; then
            echo "recap: $host in $log: expected $pair, got: $line" >&2
            return 1
        fi
    done
}

# no_deprecations LOG...: fails when a playbook log shows a deprecation warning.
# same_changes CHECK_LOG RUN_LOG HOST...: each HOST's PLAY RECAP has the same changed= count in both logs (a check
# run predicted what the real run then did, task for task).
same_changes() {
    local check=$1 run=$2 host predicted did
    shift 2
    for host in "$@"; do
        predicted=$(sed -n '/^PLAY RECAP/,$p' "$check" | grep -E "^${host//./\\.} +:" | grep -oE 'changed=[0-9]+')
        did=$(sed -n '/^PLAY RECAP/,$p' "$run" | grep -E "^${host//./\\.} +:" | grep -oE 'changed=[0-9]+')
        if [[ -z $predicted || $predicted != "$did" ]]; then
            echo "same_changes: $host: check mode predicted '${predicted:-nothing}', the run did '${did:-nothing}'" >&2
            return 1
        fi
    done
}

no_deprecations() {
    if grep -F "[DEPRECATION WARNING]" "$@"; then
        echo "no_deprecations: deprecation warnings in the logs above" >&2
        return 1
    fi
}

# inventory_hosts INVENTORY GROUP: the hosts of GROUP (with its child groups) in INVENTORY, one a line.
# (Without ansible-test's ANSIBLE_PLAYBOOK_DIR, a directory inside the collection, for which
# ansible-inventory would warn "running with default collection".)
inventory_hosts() {
    env -u ANSIBLE_PLAYBOOK_DIR ansible-inventory -i "$1" --list | "$pb_python" -c '
import json, sys

inventory, group = json.load(sys.stdin), sys.argv[1]


def hosts(name):
    found = list(inventory.get(name, {}).get("hosts", []))
    for child in inventory.get(name, {}).get("children", []):
        found += [host for host in hosts(child) if host not in found]
    return found


print("\n".join(hosts(group)))' "$2"
}

# emulator METHOD PATH [JSON]: one request to the emulator's control API; prints the answer.
emulator() {
    "$pb_python" - "$1" "$CF_IT_EMULATOR_URL$2" "${3:-}" <<'PY'
import sys
import urllib.request

method, url, body = sys.argv[1:4]
request = urllib.request.Request(url, data=body.encode() if body else None, method=method,
                                 headers={"Content-Type": "application/json"})
with urllib.request.urlopen(request, timeout=30) as response:
    print(response.read().decode())
PY
}

# emulator_writes: write requests (anything but GET) in the emulator's log; 0 without an emulator.
emulator_writes() {
    if [[ -z $CF_IT_EMULATOR_URL ]]; then
        echo 0
        return
    fi
    emulator GET /__emulator__/log | "$pb_python" -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin)["requests"] if r["method"] != "GET"))'
}

# emulator_objects: how many monitors, pools, load balancers and Spectrum apps the emulator holds in all.
emulator_objects() {
    emulator GET /__emulator__/state | "$pb_python" -c '
import json, sys
state = json.load(sys.stdin)
print(sum(len(objects) for kind in ("monitors", "pools", "load_balancers", "spectrum_apps")
          for objects in state[kind].values()))'
}

# emulator_clear_log: empty the emulator's request log (nothing without an emulator).
emulator_clear_log() {
    if [[ -n $CF_IT_EMULATOR_URL ]]; then
        emulator DELETE /__emulator__/log >/dev/null
    fi
}

# emulator_add_zones ZONE...: add each zone the emulator does not have yet (gone again after a reset).
emulator_add_zones() {
    local zone known
    known=$(emulator GET /__emulator__/state | "$pb_python" -c '
import json, sys
print("\n".join(z["name"] for z in json.load(sys.stdin)["zones"]))')
    for zone in "$@"; do
        if ! grep -qxF "$zone" <<<"$known"; then
            emulator POST /__emulator__/zones "{\"name\": \"$zone\"}" >/dev/null
        fi
    done
}

# use_fleet_inventory TARGET REASON: the example fleet inventory (playbooks/inventory/fleet) with its four
# zones added to the emulator and a reset emulator; sets $inventory and the array $zones. Its zones exist
# only in the emulator: against a real account, TARGET says it is skipped, and why, and ends with 0.
use_fleet_inventory() {
    if [[ -z $CF_IT_EMULATOR_URL ]]; then
        echo "$1: skipped, $2"
        exit 0
    fi
    cf_it_reset
    inventory=$collection/playbooks/inventory/fleet
    mapfile -t zones < <(inventory_hosts "$inventory" cloudflare_zones)
    [[ ${#zones[@]} == 4 ]]
    emulator_add_zones "${zones[@]}"
}
