#!/usr/bin/env bash
# `make status`: one line per part of the local cluster: whether it answers, who started it, its pid.
# Exits 0 whatever it finds; it only reports.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

row() { printf '%-12s %-24s %-9s %-26s %s\n' "$@"; }
owner() { local pid; if pid="$(our_pid "$1")"; then printf 'this project (pid %s)' "$pid"; else printf '%s' "${2:--}"; fi; }
state() { if "$@"; then printf 'UP'; else printf 'DOWN'; fi; }

row NAME ADDRESS STATE "STARTED BY" DETAIL
# server NAME ADDRESS DETAIL PROBE...: a server that the project uses but may not have started.
server() {
  local name="$1" address="$2" detail="$3" st who; shift 3
  st="$(state "$@")"
  who="$(owner "$name" -)"
  if [ "$st" = UP ] && [ "$who" = - ]; then who="not this project"; fi
  row "$name" "$address" "$st" "$who" "$detail"
}
server dockerd "unix socket" "Docker engine" docker_answering
server rabbitmq "$RABBITMQ_HOST:$RABBITMQ_PORT" "" amqp_answering "$RABBITMQ_HOST" "$RABBITMQ_PORT"
server etcd "127.0.0.1:$ETCD_CLIENT_PORT" "data: .coxswain/etcd" etcd_answering
while read -r name module port _extra <&3; do
  url="http://127.0.0.1:$port/actuator/health"
  if health_up "$url"; then st=UP
  elif tcp_open 127.0.0.1 "$port"; then st=UNHEALTHY
  else st=DOWN; fi
  who="$(owner "$name" -)"
  if [ "$st" != DOWN ] && [ "$who" = - ]; then who="not this project"; fi
  row "$name" "127.0.0.1:$port" "$st" "$who" "$module"
done 3< <(services_table)
if [ -f "$STATE_DIR/kubeconfig" ]; then
  echo
  echo "kubeconfig: export KUBECONFIG=$STATE_DIR/kubeconfig"
fi
