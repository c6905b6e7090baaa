package io.coxswain.apiserver.storage;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the api-server reaches etcd ({@code coxswain.etcd.*}, e.g. env {@code COXSWAIN_ETCD_ENDPOINTS}).
 *
 * @param endpoints etcd client URLs (comma-separated in an env var)
 * @param keyPrefix every object key starts with it: {@code <prefix>/<resource>/[<namespace>/]<name>}
 * @param requestTimeout upper bound of every etcd call; past it the call fails with {@link StorageUnavailableException}
 * @param compactionInterval how often the {@link Compactor} runs; zero or negative turns compaction off
 * @param watchWindow how many recent events each watch cache keeps for watches that resume from a resourceVersion
 */
@Validated
@ConfigurationProperties("coxswain.etcd")
public record EtcdProperties(
        @DefaultValue("http://127.0.0.1:2379") @NotEmpty List<String> endpoints,
        @DefaultValue("/registry") @NotNull String keyPrefix,
        @DefaultValue("5s") @NotNull Duration requestTimeout,
        @DefaultValue("5m") @NotNull Duration compactionInterval,
        @DefaultValue("10000") @Positive int watchWindow) {
}
