#!/usr/bin/env bash
# The whole test suite (the README's test command, `python -m pytest -q`) N times in a row while
# other processes keep every core busy: a test that depends on how fast the machine is fails here
# long before it fails in CI.
#
#   tools/stress-tests.sh          # 5 runs, one busy process per core
#   tools/stress-tests.sh 10       # 10 runs
#   STRESS_LOAD=4 tools/stress-tests.sh   # 4 busy processes, whatever the core count
#
# Prints each run's result line and duration, then a summary; exits 1 if any run failed. Each
# run's full output is kept in a temporary folder named in the summary.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
cores=$(nproc)
load=${STRESS_LOAD:-$cores}

if [ ! -x .venv/bin/python ]; then  # the README's set-up, once
  python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" || exit 2
fi
# shellcheck disable=SC1091
. .venv/bin/activate

busy=()
suite=""
stop_all() {  # only what this script started, by process id
  [ -n "$suite" ] && kill "$suite" 2>/dev/null
  [ ${#busy[@]} -gt 0 ] && kill "${busy[@]}" 2>/dev/null
  wait 2>/dev/null
}
trap stop_all EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$load"); do
  python3 -c 'while True: pass' &
  busy+=("$!")
done

logs=$(mktemp -d "${TMPDIR:-/tmp}/hrc-stress.XXXXXX")
echo "stress: $runs run(s) of 'python -m pytest -q', $load busy process(es) on $cores core(s)"
failed=0
total=0
for run in $(seq "$runs"); do
  started=$(date +%s)
  python -m pytest -q >"$logs/run-$run.log" 2>&1 &
  suite=$!
  wait "$suite"  # in the background and waited for, so that Ctrl-C or a TERM stops it at once
  code=$?
  suite=""
  seconds=$(($(date +%s) - started))
  total=$((total + seconds))
  printf 'run %d/%d: %s  [%d s]\n' "$run" "$runs" "$(tail -n 1 "$logs/run-$run.log")" "$seconds"
  if [ "$code" -ne 0 ]; then
    failed=$((failed + 1))
    grep -E '^(FAILED|ERROR) ' "$logs/run-$run.log" | sed 's/^/    /'
  fi
done
echo "summary: $((runs - failed)) of $runs run(s) passed, $failed failed, $((total / runs)) s per run on average; logs in $logs"
[ "$failed" -eq 0 ]
