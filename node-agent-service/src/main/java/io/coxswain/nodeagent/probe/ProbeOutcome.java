package io.coxswain.nodeagent.probe;

/** One probe run: whether it passed, and why not (for the Unhealthy event). */
public record ProbeOutcome(boolean passed, String message) {
    public static ProbeOutcome ok() {
        return new ProbeOutcome(true, null);
    }

    public static ProbeOutcome failure(String message) {
        return new ProbeOutcome(false, message);
    }
}
