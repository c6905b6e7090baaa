package io.coxswain.apiserver;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings of the api-server ({@code coxswain.api-server.*}).
 *
 * @param kubernetesVersion  the Kubernetes version this server reports on /version (kubectl's dispatcher picks its binary by it)
 * @param serviceCidr        the /16 range Service cluster IPs are allocated from
 * @param watchQueueCapacity events a watcher may fall behind by before it is cut off (and re-lists)
 * @param bookmarkInterval   how often watches that allow bookmarks get one
 * @param maxWatchTimeout    the longest a watch without timeoutSeconds lasts (0: until the client leaves)
 * @param podReaperInterval  how often pods whose graceful deletion ran out are removed
 * @param eventTtl           how long an Event lives after its last update
 * @param maxRequestsInFlight         read requests served at once (watches excluded); more get 429
 * @param maxMutatingRequestsInFlight writes served at once; more get 429
 */
@Validated
@ConfigurationProperties("coxswain.api-server")
public record ApiServerProperties(
        @DefaultValue("v1.32.0") @NotBlank @Pattern(regexp = "v\\d+\\.\\d+\\.\\d+") String kubernetesVersion,
        @DefaultValue("10.96.0.0/16") @Pattern(regexp = "\\d+\\.\\d+\\.0\\.0/16") String serviceCidr,
        @DefaultValue("10000") @Min(10) int watchQueueCapacity,
        @DefaultValue("60s") Duration bookmarkInterval,
        @DefaultValue("0s") Duration maxWatchTimeout,
        @DefaultValue("1s") Duration podReaperInterval,
        @DefaultValue("1h") Duration eventTtl,
        @DefaultValue("400") @Min(1) int maxRequestsInFlight,
        @DefaultValue("200") @Min(1) int maxMutatingRequestsInFlight) {
}
