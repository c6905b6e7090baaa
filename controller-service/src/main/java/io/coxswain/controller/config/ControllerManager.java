package io.coxswain.controller.config;

import io.coxswain.controller.namespace.NamespaceReconciler;
import io.coxswain.runtime.Controller;
import io.coxswain.runtime.informer.EnqueueHandler;
import io.coxswain.runtime.leader.LeaderElection;
import io.coxswain.runtime.leader.LeaderElectionSettings;
import io.coxswain.runtime.workqueue.ExponentialBackoff;
import io.coxswain.runtime.workqueue.WorkQueue;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Lister;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Runs the controllers while this replica holds the controller-manager Lease: informers and workers start when it
 * leads and stop when it loses the lease, so two replicas can run and only one acts.
 */
final class ControllerManager implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ControllerManager.class);

    private final KubernetesClient client;
    private final ControllerProperties properties;
    private final LeaderElectionSettings election;
    private final MeterRegistry registry;
    private LeaderElection leaderElection;
    private SharedIndexInformer<Namespace> namespaces;
    private Controller namespaceController;
    private volatile boolean running;

    ControllerManager(KubernetesClient client, ControllerProperties properties, LeaderElectionSettings election,
                      MeterRegistry registry) {
        this.client = client;
        this.properties = properties;
        this.election = election;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        running = true;
        leaderElection = new LeaderElection(client, election, this::startControllers, this::stopControllers);
        leaderElection.start();
    }

    private synchronized void startControllers() {
        log.info("leading: starting controllers");
        WorkQueue<String> queue = new WorkQueue<>("namespace",
                new ExponentialBackoff<>(Duration.ofMillis(500), Duration.ofMinutes(1)), registry);
        namespaces = client.namespaces().runnableInformer(Duration.ofMinutes(5).toMillis());
        NamespaceReconciler reconciler = new NamespaceReconciler(client, new Lister<>(namespaces.getIndexer()),
                properties.namespaceRecheck());
        namespaceController = new Controller("namespace", reconciler, queue, properties.namespaceWorkers(),
                java.util.List.<java.util.function.BooleanSupplier>of(namespaces::hasSynced));
        namespaces.addEventHandler(EnqueueHandler.forObject(namespaceController::enqueue));
        namespaces.start();
        namespaceController.start();
    }

    private synchronized void stopControllers() {
        log.info("no longer leading: stopping controllers");
        if (namespaces != null) {
            namespaces.close();
            namespaces = null;
        }
        if (namespaceController != null) {
            try {
                namespaceController.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            namespaceController = null;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (leaderElection != null) {
            leaderElection.close(); // releases the lease: a standby takes over at once
        }
        stopControllers();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
