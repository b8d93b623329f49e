#!/usr/bin/env bash
# `make test` (what CI runs) after the venv: the ansible-core matrix (tests/tools/matrix.py, most of the run's time)
# starts first and runs in the background, its output going to LOG, while make runs STEPS in the foreground one after
# the other (lint docs build importer coverage pytest). Those steps alone keep one of two cores busy, and pytest and
# the matrix each leave some idle (rate-limit windows, retry and poll pauses, pip downloads), so side by side the
# run takes about as long as its CPU time allows instead of the sum of its parts. The matrix's output is printed
# when it has ended, last.
#
# When a foreground step fails, STOP_FILE is created: the matrix starts no further line or step, the ones running
# end, and this script fails after printing both outputs.
#
# Usage: make_test.sh LOG STOP_FILE "STEP..." MATRIX_COMMAND...
# (A script rather than the recipe itself: a recipe line naming $(MAKE) runs even under `make -n`.)
set -euo pipefail

if (($# < 4)); then
    echo "usage: $0 LOG STOP_FILE \"STEP...\" MATRIX_COMMAND..." >&2
    exit 2
fi
log=$1 stop=$2 steps=$3
shift 3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
show() { [[ $1 == "$root"/* ]] && echo "${1#"$root"/}" || echo "$1"; }

mkdir -p "$(dirname "$log")"
rm -f "$stop"
start=$(date +%s)
echo "==> test: test-matrix in the background (output: $(show "$log")); meanwhile: $steps"
"$@" --stop-file "$stop" >"$log" 2>&1 </dev/null &
matrix=$!

status=0
# shellcheck disable=SC2086  # STEPS is a list of make targets
make --no-print-directory -C "$root" $steps || status=$?
if ((status != 0)); then
    touch "$stop"
    echo "test: FAILED above (exit status $status); test-matrix starts nothing new and ends the steps it runs" >&2
else
    echo "==> test: $steps passed in $(($(date +%s) - start)) s; waiting for test-matrix"
fi

matrix_status=0
wait "$matrix" || matrix_status=$?
echo "==> test-matrix ($(show "$log"))"
cat "$log"
echo "==> test: $(($(date +%s) - start)) s in all"
if ((status != 0 || matrix_status != 0)); then
    exit 1
fi
