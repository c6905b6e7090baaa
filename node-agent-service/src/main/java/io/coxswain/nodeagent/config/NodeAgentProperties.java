package io.coxswain.nodeagent.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the node agent, under {@code coxswain.*}.
 *
 * @param apiServer the api-server to register with and watch
 * @param node      this node
 * @param runtime   the container runtime
 * @param pods      the pod workers
 */
@ConfigurationProperties("coxswain")
public record NodeAgentProperties(@DefaultValue ApiServer apiServer, @DefaultValue Node node, @DefaultValue Runtime runtime,
                                  @DefaultValue Pods pods) {

    /** @param url base URL [COXSWAIN_API_SERVER_URL] */
    public record ApiServer(@DefaultValue("http://127.0.0.1:6443") String url) {
    }

    /**
     * @param name              Node name [COXSWAIN_NODE_NAME]; empty means the host name
     * @param address           where pod ports are published and the InternalIP [COXSWAIN_NODE_ADDRESS]
     * @param cpu               CPU capacity to report (a Kubernetes quantity); empty means what the runtime reports
     * @param memory            memory capacity to report (a Kubernetes quantity); empty means what the runtime reports
     * @param maxPods           the "pods" capacity
     * @param labels            extra Node labels
     * @param heartbeatInterval how often a heartbeat goes to the broker (and the runtime's health is checked)
     */
    public record Node(@DefaultValue("") String name, @DefaultValue("127.0.0.1") String address, @DefaultValue("") String cpu,
                       @DefaultValue("") String memory, @DefaultValue("110") int maxPods, Map<String, String> labels,
                       @DefaultValue("5s") Duration heartbeatInterval) {
        public Node {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /**
     * @param type                "docker" or "simulated" (hollow node: no containers)
     * @param dockerHost          Docker engine endpoint
     * @param pauseImage          the pod sandbox image (built by scripts/build-test-images.sh)
     * @param pullTimeout         longest image pull
     * @param simulatedStartDelay how long a simulated container takes to be running
     */
    public record Runtime(@DefaultValue("docker") String type, @DefaultValue("unix:///var/run/docker.sock") String dockerHost,
                          @DefaultValue("coxswain/pause:latest") String pauseImage, @DefaultValue("5m") Duration pullTimeout,
                          @DefaultValue("500ms") Duration simulatedStartDelay) {
    }

    /**
     * @param backOffInitial    first restart / image pull back-off
     * @param backOffMax        back-off cap
     * @param workers           pods synced in parallel
     * @param relistPeriod      how often containers are listed to notice state changes
     * @param resyncPeriod      how often each pod is synced without any change noticed
     * @param orphanGracePeriod grace for containers whose pod is unknown
     */
    public record Pods(@DefaultValue("10s") Duration backOffInitial, @DefaultValue("5m") Duration backOffMax,
                       @DefaultValue("16") int workers, @DefaultValue("1s") Duration relistPeriod,
                       @DefaultValue("30s") Duration resyncPeriod, @DefaultValue("10s") Duration orphanGracePeriod) {
    }
}
