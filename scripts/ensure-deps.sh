#!/usr/bin/env bash
# Installs what the local cluster and the tests need and starts the servers that are not already
# answering: Docker engine (dockerd) and RabbitMQ. Installs etcd (started by cluster-up.sh; tests start
# their own) and the static busybox the test images are made of.
#
# Idempotent: a server that already answers is used as it is, whoever started it, and is never
# stopped by `make down`. What this script starts is recorded under .coxswain/run/.
#
# Debian/Ubuntu: installs with apt-get (as root, or through sudo). Elsewhere it says what to install.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_state_dirs

# --- packages -----------------------------------------------------------------------------------
missing=()
have curl || missing+=(curl)
have java || missing+=(openjdk-17-jdk-headless)
have_sbin dockerd || missing+=(docker.io)
[ -x /usr/bin/etcd ] || have etcd || missing+=(etcd-server)
have etcdctl || missing+=(etcd-client)
[ -n "$(rabbitmq_bin rabbitmq-server 2>/dev/null)" ] || missing+=(rabbitmq-server)
{ [ -x /bin/busybox ] && file -L /bin/busybox 2>/dev/null | grep -q 'statically linked'; } || missing+=(busybox-static)
have file || missing+=(file)
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install "${missing[@]}"
fi
ok "installed: java, docker engine, etcd, rabbitmq-server, busybox-static"

java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed (found '${java_major:-none}'): apt-get install -y openjdk-17-jdk-headless"

# --- Docker engine ------------------------------------------------------------------------------
if docker_answering; then
  if our_pid dockerd >/dev/null; then ok "dockerd running (started by this project)"; else ok "dockerd running"; fi
else
  if [ "$(id -u)" != 0 ]; then
    die "the Docker engine is not running and starting dockerd needs root: run as root, or start it yourself (sudo systemctl start docker)"
  fi
  info "starting dockerd (log: .coxswain/logs/dockerd.log)"
  # A dockerd killed hard leaves its pid file behind, and a new one refuses to start over it.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then rm -f /var/run/docker.pid; fi
  # COXSWAIN_DOCKERD_ARGS: extra dockerd options (e.g. another --host, together with DOCKER_HOST).
  # Never --bridge none for a second daemon beside another one: dockerd then deletes the host's docker0.
  # shellcheck disable=SC2086 # a list of options
  start_detached dockerd dockerd "$LOG_DIR/dockerd.log" dockerd ${COXSWAIN_DOCKERD_ARGS:-}
  wait_for "dockerd" 60 "$LOG_DIR/dockerd.log" "$(cat "$RUN_DIR/dockerd.pid")" docker_answering
  ok "dockerd started (pid $(cat "$RUN_DIR/dockerd.pid"))"
fi

# --- RabbitMQ -----------------------------------------------------------------------------------
if amqp_answering "$RABBITMQ_HOST" "$RABBITMQ_PORT"; then
  if our_pid rabbitmq >/dev/null; then ok "RabbitMQ running on $RABBITMQ_HOST:$RABBITMQ_PORT (started by this project)"
  else ok "RabbitMQ running on $RABBITMQ_HOST:$RABBITMQ_PORT"; fi
elif [ "$RABBITMQ_HOST" != 127.0.0.1 ] && [ "$RABBITMQ_HOST" != localhost ]; then
  die "RabbitMQ at $RABBITMQ_HOST:$RABBITMQ_PORT (SPRING_RABBITMQ_HOST/PORT) does not answer; this script starts one only on 127.0.0.1"
else
  if tcp_open 127.0.0.1 "$RABBITMQ_PORT"; then
    die "port $RABBITMQ_PORT is taken by something that is not an AMQP broker ($(port_owner "$RABBITMQ_PORT")); free it or set SPRING_RABBITMQ_PORT"
  fi
  info "starting RabbitMQ on 127.0.0.1:$RABBITMQ_PORT (state: .coxswain/rabbitmq, logs: .coxswain/logs/rabbitmq/)"
  mkdir -p "$RABBITMQ_BASE/mnesia" "$LOG_DIR/rabbitmq"
  cat >"$RABBITMQ_BASE/rabbitmq.conf" <<CONF
# written by scripts/ensure-deps.sh: loopback only
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
loopback_users.guest = true
CONF
  printf '[].\n' >"$RABBITMQ_BASE/enabled_plugins"
  # epmd outlives `rabbitmqctl stop`: remember whether it was there before, so make down can tell.
  epmd_before=0
  if pgrep -x epmd >/dev/null 2>&1; then epmd_before=1; fi
  (
    rabbitmq_env
    "$(rabbitmq_bin rabbitmq-server)" -detached >>"$LOG_DIR/rabbitmq/startup.log" 2>&1
  ) || { show_log_tail "$LOG_DIR/rabbitmq/startup.log"; die "rabbitmq-server -detached failed"; }
  # -detached returns at once; the node registers with epmd and opens its listener some seconds later.
  wait_for "RabbitMQ" 120 "$LOG_DIR/rabbitmq/$RABBITMQ_NODE.log" "" amqp_answering 127.0.0.1 "$RABBITMQ_PORT"
  if ! ( rabbitmq_env; timeout 60 "$(rabbitmq_bin rabbitmqctl)" --timeout 50 await_startup >>"$LOG_DIR/rabbitmq/startup.log" 2>&1 ); then
    show_log_tail "$LOG_DIR/rabbitmq/startup.log"
    die "RabbitMQ answers AMQP but did not finish booting; logs: .coxswain/logs/rabbitmq/"
  fi
  # The node's command line names its home (.coxswain/rabbitmq), which no other node shares.
  rabbit_pid="$(pgrep -f -- "-home $RABBITMQ_BASE( |\$)" | head -n1)" || die "RabbitMQ answers but its process was not found"
  record_started rabbitmq "$rabbit_pid" "-home $RABBITMQ_BASE "
  if [ "$epmd_before" = 0 ] && epmd_pid="$(pgrep -x epmd | head -n1)"; then
    record_started epmd "$epmd_pid" epmd
  fi
  ok "RabbitMQ started (node $RABBITMQ_NODE, pid $rabbit_pid)"
fi
