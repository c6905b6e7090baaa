package io.coxswain.nodeagent.probe;

/**
 * The kubelet's probe state machine, as a value: the reported result changes only after
 * {@code successThreshold} consecutive successes or {@code failureThreshold} consecutive failures.
 *
 * @param result the reported result
 * @param last   the last outcome observed (null before the first run)
 * @param run    how many consecutive times {@code last} was observed
 */
public record ProbeState(ProbeResult result, Boolean last, int run) {

    public static ProbeState initial(ProbeType type) {
        return new ProbeState(type.initialResult(), null, 0);
    }

    /** The state after one probe outcome. Pure. */
    public ProbeState observe(boolean success, int successThreshold, int failureThreshold) {
        int newRun = last != null && last == success ? run + 1 : 1;
        int threshold = success ? Math.max(1, successThreshold) : Math.max(1, failureThreshold);
        ProbeResult newResult = newRun >= threshold ? (success ? ProbeResult.SUCCESS : ProbeResult.FAILURE) : result;
        return new ProbeState(newResult, success, newRun);
    }
}
