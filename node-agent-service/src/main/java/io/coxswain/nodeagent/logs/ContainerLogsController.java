package io.coxswain.nodeagent.logs;

import io.coxswain.nodeagent.runtime.ContainerInfo;
import io.coxswain.nodeagent.runtime.ContainerRuntime;
import io.coxswain.nodeagent.runtime.LogOptions;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
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

    @GetMapping("/containerLogs/{namespace}/{pod}/{container}")
    ResponseEntity<StreamingResponseBody> logs(@PathVariable String namespace, @PathVariable String pod, @PathVariable String container,
                                               @RequestParam(defaultValue = "false") boolean follow,
                                               @RequestParam(required = false) Integer tailLines,
                                               @RequestParam(defaultValue = "false") boolean timestamps,
                                               @RequestParam(defaultValue = "false") boolean previous) {
        List<ContainerInfo> instances = runtime.listPod(namespace, pod).stream()
                .filter(c -> !c.sandbox() && container.equals(c.name()))
                .sorted(Comparator.comparingInt(ContainerInfo::attempt).reversed())
                .toList();
        int index = previous ? 1 : 0;
        if (instances.size() <= index) {
            String message = previous
                    ? "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found"
                    : "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: ContainerCreating";
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN)
                    .body(out -> out.write(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        String id = instances.get(index).id();
        // following the previous instance makes no sense: it has ended
        LogOptions options = new LogOptions(follow && !previous, tailLines, timestamps);
        StreamingResponseBody body = out -> {
            try {
                runtime.logs(id, options, out);
            } catch (IOException e) {
                // the client went away; nothing more to do
            }
        };
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
    }
}
