package io.coxswain.nodeagent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

public enum ProbeType {
    LIVENESS("Liveness"), READINESS("Readiness"), STARTUP("Startup");

    private final String display;

    ProbeType(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }

    public Probe of(Container c) {
        return switch (this) {
            case LIVENESS -> c.getLivenessProbe();
            case READINESS -> c.getReadinessProbe();
            case STARTUP -> c.getStartupProbe();
        };
    }

    /** What a probe reports before its first run, as the kubelet does. */
    public ProbeResult initialResult() {
        return switch (this) {
            case LIVENESS -> ProbeResult.SUCCESS;
            case READINESS -> ProbeResult.FAILURE;
            case STARTUP -> ProbeResult.UNKNOWN;
        };
    }
}
