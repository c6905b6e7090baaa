package io.coxswain.apiserver.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.etcd.jetcd.Client;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Creates the watch cache of each resource (one per key prefix, at most) and closes them all on shutdown. A Spring bean;
 * thread-safe.
 */
public class WatchCacheFactory implements AutoCloseable {

    private final EtcdStore store;
    private final Client client;
    private final MeterRegistry registry;
    private final int windowCapacity;
    private final Map<String, WatchCache<?>> caches = new ConcurrentHashMap<>();

    public WatchCacheFactory(EtcdStore store, Client client, MeterRegistry registry, int windowCapacity) {
        this.store = store;
        this.client = client;
        this.registry = registry;
        this.windowCapacity = windowCapacity;
    }

    /**
     * A started cache of every key under {@code prefix} (e.g. {@code /registry/pods/}); blocks until its initial list is
     * loaded.
     *
     * @throws IllegalStateException if a cache for this prefix exists already (keep the one you have)
     * @throws StorageUnavailableException if etcd cannot be listed; nothing is registered, so the call can be repeated
     */
    public <T> WatchCache<T> create(String prefix, WatchDecoder<T> decoder) {
        WatchCache<T> cache = new WatchCache<>(store, client, prefix, decoder, windowCapacity, registry);
        if (caches.putIfAbsent(prefix, cache) != null) {
            cache.close();
            throw new IllegalStateException("a watch cache for " + prefix + " exists already");
        }
        try {
            cache.start();
            return cache;
        } catch (RuntimeException e) {
            caches.remove(prefix, cache);
            cache.close();
            throw e;
        }
    }

    /** Closes every cache it created, terminating their watchers. */
    @Override
    public void close() {
        List<WatchCache<?>> open = new ArrayList<>(caches.values());
        caches.clear();
        open.forEach(WatchCache::close);
    }
}
