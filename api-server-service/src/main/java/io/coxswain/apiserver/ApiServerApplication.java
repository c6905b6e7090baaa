package io.coxswain.apiserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ApiServerApplication {

    /**
     * The api-server's configuration file is {@code api-server.yml}, not {@code application.yml}: other modules' tests run
     * the api-server in-process, and their own {@code application.yml} on the same classpath must not replace it.
     */
    public static final String CONFIG_NAME = "api-server";

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(ApiServerApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
        return application;
    }
}
