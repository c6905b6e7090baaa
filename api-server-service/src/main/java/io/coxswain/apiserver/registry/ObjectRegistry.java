package io.coxswain.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.coxswain.apiserver.admission.Admission;
import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.fieldmanager.FieldManager;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;
import io.coxswain.apiserver.storage.ConflictException;
import io.coxswain.apiserver.storage.EtcdStore;
import io.coxswain.apiserver.storage.KeyExistsException;
import io.coxswain.apiserver.storage.KeyNotFoundException;
import io.coxswain.apiserver.storage.KeyValue;
import io.coxswain.apiserver.storage.ListResult;
import io.coxswain.apiserver.storage.Snapshot;
import io.coxswain.apiserver.storage.StorageUnavailableException;
import io.coxswain.apiserver.storage.TooOldResourceVersionException;
import io.coxswain.apiserver.storage.Watcher;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Preconditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The generic object semantics of the Kubernetes API on top of etcd: identity and timestamps, generation,
 * the status subresource split, optimistic concurrency, finalizers and graceful deletion. Kind-specific
 * defaults and validation come from {@link Admission}; kind-specific side effects (service IPs) from
 * {@link ServiceAllocations}. Thread-safe; every write is one compare-and-swap.
 */
public final class ObjectRegistry {

    private static final Logger log = LoggerFactory.getLogger(ObjectRegistry.class);
    private static final int MAX_RETRIES = 16;
    private static final char[] NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

    private final EtcdStore store;
    private final WatchCaches caches;
    private final ObjectKeys keys;
    private final ObjectCodec codec;
    private final Admission admission;
    private final ServiceAllocations allocations;
    private final Clock clock;
    private final long eventTtlSeconds;
    private final SecureRandom random = new SecureRandom();
    private final FieldManager fieldManager;

    public ObjectRegistry(EtcdStore store, WatchCaches caches, ObjectKeys keys, ObjectCodec codec, Admission admission,
                          ServiceAllocations allocations, Clock clock, long eventTtlSeconds) {
        this.store = store;
        this.caches = caches;
        this.keys = keys;
        this.codec = codec;
        this.admission = admission;
        this.allocations = allocations;
        this.clock = clock;
        this.eventTtlSeconds = eventTtlSeconds;
        this.fieldManager = new FieldManager(codec.mapper(), clock);
    }

    public FieldManager fieldManager() {
        return fieldManager;
    }

    public ObjectCodec codec() {
        return codec;
    }

    // ---- reads ----

    public HasMetadata get(ResourceType type, String namespace, String name) {
        KeyValue kv = call(() -> store.get(keys.key(type, namespace, name)))
                .orElseThrow(() -> ApiException.notFound(type, name));
        return codec.decode(type, kv);
    }

    public Optional<HasMetadata> find(ResourceType type, String namespace, String name) {
        return call(() -> store.get(keys.key(type, namespace, name))).map(kv -> codec.decode(type, kv));
    }

    public record ListedObjects(List<HasMetadata> items, long revision) {
    }

    /**
     * Lists objects. Without a resourceVersion (or with one other than "0") the read is consistent, from etcd;
     * with "0" it is served from the watch cache, which may be slightly behind.
     */
    public ListedObjects list(ResourceType type, ListOptions options) {
        List<HasMetadata> items = new ArrayList<>();
        if ("0".equals(options.resourceVersion())) {
            Snapshot<HasMetadata> snapshot = caches.of(type).snapshot();
            for (HasMetadata o : snapshot.items()) {
                if (options.matches(o)) {
                    items.add(o);
                }
            }
            return new ListedObjects(items, snapshot.revision());
        }
        // A field selector on the namespace narrows the etcd range as a namespaced path does.
        String namespace = options.namespace() != null || !type.namespaced() ? options.namespace()
                : options.fields().requiredValue("metadata.namespace");
        ListResult result = call(() -> store.list(keys.listPrefix(type, namespace)));
        for (KeyValue kv : result.items()) {
            HasMetadata o = codec.decode(type, kv);
            if (options.matches(o)) {
                items.add(o);
            }
        }
        return new ListedObjects(items, result.revision());
    }

