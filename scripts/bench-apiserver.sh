#!/usr/bin/env bash
# The api-server benchmark: starts a real etcd and the api-server (its runnable jar, in its own JVM) on free loopback
# ports, loads it over HTTP and prints create/get throughput and latency, watch fan-out delivery latency and the
# api-server's memory. Takes a few minutes; prints a table at the end. Figures are recorded in docs/PERFORMANCE.md.
#
# usage: scripts/bench-apiserver.sh [--rate 200] [--duration 30] [--concurrency 16] [--max-duration 15]
#                                   [--watchers 100] [--watch-rate 50] [--watch-duration 10] [--warmup 20]
#                                   [--server-jvm-opts "-Xmx512m"] [--jfr /tmp/apiserver.jfr] [--jar <exec jar>]
# Needs: a JDK 17+, etcd 3.4+ (/usr/bin/etcd or on PATH). RabbitMQ is optional (the api-server retries without it).
# Env: MAVEN_ARGS  extra Maven arguments (e.g. "-o" to build offline).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
module=api-server-service

if ! command -v etcd >/dev/null 2>&1 && [ ! -x /usr/bin/etcd ]; then
  echo "etcd is not installed: 'apt-get install -y etcd-server' (Debian/Ubuntu) or put an etcd 3.4+ binary on PATH" >&2
  exit 1
fi

# The runnable jar (built by './mvnw install -DskipTests'); build it when absent.
jar="$(ls "$module"/target/"$module"-*-exec.jar 2>/dev/null | head -n1 || true)"
if [ -z "$jar" ]; then
  echo "building $module (no runnable jar in $module/target)..." >&2
  ./mvnw -q ${MAVEN_ARGS:-} -pl "$module" -am package -DskipTests
  jar="$(ls "$module"/target/"$module"-*-exec.jar | head -n1)"
fi

# Compile the benchmark (test sources) and write the test classpath; -am compiles test-support from the reactor.
./mvnw -q ${MAVEN_ARGS:-} -pl "$module" -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

cp="$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$module/target/bench-classpath.txt")"
# Run from the module directory so etcd's and the api-server's logs land in $module/target/{etcd,bench}/.
cd "$module"
exec java -Xms256m -Xmx1g -cp "$cp" io.coxswain.apiserver.bench.ApiServerBenchmark --jar "$root/$jar" "$@"
