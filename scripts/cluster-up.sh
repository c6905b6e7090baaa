#!/usr/bin/env bash
# `make up`: a local Coxswain cluster on this machine.
#   1. ensure-deps.sh: Docker engine, RabbitMQ (installed and started when missing), etcd installed;
#      the local test images (scripts/build-test-images.sh, when present)
#   2. etcd on 127.0.0.1:2379 (peer 2380), data in .coxswain/etcd, unless one already answers
#   3. build the services (skipped when the jars are newer than every source and pom)
#   4. api-server, scheduler, controller, proxy and two node agents (node-1, node-2), each `java -jar`
#      in the background, logs in .coxswain/logs/<name>.log, pids in .coxswain/run/, each waited for
#      until /actuator/health says UP
#   5. .coxswain/kubeconfig for the api-server
# Running it again is harmless: what runs and is current is left alone; a service whose jar was rebuilt
# is restarted.
#
# Settings (environment): COXSWAIN_JAVA_OPTS (JVM options for every service), COXSWAIN_BUILD=always|never
# (default: when sources changed), COXSWAIN_START_TIMEOUT (seconds per service, default 180),
# SPRING_RABBITMQ_HOST/PORT.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_state_dirs
cd "$COXSWAIN_ROOT"

JAVA_OPTS_DEFAULT="-Xms64m -Xmx512m -XX:+ExitOnOutOfMemoryError"
START_TIMEOUT="${COXSWAIN_START_TIMEOUT:-180}"
API_SERVER_URL="http://127.0.0.1:6443"
ETCD_ENDPOINTS="http://127.0.0.1:$ETCD_CLIENT_PORT"

bash "$COXSWAIN_ROOT/scripts/ensure-deps.sh"
record_ports

# The local images the first pods use (coxswain/testbox); no registry is needed.
if [ -f "$COXSWAIN_ROOT/scripts/build-test-images.sh" ]; then
  bash "$COXSWAIN_ROOT/scripts/build-test-images.sh"
fi

# --- etcd ---------------------------------------------------------------------------------------
start_etcd() {
  local etcd_bin
  etcd_bin="$(command -v etcd || echo /usr/bin/etcd)"
  if etcd_answering; then
    if our_pid etcd >/dev/null; then ok "etcd running on 127.0.0.1:$ETCD_CLIENT_PORT (started by this project)"
    else ok "etcd running on 127.0.0.1:$ETCD_CLIENT_PORT (not started by this project; using it)"; fi
    return
  fi
  local p
  for p in "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT"; do
    if tcp_open 127.0.0.1 "$p"; then die "port $p is taken ($(port_owner "$p")) but no etcd answers on $ETCD_CLIENT_PORT"; fi
  done
  info "starting etcd on 127.0.0.1:$ETCD_CLIENT_PORT (data: .coxswain/etcd, log: .coxswain/logs/etcd.log)"
  mkdir -p "$STATE_DIR/etcd"
  chmod 700 "$STATE_DIR/etcd"
  # Periodic compaction keeps the history (and so the database) bounded; a watch from a compacted
  # revision is answered 410 Gone by the api-server, as in Kubernetes.
  start_detached etcd "--data-dir $STATE_DIR/etcd " "$LOG_DIR/etcd.log" \
    "$etcd_bin" --name coxswain --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "coxswain=http://127.0.0.1:$ETCD_PEER_PORT" \
    --auto-compaction-mode periodic --auto-compaction-retention 1h
  wait_for "etcd" 30 "$LOG_DIR/etcd.log" "$(cat "$RUN_DIR/etcd.pid")" etcd_answering
  ok "etcd started (pid $(cat "$RUN_DIR/etcd.pid"))"
}
start_etcd

# --- build --------------------------------------------------------------------------------------
BUILD_STAMP="$STATE_DIR/build.stamp"
needs_build() {
  case "${COXSWAIN_BUILD:-auto}" in always) return 0 ;; never) return 1 ;; esac
  [ -f "$BUILD_STAMP" ] || return 0
  local _name module _port _env
  while read -r _name module _port _env; do service_jar "$module" >/dev/null || return 0; done < <(services_table)
  [ -n "$(find "$COXSWAIN_ROOT" \( -name target -o -name .coxswain -o -name .git -o -name node_modules \) -prune -o \
           \( -name pom.xml -o -path '*/src/main/*' -o -path '*/.mvn/*' \) -newer "$BUILD_STAMP" -print -quit)" ]
}
if needs_build; then
  info "building: ./mvnw -B -q -DskipTests install (log: .coxswain/logs/build.log)"
  touch "$BUILD_STAMP.new"
  if ! ./mvnw -B -q -DskipTests install >"$LOG_DIR/build.log" 2>&1; then
    show_log_tail "$LOG_DIR/build.log"
    die "the build failed; full log: .coxswain/logs/build.log"
  fi
  mv "$BUILD_STAMP.new" "$BUILD_STAMP"
  ok "built"
else
  ok "jars are up to date (COXSWAIN_BUILD=always to rebuild)"
fi

