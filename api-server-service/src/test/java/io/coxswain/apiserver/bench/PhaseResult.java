package io.coxswain.apiserver.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * What one load phase measured: requests sent, answered with the expected status, failed (other status or I/O error),
 * the wall time, and the latency distribution of the successful requests in microseconds.
 *
 * @param firstError the first failure seen (status and body, or the exception), for the report; null if none
 */
record PhaseResult(String name, String mode, long sent, long ok, long failed, long elapsedNanos, Histogram latencyMicros,
                   String firstError) {

    double throughput() {
        return ok / (elapsedNanos / 1e9);
    }

    double millis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN
                : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getMaxValue() / 1000.0;
    }

    double seconds() {
        return elapsedNanos / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
