#!/usr/bin/env bash
# Pod startup latency benchmark: create -> Ready for N pods on one node agent (real etcd, api-server and Docker,
# all started by the benchmark itself; RabbitMQ on 127.0.0.1:5672 is used for heartbeats and events when present).
# Usage: scripts/bench-pod-startup.sh [pods=60] [pods-per-second=5]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/build-test-images.sh" >/dev/null
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
# package (not only test-compile) so that the api-server's test-jar (ApiServerFixture) resolves in the reactor
./mvnw -q ${MVN_OFFLINE:--o} -pl node-agent-service -am package -DskipTests \
  dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="node-agent-service/target/test-classes:node-agent-service/target/classes:$(cat "$CP_FILE")"
exec java -Dcoxswain.root="$ROOT" -cp "$CP" io.coxswain.nodeagent.bench.PodStartupBenchmark "${1:-60}" "${2:-5}"
