package io.coxswain.scheduler;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class SchedulerApplication {

    /**
     * The configuration file is {@code scheduler-service.yml}, not {@code application.yml}: integration tests run
     * the api-server in the same JVM, and two {@code application.yml} on one classpath would shadow each other.
     */
    public static final String CONFIG_NAME = "spring.config.name=scheduler-service";

    public static void main(String[] args) {
        new SpringApplicationBuilder(SchedulerApplication.class).properties(CONFIG_NAME).run(args);
    }
}
