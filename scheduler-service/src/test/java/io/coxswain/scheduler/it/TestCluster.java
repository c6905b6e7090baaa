package io.coxswain.scheduler.it;

import io.coxswain.apiserver.testing.ApiServerFixture;
import io.coxswain.scheduler.SchedulerApplication;
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
 * The real api-server and etcd ({@link ApiServerFixture}) plus in-process schedulers, and helpers to create nodes
 * and pods through the API.
 */
public final class TestCluster implements AutoCloseable {

    private final ApiServerFixture apiServer;
    private final List<ConfigurableApplicationContext> schedulers = new ArrayList<>();
    private final List<KubernetesClient> clients = new ArrayList<>();

    private TestCluster() {
        apiServer = ApiServerFixture.start();
    }

    public static TestCluster start() {
        return new TestCluster();
    }

    public String url() {
        return apiServer.url();
    }

    /** A fabric8 client for the api-server (HTTP watches, as the scheduler uses); closed with the cluster. */
    public synchronized KubernetesClient client() {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(url()).withNamespace("default").withOnlyHttpWatches(true).build()).build();
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
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
