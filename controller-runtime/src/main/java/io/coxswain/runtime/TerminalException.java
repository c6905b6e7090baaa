package io.coxswain.runtime;

/**
 * Thrown by a {@link Reconciler} when retrying cannot succeed (the object is invalid, a referenced object will never
 * exist...). The controller logs it and does not re-queue the key.
 */
public class TerminalException extends RuntimeException {

    public TerminalException(String message) {
        super(message);
    }

    public TerminalException(String message, Throwable cause) {
        super(message, cause);
    }
}
