package io.coxswain.nodeagent;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class NodeAgentApplication {

    /**
     * The agent reads {@code node-agent.yml} rather than {@code application.yml}, so that it does not shadow the
     * api-server's {@code application.yml} when both run in one JVM (the end-to-end tests).
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(NodeAgentApplication.class).properties("spring.config.name=node-agent");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
