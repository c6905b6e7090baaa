package io.coxswain.runtime.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Competes for a coordination.k8s.io/v1 Lease with fabric8's {@code LeaderElector} and runs {@code onStartLeading}
 * / {@code onStopLeading} as leadership comes and goes. After losing the lease, the candidate stands again, so a
 * replica that lost it through a network hiccup can become the standby.
 *
 * <p>Contract for the callbacks: {@code onStartLeading} starts the work and returns promptly; {@code onStopLeading}
 * stops it before returning (another replica may already be leading). {@link #close} releases the lease so that a
 * standby takes over at once instead of after the lease duration.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final LeaderElectionSettings settings;
    private final Runnable onStartLeading;
    private final Runnable onStopLeading;
    private volatile boolean leading;
    private volatile boolean closed;
    private CompletableFuture<?> running;

    public LeaderElection(KubernetesClient client, LeaderElectionSettings settings, Runnable onStartLeading,
                          Runnable onStopLeading) {
        this.client = client;
        this.settings = settings;
        this.onStartLeading = onStartLeading;
        this.onStopLeading = onStopLeading;
    }

    public synchronized void start() {
        if (closed || running != null && !running.isDone()) {
            return;
        }
        var config = new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.namespace(), settings.leaseName(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped,
                        leader -> log.info("leader is now lease={}/{} holder={}", settings.namespace(),
                                settings.leaseName(), leader)))
                .build();
        running = client.leaderElector().withConfig(config).build().start();
        running.whenComplete((ignored, error) -> {
            if (error != null && !closed) {
                log.warn("leader election ended lease={}/{}: {}", settings.namespace(), settings.leaseName(),
                        error.toString());
            }
            // fabric8's elector returns once leadership is lost; stand again unless we are shutting down.
            // Stand again after a retry period, so that an elector failing at once cannot spin.
            if (!closed) {
                CompletableFuture.runAsync(this::start, CompletableFuture.delayedExecutor(
                        settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS));
            }
        });
    }

    public boolean isLeader() {
        return leading;
    }

    private void started() {
        log.info("became leader lease={}/{} identity={}", settings.namespace(), settings.leaseName(),
                settings.identity());
        leading = true;
        onStartLeading.run();
    }

    private void stopped() {
        if (!leading) {
            return;
        }
        log.info("stopped leading lease={}/{} identity={}", settings.namespace(), settings.leaseName(),
                settings.identity());
        leading = false;
        onStopLeading.run();
    }

    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            closed = true;
            current = running;
        }
        if (current != null) {
            current.cancel(true);
        }
        stopped();
    }
}
