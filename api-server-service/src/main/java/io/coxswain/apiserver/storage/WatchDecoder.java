package io.coxswain.apiserver.storage;

/**
 * Turns a stored key into the object the watch cache holds and hands out. Called by the cache, under its lock, for every
 * listed key and every watch event: keep it to decoding.
 *
 * <p>Contract: the decoder sets the object's {@code metadata.resourceVersion} to {@code String.valueOf(kv.modRevision())}.
 * For a DELETED event the cache passes the key's last stored value with {@code modRevision} set to the deletion revision,
 * as Kubernetes does. A decoder that throws makes the cache skip that key or event (and log it).
 */
@FunctionalInterface
public interface WatchDecoder<T> {

    T decode(KeyValue kv);
}
