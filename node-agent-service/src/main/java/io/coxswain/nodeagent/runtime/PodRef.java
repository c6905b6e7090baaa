package io.coxswain.nodeagent.runtime;

import java.util.Objects;

/** Identifies the pod a sandbox or container belongs to. The uid is what matters; name and namespace are for people. */
public record PodRef(String uid, String namespace, String name) {
    public PodRef {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public String key() {
        return namespace + "/" + name;
    }
}
