#!/usr/bin/env bash
# What the client-side pacing (api_rate_limit, on by default) costs a single-zone run.
# Times "tutorial.yml then teardown.yml" (every module creates and deletes) with pacing on (A)
# against pacing off (B, CLOUDFLARE_API_RATE_LIMIT=0), alternating runs, with farm-bench.
#
#   bash tests/benchmarks/pacing_cost.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd -P)
runs=${1:-5}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

.venv/bin/python -m tools.emulator --port 0 --port-file "$work/port" --quiet >/dev/null &
pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
port=$(cat "$work/port")
export CLOUDFLARE_API_TOKEN=test-token CLOUDFLARE_ACCOUNT_ID=01a7362d577a6c3019a474fd6f485823
export CLOUDFLARE_BASE_URL=http://127.0.0.1:$port/client/v4 CLOUDFLARE_API_RATE_DIR=$work
export ANSIBLE_COLLECTIONS_PATH=$root/.collections PATH=$root/.venv/bin:$PATH
cycle="ansible-playbook playbooks/tutorial.yml >/dev/null && ansible-playbook playbooks/teardown.yml >/dev/null"
echo "pacing on (A) vs off (B): tutorial + teardown against the emulator, $runs runs each"
farm-bench -n "$runs" --timeout 900 --vs "sh -c 'CLOUDFLARE_API_RATE_LIMIT=0 $cycle'" -- sh -c "$cycle"

# The budget's own cost per request (a locked read and write of its file), with the file near full.
.venv/bin/python - "$work" <<'PY'
import os
import sys
import time

sys.path.insert(0, ".collections")
from ansible_collections.edgeops.cloudflare.plugins.module_utils._throttle import RequestBudget

budget = RequestBudget(os.path.join(sys.argv[1], "micro"), limit=1200, window=300)
start = time.perf_counter()
for _ in range(1000):
    budget()
print("budget bookkeeping: %.3f ms per request (1,000 requests, no waiting)" % (time.perf_counter() - start))
PY
