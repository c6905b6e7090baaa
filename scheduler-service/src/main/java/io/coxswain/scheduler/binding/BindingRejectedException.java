package io.coxswain.scheduler.binding;

/** The API refused a binding in a way retrying cannot fix: the pod was deleted or is already bound elsewhere. */
public class BindingRejectedException extends RuntimeException {

    public BindingRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
