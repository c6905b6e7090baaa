package io.coxswain.nodeagent.runtime;

/** No container with that id (it was removed, or never existed). */
public class ContainerNotFoundException extends ContainerRuntimeException {
    public ContainerNotFoundException(String id, Throwable cause) {
        super("no such container: " + id, cause);
    }
}
