package io.coxswain.scheduler.framework;

/**
 * A host port a pod asks for. Two uses conflict when protocol and port match and either address is the wildcard
 * or both are the same, as in Kubernetes' {@code HostPortInfo}.
 */
public record HostPort(String ip, String protocol, int port) {

    private static final String WILDCARD = "0.0.0.0";

    public HostPort {
        ip = ip == null || ip.isEmpty() ? WILDCARD : ip;
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    public boolean conflictsWith(HostPort other) {
        return port == other.port && protocol.equals(other.protocol)
                && (ip.equals(other.ip) || WILDCARD.equals(ip) || WILDCARD.equals(other.ip));
    }
}
