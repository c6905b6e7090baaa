package io.coxswain.scheduler.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.annotation.Validated;

/**
 * The scheduler's settings ({@code coxswain.scheduler.*}), defaults as kube-scheduler's.
 *
 * @param name                     pods whose {@code spec.schedulerName} equals this are ours
 * @param percentageOfNodesToScore 0 = Kubernetes' adaptive default; 100 = always look at every node
 * @param parallelism              threads that filter nodes in one scheduling cycle
 * @param bindingThreads           threads that send bindings, status updates and events
 */
@Validated
@ConfigurationProperties("coxswain.scheduler")
public record SchedulerProperties(
        @DefaultValue("default-scheduler") @NotBlank String name,
        @DefaultValue("0") @Min(0) @Max(100) int percentageOfNodesToScore,
        @DefaultValue("2") @Min(1) int parallelism,
        @DefaultValue("8") @Min(1) int bindingThreads,
        @DefaultValue @Valid Weights weights,
        @DefaultValue @Valid Backoff backoff,
        @DefaultValue @Valid Lease lease) {

    /** Weights of the score plugins; 0 turns a plugin off. */
    public record Weights(
            @DefaultValue("1") @Min(0) int leastAllocated,
            @DefaultValue("1") @Min(0) int balancedAllocation,
            @DefaultValue("2") @Min(0) int nodeAffinity,
            @DefaultValue("2") @Min(0) int ownerSpread) {
    }

    /** Per-pod back-off after failed attempts, and the longest an unschedulable pod waits without an event. */
    public record Backoff(
            @DefaultValue("1s") Duration initial,
            @DefaultValue("10s") Duration max,
            @DefaultValue("5m") Duration maxUnschedulable) {
    }

    /**
     * Leader election on a coordination.k8s.io/v1 Lease; only the leader schedules.
     *
     * @param identity this replica's holder identity; empty = host name plus a random suffix
     */
    public record Lease(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("kube-system") String namespace,
            @DefaultValue("coxswain-scheduler") String name,
            @DefaultValue("") String identity,
            @DefaultValue("15s") Duration duration,
            @DefaultValue("10s") Duration renewDeadline,
            @DefaultValue("2s") Duration retryPeriod) {
    }

    /** The settings with every default, as Spring would bind them from an empty environment. */
    public static SchedulerProperties defaults() {
        return new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("coxswain.scheduler", Bindable.of(SchedulerProperties.class));
    }
}
