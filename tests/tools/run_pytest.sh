#!/usr/bin/env bash
# Run the collection's pytest suites with the dev venv (`make pytest`).
#
# * passes only the suite directories that exist (tests/unit, tools/emulator/tests, tests/integration);
# * exit status 5 ("no tests collected") is turned into a failure with a clear message: an empty suite
#   must never look green;
# * PYTEST_WORKERS (default 2) sets pytest-xdist workers; 0 or 1 runs in-process. `--dist loadfile`
#   keeps each test file on one worker, in order, with that worker's own emulator;
# * extra arguments go to pytest, e.g. `tests/tools/run_pytest.sh -k monitor` or `make pytest PYTEST_ARGS=-x`.
# pytest's own summary line is the last line this prints when the suite passes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$(pwd -P)
python=${PYTHON:-$root/.venv/bin/python}
suites=(tests/unit tools/emulator/tests tests/integration)

if [[ ! -x $python ]]; then
    echo "run_pytest: $python not found; run 'make venv' first" >&2
    exit 1
fi
if [[ ! -d $root/.collections/ansible_collections/edgeops/cloudflare ]]; then
    echo "run_pytest: .collections/ansible_collections/edgeops/cloudflare missing; run 'make collection-link' first" >&2
    exit 1
fi

paths=()
for suite in "${suites[@]}"; do
    if [[ -d $suite ]]; then
        paths+=("$suite")
    fi
done
if ((${#paths[@]} == 0)); then
    echo "run_pytest: FAILED: none of ${suites[*]} exists, so there is nothing to test" >&2
    exit 1
fi

workers=${PYTEST_WORKERS:-2}
xdist=()
if [[ $workers != 0 && $workers != 1 ]]; then
    xdist=(-n "$workers" --dist loadfile)
fi

export ANSIBLE_COLLECTIONS_PATH=$root/.collections
export PATH=$root/.venv/bin:$PATH
# keep ~/.ansible and friends out of the user's home
export HOME=${EDGEOPS_TOOL_HOME:-$root/.work/home}
mkdir -p "$HOME"
# The scenarios' module runs reuse the bytecode of what they import from their AnsiballZ zip (about a third of
# a module run's CPU time): installed into the venv, active while $HOME/.cache/edgeops-zipimport exists
# (tests/tools/zipimport_cache.py).
"$python" tests/tools/zipimport_cache.py install
mkdir -p "$HOME/.cache/edgeops-zipimport"

status=0
# tests/unit/plugins runs under ansible-test units on every ansible-core line (make test-matrix) and under
# pytest-cov in this venv (make coverage); RUN_PLUGIN_UNITS=1 runs it here as well.
ignore=()
if [[ ${RUN_PLUGIN_UNITS:-0} != 1 ]]; then
    ignore=(--ignore=tests/unit/plugins)
fi
echo "run_pytest: python -m pytest ${xdist[*]} ${ignore[*]} ${paths[*]} $*"
"$python" -m pytest "${xdist[@]}" --durations=10 "${ignore[@]}" "${paths[@]}" "$@" || status=$?
if ((status == 5)); then
    echo "run_pytest: FAILED: pytest collected no tests from ${paths[*]} (exit status 5)." >&2
    echo "run_pytest: an empty test suite is a failure, not a pass; add tests or fix collection errors above." >&2
    exit 1
fi
exit "$status"
