package io.coxswain.nodeagent.logs;

import io.coxswain.nodeagent.runtime.ContainerInfo;
import io.coxswain.nodeagent.runtime.ContainerRuntime;
import io.coxswain.nodeagent.runtime.LogOptions;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The kubelet's log endpoint, which the api-server's {@code pods/log} proxies to:
 * {@code GET /containerLogs/{namespace}/{pod}/{container}?follow&tailLines&timestamps&previous}, text/plain.
 * A followed stream is chunked and lasts until the container ends or the client goes away.
 * "previous" is the last terminated instance of the container (the agent keeps exactly one).
 */
@RestController
class ContainerLogsController {

    private final ContainerRuntime runtime;

    ContainerLogsController(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Written on the request thread straight to the servlet response, flushed per frame: a followed stream must reach
     * the client as the container writes (through Spring's StreamingResponseBody the frames stayed buffered until the
     * stream ended, so {@code kubectl logs -f} showed nothing).
     */
    @GetMapping("/containerLogs/{namespace}/{pod}/{container}")
    void logs(@PathVariable String namespace, @PathVariable String pod, @PathVariable String container,
              @RequestParam(defaultValue = "false") boolean follow,
              @RequestParam(required = false) Integer tailLines,
              @RequestParam(defaultValue = "false") boolean timestamps,
              @RequestParam(defaultValue = "false") boolean previous,
              HttpServletResponse response) throws IOException {
        List<ContainerInfo> instances = runtime.listPod(namespace, pod).stream()
                .filter(c -> !c.sandbox() && container.equals(c.name()))
                .sorted(Comparator.comparingInt(ContainerInfo::attempt).reversed())
                .toList();
        int index = previous ? 1 : 0;
        response.setContentType(MediaType.TEXT_PLAIN_VALUE);
        if (instances.size() <= index) {
            String message = previous
                    ? "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found"
                    : "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: ContainerCreating";
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            return;
        }
        String id = instances.get(index).id();
        // following the previous instance makes no sense: it has ended
        LogOptions options = new LogOptions(follow && !previous, tailLines, timestamps);
        response.setStatus(HttpStatus.OK.value());
        ServletOutputStream out = response.getOutputStream();
        response.flushBuffer(); // the client sees the headers before the first line
        try {
            runtime.logs(id, options, out);
        } catch (IOException e) {
            // the client went away; nothing more to do
        }
    }
}
