package io.coxswain.nodeagent.config;

import io.coxswain.runtime.events.BrokerEventRecorder;
import io.coxswain.runtime.events.EventRecorder;
import io.coxswain.nodeagent.node.NodeReporter;
import io.coxswain.nodeagent.pod.Fabric8PodApi;
import io.coxswain.nodeagent.pod.PodWorkerSettings;
import io.coxswain.nodeagent.pod.PodWorkers;
import io.coxswain.nodeagent.probe.NetworkProber;
import io.coxswain.nodeagent.probe.ProbeOutcome;
import io.coxswain.nodeagent.probe.Prober;
import io.coxswain.nodeagent.runtime.ContainerRuntime;
import io.coxswain.nodeagent.runtime.DockerContainerRuntime;
import io.coxswain.nodeagent.runtime.SimulatedContainerRuntime;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Locale;

/** Wires the node agent once; every collaborator is built here and handed in through constructors. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeAgentProperties.class)
class NodeAgentConfiguration {

    /** The resolved node name: configured, else the host name (lower-case, as Kubernetes requires). */
    record NodeName(String value) {
    }

    @Bean
    NodeName nodeName(NodeAgentProperties props) {
        String name = props.node().name();
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = System.getenv().getOrDefault("HOSTNAME", "localhost");
            }
        }
        return new NodeName(name.toLowerCase(Locale.ROOT));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(NodeAgentProperties props) {
        // Config.empty(): never pick up a kubeconfig or service account from the environment.
        // onlyHttpWatches: the api-server streams watches over plain HTTP; a WebSocket upgrade attempt on the
        // JDK client waits forever for the end of the (endless) chunked 200 answer, and the informer never starts.
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(props.apiServer().url())
                .withRequestRetryBackoffLimit(3).withOnlyHttpWatches(true)
                // names the node agent as the field manager of its writes (as Kubernetes' kubelet)
                .withUserAgent("coxswain-node-agent").build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Bean
    ContainerRuntime containerRuntime(NodeAgentProperties props, NodeName node, Clock clock) {
        NodeAgentProperties.Runtime r = props.runtime();
        if ("simulated".equalsIgnoreCase(r.type())) {
            return new SimulatedContainerRuntime(clock, r.simulatedStartDelay(), props.node().address(),
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() * 4);
        }
        return new DockerContainerRuntime(r.dockerHost(), node.value(), r.pauseImage(), r.pullTimeout());
    }

    @Bean
    Prober prober(NodeAgentProperties props, ContainerRuntime runtime) {
        if ("simulated".equalsIgnoreCase(props.runtime().type())) {
            // hollow nodes have no processes to probe; a simulated process is always healthy
            return (probe, container, podIp, containerId) -> ProbeOutcome.ok();
        }
        return new NetworkProber(runtime);
    }

    @Bean
    EventRecorder eventRecorder(StreamBridge bridge, NodeName node, Clock clock) {
        return new BrokerEventRecorder(bridge::send, "kubelet", node.value(), clock);
    }

    @Bean
    Fabric8PodApi podApi(KubernetesClient client, NodeName node) {
        return new Fabric8PodApi(client, node.value());
    }

    @Bean
    PodWorkers podWorkers(ContainerRuntime runtime, Prober prober, Fabric8PodApi api, EventRecorder events, Clock clock,
                          NodeAgentProperties props, NodeName node, MeterRegistry registry) {
        NodeAgentProperties.Pods p = props.pods();
        return new PodWorkers(runtime, prober, api, events, clock,
                new PodWorkerSettings(node.value(), props.node().address(), p.backOffInitial(), p.backOffMax(), p.workers(),
                        p.relistPeriod(), p.resyncPeriod(), p.orphanGracePeriod()), registry);
    }

    @Bean
    NodeAgent nodeAgent(KubernetesClient client, ContainerRuntime runtime, StreamBridge bridge, NodeAgentProperties props,
                        NodeName node, Clock clock, Fabric8PodApi api, PodWorkers workers) {
        NodeAgentProperties.Node n = props.node();
        return new NodeAgent(port -> new NodeReporter(client, runtime, bridge, node.value(), n.address(), port, n.cpu(), n.memory(),
                n.maxPods(), n.labels(), n.heartbeatInterval(), clock), api, workers, props.pods().resyncPeriod());
    }
}
