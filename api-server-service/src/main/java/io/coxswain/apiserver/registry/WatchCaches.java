package io.coxswain.apiserver.registry;

import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.storage.WatchCache;
import io.coxswain.apiserver.storage.StorageUnavailableException;
import io.coxswain.apiserver.storage.WatchCacheFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/** One watch cache per served kind, started before the api-server takes requests. */
public final class WatchCaches {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WatchCaches.class);
    private static final int STARTUP_ATTEMPTS = 5;

    private final Map<ResourceType, WatchCache<HasMetadata>> caches = new LinkedHashMap<>();

    public WatchCaches(WatchCacheFactory factory, ObjectKeys keys, ObjectCodec codec) {
        for (ResourceType type : ResourceTypes.ALL) {
            caches.put(type, startWithRetries(factory, keys.typePrefix(type), type, codec));
        }
    }

    /** etcd may be slow to answer the first list (just started, or a loaded machine): try a few times before giving up. */
    private static WatchCache<HasMetadata> startWithRetries(WatchCacheFactory factory, String prefix, ResourceType type,
                                                            ObjectCodec codec) {
        for (int attempt = 1; ; attempt++) {
            try {
                return factory.create(prefix, kv -> codec.decode(type, kv));
            } catch (StorageUnavailableException e) {
                if (attempt == STARTUP_ATTEMPTS) {
                    throw e;
                }
                log.warn("watch cache of {} could not list etcd (attempt {} of {}): {}", type.plural(), attempt,
                        STARTUP_ATTEMPTS, e.getMessage());
                try {
                    Thread.sleep(1000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public WatchCache<HasMetadata> of(ResourceType type) {
        return caches.get(type);
    }
}
