#!/usr/bin/env bash
# The field manager benchmark: the CPU cost of recording field ownership (managedFields) and of server-side apply,
# per write, in process. Prints ops/s and latency percentiles per operation. Figures are in docs/PERFORMANCE.md.
#
# usage: scripts/bench-fieldmanager.sh [iterations (default 20000)]
# Env: MAVEN_ARGS  extra Maven arguments (e.g. "-o" to build offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
module=api-server-service
./mvnw -q ${MAVEN_ARGS:-} -pl "$module" -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$module/target/bench-classpath.txt")"
exec java -Xms256m -Xmx512m -cp "$cp" io.coxswain.apiserver.bench.FieldManagerBenchmark "$@"
