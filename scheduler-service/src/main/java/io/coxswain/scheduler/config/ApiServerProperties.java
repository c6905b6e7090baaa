package io.coxswain.scheduler.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the api-server is ({@code coxswain.api-server.url}, env COXSWAIN_API_SERVER_URL). */
@ConfigurationProperties("coxswain.api-server")
public record ApiServerProperties(@DefaultValue("http://127.0.0.1:6443") String url) {
}
