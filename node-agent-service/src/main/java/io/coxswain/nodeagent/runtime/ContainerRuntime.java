package io.coxswain.nodeagent.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the node agent needs from a container engine: pod sandboxes, containers, images, logs and exec.
 * Implementations: {@link DockerContainerRuntime} (real containers) and {@link SimulatedContainerRuntime}
 * (no containers, for "hollow" nodes in scale tests); containerd comes later behind the same interface.
 *
 * <p>Contract, for every implementation:
 * <ul>
 *   <li><b>Scope.</b> A runtime instance belongs to one node. It only lists, and only ever touches through
 *       {@link #list}, what it created for that node, so two agents can share one engine.</li>
 *   <li><b>Threading.</b> All methods are safe to call from many threads at once. They block the calling
 *       thread for the duration of the engine call (a stop blocks up to its grace period; a followed log
 *       stream blocks until the container ends or the sink fails).</li>
 *   <li><b>Idempotency.</b> {@link #ensureImage}, {@link #stop} and {@link #remove} may be repeated: stopping
 *       a stopped container and removing a removed one succeed. Creating is not idempotent: the caller
 *       decides from {@link #list} whether a sandbox or container already exists (that is how an agent
 *       adopts its containers after a restart).</li>
 *   <li><b>Errors.</b> {@link ImagePullException} when an image cannot be pulled (its message is the engine's
 *       own); {@link ContainerNotFoundException} when the id names nothing; {@link ContainerRuntimeException}
 *       for every other engine failure. All are unchecked and mean "this attempt failed, retrying later may
 *       work"; nothing is retried inside the runtime.</li>
 * </ul>
 */
public interface ContainerRuntime {

    /** Engine name, version and the host's capacity, for the Node object. */
    RuntimeInfo info();

    /** Makes the image available locally: returns at once when it is present, else pulls it. */
    void ensureImage(String image);

    /** Whether the image is present locally (no pull). */
    boolean imagePresent(String image);

    /**
     * Creates and starts the pod's sandbox, which owns the pod's network namespace and publishes all its
     * ports on {@link SandboxSpec#bindAddress()}. Returns it as {@link #inspect} would.
     */
    ContainerInfo runSandbox(SandboxSpec spec);

    /** Creates and starts one container inside its pod's sandbox. Returns it as {@link #inspect} would. */
    ContainerInfo runContainer(ContainerSpec spec);

    /** Everything this runtime created for its node (sandboxes and containers, any state), cheaply: one engine call. */
    List<ContainerSummary> list();

    /**
     * Sandboxes and containers of every pod with this namespace and name, whatever its uid (so that leftovers
     * of a deleted pod that was recreated under the same name are found too), fully inspected.
     */
    List<ContainerInfo> listPod(String namespace, String name);

    Optional<ContainerInfo> inspect(String id);

    /** Sends SIGTERM (through the container's init), then SIGKILL once {@code grace} has passed. */
    void stop(String id, Duration grace);

    /** Removes a container (forcibly if it still runs). */
    void remove(String id);

    /**
     * Copies the container's output (stdout and stderr, in order) to {@code sink}, flushing after each chunk.
     * With {@link LogOptions#follow()} it blocks until the container ends or writing to the sink fails
     * (the client went away), in which case the IOException is rethrown after the stream is released.
     */
    void logs(String id, LogOptions options, OutputStream sink) throws IOException;

    /** Runs a command in a running container, waiting at most {@code timeout}. */
    ExecResult exec(String id, List<String> command, Duration timeout);
}
