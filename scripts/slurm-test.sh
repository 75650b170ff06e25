#!/usr/bin/env bash
# The Slurm executor against a real Slurm (docs/slurm.md; run by .ci/run after `make test`).
#
# With the one-node Slurm of scripts/slurm-up.sh running, runs the quick profile of two
# experiments locally and through `--executor slurm`, and checks that
#   1. the records are identical to the local run's (timing and command line aside);
#   2. a task killed mid-run (SIGKILL) is reported failed by --status, the collect job still
#      runs (afterany) and says the sweep is incomplete, and resubmission reruns only it;
#   3. the collect job's summary.json, figures.json and PNG figures equal the local run's.
# Uses the binaries in $BIN (default .build/debug, what `make test` built).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug}
EXPERIMENTS=${EXPERIMENTS:-"theory stackelberg"}
KILLED=${KILLED:-1}                 # job index of the first experiment that gets killed
WORK=$(mktemp -d /tmp/bilevel-slurm-test.XXXXXX)
# Both runs compute every job: no record comes from the shared store (RecordStore).
export BILEVEL_RECORD_STORE=off
export SLURM_CONF=${SLURM_CONF:-${BILEVEL_SLURM_DIR:-/tmp/bilevel-slurm}/slurm.conf}
say() { echo "slurm-test: $*"; }
fail() { echo "slurm-test: FAIL: $*" >&2; exit 1; }
for e in $EXPERIMENTS; do [ -x "$BIN/$e" ] || fail "$BIN/$e not built (run make test or swift build first)"; done
[ -x "$BIN/bilevel" ] || fail "$BIN/bilevel not built"

# Waits (test only; the executor itself never polls) until no job of these names is queued or running.
wait_for_jobs() {
  local names=$1
  for _ in $(seq 600); do
    [ -z "$(squeue -h -o %i -n "$names" 2>/dev/null)" ] && return 0
    sleep 0.5
  done
  squeue; fail "Slurm jobs $names still queued or running after 300 s"
}

names=""
first=1
for e in $EXPERIMENTS; do
  say "$e: local run"
  "$BIN/$e" --profile quick --out "$WORK/local/$e" >/dev/null 2>"$WORK/local-$e.err" || { cat "$WORK/local-$e.err"; fail "$e local run failed"; }
  extra=()
  [ $first = 1 ] && extra=(--slurm-env "BILEVEL_TEST_STALL_JOBS=$KILLED")
  say "$e: submit"
  "$BIN/$e" --profile quick --out "$WORK/slurm/$e" --executor slurm --slurm-concurrency 2 --slurm-mem 1G "${extra[@]}" | tee "$WORK/submit-$e.out"
  names="$names${names:+,}$e-quick,$e-quick-collect"
  first=0
done

# Kill the stalled task of the first experiment mid-run, by the pid its log names.
e1=${EXPERIMENTS%% *}
log="$WORK/slurm/$e1/slurm/logs/job-$KILLED.log"
for _ in $(seq 600); do grep -q "stalling" "$log" 2>/dev/null && break; sleep 0.5; done
grep -q "stalling" "$log" 2>/dev/null || { squeue; fail "task $KILLED of $e1 never started (no 'stalling' in $log)"; }
pid=$(sed -n 's/^bilevel-task job index=[0-9]* pid=\([0-9]*\).*/\1/p' "$log" | tail -1)
say "$e1: killing task $KILLED mid-run (kill -9 $pid)"
kill -9 "$pid"
wait_for_jobs "$names"

status=$("$BIN/$e1" --profile quick --out "$WORK/slurm/$e1" --status)
echo "$status"
echo "$status" | grep -q " 1 failed," || fail "$e1 --status does not report the killed task as failed"
echo "$status" | grep -q "\[$KILLED\] .*: failed" || fail "$e1 --status does not name job $KILLED as failed"
grep -q "error: 1 of" "$WORK/slurm/$e1"/slurm/logs/collect-*.out || fail "the collect job of $e1 did not report the missing record"

say "$e1: resubmit"
out=$("$BIN/$e1" --profile quick --out "$WORK/slurm/$e1" --executor slurm --slurm-concurrency 2 --slurm-mem 1G)
echo "$out"
echo "$out" | grep -q "submitted 1 of " || fail "resubmission did not submit exactly the killed job"
wait_for_jobs "$e1-quick,$e1-quick-collect"
status=$("$BIN/$e1" --profile quick --out "$WORK/slurm/$e1" --status)
echo "$status"
echo "$status" | grep -q " 0 running, 0 failed, 0 queued, 0 missing" || fail "$e1 is not done after resubmission"

for e in $EXPERIMENTS; do
  "$BIN/bilevel" same-records "$WORK/local/$e/records" "$WORK/slurm/$e/records" || fail "$e: Slurm records differ from the local run's"
  cmp "$WORK/local/$e/summary.json" "$WORK/slurm/$e/summary.json" || fail "$e: the collect job's summary differs from the local one"
  if [ -f "$WORK/local/$e/figures.json" ]; then
    cmp "$WORK/local/$e/figures.json" "$WORK/slurm/$e/figures.json" || fail "$e: figures.json differs"
    for f in "$WORK/local/$e"/figures/*.png; do
      cmp "$f" "$WORK/slurm/$e/figures/$(basename "$f")" || fail "$e: figure $(basename "$f") differs"
    done
  fi
  say "$e: records, summary, figure list and PNGs identical to the local run"
done
rm -rf "$WORK"
say "PASS"
