package io.coxswain.apiserver.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.UUID;

/**
 * One api-server and etcd shared by the integration tests of a JVM that do not restart them, so that the suite starts
 * the server once. Tests isolate themselves in namespaces of their own ({@link #freshNamespace}).
 */
public final class SharedApiServer {

    private static ApiServerFixture instance;

    private SharedApiServer() {
    }

    public static synchronized ApiServerFixture get() {
        if (instance == null) {
            instance = ApiServerFixture.start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "shared-api-server-stop"));
        }
        return instance;
    }

    /** Creates a namespace with a unique name and returns the name. */
    public static String freshNamespace(KubernetesClient client, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }
}
