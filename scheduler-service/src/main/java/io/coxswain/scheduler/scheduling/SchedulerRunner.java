package io.coxswain.scheduler.scheduling;

import io.coxswain.runtime.leader.LeaderElection;
import io.coxswain.runtime.leader.LeaderElectionSettings;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the pod and node informers, and once both have synced, competes for leadership (or, with leader election
 * off, starts scheduling at once). Every replica keeps its cache and queue warm; only the leader runs the scheduling
 * loop. The informer handlers hold no logic: they hand each event to the {@link Scheduler}.
 *
 * <p>Reports readiness through the {@code scheduler} health indicator: up once the caches have synced.
 */
final class SchedulerRunner implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(SchedulerRunner.class);

    private final KubernetesClient client;
    private final Scheduler scheduler;
    private final LeaderElectionSettings election;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;
    private LeaderElection leaderElection;
    private volatile boolean running;

    SchedulerRunner(KubernetesClient client, Scheduler scheduler, LeaderElectionSettings election) {
        this.client = client;
        this.scheduler = scheduler;
        this.election = election;
    }

    @Override
    public synchronized void start() {
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                scheduler.onPodAdd(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                scheduler.onPodUpdate(old, pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                scheduler.onPodDelete(pod);
            }
        });
        nodes = client.nodes().runnableInformer(0);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                scheduler.onNodeAdd(node);
            }

            @Override
            public void onUpdate(Node old, Node node) {
                scheduler.onNodeUpdate(old, node);
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                scheduler.onNodeDelete(node);
            }
        });
        running = true;
        // Nodes first, so the first pods find their nodes; both must have synced before any decision.
        CompletableFuture<?> nodesSynced = nodes.start().toCompletableFuture();
        CompletableFuture<?> podsSynced = pods.start().toCompletableFuture();
        CompletableFuture.allOf(nodesSynced, podsSynced).whenComplete((ignored, error) -> {
            if (error != null) {
                log.error("informers failed to start", error);
                return;
            }
            synchronized (this) {
                if (!running) {
                    return;
                }
                log.info("caches synced nodes={} pods={}", nodes.getStore().list().size(),
                        pods.getStore().list().size());
                if (election == null) {
                    scheduler.start();
                } else {
                    leaderElection = new LeaderElection(client, election, scheduler::start, scheduler::stop);
                    leaderElection.start();
                }
            }
        });
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (leaderElection != null) {
            leaderElection.close();
        }
        scheduler.stop();
        if (pods != null) {
            pods.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether this replica currently holds the lease (always true without leader election once started). */
    boolean isLeader() {
        return leaderElection == null ? running : leaderElection.isLeader();
    }

    @Override
    public Health health() {
        boolean synced = pods != null && nodes != null && pods.hasSynced() && nodes.hasSynced();
        return (synced ? Health.up() : Health.down()).withDetail("leader", isLeader()).build();
    }
}
