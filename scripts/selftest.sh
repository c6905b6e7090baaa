#!/usr/bin/env bash
# Tests of the tooling's own contracts (scripts/lib.sh), run by `make test` before the Maven suite:
# what `make down` may stop, how servers are recognised, how waits fail. Each test works in its own
# temporary .coxswain/run and logs, and stops every process it starts.
# Prints one line per test and a closing "N passed, N failed"; exits non-zero if any failed.
# Each test changes RUN_DIR/LOG_DIR in its own subshell, on purpose.
# shellcheck disable=SC2030,SC2031
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

passed=0; failed=0
SCRATCH="$(mktemp -d)"
KILL_LIST=()
cleanup() {
  local pid
  for pid in "${KILL_LIST[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# run_test NAME: runs the function NAME in a subshell with its own state directories; any command
# that fails fails the test. (The subshell must not run where bash ignores errexit, as it does on the
# left of || or in an if: so errexit is switched off around it instead.)
run_test() {
  local name="$1" rc
  set +e
  (
    RUN_DIR="$SCRATCH/$name/run"; LOG_DIR="$SCRATCH/$name/logs"; mkdir -p "$RUN_DIR" "$LOG_DIR"
    set -e
    "$name"
  ) >"$SCRATCH/$name.out" 2>&1
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then passed=$((passed + 1)); printf 'PASS %s\n' "$name"
  else failed=$((failed + 1)); printf 'FAIL %s\n' "$name"; sed 's/^/    /' "$SCRATCH/$name.out"; fi
}

expect() { if ! "$@"; then echo "expected to succeed: $*"; return 1; fi; }
expect_not() { if "$@"; then echo "expected to fail: $*"; return 1; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# --- the tests ----------------------------------------------------------------------------------

startDetachedRecordsTheRealProcessAndStopOursStopsIt() {
  start_detached sleeper "sleep 3141" "$LOG_DIR/sleeper.log" sleep 3141
  local pid; pid="$(our_pid sleeper)"
  [ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "sleep 3141 " ] || { echo "pid $pid is not the sleep itself"; return 1; }
  # its own session: a Ctrl-C in the terminal of `make up` does not reach it
  [ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] || { echo "not a session leader"; return 1; }
  stop_ours sleeper 5 >/dev/null
  expect_not kill -0 "$pid" 2>/dev/null
  expect_not test -e "$RUN_DIR/sleeper.pid"
}

stopOursLeavesAProcessWhoseCommandLineDoesNotMatch() {
  # a recycled pid: the record names a process that is not the one this project started
  sleep 2718 & local foreign=$!
  KILL_LIST+=("$foreign")
  record_started etcd "$foreign" "--data-dir /somewhere/.coxswain/etcd "
  expect_not our_pid etcd
  stop_ours etcd 1 >/dev/null
  expect kill -0 "$foreign"
  kill "$foreign"
}

ourPidFailsForADeadProcess() {
  sleep 0.01 & local pid=$!
  wait "$pid"
  record_started gone "$pid" "sleep"
  expect_not our_pid gone
}

amqpProbeRejectsAnHttpServerAndAClosedPort() {
  local port; port="$(free_port)"
  expect_not amqp_answering 127.0.0.1 "$port"
  python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 & local http=$!
  KILL_LIST+=("$http")
  wait_for "http server" 10 "" "$http" tcp_open 127.0.0.1 "$port"
  expect tcp_open 127.0.0.1 "$port"
  expect_not amqp_answering 127.0.0.1 "$port"
  kill "$http"
}

amqpProbeAcceptsTheBrokerWhenOneRuns() {
  if ! tcp_open "$RABBITMQ_HOST" "$RABBITMQ_PORT"; then echo "(no broker on $RABBITMQ_HOST:$RABBITMQ_PORT: nothing to check)"; return 0; fi
  expect amqp_answering "$RABBITMQ_HOST" "$RABBITMQ_PORT"
}

waitForFailsWithTheLogTailWhenTheProcessDies() {
  start_detached dies "exit 7" "$LOG_DIR/dies.log" bash -c 'echo "boom: port already bound"; exit 7'
  local out rc=0
  out="$(wait_for "dies" 10 "$LOG_DIR/dies.log" "$(cat "$RUN_DIR/dies.pid")" false 2>&1)" || rc=$?
  [ "$rc" != 0 ] || { echo "wait_for succeeded"; return 1; }
  grep -q 'exited before it became ready' <<<"$out" || { echo "no exit message in: $out"; return 1; }
  grep -q 'boom: port already bound' <<<"$out" || { echo "no log tail in: $out"; return 1; }
}

waitForGivesUpAfterItsTimeout() {
  local started=$SECONDS out rc=0
  out="$(wait_for "never" 1 "" "" false 2>&1)" || rc=$?
  if [ "$rc" = 0 ] || ! grep -q 'not ready after 1s' <<<"$out" || [ $((SECONDS - started)) -gt 3 ]; then
    echo "rc=$rc after $((SECONDS - started))s: $out"; return 1
  fi
}

servicesTableHasSixProcessesOnDistinctConventionalPorts() {
  local table; table="$(services_table)"
  [ "$(wc -l <<<"$table")" = 6 ] || { echo "$table"; return 1; }
  [ "$(awk '{print $3}' <<<"$table" | sort -u | tr '\n' ' ')" = "10250 10251 10256 10257 10259 6443 " ] || { echo "$table"; return 1; }
  grep -q '^node-2 node-agent-service 10251 COXSWAIN_NODE_NAME=node-2$' <<<"$table"
}

serviceJarPrefersTheExecJar() {
  COXSWAIN_ROOT="$SCRATCH/repo"
  mkdir -p "$COXSWAIN_ROOT/api-server-service/target" "$COXSWAIN_ROOT/proxy-service/target"
  touch "$COXSWAIN_ROOT/api-server-service/target/api-server-service-0.1.0-SNAPSHOT.jar" \
        "$COXSWAIN_ROOT/api-server-service/target/api-server-service-0.1.0-SNAPSHOT-exec.jar" \
        "$COXSWAIN_ROOT/proxy-service/target/proxy-service-0.1.0-SNAPSHOT.jar"
  [ "$(service_jar api-server-service)" = "$COXSWAIN_ROOT/api-server-service/target/api-server-service-0.1.0-SNAPSHOT-exec.jar" ]
  [ "$(service_jar proxy-service)" = "$COXSWAIN_ROOT/proxy-service/target/proxy-service-0.1.0-SNAPSHOT.jar" ]
  expect_not service_jar controller-service
}

rabbitmqEnvironmentKeepsEverythingOnLoopbackAndUnderCoxswain() {
  (
    rabbitmq_env
    [ "$ERL_EPMD_ADDRESS" = 127.0.0.1 ] || { echo "epmd address $ERL_EPMD_ADDRESS"; exit 1; }
    [[ "$RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS" == *"inet_dist_use_interface {127,0,0,1}"* ]] || exit 1
    [[ "$RABBITMQ_MNESIA_BASE" == "$STATE_DIR"/* ]] && [[ "$RABBITMQ_LOG_BASE" == "$LOG_DIR"/* ]] && [ "$HOME" = "$RABBITMQ_BASE" ]
  )
}

for t in $(declare -F | awk '{print $3}' | grep -E '^[a-z]+[A-Z][A-Za-z]+$'); do
  case "$t" in run_test|free_port|expect|expect_not|cleanup) continue ;; esac
  run_test "$t"
done
printf 'tooling self-test: %s passed, %s failed\n' "$passed" "$failed"
[ "$failed" = 0 ]
