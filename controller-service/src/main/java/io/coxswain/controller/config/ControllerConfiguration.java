package io.coxswain.controller.config;

import io.coxswain.runtime.leader.LeaderElectionSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Wires the controller manager: one fabric8 client, leader election, the controllers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ControllerProperties.class)
class ControllerConfiguration {

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(@Value("${coxswain.api-server.url:http://127.0.0.1:6443}") String url) {
        // HTTP watches only: the api-server serves watches as chunked HTTP streams, not WebSockets.
        // The User-Agent names this component in the objects' managedFields (the field manager of its writes).
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withOnlyHttpWatches(true)
                .withUserAgent("coxswain-controller-manager")
                .withRequestTimeout(30_000).withConnectionTimeout(10_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Bean
    ControllerManager controllerManager(KubernetesClient client, ControllerProperties properties, MeterRegistry registry) {
        LeaderElectionSettings election = new LeaderElectionSettings(properties.leaseNamespace(), properties.leaseName(),
                identity(), properties.leaseDuration(), properties.renewDeadline(), properties.retryPeriod());
        return new ControllerManager(client, properties, election, registry);
    }

    private static String identity() {
        try {
            return InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID();
        } catch (UnknownHostException e) {
            return "controller_" + UUID.randomUUID();
        }
    }
}
