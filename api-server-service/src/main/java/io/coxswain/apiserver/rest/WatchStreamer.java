package io.coxswain.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.registry.ListOptions;
import io.coxswain.apiserver.registry.ObjectCodec;
import io.coxswain.apiserver.registry.ObjectRegistry;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.storage.WatchEvent;
import io.coxswain.apiserver.storage.Watcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Streams watch events as Kubernetes does: HTTP 200, chunked {@code application/json}, one
 * {@code {"type":...,"object":...}} per line, flushed per event; Table rows when the client asks for tables.
 * The stream lasts until {@code timeoutSeconds}, the client leaves, or the watcher is terminated (the client falls
 * behind, or the cache restarts: then an ERROR 410 event tells it to re-list). Holds the request thread for the
 * stream's lifetime.
 */
final class WatchStreamer {

    private static final Logger log = LoggerFactory.getLogger(WatchStreamer.class);

    private final ObjectRegistry registry;
    private final ObjectCodec codec;
    private final Tables tables;
    private final WatchSettings settings;

    /**
     * @param queueCapacity     events a watcher may fall behind by before it is terminated
     * @param bookmarkInterval  how often to send a BOOKMARK to clients that allow them
     * @param maxTimeout        the longest a watch lasts when the client gives no timeoutSeconds (0 = unlimited)
     */
    record WatchSettings(int queueCapacity, Duration bookmarkInterval, Duration maxTimeout) {
    }

    WatchStreamer(ObjectRegistry registry, Tables tables, WatchSettings settings) {
        this.registry = registry;
        this.codec = registry.codec();
        this.tables = tables;
        this.settings = settings;
    }

    void stream(ResourceType type, ListOptions options, ApiRequest request, HttpServletRequest servlet,
                HttpServletResponse response) throws IOException {
        Long timeoutSeconds = request.longParam("timeoutSeconds");
        boolean bookmarks = request.flag("allowWatchBookmarks");
        boolean table = Tables.wantsTable(servlet.getHeader("Accept"));
        Tables.Include include = Tables.includeObject(servlet.getParameter("includeObject"));
        long deadline = timeoutSeconds != null && timeoutSeconds > 0
                ? System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos()
                : settings.maxTimeout().isZero() ? Long.MAX_VALUE : System.nanoTime() + settings.maxTimeout().toNanos();
        response.setStatus(200);
        response.setContentType(Responses.JSON);
        ServletOutputStream out = response.getOutputStream();
        Watcher<HasMetadata> watcher;
        try {
            watcher = registry.watch(type, options, settings.queueCapacity());
        } catch (ApiException e) {
            // As Kubernetes: a watch that cannot start from the requested revision is a 200 with one ERROR event.
            writeEvent(out, "ERROR", codec.toTree(e.status()));
            return;
        }
        try (watcher) {
            response.flushBuffer(); // let the client see the headers before the first event
            long lastBookmark = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    return;
                }
                long wait = Math.min(deadline - now, Duration.ofSeconds(1).toNanos());
                WatchEvent<HasMetadata> event = watcher.poll(Duration.ofNanos(wait));
                if (event != null) {
                    HasMetadata object = event.object();
                    Object body = table ? tables.table(type, List.of(object), object.getMetadata().getResourceVersion(),
                            include, false) : object;
                    writeEvent(out, event.type().name(), codec.toTree(body));
                    continue;
                }
                if (watcher.isTerminated()) {
                    log.debug("watch of {} ended: {}", type.plural(), watcher.terminationReason());
                    writeEvent(out, "ERROR", codec.toTree(ApiException.expired(
                            "watch ended: " + watcher.terminationReason() + "; please re-list").status()));
                    return;
                }
                if (bookmarks && System.nanoTime() - lastBookmark >= settings.bookmarkInterval().toNanos()) {
                    lastBookmark = System.nanoTime();
                    writeEvent(out, "BOOKMARK", bookmark(type));
                }
            }
        } catch (IOException e) {
            log.debug("watch client of {} went away: {}", type.plural(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode bookmark(ResourceType type) {
        ObjectNode object = codec.mapper().createObjectNode();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.putObject("metadata").put("resourceVersion", Long.toString(registry.cacheRevision(type)));
        return object;
    }

    private void writeEvent(ServletOutputStream out, String type, Object object) throws IOException {
        ObjectNode event = codec.mapper().createObjectNode();
        event.put("type", type);
        event.set("object", (com.fasterxml.jackson.databind.JsonNode) object);
        byte[] bytes = codec.mapper().writeValueAsBytes(event);
        out.write(bytes);
        out.write('\n');
        out.flush();
    }
}
