#!/usr/bin/env bash
# `make down`: stops what `make up` and `make test` started, and nothing else: the services, then
# etcd, RabbitMQ and dockerd only when .coxswain/run/ records that this project started them (a server
# that was already running stays running). Data stays: etcd's in .coxswain/etcd, so `make up` brings
# the same cluster back.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_state_dirs

# Services in reverse start order: node agents first, the api-server last.
mapfile -t names < <(services_table | awk '{print $1}' | tac)
for name in "${names[@]}"; do
  stop_ours "$name" 40
done
stop_ours etcd 30
stop_rabbitmq
stop_ours dockerd 60

leftover=0
for f in "$RUN_DIR"/*.pid; do
  [ -e "$f" ] || continue
  name="$(basename "$f" .pid)"
  if our_pid "$name" >/dev/null; then warn "$name is still running (pid $(cat "$f"))"; leftover=1; fi
done
[ "$leftover" = 0 ] || die "some processes did not stop"
ok "everything this project started is stopped (data kept in .coxswain/)"
