package io.coxswain.scheduler.bench;

import io.coxswain.scheduler.cache.SchedulerCache;
import io.coxswain.scheduler.it.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A benchmark in the spirit of Kubernetes' scheduler_perf (not a test): for each (nodes, pods) pair it starts a
 * fresh etcd and api-server, creates the nodes through the API, starts the scheduler, then creates the pods through
 * the API from {@code threads} client threads and watches them get bound. It prints pods bound per second (first
 * create to last binding) and the p50/p99 time from a pod's creation request to the watch reporting it bound, plus
 * the scheduler's own per-attempt algorithm+binding time from its metrics.
 *
 * <p>Everything (etcd, api-server, scheduler, this client) shares the machine, so the figures are those of the
 * whole path: API writes to etcd, watch fan-out, scheduling and binding.
 *
 * <p>Usage: {@code SchedulerBenchmark [nodes:pods ...] [--threads=N] [--parallelism=N] [--percentage=P]};
 * default {@code 100:1000 1000:2000 5000:10000}.
 */
public final class SchedulerBenchmark {

    private SchedulerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<int[]> runs = new ArrayList<>();
        int threads = 32;
        int parallelism = 1;
        int percentage = 0;
        for (String arg : args) {
            if (arg.startsWith("--threads=")) {
                threads = Integer.parseInt(arg.substring("--threads=".length()));
            } else if (arg.startsWith("--parallelism=")) {
                parallelism = Integer.parseInt(arg.substring("--parallelism=".length()));
            } else if (arg.startsWith("--percentage=")) {
                percentage = Integer.parseInt(arg.substring("--percentage=".length()));
            } else {
                String[] pair = arg.split(":");
                runs.add(new int[] {Integer.parseInt(pair[0]), Integer.parseInt(pair[1])});
            }
        }
        if (runs.isEmpty()) {
            runs = List.of(new int[] {100, 1000}, new int[] {1000, 2000}, new int[] {5000, 10000});
        }
        System.out.printf("%-6s %-6s %-8s %-10s %-10s %-9s %-9s %-9s %-12s%n", "nodes", "pods", "threads",
                "create/s", "bound/s", "p50 ms", "p99 ms", "max ms", "attempt ms");
        for (int[] run : runs) {
            Result result = run(run[0], run[1], threads, parallelism, percentage);
            System.out.printf("%-6d %-6d %-8d %-10.0f %-10.0f %-9d %-9d %-9d %-12.3f%n", run[0], run[1], threads,
                    result.createRate, result.boundRate, result.p50Millis, result.p99Millis, result.maxMillis,
                    result.meanAttemptMillis);
        }
        System.exit(0);
    }

    record Result(double createRate, double boundRate, long p50Millis, long p99Millis, long maxMillis,
                  double meanAttemptMillis) {
    }

    static Result run(int nodes, int pods, int threads, int parallelism, int percentage) throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            KubernetesClient client = cluster.client();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> created = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    String name = "node-" + i;
                    created.add(pool.submit(() -> TestCluster.createNode(client,
                            TestCluster.node(name, "4", "16Gi", Map.of("zone", "zone-" + (name.hashCode() & 3))))));
                }
                for (Future<?> f : created) {
                    f.get();
                }
                ConfigurableApplicationContext scheduler = cluster.startScheduler(
                        "--coxswain.scheduler.lease.enabled=false",
                        "--coxswain.scheduler.parallelism=" + parallelism,
                        "--coxswain.scheduler.percentage-of-nodes-to-score=" + percentage,
                        "--logging.level.io.coxswain.scheduler=WARN");
                SchedulerCache cache = scheduler.getBean(SchedulerCache.class);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (cache.nodeCount() < nodes) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("scheduler saw " + cache.nodeCount() + "/" + nodes + " nodes");
                    }
                    Thread.sleep(50);
                }

                Map<String, Long> createdAt = new ConcurrentHashMap<>();
                Map<String, Long> boundAt = new ConcurrentHashMap<>();
                AtomicLong lastBound = new AtomicLong();
                SharedIndexInformer<Pod> watch = client.pods().inNamespace("default").inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        record(pod);
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        record(pod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknown) {
                    }

                    private void record(Pod pod) {
                        if (pod.getSpec().getNodeName() != null
                                && boundAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime()) == null) {
                            lastBound.set(System.nanoTime());
                        }
                    }
                });
                try {
                    AtomicInteger next = new AtomicInteger();
                    long start = System.nanoTime();
                    List<Future<?>> creators = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        creators.add(pool.submit(() -> {
                            int i;
                            while ((i = next.getAndIncrement()) < pods) {
                                String name = "pod-" + i;
                                Pod pod = TestCluster.pod(name, "100m", "128Mi").build();
                                createdAt.put(name, System.nanoTime());
                                client.pods().inNamespace("default").resource(pod).create();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : creators) {
                        f.get();
                    }
                    long createdAll = System.nanoTime();
                    deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                    while (boundAt.size() < pods) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("only " + boundAt.size() + "/" + pods + " pods bound");
                        }
                        Thread.sleep(20);
                    }
                    long[] latencies = createdAt.entrySet().stream()
                            .mapToLong(e -> boundAt.get(e.getKey()) - e.getValue()).sorted().toArray();
                    Timer attempts = scheduler.getBean(MeterRegistry.class).find("scheduler.scheduling.attempt.duration")
                            .tag("result", "scheduled").timer();
                    double meanAttempt = attempts == null ? Double.NaN : attempts.mean(TimeUnit.MILLISECONDS);
                    return new Result(pods / seconds(createdAll - start), pods / seconds(lastBound.get() - start),
                            millis(percentile(latencies, 50)), millis(percentile(latencies, 99)),
                            millis(latencies[latencies.length - 1]), meanAttempt);
                } finally {
                    watch.close();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
