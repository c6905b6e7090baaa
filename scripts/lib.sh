# shellcheck shell=bash
# Shared shell functions for the project's scripts. Source it; it sets no options of its own beyond
# what the caller set (every script here runs with `set -euo pipefail`).
#
# Contract for everything that starts a process: the process's pid goes to .coxswain/run/<name>.pid
# and a string that must appear in its command line to .coxswain/run/<name>.match. A pid counts as
# "ours" only when both agree, so a recycled pid is never signalled. `make down` stops only what has
# such a record.

COXSWAIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="$COXSWAIN_ROOT/.coxswain"
RUN_DIR="$STATE_DIR/run"
LOG_DIR="$STATE_DIR/logs"

# Endpoints of the servers the suite needs, from the same variables the services read; failing those,
# what the last `make up` used (.coxswain/run/ports.env), so that status, down and the next up agree
# with the running cluster and with etcd's stored member URLs.
RECORDED_RABBITMQ_PORT="" RECORDED_ETCD_CLIENT_PORT="" RECORDED_ETCD_PEER_PORT=""
if [ -f "$RUN_DIR/ports.env" ]; then
  # shellcheck disable=SC1091
  source "$RUN_DIR/ports.env"
fi
# shellcheck disable=SC2034
RABBITMQ_HOST="${SPRING_RABBITMQ_HOST:-127.0.0.1}"
RABBITMQ_PORT="${SPRING_RABBITMQ_PORT:-${RECORDED_RABBITMQ_PORT:-5672}}"
ETCD_CLIENT_PORT="${COXSWAIN_ETCD_CLIENT_PORT:-${RECORDED_ETCD_CLIENT_PORT:-2379}}"
# shellcheck disable=SC2034
ETCD_PEER_PORT="${COXSWAIN_ETCD_PEER_PORT:-${RECORDED_ETCD_PEER_PORT:-2380}}"

# record_ports: remembers the ports in use for later runs (see above).
record_ports() {
  ensure_state_dirs
  printf 'RECORDED_RABBITMQ_PORT=%s\nRECORDED_ETCD_CLIENT_PORT=%s\nRECORDED_ETCD_PEER_PORT=%s\n' \
    "$RABBITMQ_PORT" "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT" >"$RUN_DIR/ports.env"
}

if [ -t 1 ]; then _B=$'\033[1m'; _R=$'\033[31m'; _G=$'\033[32m'; _Y=$'\033[33m'; _N=$'\033[0m'; else _B='' _R='' _G='' _Y='' _N=''; fi

info() { printf '%s==>%s %s\n' "$_B" "$_N" "$*"; }
ok()   { printf '%s ok%s %s\n' "$_G" "$_N" "$*"; }
warn() { printf '%swarning:%s %s\n' "$_Y" "$_N" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$_R" "$_N" "$*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }
# have_sbin NAME: also looks in the sbin directories, which a non-root user's PATH lacks on Debian.
have_sbin() { have "$1" || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

ensure_state_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR"; }

# --- probes -------------------------------------------------------------------------------------

# tcp_open HOST PORT: something accepts TCP connections there.
tcp_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

# http_ok URL: answers 2xx within 3 s.
http_ok() { curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null; }

# health_up URL: a Spring Boot Actuator health endpoint that reports UP.
health_up() { curl -fsS --max-time 3 "$1" 2>/dev/null | grep -q '"status":"UP"'; }

# amqp_answering HOST PORT: an AMQP 0-9-1 broker answers the protocol header with a method frame
# (Connection.Start), which a merely open port would not.
amqp_answering() {
  local first
  first="$(timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2; printf 'AMQP\x00\x00\x09\x01' >&3; head -c 1 <&3 | od -An -tx1" 2>/dev/null | tr -d ' \n')" || return 1
  [ "$first" = "01" ]
}

docker_answering() { timeout 10 docker info >/dev/null 2>&1; }

etcd_answering() { curl -fsS --max-time 3 "http://127.0.0.1:$ETCD_CLIENT_PORT/health" 2>/dev/null | grep -q '"health":"true"'; }

# port_owner PORT: "pid/command" of the process listening on PORT, if ss can tell.
port_owner() {
  have ss || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\2\/\1/p' | head -n1
}

# --- waiting ------------------------------------------------------------------------------------

