package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ObjectRegistry;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code pods/<name>/log}: proxies to the node agent of the pod's node, which serves
 * {@code /containerLogs/<namespace>/<pod>/<container>} on its kubelet endpoint (the Node's InternalIP and
 * {@code status.daemonEndpoints.kubeletEndpoint.Port}). Streams as it reads, so {@code follow=true} works.
 */
final class PodLogs {

    private static final List<String> FORWARDED = List.of("follow", "tailLines", "timestamps", "previous", "sinceSeconds",
            "sinceTime", "limitBytes");

    private final ObjectRegistry registry;
    private final HttpClient http;

    PodLogs(ObjectRegistry registry) {
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    void stream(ResourcePath path, HttpServletRequest servlet, HttpServletResponse response) throws IOException {
        Pod pod = (Pod) registry.get(ResourceTypes.PODS, path.namespace(), path.name());
        String container = servlet.getParameter("container");
        List<Container> containers = pod.getSpec().getContainers();
        if (container == null || container.isEmpty()) {
            if (containers.size() != 1) {
                throw ApiException.badRequest("a container name must be specified for pod " + path.name()
                        + ", choose one of: " + containers.stream().map(Container::getName).toList());
            }
            container = containers.get(0).getName();
        } else {
            String wanted = container;
            boolean known = containers.stream().anyMatch(c -> c.getName().equals(wanted))
                    || (pod.getSpec().getInitContainers() != null
                    && pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(wanted)));
            if (!known) {
                throw ApiException.badRequest("container " + container + " is not valid for pod " + path.name());
            }
        }
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            throw ApiException.badRequest("pod " + path.name() + " does not have a host assigned");
        }
        URI uri = agentUri(nodeName, path.namespace(), path.name(), container, servlet);
        HttpResponse<InputStream> upstream;
        try {
            upstream = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw ApiException.unavailable("cannot reach the node agent of node " + nodeName + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted");
        }
        try (InputStream in = upstream.body()) {
            if (upstream.statusCode() != 200) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                throw upstream.statusCode() == 404 ? ApiException.badRequest(text.isEmpty()
                        ? "container " + container + " in pod " + path.name() + " has no logs yet" : text)
                        : ApiException.internal("node agent answered " + upstream.statusCode() + ": " + text);
            }
            response.setStatus(200);
            response.setContentType("text/plain");
            ServletOutputStream out = response.getOutputStream();
            response.flushBuffer();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    private URI agentUri(String nodeName, String namespace, String pod, String container, HttpServletRequest servlet) {
        Node node = (Node) registry.find(ResourceTypes.NODES, null, nodeName)
                .orElseThrow(() -> ApiException.badRequest("node " + nodeName + " of pod " + pod + " is not registered"));
        String address = node.getStatus() == null || node.getStatus().getAddresses() == null ? null
                : node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress).findFirst().orElse(null);
        Integer port = node.getStatus() == null || node.getStatus().getDaemonEndpoints() == null
                || node.getStatus().getDaemonEndpoints().getKubeletEndpoint() == null ? null
                : node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        if (address == null || port == null || port == 0) {
            throw ApiException.badRequest("node " + nodeName + " does not report its agent's address and port");
        }
        StringBuilder query = new StringBuilder();
        for (String name : FORWARDED) {
            String value = servlet.getParameter(name);
            if (value != null) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return URI.create("http://" + address + ":" + port + "/containerLogs/" + enc(namespace) + "/" + enc(pod) + "/"
                + enc(container) + query);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
