package io.coxswain.apiserver.testing;

import io.coxswain.apiserver.ApiServerApplication;
import io.coxswain.testing.EtcdServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real api-server, started in-process against a real etcd (an {@link EtcdServer} child process), for integration
 * tests of the api-server and of the components that talk to it. Restartable on the same port, so clients see a
 * server restart as they would in production. Published in api-server-service's test-jar.
 */
public final class ApiServerFixture implements AutoCloseable {

    private final EtcdServer etcd;
    private final boolean ownsEtcd;
    private final Map<String, Object> properties;
    private final int port;
    private ConfigurableApplicationContext context;
    private final List<KubernetesClient> clients = new ArrayList<>();

    private ApiServerFixture(EtcdServer etcd, boolean ownsEtcd, Map<String, Object> extra) {
        this.etcd = etcd;
        this.ownsEtcd = ownsEtcd;
        this.port = freePort();
        this.properties = new LinkedHashMap<>();
        properties.put("server.port", port);
        properties.put("server.address", "127.0.0.1");
        properties.put("coxswain.etcd.endpoints", etcd.endpoint());
        properties.put("spring.cloud.stream.bindings.clusterEvents-in-0.group", "api-server-test-" + port);
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.io.coxswain", "INFO");
        properties.putAll(extra);
    }

    /** A fresh etcd and an api-server on it. */
    public static ApiServerFixture start() {
        return start(Map.of());
    }

    public static ApiServerFixture start(Map<String, Object> properties) {
        EtcdServer etcd = EtcdServer.started();
        ApiServerFixture fixture = new ApiServerFixture(etcd, true, properties);
        fixture.startServer();
        return fixture;
    }

    /** An api-server on an etcd the caller owns. */
    public static ApiServerFixture start(EtcdServer etcd, Map<String, Object> properties) {
        ApiServerFixture fixture = new ApiServerFixture(etcd, false, properties);
        fixture.startServer();
        return fixture;
    }

    public synchronized void startServer() {
        if (context != null) {
            return;
        }
        // As command-line arguments: they take precedence over application.yml.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        context = new SpringApplicationBuilder(ApiServerApplication.class).run(args);
        int actual = ((WebServerApplicationContext) context).getWebServer().getPort();
        if (actual != port) {
            throw new IllegalStateException("api-server listens on " + actual + ", expected " + port);
        }
    }

    public synchronized void stopServer() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** Stops and starts the api-server on the same port and etcd. */
    public void restartServer() {
        stopServer();
        startServer();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public EtcdServer etcd() {
        return etcd;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** A fabric8 client for this server; closed with the fixture. */
    public synchronized KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withRequestRetryBackoffLimit(3)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(client);
        return client;
    }

    /** Writes a kubeconfig for kubectl pointing at this server. */
    public Path writeKubeconfig(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: coxswain
                  cluster:
                    server: %s
                contexts:
                - name: coxswain
                  context:
                    cluster: coxswain
                    user: admin
                current-context: coxswain
                users:
                - name: admin
                  user: {}
                """.formatted(url()));
        return file;
    }

    @Override
    public synchronized void close() {
        clients.forEach(KubernetesClient::close);
        clients.clear();
        stopServer();
        if (ownsEtcd) {
            etcd.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
