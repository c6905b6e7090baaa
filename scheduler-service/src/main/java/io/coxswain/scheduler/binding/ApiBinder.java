package io.coxswain.scheduler.binding;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Binds with {@code POST /api/v1/namespaces/{ns}/pods/{name}/binding}, as kube-scheduler's DefaultBinder does.
 * fabric8's typed DSL only offers the older {@code bindings} collection, which the api-server does not serve, so the
 * request goes through the fabric8 client's own HTTP client (same connection pool, authentication and
 * serialization); the body is the fabric8 {@link Binding} model.
 */
public final class ApiBinder implements Binder {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final HttpClient http;
    private final URI base;

    public ApiBinder(KubernetesClient client) {
        this.client = client;
        this.http = client.getHttpClient();
        String master = client.getMasterUrl().toString();
        this.base = URI.create(master.endsWith("/") ? master : master + "/");
    }

    @Override
    public void bind(Pod pod, String nodeName) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Binding binding = new BindingBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withUid(pod.getMetadata().getUid())
                .endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(nodeName).endTarget()
                .build();
        URI uri = base.resolve("api/v1/namespaces/" + encode(namespace) + "/pods/" + encode(name) + "/binding");
        HttpRequest request = http.newHttpRequestBuilder().uri(uri)
                .post("application/json", client.getKubernetesSerialization().asJson(binding))
                .build();
        HttpResponse<String> response;
        try {
            response = http.sendAsync(request, String.class).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + namespace + "/" + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("binding " + namespace + "/" + name + " failed: " + e, e);
        }
        int code = response.code();
        if (code >= 200 && code < 300) {
            return;
        }
        String message = "binding " + namespace + "/" + name + " to " + nodeName + " answered " + code + ": "
                + response.body();
        if (code == 404 || code == 409) {
            throw new BindingRejectedException(message, null);
        }
        throw new IllegalStateException(message);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