# --- services -----------------------------------------------------------------------------------
health_url() { printf 'http://127.0.0.1:%s/actuator/health\n' "$1"; }
jar_stamp() { stat -c '%Y %s' "$1"; }

# launch NAME MODULE PORT EXTRA_ENV: starts one service unless it already runs from the current jar.
launch() {
  local name="$1" module="$2" port="$3" extra="$4" jar pid
  jar="$(service_jar "$module")" || die "$name: no jar in $module/target (did the build run?)"
  if pid="$(our_pid "$name")"; then
    if [ "$(cat "$RUN_DIR/$name.jar" 2>/dev/null)" = "$(jar_stamp "$jar")" ]; then
      ok "$name already running (pid $pid)"
      return 0
    fi
    info "$name: the jar was rebuilt; restarting it"
    stop_ours "$name" 30
  fi
  if tcp_open 127.0.0.1 "$port"; then
    die "$name: port $port is already in use by a process this project did not start ($(port_owner "$port")); stop it and run make up again"
  fi
  local -a env_args=(
    "SERVER_PORT=$port"
    "COXSWAIN_API_SERVER_URL=$API_SERVER_URL"
    "COXSWAIN_ETCD_ENDPOINTS=$ETCD_ENDPOINTS"
    "SPRING_RABBITMQ_HOST=$RABBITMQ_HOST"
    "SPRING_RABBITMQ_PORT=$RABBITMQ_PORT"
  )
  if [ "$extra" != - ]; then
    local -a extra_args
    read -r -a extra_args <<<"$extra"
    env_args+=("${extra_args[@]}")
  fi
  info "starting $name on 127.0.0.1:$port (log: .coxswain/logs/$name.log)"
  # shellcheck disable=SC2086 # COXSWAIN_JAVA_OPTS is a list of options
  start_detached "$name" "-Dcoxswain.instance=$name " "$LOG_DIR/$name.log" \
    env "${env_args[@]}" java "-Dcoxswain.instance=$name" ${COXSWAIN_JAVA_OPTS:-$JAVA_OPTS_DEFAULT} -jar "$jar"
  jar_stamp "$jar" >"$RUN_DIR/$name.jar"
}

await_healthy() {
  local name="$1" port="$2"
  wait_for "$name" "$START_TIMEOUT" "$LOG_DIR/$name.log" "$(our_pid "$name" || cat "$RUN_DIR/$name.pid")" health_up "$(health_url "$port")"
  ok "$name healthy on 127.0.0.1:$port (pid $(cat "$RUN_DIR/$name.pid"))"
}

# The api-server first: every other component talks to it. The rest start together (their start-up
# is mostly CPU-bound class loading, so the waits overlap).
while read -r name module port extra <&3; do
  if [ "$name" = api-server ]; then launch "$name" "$module" "$port" "$extra"; await_healthy "$name" "$port"; fi
done 3< <(services_table)
while read -r name module port extra <&3; do
  if [ "$name" != api-server ]; then launch "$name" "$module" "$port" "$extra"; fi
done 3< <(services_table)
while read -r name module port extra <&3; do
  if [ "$name" != api-server ]; then await_healthy "$name" "$port"; fi
done 3< <(services_table)

# --- kubeconfig ---------------------------------------------------------------------------------
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"
cat >"$KUBECONFIG_FILE.tmp" <<KCFG
# written by make up (scripts/cluster-up.sh); plain HTTP and no credentials until the api-server has
# TLS and authentication
apiVersion: v1
kind: Config
clusters:
- name: coxswain
  cluster:
    server: $API_SERVER_URL
users:
- name: admin
  user: {}
contexts:
- name: coxswain
  context:
    cluster: coxswain
    user: admin
    namespace: default
current-context: coxswain
preferences: {}
KCFG
mv "$KUBECONFIG_FILE.tmp" "$KUBECONFIG_FILE"
ok "wrote .coxswain/kubeconfig"

# .coxswain/bin/kubectl: kubectl 1.32, the version the project is tested with.
path_hint=""
if kubectl_132="$(pinned_kubectl)"; then
  mkdir -p "$STATE_DIR/bin"
  ln -sfn "$kubectl_132" "$STATE_DIR/bin/kubectl"
  path_hint="  export PATH=$STATE_DIR/bin:\$PATH    # kubectl 1.32 ($kubectl_132)"
else
  warn "kubectl 1.32 not found: install kubectl (https://kubernetes.io/docs/tasks/tools/) to use the cluster"
fi

cat <<USAGE

Coxswain is up: api-server $API_SERVER_URL, etcd $ETCD_ENDPOINTS, RabbitMQ $RABBITMQ_HOST:$RABBITMQ_PORT,
nodes node-1 (agent :10250) and node-2 (agent :10251). Logs: .coxswain/logs/  Status: make status

Try:
  export KUBECONFIG=$KUBECONFIG_FILE
$path_hint
  kubectl get ns
  kubectl api-resources
  kubectl get nodes
  kubectl create -f pod.yaml && kubectl get pods -w

Stop everything with: make down
USAGE