# wait_for DESCRIPTION TIMEOUT_SECONDS LOGFILE PID COMMAND...
# Polls COMMAND every half second until it succeeds. Fails with the tail of LOGFILE when the timeout
# runs out or when PID (if not empty) dies first.
wait_for() {
  local what="$1" timeout="$2" logfile="$3" pid="$4"; shift 4
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      show_log_tail "$logfile"
      die "$what: the process (pid $pid) exited before it became ready; log: $logfile"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      show_log_tail "$logfile"
      die "$what: not ready after ${timeout}s; log: $logfile"
    fi
    sleep 0.5
  done
}

show_log_tail() {
  local logfile="$1"
  if [ -n "$logfile" ] && [ -f "$logfile" ]; then
    printf -- '----- last 40 lines of %s -----\n' "$logfile" >&2
    tail -n 40 "$logfile" >&2
    printf -- '-----\n' >&2
  fi
}

# --- processes this project started -------------------------------------------------------------

# start_detached NAME MATCH LOGFILE COMMAND...
# Starts COMMAND in its own session (so that a Ctrl-C in the terminal or the end of `make` does not
# take it down), stdin from /dev/null, stdout and stderr appended to LOGFILE; records its pid.
start_detached() {
  local name="$1" match="$2" logfile="$3"; shift 3
  ensure_state_dirs
  local pidfile="$RUN_DIR/$name.pid"
  rm -f "$pidfile"
  printf '\n===== %s starting %s =====\n' "$(date -u +%FT%TZ)" "$name" >>"$logfile"
  # The child writes its own pid before exec, so the record is the real process, not a wrapper.
  # shellcheck disable=SC2016 # expanded by the child shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
  local waited=0
  while [ ! -s "$pidfile" ] && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  [ -s "$pidfile" ] || die "$name: could not start (no pid written); log: $logfile"
  printf '%s\n' "$match" >"$RUN_DIR/$name.match"
}

# record_started NAME PID MATCH: for processes that daemonise themselves (RabbitMQ).
record_started() {
  ensure_state_dirs
  printf '%s\n' "$2" >"$RUN_DIR/$1.pid"
  printf '%s\n' "$3" >"$RUN_DIR/$1.match"
}

# our_pid NAME: prints the pid recorded for NAME when that process is alive and still is the one we
# started (its command line contains the recorded match string); fails otherwise.
our_pid() {
  local name="$1" pid match
  [ -f "$RUN_DIR/$name.pid" ] && [ -f "$RUN_DIR/$name.match" ] || return 1
  pid="$(cat "$RUN_DIR/$name.pid")"; match="$(cat "$RUN_DIR/$name.match")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$match" || return 1
  printf '%s\n' "$pid"
}

forget() { rm -f "$RUN_DIR/$1.pid" "$RUN_DIR/$1.match" "$RUN_DIR/$1".*; }

# stop_ours NAME [GRACE_SECONDS]: SIGTERM, then SIGKILL after the grace period; only if ours.
stop_ours() {
  local name="$1" grace="${2:-30}" pid
  if ! pid="$(our_pid "$name")"; then
    forget "$name"
    return 0
  fi
  info "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      warn "$name (pid $pid) did not stop within ${grace}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  forget "$name"
}

# --- installing ---------------------------------------------------------------------------------

_APT_UPDATED=0

# apt_install PACKAGE...: installs the packages with apt-get, running `apt-get update` once per
# script run. Services that packages would start on their own (init scripts) are held back with a
# policy-rc.d: this project starts its servers itself, bound to loopback, with state under .coxswain/.
apt_install() {
  if ! have apt-get; then
    die "apt-get is not available on this machine. Install these packages (Debian/Ubuntu names) with your package manager, then run this again: $*"
  fi
  if [ "$(id -u)" != 0 ]; then
    if have sudo; then SUDO=sudo; else die "installing $* needs root: run as root, or install them yourself: apt-get install -y $*"; fi
  else
    SUDO=
  fi
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    added_policy=1
  fi
  local rc=0
  if [ "$_APT_UPDATED" = 0 ]; then
    info "apt-get update"
    local attempt
    for attempt in 1 2 3; do   # a mirror hiccup should not fail a CI run
      rc=0
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$LOG_DIR/apt.log" 2>&1 || rc=$?
      [ "$rc" != 0 ] || break
      warn "apt-get update failed (attempt $attempt of 3)"
      sleep 5
    done
    _APT_UPDATED=1
  fi
  if [ "$rc" = 0 ]; then
    info "apt-get install -y $*"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$LOG_DIR/apt.log" 2>&1 || rc=$?
  fi
  if [ "$added_policy" = 1 ]; then $SUDO rm -f "$policy"; fi
  if [ "$rc" != 0 ]; then
    show_log_tail "$LOG_DIR/apt.log"
    die "apt-get failed (exit $rc) installing: $*"
  fi
}

