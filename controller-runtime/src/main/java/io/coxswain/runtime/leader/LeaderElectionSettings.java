package io.coxswain.runtime.leader;

import java.time.Duration;

/**
 * Where and how often to compete for leadership, with Kubernetes' usual timings (15 s lease, 10 s renew deadline,
 * 2 s retry). A standby takes over at the latest {@code leaseDuration} after the leader stops renewing.
 *
 * @param namespace     namespace of the coordination.k8s.io/v1 Lease
 * @param leaseName     name of the Lease, e.g. {@code coxswain-scheduler}
 * @param identity      this candidate's identity (host name plus a random suffix), written as the lease holder
 */
public record LeaderElectionSettings(String namespace, String leaseName, String identity, Duration leaseDuration,
                                     Duration renewDeadline, Duration retryPeriod) {

    public LeaderElectionSettings {
        if (!(retryPeriod.compareTo(renewDeadline) < 0 && renewDeadline.compareTo(leaseDuration) < 0)) {
            throw new IllegalArgumentException(
                    "need retryPeriod < renewDeadline < leaseDuration, got " + retryPeriod + ", " + renewDeadline
                            + ", " + leaseDuration);
        }
    }
}
