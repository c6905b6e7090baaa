package io.coxswain.apiserver.registry;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.api.FieldError;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.storage.EtcdStore;
import io.coxswain.apiserver.storage.KeyExistsException;
import io.coxswain.apiserver.storage.KeyNotFoundException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Allocates Service cluster IPs (from a /16 range) and node ports (30000-32767). Each allocated item is an etcd key
 * claimed with a create-if-absent, so two api-servers never hand out the same item; deleting the Service releases
 * its items. Thread-safe.
 */
public final class ServiceAllocations {

    private static final Logger log = LoggerFactory.getLogger(ServiceAllocations.class);
    private static final int NODE_PORT_MIN = 30000;
    private static final int NODE_PORT_MAX = 32767;

    private final EtcdStore store;
    private final ObjectKeys keys;
    private final int[] ipBase;
    private final SecureRandom random = new SecureRandom();

    /** @param serviceCidr a /16 IPv4 range such as 10.96.0.0/16 */
    public ServiceAllocations(EtcdStore store, ObjectKeys keys, String serviceCidr) {
        this.store = store;
        this.keys = keys;
        String[] parts = serviceCidr.split("/")[0].split("\\.");
        this.ipBase = new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    /** Claims what a new or changed Service needs; returns the claimed keys (to release if the write fails). */
    public List<String> allocate(HasMetadata object, HasMetadata old) {
        if (!(object instanceof Service svc)) {
            return List.of();
        }
        Service previous = old instanceof Service s ? s : null;
        List<String> claimed = new ArrayList<>();
        ServiceSpec spec = svc.getSpec();
        try {
            if (!"ExternalName".equals(spec.getType()) && (spec.getClusterIP() == null || spec.getClusterIP().isEmpty())) {
                String kept = previous == null ? null : previous.getSpec().getClusterIP();
                if (kept != null && !kept.isEmpty()) {
                    spec.setClusterIP(kept);
                } else {
                    spec.setClusterIP(claimIp(claimed));
                }
            } else if (spec.getClusterIP() != null && !"None".equals(spec.getClusterIP())
                    && (previous == null || !spec.getClusterIP().equals(previous.getSpec().getClusterIP()))) {
                claim(keys.rangeKey("serviceips", spec.getClusterIP()), claimed, () -> ApiException.invalid(
                        ResourceTypes.SERVICES, svc.getMetadata().getName(), List.of(FieldError.invalid("spec.clusterIPs",
                                spec.getClusterIP(), "failed to allocate IP " + spec.getClusterIP()
                                        + ": provided IP is already allocated"))));
            }
            if (spec.getClusterIP() != null) {
                spec.setClusterIPs(List.of(spec.getClusterIP()));
            }
            boolean wantsNodePorts = "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
            if (spec.getPorts() != null) {
                for (int i = 0; i < spec.getPorts().size(); i++) {
                    ServicePort p = spec.getPorts().get(i);
                    if (!wantsNodePorts) {
                        p.setNodePort(null);
                        continue;
                    }
                    Integer previousPort = previousNodePort(previous, p);
                    if (p.getNodePort() == null || p.getNodePort() == 0) {
                        p.setNodePort(previousPort != null ? previousPort : claimNodePort(claimed));
                    } else if (!p.getNodePort().equals(previousPort) && !heldBy(previous, p.getNodePort())) {
                        int port = p.getNodePort();
                        int index = i;
                        claim(keys.rangeKey("servicenodeports", Integer.toString(port)), claimed, () -> ApiException.invalid(
                                ResourceTypes.SERVICES, svc.getMetadata().getName(), List.of(FieldError.invalid(
                                        "spec.ports[" + index + "].nodePort", port, "provided port is already allocated"))));
                    }
                }
            }
            return claimed;
        } catch (RuntimeException e) {
            release(claimed);
            throw e;
        }
    }

    /** Releases what an old version of a Service held that the new one no longer uses. */
    public void releaseDropped(HasMetadata object, HasMetadata old) {
        if (!(object instanceof Service) || !(old instanceof Service)) {
            return;
        }
        List<String> now = claimsOf(object);
        List<String> dropped = new ArrayList<>(claimsOf(old));
        dropped.removeAll(now);
        release(dropped);
    }

    /** The keys a stored Service holds. */
    public List<String> claimsOf(HasMetadata object) {
        if (!(object instanceof Service svc) || svc.getSpec() == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        String ip = svc.getSpec().getClusterIP();
        if (ip != null && !ip.isEmpty() && !"None".equals(ip)) {
            result.add(keys.rangeKey("serviceips", ip));
        }
        if (svc.getSpec().getPorts() != null) {
            for (ServicePort p : svc.getSpec().getPorts()) {
                if (p.getNodePort() != null && p.getNodePort() > 0) {
                    result.add(keys.rangeKey("servicenodeports", Integer.toString(p.getNodePort())));
                }
            }
        }
        return result;
    }

    public void release(List<String> claimed) {
        for (String key : claimed) {
            try {
                store.delete(key, 0);
            } catch (KeyNotFoundException e) {
                log.debug("allocation {} was already released", key);
            } catch (RuntimeException e) {
                log.warn("could not release allocation {}: {}", key, e.getMessage());
            }
        }
    }

    private String claimIp(List<String> claimed) {
        for (int attempt = 0; attempt < 256; attempt++) {
            int n = 2 + random.nextInt(65533); // skip the network address and .0.1, kept for the API service
            String ip = ipBase[0] + "." + ipBase[1] + "." + (n >> 8) + "." + (n & 0xff);
            if (tryClaim(keys.rangeKey("serviceips", ip), claimed)) {
                return ip;
            }
        }
        throw ApiException.internal("failed to allocate a service IP: range is full");
    }

    private int claimNodePort(List<String> claimed) {
        for (int attempt = 0; attempt < 256; attempt++) {
            int port = NODE_PORT_MIN + random.nextInt(NODE_PORT_MAX - NODE_PORT_MIN + 1);
            if (tryClaim(keys.rangeKey("servicenodeports", Integer.toString(port)), claimed)) {
                return port;
            }
        }
        throw ApiException.internal("failed to allocate a node port: range is full");
    }

    private boolean tryClaim(String key, List<String> claimed) {
        try {
            store.create(key, "{}".getBytes(StandardCharsets.UTF_8), 0);
            claimed.add(key);
            return true;
        } catch (KeyExistsException e) {
            return false;
        }
    }

    private void claim(String key, List<String> claimed, java.util.function.Supplier<ApiException> taken) {
        if (!tryClaim(key, claimed)) {
            throw taken.get();
        }
    }

    private static Integer previousNodePort(Service previous, ServicePort port) {
        if (previous == null || previous.getSpec().getPorts() == null) {
            return null;
        }
        return previous.getSpec().getPorts().stream()
                .filter(p -> p.getPort() != null && p.getPort().equals(port.getPort())
                        && java.util.Objects.equals(p.getProtocol(), port.getProtocol()))
                .map(ServicePort::getNodePort)
                .filter(n -> n != null && n > 0)
                .findFirst().orElse(null);
    }

    private static boolean heldBy(Service previous, int nodePort) {
        return previous != null && previous.getSpec().getPorts() != null
                && previous.getSpec().getPorts().stream().anyMatch(p -> p.getNodePort() != null && p.getNodePort() == nodePort);
    }
}
