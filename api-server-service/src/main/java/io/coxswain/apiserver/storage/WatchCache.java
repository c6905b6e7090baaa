package io.coxswain.apiserver.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.coxswain.apiserver.storage.Watcher.CacheEvent;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one resource kind (every key under one prefix) kept in memory from a single etcd watch, and fanned out to
 * any number of {@link Watcher}s, as Kubernetes' watch cache does.
 *
 * <p>How it stays in step with etcd: {@link #start()} lists the prefix at revision R, then watches it from R+1 with
 * previous values. Every etcd event is applied, in revision order, to the state and appended to a window of the last
 * {@code windowCapacity} events, then offered to every watcher. When the etcd watch breaks (etcd restarted or
 * unreachable) the cache re-opens it from the last revision it applied plus one, with back-off, so no event is lost or
 * repeated. When that is impossible because etcd compacted the revisions it missed, it re-lists, terminates every watcher
 * with {@link Watcher#REASON_EXPIRED} (clients re-list and re-watch) and goes on serving from the new state.
 *
 * <p>No-gap contract: {@link #snapshot()} returns state as of revision S and {@code watch(S, ...)} then delivers every
 * change after S exactly once; so does {@code watch(R, ...)} for the revision R of an {@link EtcdStore#list} of the same
 * prefix, provided R is not older than the window ({@link TooOldResourceVersionException} otherwise). {@code watch(0, ...)}
 * delivers the current state as ADDED events followed by every later change, atomically.
 *
 * <p>Threading: all methods are thread-safe. Changes are applied and fanned out under one lock on the gRPC event-loop
 * thread; fan-out never waits for a consumer (a watcher whose queue is full is terminated with
 * {@link Watcher#REASON_TOO_SLOW}), and watcher filters and the decoder run under that lock, so they must be quick and
 * free of I/O. Reconnects and re-lists run on the cache's own thread.
 *
 * <p>Metrics: {@code apiserver_watch_events_total{resource}} (events delivered to watchers) and
 * {@code apiserver_registered_watchers{resource}}.
 */
public final class WatchCache<T> implements AutoCloseable {

    static final String METRIC_EVENTS = "apiserver.watch.events";
    static final String METRIC_WATCHERS = "apiserver.registered.watchers";

    private static final Logger log = LoggerFactory.getLogger(WatchCache.class);
    private static final long MIN_RETRY_DELAY_MS = 100;
    private static final long MAX_RETRY_DELAY_MS = 5_000;

    private final EtcdStore store;
    private final Watch watchClient;
    private final String prefix;
    private final WatchDecoder<T> decoder;
    private final int windowCapacity;
    private final String resource;
    private final MeterRegistry registry;
    private final Counter eventsDelivered;
    private final Gauge registeredWatchers;
    private final ScheduledExecutorService recovery;

    private final Object lock = new Object();
    // Guarded by lock:
    private final TreeMap<String, Entry<T>> state = new TreeMap<>();
    private final ArrayDeque<CacheEvent<T>> window = new ArrayDeque<>();
    private final Set<Watcher<T>> watchers = ConcurrentHashMap.newKeySet();
    /** Smallest fromRevision a watch can start at: the (re)list revision, or the revision of the last event evicted. */
    private long oldestWatchable;
    private long lastRevision;
    /** Identifies the current etcd watch; callbacks of earlier ones are ignored. */
    private long generation;
    private boolean started;
    private boolean closed;
    private long retryDelayMs = MIN_RETRY_DELAY_MS;

    /** The current etcd watch; only touched by the recovery thread, {@link #start()} and {@link #close()}. */
    private volatile Watch.Watcher etcdWatch;

    /**
     * @param prefix the key prefix of the resource, ending in '/', e.g. {@code /registry/pods/}
     * @param windowCapacity how many recent events are kept for watches that resume from a revision
     */
    public WatchCache(EtcdStore store, Client client, String prefix, WatchDecoder<T> decoder, int windowCapacity,
                      MeterRegistry registry) {
        if (windowCapacity < 1) {
            throw new IllegalArgumentException("windowCapacity must be at least 1, got " + windowCapacity);
        }
        this.store = store;
        this.watchClient = client.getWatchClient();
        this.prefix = prefix;
        this.decoder = decoder;
        this.windowCapacity = windowCapacity;
        this.resource = store.resourceOf(prefix);
        this.registry = registry;
        this.eventsDelivered = Counter.builder(METRIC_EVENTS)
                .description("Events sent to watchers by the api-server's watch cache")
                .tag("resource", resource)
                .register(registry);
        this.registeredWatchers = Gauge.builder(METRIC_WATCHERS, watchers, Set::size)
                .description("Watchers currently registered with the api-server's watch cache")
                .tag("resource", resource)
                .strongReference(true)
                .register(registry);
        this.recovery = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "watch-cache-" + resource);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Lists the prefix and opens the etcd watch; returns once the initial state is loaded.
     *
     * @throws StorageUnavailableException if etcd cannot be listed (the cache stays unstarted; call again)
     */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException("watch cache for " + prefix + " already started or closed");
            }
        }
        ListResult initial = store.list(prefix);
        long from;
        synchronized (lock) {
            load(initial);
            started = true;
            from = lastRevision + 1;
        }
        awaitOnRecoveryThread(() -> openWatch(from));
        log.info("watch cache started resource={} objects={} revision={}", resource, initial.items().size(),
                initial.revision());
    }

    /** The current state, for a list with resourceVersion=0 (or unset). */
    public Snapshot<T> snapshot() {
        synchronized (lock) {
            requireStarted();
            List<T> items = new ArrayList<>(state.size());
            state.values().forEach(entry -> items.add(entry.object()));
            return new Snapshot<>(Collections.unmodifiableList(items), lastRevision);
        }
    }

    /** The cached object under {@code key}, if the cache has it (it may be slightly behind etcd). */
    public java.util.Optional<T> get(String key) {
        synchronized (lock) {
            requireStarted();
            Entry<T> entry = state.get(key);
            return entry == null ? java.util.Optional.empty() : java.util.Optional.of(entry.object());
        }
    }

    /**
     * Registers a watcher.
     *
     * @param fromRevision 0: ADDED for every current object that passes {@code filter}, then live events; &gt; 0: every
     *                     change after that revision, first from the window, then live (a revision ahead of the cache is
     *                     fine: changes up to it are skipped)
     * @param filter the selector, or {@code null} for all; it runs under the cache's lock, so keep it cheap
     * @param queueCapacity how many live events may wait for the consumer before the watcher is terminated
     * @throws TooOldResourceVersionException if changes after {@code fromRevision} may no longer be in the window
     */
    public Watcher<T> watch(long fromRevision, Predicate<T> filter, int queueCapacity) throws TooOldResourceVersionException {
        synchronized (lock) {
            requireStarted();
            List<WatchEvent<T>> backlog = new ArrayList<>();
            long afterRevision;
            if (fromRevision == 0) {
                for (Entry<T> entry : state.values()) {
                    if (filter == null || filter.test(entry.object())) {
                        backlog.add(new WatchEvent<>(EventType.ADDED, entry.object(), entry.modRevision()));
                    }
                }
                afterRevision = lastRevision;
            } else {
                if (fromRevision < oldestWatchable) {
                    throw new TooOldResourceVersionException(prefix, fromRevision, oldestWatchable);
                }
                for (CacheEvent<T> change : eventsAfter(fromRevision)) {
                    WatchEvent<T> event = Watcher.select(filter, fromRevision, change);
                    if (event != null) {
                        backlog.add(event);
                    }
                }
                afterRevision = Math.max(fromRevision, lastRevision);
            }
            Watcher<T> watcher = new Watcher<>(filter, afterRevision, queueCapacity, backlog, this::unregister);
            watchers.add(watcher);
            eventsDelivered.increment(backlog.size());
            return watcher;
        }
    }

    /** The highest revision the cache has applied: a valid resourceVersion for BOOKMARK events. */
    public long lastRevision() {
        synchronized (lock) {
            return lastRevision;
        }
    }

    public String prefix() {
        return prefix;
    }

    /** Stops the etcd watch and terminates every watcher with {@link Watcher#REASON_CACHE_CLOSED}. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            generation++;
            terminateAll(Watcher.REASON_CACHE_CLOSED);
        }
        recovery.shutdownNow();
        closeEtcdWatch();
        registry.remove(registeredWatchers);
        registry.remove(eventsDelivered);
        log.info("watch cache closed resource={}", resource);
    }

    // ---- applying etcd's events (gRPC event-loop thread) ----

    private void onResponse(long watchGeneration, WatchResponse response) {
        synchronized (lock) {
            if (watchGeneration != generation || closed) {
                return;
            }
            if (response.isCreatedNotify()) {
                if (retryDelayMs > MIN_RETRY_DELAY_MS) {
                    log.info("etcd watch re-opened resource={} fromRevision={}", resource, lastRevision + 1);
                }
                retryDelayMs = MIN_RETRY_DELAY_MS;
                return;
            }
            // Events at or below the last applied revision were applied by an earlier response: a watch re-opened from
            // lastRevision + 1 never repeats them, but the check keeps state correct whatever etcd resends.
            long appliedUpTo = lastRevision;
            for (io.etcd.jetcd.watch.WatchEvent event : response.getEvents()) {
                long revision = event.getKeyValue().getModRevision();
                if (revision > appliedUpTo) {
                    apply(event, revision);
                }
            }
        }
    }

    private void apply(io.etcd.jetcd.watch.WatchEvent event, long revision) {
        String key = event.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
        lastRevision = revision;
        CacheEvent<T> change = switch (event.getEventType()) {
            case PUT -> put(key, EtcdStore.toKeyValue(event.getKeyValue()));
            case DELETE -> remove(key, event.getPrevKV(), revision);
            default -> null;
        };
        if (change == null) {
            return;
        }
        window.addLast(change);
        if (window.size() > windowCapacity) {
            oldestWatchable = window.removeFirst().revision();
        }
        fanOut(change);
    }

    private CacheEvent<T> put(String key, KeyValue kv) {
        T object = decodeOrNull(kv);
        if (object == null) {
            return null;
        }
        Entry<T> previous = state.put(key, new Entry<>(object, kv));
        return previous == null
                ? new CacheEvent<>(EventType.ADDED, key, object, null, kv.modRevision())
                : new CacheEvent<>(EventType.MODIFIED, key, object, previous.object(), kv.modRevision());
    }

    private CacheEvent<T> remove(String key, io.etcd.jetcd.KeyValue prevKv, long deletedAt) {
        Entry<T> cached = state.remove(key);
        KeyValue last = prevKv != null && !prevKv.getKey().isEmpty() ? EtcdStore.toKeyValue(prevKv)
                : cached != null ? cached.kv() : null;
        if (last == null) {
            return null; // a key the cache never held (its value could not be decoded): nothing to tell watchers
        }
        T object = decodeOrNull(new KeyValue(key, last.value(), last.createRevision(), deletedAt, last.leaseId()));
        return object == null ? null : new CacheEvent<>(EventType.DELETED, key, object, object, deletedAt);
    }

    private void fanOut(CacheEvent<T> change) {
        for (Iterator<Watcher<T>> it = watchers.iterator(); it.hasNext(); ) {
            Watcher<T> watcher = it.next();
            WatchEvent<T> event;
            try {
                event = watcher.select(change);
            } catch (RuntimeException e) {
                log.warn("watch filter failed resource={}; terminating the watcher", resource, e);
                watcher.terminate("filter failed: " + e);
                it.remove();
                continue;
            }
            if (event == null) {
                continue;
            }
            if (watcher.offer(event)) {
                eventsDelivered.increment();
            } else {
                log.info("terminating slow watcher resource={} revision={}", resource, change.revision());
                watcher.terminate(Watcher.REASON_TOO_SLOW);
                it.remove();
            }
        }
    }

    private T decodeOrNull(KeyValue kv) {
        try {
            return decoder.decode(kv);
        } catch (RuntimeException e) {
            log.error("cannot decode key={} revision={}; skipping it", kv.key(), kv.modRevision(), e);
            return null;
        }
    }

    // ---- keeping the etcd watch open ----

    private void openWatch(long fromRevision) {
        long watchGeneration;
        synchronized (lock) {
            if (closed) {
                return;
            }
            watchGeneration = ++generation;
        }
        WatchOption option = WatchOption.builder()
                .isPrefix(true)
                .withPrevKV(true)
                .withCreateNotify(true)
                .withRevision(fromRevision)
                .build();
        etcdWatch = watchClient.watch(ByteSequence.from(prefix, StandardCharsets.UTF_8), option, new Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                onResponse(watchGeneration, response);
            }

            @Override
            public void onError(Throwable error) {
                onWatchBroken(watchGeneration, error);
            }

            @Override
            public void onCompleted() {
                onWatchBroken(watchGeneration, null);
            }
        });
        synchronized (lock) {
            if (closed) {
                closeEtcdWatch();
            }
        }
    }

    /**
     * Called on the gRPC thread, possibly under jetcd's own lock, when the current watch fails or ends. Retires the watch
     * at once (its later callbacks are ignored, so jetcd's own resume cannot deliver events) and recovers on the cache's
     * thread.
     */
    private void onWatchBroken(long watchGeneration, Throwable error) {
        long delay;
        synchronized (lock) {
            if (watchGeneration != generation || closed) {
                return;
            }
            generation++;
            delay = retryDelayMs;
            retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
        }
        if (cannotResume(error)) {
            log.warn("etcd watch cannot resume resource={} from revision={}; re-listing: {}", resource,
                    lastRevision() + 1, error.getMessage());
            submit(this::relist, 0);
        } else {
            log.debug("etcd watch broken resource={}; re-opening in {} ms", resource, delay, error);
            submit(this::resume, delay);
        }
    }

    /**
     * True when etcd no longer has (compacted) or never had (a restored or replaced etcd whose revision went back) the
     * revisions the watch must resume from: only a re-list gets back in step.
     */
    private static boolean cannotResume(Throwable error) {
        if (error == null) {
            return false;
        }
        if (error instanceof CompactedException || EtcdStore.isAlreadyCompacted(error)) {
            return true;
        }
        return error instanceof EtcdException etcd && etcd.getErrorCode() == ErrorCode.OUT_OF_RANGE;
    }

    private void resume() {
        closeEtcdWatch();
        long from;
        synchronized (lock) {
            from = lastRevision + 1;
        }
        openWatch(from);
    }

    private void relist() {
        closeEtcdWatch();
        ListResult list;
        try {
            list = store.list(prefix);
        } catch (StorageException e) {
            long delay;
            synchronized (lock) {
                delay = retryDelayMs;
                retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
            }
            log.warn("re-list failed resource={}; retrying in {} ms: {}", resource, delay, e.getMessage());
            submit(this::relist, delay);
            return;
        }
        long from;
        int terminated;
        synchronized (lock) {
            if (closed) {
                return;
            }
            load(list);
            terminated = watchers.size();
            terminateAll(Watcher.REASON_EXPIRED);
            from = lastRevision + 1;
        }
        log.info("watch cache re-listed resource={} objects={} revision={} expiredWatchers={}", resource,
                list.items().size(), list.revision(), terminated);
        openWatch(from);
    }

    /** Runs {@code task} on the recovery thread, which owns {@link #etcdWatch}, and waits for it. */
    private void awaitOnRecoveryThread(Runnable task) {
        try {
            recovery.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the etcd watch for " + prefix, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot open the etcd watch for " + prefix, e.getCause());
        }
    }

    private void submit(Runnable task, long delayMs) {
        try {
            recovery.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // Never let the recovery thread die silently: try again from the top.
                    log.error("watch cache recovery failed resource={}; re-listing", resource, e);
                    submit(this::relist, MAX_RETRY_DELAY_MS);
                }
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            log.debug("watch cache closing resource={}; recovery skipped", resource);
        }
    }

    private void closeEtcdWatch() {
        Watch.Watcher current = etcdWatch;
        if (current != null) {
            current.close();
        }
    }

    // ---- helpers (callers hold lock) ----

    private void load(ListResult list) {
        state.clear();
        window.clear();
        for (KeyValue kv : list.items()) {
            T object = decodeOrNull(kv);
            if (object != null) {
                state.put(kv.key(), new Entry<>(object, kv));
            }
        }
        lastRevision = list.revision();
        oldestWatchable = list.revision();
    }

    /** Window events with a revision above {@code revision}, oldest first. */
    private List<CacheEvent<T>> eventsAfter(long revision) {
        ArrayDeque<CacheEvent<T>> newer = new ArrayDeque<>();
        for (Iterator<CacheEvent<T>> it = window.descendingIterator(); it.hasNext(); ) {
            CacheEvent<T> change = it.next();
            if (change.revision() <= revision) {
                break;
            }
            newer.addFirst(change);
        }
        return new ArrayList<>(newer);
    }

    private void terminateAll(String reason) {
        watchers.forEach(watcher -> watcher.terminate(reason));
        watchers.clear();
    }

    private void unregister(Watcher<T> watcher) {
        watchers.remove(watcher);
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("watch cache for " + prefix + " is not started");
        }
        if (closed) {
            throw new IllegalStateException("watch cache for " + prefix + " is closed");
        }
    }

    /** A cached object with the raw key it came from (the raw value backs DELETED events if etcd sends no prevKV). */
    private record Entry<T>(T object, KeyValue kv) {
        long modRevision() {
            return kv.modRevision();
        }
    }
}
