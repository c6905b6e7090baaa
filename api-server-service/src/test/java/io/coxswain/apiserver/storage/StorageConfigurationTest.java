package io.coxswain.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Binding and wiring only: the jetcd client connects lazily, so no etcd is needed here. */
class StorageConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(StorageConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void defaultsMatchTheProjectConventions() {
        runner.run(context -> {
            EtcdProperties properties = context.getBean(EtcdProperties.class);
            assertThat(properties.endpoints()).containsExactly("http://127.0.0.1:2379");
            assertThat(properties.keyPrefix()).isEqualTo("/registry");
            assertThat(properties.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.compactionInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.watchWindow()).isEqualTo(10_000);
            assertThat(context).hasSingleBean(EtcdStore.class).hasSingleBean(Compactor.class)
                    .hasSingleBean(WatchCacheFactory.class).hasSingleBean(io.etcd.jetcd.Client.class);
        });
    }

    @Test
    void settingsBindFromProperties() {
        runner.withPropertyValues(
                        "coxswain.etcd.endpoints=http://127.0.0.1:2379,http://127.0.0.1:22379",
                        "coxswain.etcd.key-prefix=/coxswain",
                        "coxswain.etcd.request-timeout=750ms",
                        "coxswain.etcd.compaction-interval=0",
                        "coxswain.etcd.watch-window=50")
                .run(context -> {
                    EtcdProperties properties = context.getBean(EtcdProperties.class);
                    assertThat(properties.endpoints()).isEqualTo(List.of("http://127.0.0.1:2379", "http://127.0.0.1:22379"));
                    assertThat(properties.requestTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(context.getBean(EtcdStore.class).keyPrefix()).isEqualTo("/coxswain");
                    assertThat(context.getBean(EtcdStore.class).requestTimeout()).isEqualTo(Duration.ofMillis(750));
                });
    }

    @Test
    void aWatchWindowBelowOneIsRejectedAtStartup() {
        runner.withPropertyValues("coxswain.etcd.watch-window=0")
                .run(context -> assertThat(context).hasFailed()
                        .getFailure().hasStackTraceContaining("watchWindow"));
    }
}
