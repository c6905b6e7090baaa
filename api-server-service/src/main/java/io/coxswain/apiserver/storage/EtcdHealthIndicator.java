package io.coxswain.apiserver.storage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Actuator's {@code etcd} health: UP with etcd's current revision when a linearizable read succeeds within the request
 * timeout, DOWN otherwise. Meant for readiness (an api-server without etcd cannot serve), not liveness (restarting the
 * api-server does not bring etcd back).
 */
class EtcdHealthIndicator extends AbstractHealthIndicator {

    private final EtcdStore store;

    EtcdHealthIndicator(EtcdStore store) {
        super("etcd health check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("revision", store.currentRevision());
    }
}
