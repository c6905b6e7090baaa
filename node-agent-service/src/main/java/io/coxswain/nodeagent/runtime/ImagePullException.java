package io.coxswain.nodeagent.runtime;

/** The image is absent and could not be pulled. The message is the engine's own, for ErrImagePull. */
public class ImagePullException extends ContainerRuntimeException {
    public ImagePullException(String message, Throwable cause) {
        super(message, cause);
    }
}
