package io.coxswain.nodeagent.runtime;

import java.util.List;
import java.util.Map;

/**
 * One container to run inside a pod's sandbox, in engine-neutral terms.
 *
 * @param pod        owning pod
 * @param name       container name from the pod spec
 * @param attempt    restart attempt (0 for the first run); also the value of restartCount it stands for
 * @param sandboxId  the sandbox whose network namespace it joins
 * @param image      image reference
 * @param command    overrides the image's entrypoint when not empty (Kubernetes {@code command})
 * @param args       overrides the image's default command when not null (Kubernetes {@code args})
 * @param env        environment, in order
 * @param workingDir working directory, or null for the image's
 * @param resources  CPU and memory requests and limits
 */
public record ContainerSpec(PodRef pod, String name, int attempt, String sandboxId, String image,
                            List<String> command, List<String> args, Map<String, String> env, String workingDir,
                            Resources resources) {
    public ContainerSpec {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? null : List.copyOf(args);
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        resources = resources == null ? Resources.NONE : resources;
    }
}
