package io.coxswain.nodeagent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** Runs one probe once. Blocks at most about the probe's timeoutSeconds; never throws (errors are failures). */
public interface Prober {

    /**
     * @param podIp       the pod's address, where httpGet and tcpSocket probes go unless they name a host
     * @param containerId the runtime's container id, where exec probes run
     */
    ProbeOutcome probe(Probe probe, Container container, String podIp, String containerId);
}
