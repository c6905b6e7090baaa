package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.ApiServerProperties;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.registry.ObjectRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The web layer's collaborators. */
@Configuration(proxyBeanMethods = false)
class RestConfiguration {

    @Bean
    Tables tables(ObjectCodec codec, Clock clock) {
        return new Tables(codec, clock);
    }

    @Bean
    Responses responses(ObjectCodec codec, Tables tables) {
        return new Responses(codec, tables);
    }

    @Bean
    Discovery discovery(ObjectCodec codec) {
        return new Discovery(codec.mapper());
    }

    @Bean
    WatchStreamer watchStreamer(ObjectRegistry registry, Tables tables, ApiServerProperties properties) {
        return new WatchStreamer(registry, tables, new WatchStreamer.WatchSettings(properties.watchQueueCapacity(),
                properties.bookmarkInterval(), properties.maxWatchTimeout()));
    }

    @Bean
    Subresources subresources(ObjectRegistry registry, Responses responses) {
        return new Subresources(registry, responses, new PodLogs(registry));
    }

    @Bean
    FilterRegistrationBean<MaxInFlightFilter> maxInFlightFilter(ApiServerProperties properties, ObjectCodec codec,
                                                               MeterRegistry registry) {
        FilterRegistrationBean<MaxInFlightFilter> bean = new FilterRegistrationBean<>(new MaxInFlightFilter(
                properties.maxRequestsInFlight(), properties.maxMutatingRequestsInFlight(), codec, registry));
        bean.addUrlPatterns("/api/*", "/apis/*");
        bean.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    @Bean
    FilterRegistrationBean<RequestMetricsFilter> requestMetricsFilter(MeterRegistry registry) {
        FilterRegistrationBean<RequestMetricsFilter> bean = new FilterRegistrationBean<>(new RequestMetricsFilter(registry));
        bean.addUrlPatterns("/api/*", "/apis/*");
        return bean;
    }
}
