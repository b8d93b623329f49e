#!/usr/bin/env bash
# `make demo`: run the tutorial playbook twice against the local Cloudflare API emulator, show that
# the second run changes nothing, print what exists, then tear it all down.
#
#   1. start the emulator (python -m tools.emulator --port 0 --port-file ...) in the background;
#   2. wait until it writes its port and GET /__emulator__/state answers;
#   3. point the collection at it through the CLOUDFLARE_* environment variables;
#   4. run playbooks/tutorial.yml, then run it again;
#   5. fail unless the second run's PLAY RECAP says changed=0, failed=0, unreachable=0 for every host;
#   6. print a summary of what exists (read through the API), run playbooks/teardown.yml, check nothing is left.
# The emulator is always stopped on exit. Logs stay in .work/demo/ for a look afterwards.
#
# Knobs: DEMO_PLAYBOOK (default playbooks/tutorial.yml), DEMO_STARTUP_TIMEOUT (seconds, default 30),
# PYTHON (default .venv/bin/python).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd -P)
python=${PYTHON:-$root/.venv/bin/python}
playbook=${DEMO_PLAYBOOK:-playbooks/tutorial.yml}
startup_timeout=${DEMO_STARTUP_TIMEOUT:-30}
logs=$root/.work/demo
emulator_pid=

step() { printf '\n==> %s\n' "$*"; }
fail() {
    printf '\nDEMO FAILED: %s\n' "$*" >&2
    exit 1
}

stop_emulator() {
    if [[ -n $emulator_pid ]] && kill -0 "$emulator_pid" 2>/dev/null; then
        printf '\n==> Stopping the emulator (pid %s)\n' "$emulator_pid"
        kill -TERM "$emulator_pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$emulator_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$emulator_pid" 2>/dev/null; then
            echo "    the emulator ignored SIGTERM for 5 s; killing it"
            kill -KILL "$emulator_pid" 2>/dev/null || true
        fi
        wait "$emulator_pid" 2>/dev/null || true
    fi
    emulator_pid=
}
on_exit() {
    local status=$?
    trap - EXIT
    stop_emulator
    exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Print the PLAY RECAP host lines of an ansible-playbook log (colour codes removed).
recap_lines() {
    sed -e 's/\x1b\[[0-9;]*m//g' "$1" | sed -n '/^PLAY RECAP/,$p' | grep -E '^[^ ].* : ok=[0-9]+' || true
}

# Echo the value of counter $2 (changed, failed, ...) in recap line $1.
recap_count() {
    local value
    value=$(grep -oE "(^| )$2=[0-9]+" <<<"$1" | head -n1 | cut -d= -f2)
    echo "${value:-missing}"
}

run_playbook() {
    local label=$1 log=$2 book=${3:-$playbook} status=0
    step "$label: ansible-playbook $book (log: ${log#"$root"/})"
    ansible-playbook "$book" 2>&1 | tee "$log" || status=$?
    if ((status != 0)); then
        fail "$label: ansible-playbook exited with status $status (see ${log#"$root"/})"
    fi
}

[[ -x $python ]] || fail "$python not found; run 'make venv' first"
[[ -d tools/emulator ]] || fail "tools/emulator is missing, so there is no emulator to run the demo against"
[[ -f $playbook ]] || fail "$playbook does not exist"
[[ -d .collections/ansible_collections/edgeops/cloudflare ]] || fail "collection link missing; run 'make collection-link'"

mkdir -p "$logs"
rm -f "$logs/port" "$logs/emulator.log" "$logs/run-1.log" "$logs/run-2.log" "$logs/teardown.log"

step "Starting the Cloudflare API emulator"
"$python" -m tools.emulator --port 0 --port-file "$logs/port" >"$logs/emulator.log" 2>&1 &
emulator_pid=$!
echo "    pid $emulator_pid, log ${logs#"$root"/}/emulator.log"

port=
deadline=$((SECONDS + startup_timeout))
until [[ -n $port ]] && "$python" - "http://127.0.0.1:$port/__emulator__/state" <<'PY' 2>/dev/null
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
    sys.exit(0 if response.status == 200 else 1)
PY
do
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        tail -n 30 "$logs/emulator.log" >&2 || true
        emulator_pid=
        fail "the emulator exited during start-up (log above)"
    fi
    if ((SECONDS >= deadline)); then
        tail -n 30 "$logs/emulator.log" >&2 || true
        fail "the emulator did not answer GET /__emulator__/state within ${startup_timeout}s"
    fi
    sleep 0.2
    if [[ -s $logs/port ]]; then
        port=$(tr -cd '0-9' <"$logs/port")
    fi
done

base_url="http://127.0.0.1:$port/client/v4"
echo "    listening on $base_url (state: http://127.0.0.1:$port/__emulator__/state)"

export CLOUDFLARE_API_TOKEN=test-token
export CLOUDFLARE_BASE_URL=$base_url
export CLOUDFLARE_ACCOUNT_ID=01a7362d577a6c3019a474fd6f485823
export PATH=$root/.venv/bin:$PATH
export ANSIBLE_COLLECTIONS_PATH=$root/.collections
# the recap check below reads the default callback's output
export ANSIBLE_STDOUT_CALLBACK=ansible.builtin.default
if [[ -t 1 ]]; then
    export ANSIBLE_FORCE_COLOR=1
fi
step "Environment: CLOUDFLARE_BASE_URL=$CLOUDFLARE_BASE_URL CLOUDFLARE_ACCOUNT_ID=$CLOUDFLARE_ACCOUNT_ID CLOUDFLARE_API_TOKEN=<test token>"

run_playbook "Run 1 of 2 (creates the objects)" "$logs/run-1.log"
run_playbook "Run 2 of 2 (must change nothing)" "$logs/run-2.log"

step "Checking the second run's PLAY RECAP"
recap=$(recap_lines "$logs/run-2.log")
[[ -n $recap ]] || fail "no PLAY RECAP found in the second run's output"
bad=0
while IFS= read -r line; do
    changed=$(recap_count "$line" changed)
    failed=$(recap_count "$line" failed)
    unreachable=$(recap_count "$line" unreachable)
    host=${line%% *}
    if [[ $changed == 0 && $failed == 0 && $unreachable == 0 ]]; then
        echo "    $host: changed=0 failed=0 unreachable=0"
    else
        echo "    $host: changed=$changed failed=$failed unreachable=$unreachable  <-- expected all 0" >&2
        bad=1
    fi
done <<<"$recap"
if ((bad)); then
    fail "the second run was not idempotent (see ${logs#"$root"/}/run-2.log)"
fi

first=$(grep -oE 'changed=[0-9]+' <<<"$(recap_lines "$logs/run-1.log")" | paste -sd' ' - || true)
[[ $first != "changed=0" && -n $first ]] || fail "the first run created nothing (recap: ${first:-none})"

step "What exists now (read back through the API)"
"$python" tests/tools/demo_summary.py || fail "the setup is incomplete: monitor, pool, load balancer and Spectrum app expected"

run_playbook "Teardown (app, load balancer, pool, monitor)" "$logs/teardown.log" playbooks/teardown.yml
"$python" tests/tools/demo_summary.py --empty || fail "teardown left objects behind"

stop_emulator
printf '\nDEMO OK: run 1 reported %s; run 2 reported changed=0 failed=0 on every host; teardown left nothing.\n' "${first:-no recap}"
