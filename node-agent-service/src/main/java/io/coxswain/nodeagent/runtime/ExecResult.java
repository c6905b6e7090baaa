package io.coxswain.nodeagent.runtime;

/**
 * @param exitCode exit code, or null when the command did not finish within its timeout
 * @param output   stdout and stderr, interleaved
 */
public record ExecResult(Integer exitCode, String output) {
    public boolean timedOut() {
        return exitCode == null;
    }
}
