package io.coxswain.scheduler.binding;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Binds a pod to a node through the API ({@code POST pods/{name}/binding}). Called from binding threads, never from
 * the scheduling thread. Throws on failure; {@link BindingRejectedException} when the API refuses for good (the pod
 * is gone or already bound), any other exception when a retry may succeed.
 */
public interface Binder {

    void bind(Pod pod, String nodeName);
}
