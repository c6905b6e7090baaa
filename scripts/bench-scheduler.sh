#!/usr/bin/env bash
# Scheduler benchmark in the spirit of Kubernetes' scheduler_perf (not a test).
#
#   scripts/bench-scheduler.sh                 # 100:1000 1000:2000 5000:10000 through the real api-server
#   scripts/bench-scheduler.sh 5000:10000 --threads=64
#   scripts/bench-scheduler.sh --algorithm 5000 10000   # the scheduling algorithm alone, no server
#
# Through the API, each run starts a fresh etcd (child process) and api-server (in-process), creates the nodes,
# starts the scheduler, creates the pods from client threads and prints pods bound per second and the p50/p99 time
# from a pod's creation request to the watch reporting it bound. Needs the etcd binary on PATH and RabbitMQ on
# 127.0.0.1:5672 (events travel over it), as the integration tests do.
set -euo pipefail
cd "$(dirname "$0")/.."

main=io.coxswain.scheduler.bench.SchedulerBenchmark
if [[ "${1:-}" == "--algorithm" ]]; then
  main=io.coxswain.scheduler.bench.FrameworkBenchmark
  shift
fi

./mvnw -q -o -pl scheduler-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="$PWD/scheduler-service/target/test-classes:$PWD/scheduler-service/target/classes:$(cat scheduler-service/target/bench-classpath.txt)"

# Run from the module directory, where etcd's logs go (target/etcd) as in the integration tests.
cd scheduler-service
exec java -Xmx3g -Dlogging.level.root=WARN -cp "$cp" "$main" "$@"
