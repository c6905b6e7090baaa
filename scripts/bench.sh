#!/usr/bin/env bash
# `make bench`: runs the benchmarks and prints their figures (what they last measured is in docs/PERFORMANCE.md).
#
# usage: scripts/bench.sh [quick|all|fieldmanager|apiserver|scheduler|pod-startup]...   (default: quick)
#   quick         the field manager and the api-server benchmarks (need only etcd; about 5 minutes)
#   all           also the scheduler (5000 nodes, 10000 pods through the API) and pod startup (1 pod/s, real Docker)
#   fieldmanager  scripts/bench-fieldmanager.sh      apiserver  scripts/bench-apiserver.sh
#   scheduler     scripts/bench-scheduler.sh 5000:10000   pod-startup  scripts/bench-pod-startup.sh 50 1
# Installs and starts what a benchmark needs first (scripts/ensure-deps.sh: etcd, RabbitMQ, Docker engine).
# Benchmarks measure the machine they run on: run them with nothing else running, as docs/PERFORMANCE.md says.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ $# -gt 0 ] || set -- quick
runs=()
for arg in "$@"; do
  case "$arg" in
    quick) runs+=(fieldmanager apiserver) ;;
    all) runs+=(fieldmanager apiserver scheduler pod-startup) ;;
    fieldmanager|apiserver|scheduler|pod-startup) runs+=("$arg") ;;
    *) echo "unknown benchmark: $arg (quick, all, fieldmanager, apiserver, scheduler, pod-startup)" >&2; exit 2 ;;
  esac
done
bash scripts/ensure-deps.sh
# the runnable jars and the test-jars the benchmarks load
./mvnw -q ${MAVEN_ARGS:-} install -DskipTests
for run in "${runs[@]}"; do
  echo "==> benchmark: $run"
  case "$run" in
    fieldmanager) bash scripts/bench-fieldmanager.sh ;;
    apiserver) bash scripts/bench-apiserver.sh --server-jvm-opts "-Xmx512m" ;;
    scheduler) bash scripts/bench-scheduler.sh 5000:10000 ;;
    pod-startup) bash scripts/bench-pod-startup.sh 50 1 ;;
  esac
done
