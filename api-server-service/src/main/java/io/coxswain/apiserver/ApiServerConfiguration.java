package io.coxswain.apiserver;

import io.coxswain.apiserver.admission.Admission;
import io.coxswain.apiserver.events.ClusterEventSink;
import io.coxswain.apiserver.registry.ClusterBootstrap;
import io.coxswain.apiserver.registry.GracefulDeletionReaper;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.registry.ObjectKeys;
import io.coxswain.apiserver.registry.ObjectRegistry;
import io.coxswain.apiserver.registry.ServiceAllocations;
import io.coxswain.apiserver.registry.WatchCaches;
import io.coxswain.apiserver.storage.EtcdProperties;
import io.coxswain.apiserver.storage.EtcdStore;
import io.coxswain.apiserver.storage.WatchCacheFactory;
import io.coxswain.messages.ClusterEvent;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Clock;
import java.util.function.Consumer;

/** Wires the api-server: storage, admission, the object registry and the background tasks. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiServerProperties.class)
class ApiServerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ObjectCodec objectCodec() {
        return new ObjectCodec();
    }

    @Bean
    ObjectKeys objectKeys(EtcdProperties etcd) {
        return new ObjectKeys(etcd.keyPrefix());
    }

    @Bean
    WatchCaches watchCaches(WatchCacheFactory factory, ObjectKeys keys, ObjectCodec codec) {
        return new WatchCaches(factory, keys, codec);
    }

    @Bean
    ServiceAllocations serviceAllocations(EtcdStore store, ObjectKeys keys, ApiServerProperties properties) {
        return new ServiceAllocations(store, keys, properties.serviceCidr());
    }

    @Bean
    ObjectRegistry objectRegistry(EtcdStore store, WatchCaches caches, ObjectKeys keys, ObjectCodec codec,
                                  ServiceAllocations allocations, Clock clock, ApiServerProperties properties) {
        return new ObjectRegistry(store, caches, keys, codec, new Admission(), allocations, clock,
                properties.eventTtl().toSeconds());
    }

    @Bean
    ApplicationRunner clusterBootstrap(ObjectRegistry registry) {
        return args -> new ClusterBootstrap(registry).run();
    }

    @Bean
    GracefulDeletionReaper gracefulDeletionReaper(ObjectRegistry registry, WatchCaches caches, Clock clock,
                                                  ApiServerProperties properties, TaskScheduler apiServerScheduler) {
        GracefulDeletionReaper reaper = new GracefulDeletionReaper(registry, caches, clock);
        apiServerScheduler.scheduleWithFixedDelay(reaper::sweep, properties.podReaperInterval());
        return reaper;
    }

    @Bean
    ThreadPoolTaskScheduler apiServerScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("apiserver-maintenance-");
        scheduler.setErrorHandler(t -> org.slf4j.LoggerFactory.getLogger(ApiServerConfiguration.class)
                .warn("maintenance task failed: {}", t.toString()));
        return scheduler;
    }

    @Bean
    ClusterEventSink clusterEventSink(ObjectRegistry registry) {
        return new ClusterEventSink(registry);
    }

    /** Spring Cloud Stream consumer of {@link ClusterEvent}s (binding {@code clusterEvents-in-0}). */
    @Bean
    Consumer<ClusterEvent> clusterEvents(ClusterEventSink sink) {
        return sink::record;
    }
}
