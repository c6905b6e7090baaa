package io.coxswain.scheduler.bench;

import io.coxswain.scheduler.cache.SchedulerCache;
import io.coxswain.scheduler.config.SchedulerProperties;
import io.coxswain.scheduler.framework.Framework;
import io.coxswain.scheduler.framework.PodInfo;
import io.coxswain.scheduler.framework.ScheduleResult;
import io.coxswain.scheduler.scheduling.Schedulers;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scheduling algorithm alone, without any server (not a test): N nodes in the cache, M pods scheduled and
 * assumed one after the other as the scheduling thread does, for each parallelism and percentage-of-nodes-to-score
 * given. Shows what the scheduler's own cycle costs, apart from the API.
 *
 * <p>Usage: {@code FrameworkBenchmark nodes pods}; prints one line per configuration.
 */
public final class FrameworkBenchmark {

    private FrameworkBenchmark() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
        System.out.printf("%-6s %-6s %-12s %-11s %-10s %-12s%n", "nodes", "pods", "parallelism", "percentage",
                "pods/s", "us/pod");
        for (int percentage : new int[] {0, 100}) {
            for (int parallelism : new int[] {1, 2}) {
                // Warm up the JIT on a throw-away run, then measure.
                run(nodes, Math.min(pods, 2000), parallelism, percentage);
                double perSecond = run(nodes, pods, parallelism, percentage);
                System.out.printf("%-6d %-6d %-12d %-11s %-10.0f %-12.1f%n", nodes, pods, parallelism,
                        percentage == 0 ? "adaptive" : percentage + "%", perSecond, 1e6 / perSecond);
            }
        }
    }

    static double run(int nodes, int pods, int parallelism, int percentage) {
        SchedulerProperties defaults = SchedulerProperties.defaults();
        SchedulerProperties properties = new SchedulerProperties(defaults.name(), percentage, parallelism,
                defaults.bindingThreads(), defaults.weights(), defaults.backoff(), defaults.lease());
        SchedulerCache cache = new SchedulerCache();
        Map<String, Quantity> resources = Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"),
                "pods", new Quantity("110"));
        for (int i = 0; i < nodes; i++) {
            cache.addNode(new NodeBuilder().withNewMetadata().withName("node-" + i).addToLabels("zone", "z" + (i % 4))
                    .endMetadata().withNewSpec().endSpec().withNewStatus().withAllocatable(resources)
                    .withCapacity(resources).addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .endStatus().build());
        }
        List<PodInfo> infos = new ArrayList<>(pods);
        for (int i = 0; i < pods; i++) {
            infos.add(PodInfo.of(new PodBuilder().withNewMetadata().withNamespace("default").withName("pod-" + i)
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("rs-" + (i % 20))
                    .withUid("rs-" + (i % 20)).withController(true).endOwnerReference().endMetadata()
                    .withNewSpec().addToContainers(new ContainerBuilder().withName("c").withImage("i")
                            .withNewResources().addToRequests("cpu", new Quantity("100m"))
                            .addToRequests("memory", new Quantity("128Mi")).endResources().build())
                    .endSpec().build()));
        }
        try (Framework framework = Schedulers.framework(properties)) {
            long start = System.nanoTime();
            for (PodInfo pod : infos) {
                ScheduleResult result = cache.withNodes(list -> {
                    ScheduleResult r = framework.schedule(pod, list);
                    if (r instanceof ScheduleResult.Scheduled s) {
                        cache.assume(pod, s.nodeName());
                    }
                    return r;
                });
                if (!(result instanceof ScheduleResult.Scheduled)) {
                    throw new IllegalStateException("pod " + pod + " did not fit: " + result);
                }
            }
            return pods / ((System.nanoTime() - start) / 1e9);
        }
    }
}
