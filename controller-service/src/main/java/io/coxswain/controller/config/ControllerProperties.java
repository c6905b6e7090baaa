package io.coxswain.controller.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of the controller manager ({@code coxswain.controller.*}).
 *
 * @param namespaceWorkers   workers of the namespace controller
 * @param namespaceRecheck   how often a terminating namespace is checked again while objects remain
 * @param leaseNamespace     namespace of the leader-election Lease
 * @param leaseName          name of the leader-election Lease
 * @param leaseDuration      how long a lease lasts without renewal
 * @param renewDeadline      how long the leader tries to renew before giving up leadership
 * @param retryPeriod        how often candidates try to acquire or renew
 */
@Validated
@ConfigurationProperties("coxswain.controller")
public record ControllerProperties(
        @DefaultValue("2") int namespaceWorkers,
        @DefaultValue("2s") Duration namespaceRecheck,
        @DefaultValue("kube-system") @NotBlank String leaseNamespace,
        @DefaultValue("coxswain-controller-manager") String leaseName,
        @DefaultValue("15s") Duration leaseDuration,
        @DefaultValue("10s") Duration renewDeadline,
        @DefaultValue("2s") Duration retryPeriod) {
}
