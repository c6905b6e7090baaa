package io.coxswain.nodeagent.runtime;

/**
 * CPU and memory requests and limits; null means "not set".
 *
 * @param cpuRequestMillis   relative CPU weight (Docker CpuShares = millis * 1024 / 1000, at least 2)
 * @param cpuLimitMillis     hard CPU cap (Docker NanoCpus = millis * 1_000_000)
 * @param memoryRequestBytes soft memory reservation (Docker MemoryReservation)
 * @param memoryLimitBytes   hard memory limit (Docker Memory; the container is OOM-killed beyond it)
 */
public record Resources(Long cpuRequestMillis, Long cpuLimitMillis, Long memoryRequestBytes, Long memoryLimitBytes) {
    public static final Resources NONE = new Resources(null, null, null, null);
}
