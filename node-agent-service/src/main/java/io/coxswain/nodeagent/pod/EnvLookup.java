package io.coxswain.nodeagent.pod;

import java.util.Map;
import java.util.Optional;

/** ConfigMaps and Secrets for {@code env.valueFrom} and {@code envFrom}; empty when the object does not exist. */
public interface EnvLookup {
    Optional<Map<String, String>> configMap(String namespace, String name);

    /** Decoded Secret data (values as text). */
    Optional<Map<String, String>> secret(String namespace, String name);
}
