package io.coxswain.apiserver.storage;

import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The storage beans: one jetcd {@link Client} for the process, the {@link EtcdStore}, the {@link Compactor} and the
 * {@link WatchCacheFactory}. The client connects lazily, so the api-server starts even while etcd is still coming up;
 * calls fail with {@link StorageUnavailableException} until it answers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EtcdProperties.class)
class StorageConfiguration {

    /** gRPC's default of 4 MiB is too small for a list of thousands of objects. */
    private static final int MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;

    @Bean(destroyMethod = "close")
    Client etcdClient(EtcdProperties properties) {
        return Client.builder()
                .endpoints(properties.endpoints().toArray(String[]::new))
                .connectTimeout(properties.requestTimeout())
                // jetcd retries unavailable calls on its own; past our request deadline nobody waits for the answer, so
                // stop there and keep the window in which a timed-out write may still land short
                .retryMaxDuration(properties.requestTimeout())
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .build();
    }

    @Bean(destroyMethod = "close")
    EtcdStore etcdStore(Client etcdClient, MeterRegistry meterRegistry, EtcdProperties properties) {
        return new EtcdStore(etcdClient, meterRegistry, properties.keyPrefix(), properties.requestTimeout());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    Compactor etcdCompactor(EtcdStore etcdStore, EtcdProperties properties) {
        return new Compactor(etcdStore, properties.compactionInterval());
    }

    /** Health contributor "etcd"; add it to the readiness group to take the api-server out of rotation without etcd. */
    @Bean
    EtcdHealthIndicator etcdHealthIndicator(EtcdStore etcdStore) {
        return new EtcdHealthIndicator(etcdStore);
    }

    @Bean(destroyMethod = "close")
    WatchCacheFactory watchCacheFactory(EtcdStore etcdStore, Client etcdClient, MeterRegistry meterRegistry,
                                        EtcdProperties properties) {
        return new WatchCacheFactory(etcdStore, etcdClient, meterRegistry, properties.watchWindow());
    }
}
