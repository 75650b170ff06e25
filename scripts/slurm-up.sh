#!/usr/bin/env bash
# A one-node Slurm on this machine, to try `--executor slurm` (docs/slurm.md) and for CI.
#
#   scripts/slurm-up.sh      install slurm-wlm and munge when missing (apt-get, as root), write
#                            a single-node slurm.conf, start munged, slurmctld and slurmd
#                            directly (no systemd), wait until the node is idle
#   scripts/slurm-down.sh    stop them by their process ids
#
# Everything lives in $BILEVEL_SLURM_DIR (default /tmp/bilevel-slurm): slurm.conf, pid files,
# daemon logs, state. The commands (sbatch, squeue, scontrol) find the config through
# SLURM_CONF: run `export SLURM_CONF=$BILEVEL_SLURM_DIR/slurm.conf` (the script prints it), or
# let it write /etc/slurm/slurm.conf (done when that file does not exist).
set -euo pipefail

DIR=${BILEVEL_SLURM_DIR:-/tmp/bilevel-slurm}
CONF=$DIR/slurm.conf
MARK="# written by bilevel scripts/slurm-up.sh"
say() { echo "slurm-up: $*"; }
fail() { echo "slurm-up: error: $*" >&2; exit 1; }

# --- install -------------------------------------------------------------------------------
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
    || fail "Slurm is not installed; install it with: sudo apt-get install slurm-wlm munge"
  say "installing slurm-wlm and munge via apt-get"
  # Package scripts must not try to start the daemons (no init system here): policy-rc.d says no.
  policy=/usr/sbin/policy-rc.d; own_policy=0
  if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; own_policy=1; fi
  export DEBIAN_FRONTEND=noninteractive
  { apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; } \
    || { [ $own_policy = 1 ] && rm -f $policy; fail "apt-get install slurm-wlm munge failed"; }
  [ $own_policy = 1 ] && rm -f $policy
fi

# --- already up? -----------------------------------------------------------------------------
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid"; then
  say "already running (pids in $DIR); export SLURM_CONF=$CONF"
  exit 0
fi
[ "$(id -u)" = 0 ] || fail "starting the daemons needs root (slurmd runs jobs as their users)"

mkdir -p "$DIR/ctld" "$DIR/spool" "$DIR/munge"
chown munge:munge "$DIR/munge"; chmod 700 "$DIR/munge"

# --- munge -----------------------------------------------------------------------------------
if [ ! -s /etc/munge/munge.key ]; then
  say "creating /etc/munge/munge.key"
  mkdir -p /etc/munge
  if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key
  else dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none; fi
  chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
if ! alive "$DIR/munged.pid"; then
  rm -f /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock
  runuser -u munge -- munged --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" \
    || fail "munged did not start (see $DIR/munge/munged.log)"
  for _ in $(seq 50); do [ -s "$DIR/munge/munged.pid" ] && break; sleep 0.1; done
  cp "$DIR/munge/munged.pid" "$DIR/munged.pid"
fi
munge -n | unmunge >/dev/null || fail "munge does not work (see $DIR/munge/munged.log)"

# --- slurm.conf --------------------------------------------------------------------------------
host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
cat > "$CONF" <<CONF
$MARK
# A single-node cluster: this machine ($host, $cpus CPUs, ${mem_mb} MB for jobs).
ClusterName=bilevel
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
DefMemPerCPU=1024
ReturnToService=2
KillWait=5
MinJobAge=600
MaxArraySize=1001
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
if [ ! -e /etc/slurm/slurm.conf ] || head -1 /etc/slurm/slurm.conf | grep -qF "$MARK"; then
  mkdir -p /etc/slurm; cp "$CONF" /etc/slurm/slurm.conf
fi
export SLURM_CONF=$CONF

# --- daemons -----------------------------------------------------------------------------------
rm -f "$DIR/slurmctld.pid" "$DIR/slurmd.pid"
slurmctld -f "$CONF" -i || fail "slurmctld did not start (see $DIR/slurmctld.log)"
slurmd -f "$CONF" || fail "slurmd did not start (see $DIR/slurmd.log)"

# --- wait for an idle node -------------------------------------------------------------------
for i in $(seq 120); do
  state=$(sinfo -h -N -o %T 2>/dev/null | head -1 || true)
  case $state in idle) say "node $host idle ($cpus CPUs); export SLURM_CONF=$CONF"; exit 0 ;; esac
  if [ "$i" = 30 ] && [ -n "$state" ]; then scontrol update nodename="$host" state=resume >/dev/null 2>&1 || true; fi
  sleep 0.5
done
fail "the node did not become idle within 60 s (state '${state:-none}'; see $DIR/slurmctld.log and $DIR/slurmd.log)"
