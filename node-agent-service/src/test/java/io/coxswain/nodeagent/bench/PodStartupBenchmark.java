package io.coxswain.nodeagent.bench;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.nodeagent.NodeAgentApplication;
import io.coxswain.nodeagent.runtime.ContainerSummary;
import io.coxswain.nodeagent.runtime.DockerContainerRuntime;
import io.coxswain.nodeagent.runtime.TestImages;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Pod startup latency, create to Ready, as Kubernetes' pod startup SLO measures it (its objective: p99 under 5 s).
 * Starts a real etcd, the api-server and one node agent on the local Docker engine in this JVM, creates N pods
 * (already bound to the node, testbox image present locally, busybox httpd) at a steady rate, and takes, for
 * each pod, the time from just before its create request to the moment a watch sees its Ready condition True.
 * Not a test: run it with scripts/bench-pod-startup.sh [pods] [pods-per-second].
 */
public final class PodStartupBenchmark {

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 5.0;
        String node = "bench-node";
        TestImages.ensureBuilt();
        DockerContainerRuntime runtime = new DockerContainerRuntime("unix:///var/run/docker.sock", node, TestImages.PAUSE, Duration.ofMinutes(1));
        try (ApiServerFixture apiServer = ApiServerFixture.start(Map.of("logging.level.io.coxswain", "WARN"))) {
            ConfigurableApplicationContext agent = NodeAgentApplication.builder().run(
                    "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.io.coxswain=WARN",
                    "--coxswain.api-server.url=" + apiServer.url(), "--coxswain.node.name=" + node);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                    .withMasterUrl(apiServer.url()).withOnlyHttpWatches(true).build()).build();
            Map<String, Long> createdAt = new ConcurrentHashMap<>();
            Map<String, Long> readyAt = new ConcurrentHashMap<>();
            SharedIndexInformer<Pod> watch = client.pods().inNamespace("default").inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    check(pod);
                }

                @Override
                public void onUpdate(Pod old, Pod pod) {
                    check(pod);
                }

                @Override
                public void onDelete(Pod pod, boolean unknown) {
                }

                private void check(Pod pod) {
                    if (pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                        readyAt.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
                    }
                }
            }, 0);
            try {
                long intervalNanos = (long) (1_000_000_000L / rate);
                long start = System.nanoTime();
                for (int i = 0; i < pods; i++) {
                    long due = start + i * intervalNanos;
                    while (System.nanoTime() < due) {
                        TimeUnit.NANOSECONDS.sleep(Math.min(due - System.nanoTime(), 5_000_000));
                    }
                    String name = "bench-" + i;
                    Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                            .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(1L)
                            .addNewContainer().withName("web").withImage(TestImages.TESTBOX).withImagePullPolicy("IfNotPresent")
                            .addNewPort().withContainerPort(8080).endPort().endContainer().endSpec().build();
                    createdAt.put(name, System.nanoTime());
                    client.pods().inNamespace("default").resource(pod).create();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (readyAt.size() < pods && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                List<Double> latencies = new ArrayList<>();
                createdAt.forEach((name, t) -> {
                    Long r = readyAt.get(name);
                    if (r != null) {
                        latencies.add((r - t) / 1e6);
                    }
                });
                Collections.sort(latencies);
                System.out.printf(Locale.ROOT, "pod startup (create -> Ready): pods=%d ready=%d rate=%.1f/s cpus=%d%n",
                        pods, latencies.size(), rate, Runtime.getRuntime().availableProcessors());
                if (!latencies.isEmpty()) {
                    System.out.printf(Locale.ROOT, "p50=%.0f ms  p90=%.0f ms  p99=%.0f ms  max=%.0f ms  min=%.0f ms%n",
                            percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                            latencies.get(latencies.size() - 1), latencies.get(0));
                }
            } finally {
                watch.close();
                client.pods().inNamespace("default").withGracePeriod(0).delete();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!client.pods().inNamespace("default").list().getItems().isEmpty() && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                agent.close();
                client.close();
            }
        } finally {
            for (ContainerSummary c : runtime.list()) {
                runtime.remove(c.id());
            }
            runtime.close();
        }
        System.exit(0);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
