package io.coxswain.nodeagent.runtime;

/** An engine call failed; retrying later may succeed. */
public class ContainerRuntimeException extends RuntimeException {
    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }

    public ContainerRuntimeException(String message) {
        super(message);
    }
}
