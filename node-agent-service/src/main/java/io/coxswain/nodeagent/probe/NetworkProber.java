package io.coxswain.nodeagent.probe;

import io.coxswain.nodeagent.runtime.ContainerRuntime;
import io.coxswain.nodeagent.runtime.ExecResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/** Probes real containers: HTTP and TCP to the pod's address, exec through the container runtime. */
public class NetworkProber implements Prober {

    private final ContainerRuntime runtime;
    private final HttpClient http;

    public NetworkProber(ContainerRuntime runtime) {
        this.runtime = runtime;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public ProbeOutcome probe(Probe probe, Container container, String podIp, String containerId) {
        Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null || probe.getTimeoutSeconds() < 1 ? 1 : probe.getTimeoutSeconds());
        try {
            if (probe.getHttpGet() != null) {
                return httpGet(probe.getHttpGet(), container, podIp, timeout);
            }
            if (probe.getTcpSocket() != null) {
                String host = probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isBlank() ? podIp : probe.getTcpSocket().getHost();
                int port = port(probe.getTcpSocket().getPort(), container);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                    return ProbeOutcome.ok();
                } catch (IOException e) {
                    return ProbeOutcome.failure("dial tcp " + host + ":" + port + ": " + e.getMessage());
                }
            }
            if (probe.getExec() != null) {
                ExecResult r = runtime.exec(containerId, probe.getExec().getCommand(), timeout);
                if (r.timedOut()) {
                    return ProbeOutcome.failure("command timed out after " + timeout.toSeconds() + "s");
                }
                return r.exitCode() == 0 ? ProbeOutcome.ok()
                        : ProbeOutcome.failure("command exited with " + r.exitCode() + ": " + r.output().strip());
            }
            return ProbeOutcome.failure("probe has no supported handler (httpGet, tcpSocket, exec)");
        } catch (RuntimeException e) {
            return ProbeOutcome.failure(e.getMessage());
        }
    }

    private ProbeOutcome httpGet(HTTPGetAction get, Container container, String podIp, Duration timeout) {
        String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase(Locale.ROOT);
        String host = get.getHost() == null || get.getHost().isBlank() ? podIp : get.getHost();
        int port = port(get.getPort(), container);
        String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : (get.getPath().startsWith("/") ? get.getPath() : "/" + get.getPath());
        URI uri = URI.create(scheme + "://" + host + ":" + port + path);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "coxswain-probe/0.1");
        if (get.getHttpHeaders() != null) {
            get.getHttpHeaders().forEach(h -> req.header(h.getName(), h.getValue()));
        }
        try {
            HttpResponse<Void> r = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 200 && r.statusCode() < 400) {
                return ProbeOutcome.ok();
            }
            return ProbeOutcome.failure("HTTP probe failed with statuscode: " + r.statusCode());
        } catch (IOException e) {
            return ProbeOutcome.failure("Get \"" + uri + "\": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeOutcome.failure("interrupted");
        }
    }

    /** A numeric port, or a named port looked up in the container's ports. */
    static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("probe has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (container.getPorts() != null) {
            for (ContainerPort p : container.getPorts()) {
                if (name.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port " + name + " is not a port of container " + container.getName());
        }
    }
}
