package io.coxswain.nodeagent.config;

import io.coxswain.nodeagent.node.NodeReporter;
import io.coxswain.nodeagent.pod.Fabric8PodApi;
import io.coxswain.nodeagent.pod.PodWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Starts the agent once its HTTP port is known (the Node advertises it for logs): registers the Node,
 * starts the pod informer, then the pod workers. Stops them in reverse order. Stopping leaves containers
 * running: a restarted agent adopts them.
 */
class NodeAgent implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final IntFunction<NodeReporter> reporterFactory;
    private final Fabric8PodApi api;
    private final PodWorkers workers;
    private final Duration resync;
    private NodeReporter reporter;

    NodeAgent(IntFunction<NodeReporter> reporterFactory, Fabric8PodApi api, PodWorkers workers, Duration resync) {
        this.reporterFactory = reporterFactory;
        this.api = api;
        this.workers = workers;
        this.resync = resync;
    }

    @Override
    public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
        if (reporter != null) {
            return;
        }
        int port = event.getWebServer().getPort();
        reporter = reporterFactory.apply(port);
        reporter.start();
        api.start(workers, resync, Duration.ofSeconds(30));
        workers.start();
        log.info("node agent started node={} port={}", reporter.nodeName(), port);
    }

    @Override
    public synchronized void destroy() {
        workers.close();
        api.close();
        if (reporter != null) {
            reporter.close();
        }
    }
}