    /** Opens a watch; the caller must close the returned watcher. */
    public Watcher<HasMetadata> watch(ResourceType type, ListOptions options, int queueCapacity) {
        long from;
        String rv = options.resourceVersion();
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            from = 0;
        } else {
            from = parseResourceVersion(rv);
        }
        try {
            return caches.of(type).watch(from, options::matches, queueCapacity);
        } catch (TooOldResourceVersionException e) {
            throw ApiException.expired("too old resource version: " + from + " (" + e.getMessage() + ")");
        }
    }

    public long cacheRevision(ResourceType type) {
        return caches.of(type).lastRevision();
    }

    // ---- writes ----

    public HasMetadata create(ResourceType type, String namespace, HasMetadata object, boolean dryRun) {
        return create(type, namespace, object, dryRun, null);
    }

    /**
     * Creates an object. {@code owner} is who writes it, for managedFields: null for the server's own writes, which
     * record no owner.
     */
    public HasMetadata create(ResourceType type, String namespace, HasMetadata object, boolean dryRun,
                              FieldManager.Owner owner) {
        ObjectMeta meta = prepareMetadata(type, namespace, object);
        if (type.namespaced()) {
            requireActiveNamespace(namespace, type, meta.getName());
        }
        if (meta.getName() == null || meta.getName().isEmpty()) {
            if (meta.getGenerateName() != null && !meta.getGenerateName().isEmpty()) {
                meta.setName(meta.getGenerateName() + randomSuffix());
            }
        }
        meta.setUid(UUID.randomUUID().toString());
        meta.setCreationTimestamp(now());
        meta.setResourceVersion(null);
        meta.setDeletionTimestamp(null);
        meta.setDeletionGracePeriodSeconds(null);
        meta.setGeneration(hasSpec(type) ? 1L : null);
        resetStatusOnCreate(type, object);
        admission.admitCreate(type, object);
        if (owner == null) {
            meta.setManagedFields(null);
        } else if (!owner.applied()) {
            fieldManager.update(type, null, object, owner);
        }
        if (dryRun) {
            return object;
        }
        String key = keys.key(type, namespace, meta.getName());
        List<String> claimed = allocations.allocate(object, null);
        try {
            long revision = call(() -> store.create(key, codec.encodeForStorage(type, object), ttlOf(type)));
            meta.setResourceVersion(Long.toString(revision));
            log.debug("created {} {}/{} rv={}", type.plural(), namespace, meta.getName(), revision);
            return object;
        } catch (KeyExistsException e) {
            allocations.release(claimed);
            throw ApiException.alreadyExists(type, meta.getName());
        } catch (RuntimeException e) {
            allocations.release(claimed);
            throw e;
        }
    }

    /**
     * What an update may change: the main resource (not the status), the status subresource (only the status),
     * or both, for subresources such as binding that the server itself writes.
     */
    public enum Target { MAIN, STATUS, ALL }

    /**
     * Replaces an object (PUT). A resourceVersion in the body is a precondition (stale: 409); without one the
     * update is unconditional, as Kubernetes allows for the kinds served here.
     */
    public HasMetadata update(ResourceType type, String namespace, String name, HasMetadata object, Target target,
                              boolean dryRun) {
        return update(type, namespace, name, object, target, dryRun, null);
    }

    public HasMetadata update(ResourceType type, String namespace, String name, HasMetadata object, Target target,
                              boolean dryRun, FieldManager.Owner owner) {
        ObjectMeta meta = prepareMetadata(type, namespace, object);
        if (meta.getName() == null || !meta.getName().equals(name)) {
            throw ApiException.badRequest("the name of the object (" + meta.getName()
                    + ") does not match the name on the URL (" + name + ")");
        }
        String precondition = meta.getResourceVersion();
        if (precondition != null && !precondition.isEmpty()) {
            parseResourceVersion(precondition);
        }
        return guaranteedUpdate(type, namespace, name, precondition, current -> object, target, dryRun, owner);
    }

    /**
     * Reads the current object, lets {@code change} produce the desired one from a private copy, and writes it
     * with a compare-and-swap, retrying on a concurrent write unless the caller held a resourceVersion
     * precondition.
     *
     * @param precondition a resourceVersion the current object must have, or null
     */
    public HasMetadata guaranteedUpdate(ResourceType type, String namespace, String name, String precondition,
                                        UnaryOperator<HasMetadata> change, Target target, boolean dryRun) {
        return guaranteedUpdate(type, namespace, name, precondition, change, target, dryRun, null);
    }

    /**
     * As {@link #guaranteedUpdate(ResourceType, String, String, String, UnaryOperator, Target, boolean)}, recording
     * {@code owner} in managedFields; with a null owner (the server's own writes) they stay as they are.
     */
    public HasMetadata guaranteedUpdate(ResourceType type, String namespace, String name, String precondition,
                                        UnaryOperator<HasMetadata> change, Target target, boolean dryRun,
                                        FieldManager.Owner owner) {
        String key = keys.key(type, namespace, name);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            KeyValue kv = call(() -> store.get(key)).orElseThrow(() -> ApiException.notFound(type, name));
            HasMetadata current = codec.decode(type, kv);
            if (precondition != null && !precondition.isEmpty()
                    && !precondition.equals(current.getMetadata().getResourceVersion())) {
                throw ApiException.conflict(type, name);
            }
            HasMetadata desired = change.apply(codec.copy(current));
            HasMetadata merged = target == Target.STATUS
                    ? mergeStatus(current, desired)
                    : mergeMain(type, current, desired, target);
            // Server-written changes (binding) are not user updates: the rules on what users may change do not apply.
            admission.admitUpdate(type, merged, target == Target.ALL ? null : current);
            // each object's tree once, for the generation and for field ownership
            JsonNode currentTree = fieldManager.tree(current);
            JsonNode mergedTree = fieldManager.tree(merged);
            advanceGeneration(type, current, merged, ObjectCodec.specsDiffer(currentTree, mergedTree));
            if (owner == null) {
                merged.getMetadata().setManagedFields(current.getMetadata().getManagedFields());
            } else if (owner.applied()) {
                merged.getMetadata().setManagedFields(desired.getMetadata().getManagedFields());
            } else {
                fieldManager.update(type, current, merged, owner, currentTree, mergedTree);
            }
            if (isFinalized(merged)) {
                if (dryRun) {
                    return merged;
                }
                return deleteNow(type, current, kv.modRevision());
            }
            byte[] bytes = codec.encodeForStorage(type, merged);
            if (java.util.Arrays.equals(bytes, kv.value())) {
                return current; // a no-op: no write, no new resourceVersion (as Kubernetes)
            }
            if (dryRun) {
                return merged;
            }
            List<String> claimed = allocations.allocate(merged, current);
            try {
                long revision = call(() -> store.update(key, bytes, kv.modRevision(), ttlOf(type)));
                merged.getMetadata().setResourceVersion(Long.toString(revision));
                allocations.releaseDropped(merged, current);
                return merged;
            } catch (ConflictException e) {
                allocations.release(claimed);
                if (precondition != null && !precondition.isEmpty()) {
                    throw ApiException.conflict(type, name);
                }
            } catch (KeyNotFoundException e) {
                allocations.release(claimed);
                throw ApiException.notFound(type, name);
            }
        }
        throw ApiException.conflict(type, name, "too many concurrent updates, please try again");
    }

    /**
     * Deletes an object as Kubernetes does: objects with finalizers (including the ones a propagation policy adds)
     * are only marked with a deletionTimestamp; a pod bound to a node is marked for graceful deletion and removed when
     * its node agent confirms (a delete with grace period 0) or its grace period runs out.
     *
     * @return the object as it now is (marked), or as it was when removed
     */
    public HasMetadata delete(ResourceType type, String namespace, String name, DeleteOptions options, boolean dryRun) {
        DeleteOptions opts = options == null ? new DeleteOptions() : options;
        String key = keys.key(type, namespace, name);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            KeyValue kv = call(() -> store.get(key)).orElseThrow(() -> ApiException.notFound(type, name));
            HasMetadata current = codec.decode(type, kv);
            checkPreconditions(type, name, current, opts.getPreconditions());
            HasMetadata marked = codec.copy(current);
            ObjectMeta meta = marked.getMetadata();
            List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
            String policy = opts.getPropagationPolicy();
            if (Boolean.TRUE.equals(opts.getOrphanDependents())) {
                policy = "Orphan";
            }
            if ("Orphan".equals(policy) && !finalizers.contains("orphan")) {
                finalizers.add("orphan");
            } else if ("Foreground".equals(policy) && !finalizers.contains("foregroundDeletion")) {
                finalizers.add("foregroundDeletion");
            }
            Long grace = gracePeriod(type, current, opts);
            boolean graceful = grace != null && grace > 0;
            if (type == ResourceTypes.NAMESPACES) {
                finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
                Namespace ns = (Namespace) marked;
                boolean specFinalizers = ns.getSpec() != null && ns.getSpec().getFinalizers() != null
                        && !ns.getSpec().getFinalizers().isEmpty();
                if (specFinalizers || !finalizers.isEmpty()) {
                    if (meta.getDeletionTimestamp() == null) {
                        meta.setDeletionTimestamp(now());
                        meta.setDeletionGracePeriodSeconds(0L);
                    }
                    ns.getStatus().setPhase("Terminating");
                    return writeMarked(type, key, kv, marked, current, dryRun);
                }
            }
            if (!finalizers.isEmpty() || graceful) {
                meta.setFinalizers(finalizers.isEmpty() ? null : finalizers);
                if (meta.getDeletionTimestamp() == null
                        || (graceful && meta.getDeletionGracePeriodSeconds() != null
                        && grace < meta.getDeletionGracePeriodSeconds())) {
                    // A shorter grace period shortens a deletion already under way, never lengthens it.
                    meta.setDeletionTimestamp(graceful ? format(clock.instant().plusSeconds(grace)) : now());
                    meta.setDeletionGracePeriodSeconds(graceful ? grace : 0L);
                }
                if (codec.toTree(marked).equals(codec.toTree(current))) {
                    return current; // already marked as asked
                }
                HasMetadata result = writeMarked(type, key, kv, marked, current, dryRun);
                if (result != null) {
                    return result;
                }
                continue;
            }
            if (dryRun) {
                return current;
            }
            try {
                return deleteNow(type, current, kv.modRevision());
            } catch (ApiException e) {
                if (e.code() == 409) {
                    continue;
                }
                throw e;
            }
        }
        throw ApiException.conflict(type, name, "too many concurrent updates, please try again");
    }

    /** Removes a pod whose graceful deletion ran out without its node agent confirming. */
    public void expireGracefulDeletion(HasMetadata pod) {
        try {
            deleteNow(ResourceTypes.PODS, pod, Long.parseLong(pod.getMetadata().getResourceVersion()));
            log.info("removed pod {}/{} after its grace period ran out without a node agent's confirmation",
                    pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        } catch (ApiException e) {
            log.debug("pod {}/{} changed before its graceful deletion expired: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
        }
    }

    private HasMetadata writeMarked(ResourceType type, String key, KeyValue kv, HasMetadata marked, HasMetadata current,
                                    boolean dryRun) {
        if (dryRun) {
            return marked;
        }
        try {
            long revision = call(() -> store.update(key, codec.encodeForStorage(type, marked), kv.modRevision(), ttlOf(type)));
            marked.getMetadata().setResourceVersion(Long.toString(revision));
            return marked;
        } catch (ConflictException e) {
            return null;
        } catch (KeyNotFoundException e) {
            throw ApiException.notFound(type, current.getMetadata().getName());
        }
    }

    private HasMetadata deleteNow(ResourceType type, HasMetadata current, long modRevision) {
        String key = keys.key(type, current.getMetadata().getNamespace(), current.getMetadata().getName());
        try {
            KeyValue deleted = call(() -> store.delete(key, modRevision));
            HasMetadata result = codec.decode(type, deleted);
            allocations.release(allocations.claimsOf(result));
            return result;
        } catch (ConflictException e) {
            throw ApiException.conflict(type, current.getMetadata().getName());
        } catch (KeyNotFoundException e) {
            throw ApiException.notFound(type, current.getMetadata().getName());
        }
    }

    private Long gracePeriod(ResourceType type, HasMetadata current, DeleteOptions opts) {
        if (type != ResourceTypes.PODS) {
            return null;
        }
        Pod pod = (Pod) current;
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
            return 0L; // never scheduled: nothing runs, so nothing to wait for
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return 0L;
        }
        if (opts.getGracePeriodSeconds() != null) {
            return Math.max(0L, opts.getGracePeriodSeconds());
        }
        Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
        return spec == null ? 30L : spec;
    }

    private void checkPreconditions(ResourceType type, String name, HasMetadata current, Preconditions p) {
        if (p == null) {
            return;
        }
        if (p.getUid() != null && !p.getUid().equals(current.getMetadata().getUid())) {
            throw ApiException.conflict(type, name, "Precondition failed: UID in precondition: " + p.getUid()
                    + ", UID in object meta: " + current.getMetadata().getUid());
        }
        if (p.getResourceVersion() != null && !p.getResourceVersion().equals(current.getMetadata().getResourceVersion())) {
            throw ApiException.conflict(type, name, "Precondition failed: ResourceVersion in precondition: "
                    + p.getResourceVersion() + ", ResourceVersion in object meta: " + current.getMetadata().getResourceVersion());
        }
    }

    private static boolean isFinalized(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        if (meta.getDeletionTimestamp() == null || (meta.getFinalizers() != null && !meta.getFinalizers().isEmpty())) {
            return false;
        }
        if (object instanceof Namespace ns && ns.getSpec() != null && ns.getSpec().getFinalizers() != null
                && !ns.getSpec().getFinalizers().isEmpty()) {
            return false;
        }
        if (object instanceof Pod pod && meta.getDeletionGracePeriodSeconds() != null
                && meta.getDeletionGracePeriodSeconds() > 0) {
            return false; // a graceful pod deletion ends with the node agent's confirmation
        }
        return true;
    }

    /** The main resource keeps the stored status and identity. */
    private HasMetadata mergeMain(ResourceType type, HasMetadata current, HasMetadata desired, Target target) {
        ObjectMeta cm = current.getMetadata();
        ObjectMeta dm = desired.getMetadata();
        keepIdentity(cm, dm);
        dm.setDeletionTimestamp(cm.getDeletionTimestamp());
        dm.setDeletionGracePeriodSeconds(cm.getDeletionGracePeriodSeconds());
        if (cm.getDeletionTimestamp() != null && dm.getFinalizers() != null && cm.getFinalizers() != null
                && !cm.getFinalizers().containsAll(dm.getFinalizers())) {
            throw ApiException.forbidden(type, cm.getName(), "no new finalizers can be added if the object is being deleted");
        }
        if (type.hasStatus() && target == Target.MAIN) {
            copyStatus(current, desired);
        }
        dm.setGeneration(cm.getGeneration());
        return desired;
    }

    /**
     * metadata.generation follows changes of the spec, compared once defaults are applied: a field removed and
     * defaulted again to the same value is no change.
     */
    private static void advanceGeneration(ResourceType type, HasMetadata current, HasMetadata merged,
                                          boolean specChanged) {
        if (hasSpec(type)) {
            Long generation = current.getMetadata().getGeneration();
            long g = generation == null ? 1L : generation;
            merged.getMetadata().setGeneration(specChanged ? g + 1 : g);
        }
    }

    /** The status subresource changes the status only. */
    private HasMetadata mergeStatus(HasMetadata current, HasMetadata desired) {
        HasMetadata merged = codec.copy(current);
        copyStatus(desired, merged);
        return merged;
    }

    private static void keepIdentity(ObjectMeta from, ObjectMeta to) {
        to.setUid(from.getUid());
        to.setCreationTimestamp(from.getCreationTimestamp());
        to.setNamespace(from.getNamespace());
        to.setName(from.getName());
        to.setResourceVersion(from.getResourceVersion());
        to.setSelfLink(null);
    }

    private static void copyStatus(HasMetadata from, HasMetadata to) {
        try {
            Object status = from.getClass().getMethod("getStatus").invoke(from);
            to.getClass().getMethod("setStatus", status == null
                    ? from.getClass().getMethod("getStatus").getReturnType() : status.getClass()).invoke(to, status);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(from.getClass() + " has no status", e);
        }
    }

    private static void resetStatusOnCreate(ResourceType type, HasMetadata object) {
        if (!type.hasStatus() || type == ResourceTypes.NODES) {
            return;
        }
        try {
            Class<?> statusType = object.getClass().getMethod("getStatus").getReturnType();
            object.getClass().getMethod("setStatus", statusType).invoke(object, statusType.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(object.getClass() + " has no status", e);
        }
    }

    private ObjectMeta prepareMetadata(ResourceType type, String namespace, HasMetadata object) {
        if (object.getMetadata() == null) {
            object.setMetadata(new ObjectMeta());
        }
        ObjectMeta meta = object.getMetadata();
        if (type.namespaced()) {
            if (meta.getNamespace() != null && !meta.getNamespace().isEmpty() && !meta.getNamespace().equals(namespace)) {
                throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
                        + "the request");
            }
            meta.setNamespace(namespace);
        } else {
            meta.setNamespace(null);
        }
        return meta;
    }

    private void requireActiveNamespace(String namespace, ResourceType type, String name) {
        // The watch cache answers for namespaces that exist (nearly every create); etcd is asked only when the cache
        // does not have it, since a namespace created a moment ago may not have reached the cache yet.
        HasMetadata ns = caches.of(ResourceTypes.NAMESPACES).get(keys.key(ResourceTypes.NAMESPACES, null, namespace))
                .or(() -> find(ResourceTypes.NAMESPACES, null, namespace))
                .orElseThrow(() -> ApiException.namespaceNotFound(namespace));
        if (ns.getMetadata().getDeletionTimestamp() != null) {
            throw ApiException.forbidden(type, name == null ? "" : name, "unable to create new content in namespace "
                    + namespace + " because it is being terminated");
        }
    }

    private static boolean hasSpec(ResourceType type) {
        return type == ResourceTypes.PODS || type == ResourceTypes.DEPLOYMENTS || type == ResourceTypes.REPLICASETS
                || type == ResourceTypes.SERVICES || type == ResourceTypes.NODES || type == ResourceTypes.NAMESPACES;
    }

    /** Events expire a while after their last write (Kubernetes' --event-ttl); nothing else expires. */
    private long ttlOf(ResourceType type) {
        return type == ResourceTypes.EVENTS ? eventTtlSeconds : 0;
    }

    private String randomSuffix() {
        char[] chars = new char[5];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = NAME_SUFFIX_ALPHABET[random.nextInt(NAME_SUFFIX_ALPHABET.length)];
        }
        return new String(chars);
    }

    public String now() {
        return format(clock.instant());
    }

    private static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A resourceVersion from a request: a non-negative integer, else a 400. */
    public static long parseResourceVersion(String rv) {
        try {
            long value = Long.parseLong(rv);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: \"" + rv + "\"");
        }
    }

    private static <T> T call(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (StorageUnavailableException e) {
            if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
                // The request may have reached etcd: its outcome is unknown, as Kubernetes says with a 504.
                throw ApiException.timeout("Timeout: the server was unable to return a response in the time allotted, "
                        + "but may still be processing the request (" + e.getMessage() + ")");
            }
            throw ApiException.unavailable("storage is unavailable: " + e.getMessage());
        }
    }
}
