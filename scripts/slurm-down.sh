#!/usr/bin/env bash
# Stops what scripts/slurm-up.sh started (slurmd, slurmctld, munged), by their process ids.
set -uo pipefail
DIR=${BILEVEL_SLURM_DIR:-/tmp/bilevel-slurm}
MARK="# written by bilevel scripts/slurm-up.sh"
stop() { # name pidfile
  local pid
  [ -f "$2" ] || return 0
  pid=$(cat "$2")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "slurm-down: stopped $1 (pid $pid)"
  fi
  rm -f "$2"
}
stop slurmd "$DIR/slurmd.pid"
stop slurmctld "$DIR/slurmctld.pid"
stop munged "$DIR/munged.pid"
if [ -f /etc/slurm/slurm.conf ] && head -1 /etc/slurm/slurm.conf | grep -qF "$MARK"; then rm -f /etc/slurm/slurm.conf; fi
exit 0
