package io.coxswain.scheduler.scheduling;

import io.coxswain.runtime.leader.LeaderElectionSettings;
import io.coxswain.scheduler.binding.ApiBinder;
import io.coxswain.scheduler.binding.ApiPodConditionWriter;
import io.coxswain.runtime.events.BrokerEventRecorder;
import io.coxswain.scheduler.cache.SchedulerCache;
import io.coxswain.scheduler.config.ApiServerProperties;
import io.coxswain.scheduler.config.SchedulerProperties;
import io.coxswain.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the scheduler once: the plugin list, the queue, the cache and the API-facing collaborators. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SchedulerProperties.class, ApiServerProperties.class})
class SchedulerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(ApiServerProperties apiServer) {
        // Config.empty(): no kubeconfig or service-account discovery, only the configured URL.
        // HTTP watches only: fabric8 otherwise opens watches as WebSockets, which the api-server does not upgrade
        // (it answers a chunked HTTP watch, and the WebSocket handshake then waits forever).
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.url())
                .withOnlyHttpWatches(true).withRequestTimeout(30_000).withConnectionTimeout(10_000)
                // names the scheduler as the field manager of its writes in managedFields
                .withUserAgent("coxswain-scheduler").build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Bean
    SchedulingQueue schedulingQueue(SchedulerProperties properties, Clock clock) {
        SchedulerProperties.Backoff backoff = properties.backoff();
        return new SchedulingQueue(clock, backoff.initial(), backoff.max(), backoff.maxUnschedulable());
    }

    @Bean
    SchedulerCache schedulerCache() {
        return new SchedulerCache();
    }

    @Bean
    SchedulerMetrics schedulerMetrics(MeterRegistry registry, SchedulerProperties properties, SchedulingQueue queue) {
        return new SchedulerMetrics(registry, properties.name(), queue);
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService schedulerApiExecutor(SchedulerProperties properties) {
        AtomicInteger counter = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.bindingThreads(), runnable -> {
            Thread thread = new Thread(runnable, "scheduler-api-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean(destroyMethod = "close")
    Scheduler scheduler(SchedulerProperties properties, SchedulingQueue queue, SchedulerCache cache,
                        KubernetesClient client, StreamBridge streamBridge, SchedulerMetrics metrics,
                        ExecutorService schedulerApiExecutor, Clock clock) {
        return new Scheduler(properties.name(), queue, cache, Schedulers.framework(properties), new ApiBinder(client),
                new ApiPodConditionWriter(client, clock),
                new BrokerEventRecorder(streamBridge::send, properties.name(), null, clock),
                metrics, schedulerApiExecutor, clock);
    }

    @Bean
    SchedulerRunner schedulerRunner(KubernetesClient client, Scheduler scheduler, SchedulerProperties properties) {
        SchedulerProperties.Lease lease = properties.lease();
        LeaderElectionSettings election = lease.enabled()
                ? new LeaderElectionSettings(lease.namespace(), lease.name(), identity(lease), lease.duration(),
                        lease.renewDeadline(), lease.retryPeriod())
                : null;
        return new SchedulerRunner(client, scheduler, election);
    }

    private static String identity(SchedulerProperties.Lease lease) {
        if (!lease.identity().isBlank()) {
            return lease.identity();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "scheduler";
        }
        return host + "_" + UUID.randomUUID();
    }
}