# --- the services -------------------------------------------------------------------------------

# One line per process of the local cluster: NAME MODULE PORT EXTRA_ENV (space-separated K=V, or -).
# Start order is this order; stop order is the reverse.
services_table() {
  cat <<'TABLE'
api-server api-server-service 6443 -
scheduler scheduler-service 10259 -
controller controller-service 10257 -
proxy proxy-service 10256 -
node-1 node-agent-service 10250 COXSWAIN_NODE_NAME=node-1
node-2 node-agent-service 10251 COXSWAIN_NODE_NAME=node-2
TABLE
}

# service_jar MODULE: the runnable jar of a module (the `exec` classifier when the module has one).
service_jar() {
  local module="$1" jar
  for jar in "$COXSWAIN_ROOT/$module/target/$module"-*-exec.jar "$COXSWAIN_ROOT/$module/target/$module-0.1.0-SNAPSHOT.jar"; do
    if [ -f "$jar" ]; then printf '%s\n' "$jar"; return 0; fi
  done
  return 1
}

# --- RabbitMQ of this project -------------------------------------------------------------------

RABBITMQ_NODE="coxswain@localhost"
RABBITMQ_BASE="$STATE_DIR/rabbitmq"

# rabbitmq_bin TOOL: Debian's real RabbitMQ scripts, not the wrapper in /usr/sbin that switches to
# the rabbitmq user (who cannot write into a checkout under /root). Elsewhere, the tool on PATH.
rabbitmq_bin() {
  if [ -x "/usr/lib/rabbitmq/bin/$1" ]; then printf '%s\n' "/usr/lib/rabbitmq/bin/$1"; else command -v "$1"; fi
}

# rabbitmq_env: exports the environment under which this project's RabbitMQ node runs and is
# controlled. Call in a subshell. Everything lives under .coxswain/rabbitmq (logs in .coxswain/logs);
# AMQP, Erlang distribution and epmd listen on loopback only.
rabbitmq_env() {
  export HOME="$RABBITMQ_BASE"   # the Erlang cookie lives in $HOME
  export RABBITMQ_NODENAME="$RABBITMQ_NODE"
  export RABBITMQ_CONFIG_FILE="$RABBITMQ_BASE/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_BASE/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$RABBITMQ_BASE/mnesia"
  export RABBITMQ_LOG_BASE="$LOG_DIR/rabbitmq"
  export ERL_CRASH_DUMP="$LOG_DIR/rabbitmq/erl_crash.dump"
  export RABBITMQ_DIST_PORT="$((RABBITMQ_PORT + 20000))"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export ERL_EPMD_ADDRESS=127.0.0.1
}

# stop_rabbitmq: stops this project's RabbitMQ node (only if this project started it), then epmd if
# this project started that too and no other Erlang node still uses it.
stop_rabbitmq() {
  local pid
  if pid="$(our_pid rabbitmq)"; then
    info "stopping RabbitMQ (node $RABBITMQ_NODE, pid $pid)"
    ( rabbitmq_env; timeout 60 "$(rabbitmq_bin rabbitmqctl)" --timeout 50 stop >>"$LOG_DIR/rabbitmq/startup.log" 2>&1 ) \
      || warn "rabbitmqctl stop failed; sending SIGTERM"
    stop_ours rabbitmq 30
  fi
  forget rabbitmq
  if pid="$(our_pid epmd)"; then
    if epmd -names 2>/dev/null | grep -q '^name '; then
      info "leaving epmd running: other Erlang nodes still use it"
    else
      stop_ours epmd 10
    fi
  fi
  forget epmd
}

# pinned_kubectl: path of kubectl 1.32 (the version the project tests against). The Google Cloud SDK
# installs it as kubectl.1.32 beside a dispatcher named kubectl, not on PATH.
pinned_kubectl() {
  local k
  if k="$(command -v kubectl.1.32)"; then printf '%s\n' "$k"; return 0; fi
  if k="$(command -v kubectl)" && [ -x "$(dirname "$(readlink -f "$k")")/kubectl.1.32" ]; then
    printf '%s\n' "$(dirname "$(readlink -f "$k")")/kubectl.1.32"; return 0
  fi
  if k="$(command -v kubectl)" && "$k" version --client 2>/dev/null | grep -q 'v1\.32\.'; then printf '%s\n' "$k"; return 0; fi
  return 1
}
