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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Streams watch events as Kubernetes does: HTTP 200, chunked {@code application/json}, one
 * {@code {"type":...,"object":...}} per line, flushed per event; Table rows when the client asks for tables.
 * The stream lasts until {@code timeoutSeconds}, the client leaves, or the watcher is terminated (the client falls
 * behind, or the cache restarts: then an ERROR 410 event tells it to re-list). Holds the request thread for the
 * stream's lifetime.
 */
final class WatchStreamer implements org.springframework.context.SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WatchStreamer.class);

    private final ObjectRegistry registry;
    private final ObjectCodec codec;
    private final Tables tables;
    private final WatchSettings settings;
    private volatile boolean running;
    private final Cache<HasMetadata, byte[]> encodings = Caffeine.newBuilder().weakKeys().maximumSize(50_000).build();

    private static final byte[] EVENT_TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_OBJECT_PREFIX = "\",\"object\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_SUFFIX = "}\n".getBytes(StandardCharsets.US_ASCII);

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
        if ("websocket".equalsIgnoreCase(servlet.getHeader("Upgrade"))) {
            // Watches are served as chunked HTTP streams only. Answering a WebSocket upgrade at once with a plain, empty
            // 200 fails the client's handshake quickly, which is what makes the fabric8 client fall back to an HTTP watch
            // (it does so on 200 or 503); a streamed 200 would hold the handshake until the watch times out.
            response.setStatus(200);
            response.setContentType(Responses.JSON);
            response.setContentLength(0);
            return;
        }
        response.setStatus(200);
        response.setContentType(Responses.JSON);
        ServletOutputStream out = response.getOutputStream();
        Watcher<HasMetadata> watcher;
        try {
            watcher = registry.watch(type, options, settings.queueCapacity());
        } catch (ApiException e) {
            // As Kubernetes: a watch that cannot start from the requested revision is a 200 with one ERROR event.
            writeEvent(out, "ERROR", codec.toJson(e.status()));
            return;
        }
        try (watcher) {
            response.flushBuffer(); // let the client see the headers before the first event
            long lastBookmark = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline || !running) {
                    return; // a normal end of the stream: clients re-watch from the last revision they saw
                }
                long wait = Math.min(deadline - now, Duration.ofSeconds(1).toNanos());
                WatchEvent<HasMetadata> event = watcher.poll(Duration.ofNanos(wait));
                if (event != null) {
                    HasMetadata object = event.object();
                    byte[] body = table ? codec.toJson(tables.table(type, List.of(object),
                            object.getMetadata().getResourceVersion(), include, false)) : encoded(object);
                    writeEvent(out, event.type().name(), body);
                    continue;
                }
                if (watcher.isTerminated()) {
                    log.debug("watch of {} ended: {}", type.plural(), watcher.terminationReason());
                    writeEvent(out, "ERROR", codec.toJson(ApiException.expired(
                            "watch ended: " + watcher.terminationReason() + "; please re-list").status()));
                    return;
                }
                if (bookmarks && System.nanoTime() - lastBookmark >= settings.bookmarkInterval().toNanos()) {
                    lastBookmark = System.nanoTime();
                    writeEvent(out, "BOOKMARK", codec.toJson(bookmark(type)));
                }
            }
        } catch (IOException e) {
            log.debug("watch client of {} went away: {}", type.plural(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every open watch stream, before the web server's graceful shutdown (which would otherwise wait for these
     * never-ending requests), so that clients notice at once and re-watch elsewhere or after the restart.
     */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stops first
    }

    private ObjectNode bookmark(ResourceType type) {
        ObjectNode object = codec.mapper().createObjectNode();
        object.put("kind", type.kind());
        object.put("apiVersion", type.apiVersion());
        object.putObject("metadata").put("resourceVersion", Long.toString(registry.cacheRevision(type)));
        return object;
    }

    /**
     * The JSON of an object from the watch cache, encoded once for all the watchers it goes to: the cache hands the same
     * instance to every watcher, so the encoding is cached by identity (weak keys), not recomputed per watcher.
     */
    private byte[] encoded(HasMetadata object) {
        return encodings.get(object, codec::toJson);
    }

    private static void writeEvent(ServletOutputStream out, String type, byte[] object) throws IOException {
        out.write(EVENT_TYPE_PREFIX);
        out.write(type.getBytes(StandardCharsets.US_ASCII));
        out.write(EVENT_OBJECT_PREFIX);
        out.write(object);
        out.write(EVENT_SUFFIX);
        out.flush();
    }
}
