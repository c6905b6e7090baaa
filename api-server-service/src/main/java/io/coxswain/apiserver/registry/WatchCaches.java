package io.coxswain.apiserver.registry;

import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.storage.WatchCache;
import io.coxswain.apiserver.storage.WatchCacheFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/** One watch cache per served kind, started before the api-server takes requests. */
public final class WatchCaches {

    private final Map<ResourceType, WatchCache<HasMetadata>> caches = new LinkedHashMap<>();

    public WatchCaches(WatchCacheFactory factory, ObjectKeys keys, ObjectCodec codec) {
        for (ResourceType type : ResourceTypes.ALL) {
            caches.put(type, factory.create(keys.typePrefix(type), kv -> codec.decode(type, kv)));
        }
    }

    public WatchCache<HasMetadata> of(ResourceType type) {
        return caches.get(type);
    }
}
