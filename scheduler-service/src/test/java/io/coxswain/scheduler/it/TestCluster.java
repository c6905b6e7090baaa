package io.coxswain.scheduler.it;

import io.coxswain.apiserver.ApiServerApplication;
import io.coxswain.scheduler.SchedulerApplication;
import io.coxswain.testing.EtcdServer;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real etcd (child process) and the real api-server in-process on a free loopback port, plus helpers to create
 * nodes and pods through the API. Stands in for api-server-service's {@code ApiServerFixture} until its test-jar is
 * published; the api-server is started the same way.
 */
public final class TestCluster implements AutoCloseable {

    private final EtcdServer etcd;
    private final ConfigurableApplicationContext apiServer;
    private final int port;
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<ConfigurableApplicationContext> schedulers = new ArrayList<>();

    private TestCluster() {
        etcd = EtcdServer.started();
        port = freePort();
        try {
            apiServer = new SpringApplicationBuilder(ApiServerApplication.class).properties(Map.of(
                    "server.port", port,
                    "server.address", "127.0.0.1",
                    "coxswain.etcd.endpoints", etcd.endpoint(),
                    "spring.cloud.stream.bindings.clusterEvents-in-0.group", "api-server-test-" + port,
                    "spring.main.banner-mode", "off",
                    "logging.level.root", "WARN",
                    "logging.level.io.coxswain", "INFO")).run();
        } catch (RuntimeException e) {
            etcd.close();
            throw e;
        }
    }

    public static TestCluster start() {
        return new TestCluster();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized KubernetesClient client() {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(url()).withNamespace("default").build()).build();
        clients.add(client);
        return client;
    }

    /** Starts a scheduler in-process (command-line style arguments beat its own config file). */
    public synchronized ConfigurableApplicationContext startScheduler(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--coxswain.api-server.url=" + url(),
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--logging.level.io.coxswain.scheduler=INFO"));
        args.addAll(List.of(extraArgs));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SchedulerApplication.class)
                .properties(SchedulerApplication.CONFIG_NAME).run(args.toArray(String[]::new));
        schedulers.add(context);
        return context;
    }

    /** A Ready node with the given allocatable resources, created through the API with its status. */
    public static Node node(String name, String cpu, String memory, Map<String, String> labels) {
        Map<String, Quantity> resources = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(resources).withAllocatable(resources)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus().build();
    }

    /** Creates the node and (re)writes its status, whether or not create keeps status. */
    public static Node createNode(KubernetesClient client, Node node) {
        Node created = client.nodes().resource(node).create();
        Node withStatus = new NodeBuilder(created).withStatus(node.getStatus()).build();
        withStatus.getMetadata().setResourceVersion(null);
        return client.nodes().resource(withStatus).patchStatus();
    }

    public static PodBuilder pod(String name, String cpu, String memory) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addToContainers(new ContainerBuilder().withName("main").withImage("coxswain/testbox")
                        .withNewResources().addToRequests("cpu", new Quantity(cpu))
                        .addToRequests("memory", new Quantity(memory)).endResources().build())
                .endSpec();
    }

    @Override
    public synchronized void close() {
        schedulers.forEach(ConfigurableApplicationContext::close);
        clients.forEach(KubernetesClient::close);
        apiServer.close();
        etcd.close();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
