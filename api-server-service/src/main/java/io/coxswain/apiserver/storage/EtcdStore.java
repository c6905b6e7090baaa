package io.coxswain.apiserver.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api-server's only door to etcd: opaque values under caller-built keys, with etcd's revisions as resource versions.
 *
 * <p>Contracts:
 * <ul>
 *   <li>Every write is one etcd transaction that compares before it writes (create: key absent; update/delete: the
 *       expected modRevision), so concurrent writers with the same expected revision see exactly one success and
 *       {@link ConflictException} for the others.</li>
 *   <li>Reads ({@link #get}, {@link #list}, {@link #currentRevision}) are linearizable: they see every write acknowledged
 *       before they started.</li>
 *   <li>Every call finishes within the request timeout: when etcd does not answer in time or is unreachable it throws
 *       {@link StorageUnavailableException}; a write that fails that way may or may not have been applied.</li>
 *   <li>Thread-safe; one instance per process. It does not own the jetcd {@link Client}: whoever built it closes it.</li>
 * </ul>
 *
 * <p>Metrics: {@code etcd_request_duration_seconds{operation,type}} where {@code type} is the resource segment of the key
 * after the key prefix (see {@link StorageKeys}).
 */
public final class EtcdStore implements AutoCloseable {

    public static final String DEFAULT_KEY_PREFIX = "/registry";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static final String METRIC_REQUEST_DURATION = "etcd.request.duration";

    private static final Logger log = LoggerFactory.getLogger(EtcdStore.class);

    /** Buckets of Kubernetes' etcd_request_duration_seconds, trimmed to what a request timeout of seconds can produce. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final KV kv;
    private final Lease leases;
    private final MeterRegistry registry;
    private final String keyPrefix;
    private final Duration requestTimeout;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public EtcdStore(Client client, MeterRegistry registry) {
        this(client, registry, DEFAULT_KEY_PREFIX, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param keyPrefix the prefix every key starts with (only used to name the {@code type} metric tag)
     * @param requestTimeout upper bound of every call, including the lease grant of a create or update with a TTL
     */
    public EtcdStore(Client client, MeterRegistry registry, String keyPrefix, Duration requestTimeout) {
        this.kv = client.getKVClient();
        this.leases = client.getLeaseClient();
        this.registry = registry;
        this.keyPrefix = keyPrefix;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Stores {@code value} under {@code key} if the key does not exist.
     *
     * @param ttlSeconds when &gt; 0 the key is attached to a new etcd lease of that TTL and disappears when it runs out
     *                   (watchers see a DELETED event); 0 for no expiry
     * @return the revision of the write: the new object's resourceVersion
     * @throws KeyExistsException if the key exists
     */
    public long create(String key, byte[] value, long ttlSeconds) {
        return timed("create", key, deadline -> {
            long leaseId = ttlSeconds > 0 ? grantLease(key, ttlSeconds, deadline) : 0;
            ByteSequence k = bytes(key);
            TxnResponse response = await(key, deadline, kv.txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(k, ByteSequence.from(value), putOption(leaseId)))
                    .commit());
            if (!response.isSucceeded()) {
                revokeQuietly(leaseId);
                throw new KeyExistsException(key);
            }
            return response.getHeader().getRevision();
        });
    }

    /** Linearizable read of one key. */
    public Optional<KeyValue> get(String key) {
        return timed("get", key, deadline -> {
            GetResponse response = await(key, deadline, kv.get(bytes(key)));
            return response.getKvs().stream().findFirst().map(EtcdStore::toKeyValue);
        });
    }

    /** Linearizable read of every key that starts with {@code prefix}, sorted by key, with the revision it reflects. */
    public ListResult list(String prefix) {
        return timed("list", prefix, deadline -> {
            GetResponse response = await(prefix, deadline, kv.get(bytes(prefix), GetOption.builder()
                    .isPrefix(true)
                    .withSortField(GetOption.SortTarget.KEY)
                    .withSortOrder(GetOption.SortOrder.ASCEND)
                    .build()));
            List<KeyValue> items = response.getKvs().stream().map(EtcdStore::toKeyValue).toList();
            return new ListResult(items, response.getHeader().getRevision());
        });
    }

    /**
     * Replaces the value of an existing key if its modRevision is still {@code expectedModRevision}.
     *
     * @param expectedModRevision the resourceVersion the caller read; 0 means unconditional (the key must still exist)
     * @param ttlSeconds when &gt; 0 the key gets a new lease of that TTL; 0 stores it without a lease (a previous lease
     *                   is dropped, so pass the TTL again to keep one)
     * @return the revision of the write: the object's new resourceVersion
     * @throws KeyNotFoundException if the key does not exist
     * @throws ConflictException if the key's modRevision differs from {@code expectedModRevision}
     */
    public long update(String key, byte[] value, long expectedModRevision, long ttlSeconds) {
        return timed("update", key, deadline -> {
            long leaseId = ttlSeconds > 0 ? grantLease(key, ttlSeconds, deadline) : 0;
            ByteSequence k = bytes(key);
            TxnResponse response = await(key, deadline, kv.txn()
                    .If(expected(k, expectedModRevision))
                    .Then(Op.put(k, ByteSequence.from(value), putOption(leaseId)))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit());
            if (!response.isSucceeded()) {
                revokeQuietly(leaseId);
                throw compareFailure(key, expectedModRevision, response);
            }
            return response.getHeader().getRevision();
        });
    }

    /**
     * Deletes a key if its modRevision is still {@code expectedModRevision}.
     *
     * @param expectedModRevision the resourceVersion the caller read; 0 means unconditional
     * @return the last stored state of the key, with {@code modRevision} set to the revision of the deletion
     * @throws KeyNotFoundException if the key does not exist
     * @throws ConflictException if the key's modRevision differs from {@code expectedModRevision}
     */
    public KeyValue delete(String key, long expectedModRevision) {
        return timed("delete", key, deadline -> {
            ByteSequence k = bytes(key);
            TxnResponse response = await(key, deadline, kv.txn()
                    .If(expected(k, expectedModRevision))
                    .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit());
            if (!response.isSucceeded()) {
                throw compareFailure(key, expectedModRevision, response);
            }
            long deletedAt = response.getHeader().getRevision();
            DeleteResponse deleted = response.getDeleteResponses().get(0);
            io.etcd.jetcd.KeyValue previous = deleted.getPrevKvs().stream().findFirst()
                    .orElseThrow(() -> new KeyNotFoundException(key));
            return new KeyValue(key, previous.getValue().getBytes(), previous.getCreateRevision(), deletedAt,
                    previous.getLease());
        });
    }

    /** etcd's current revision (linearizable), whatever key it was written under. */
    public long currentRevision() {
        return timed("get", keyPrefix, deadline -> await(keyPrefix, deadline,
                kv.get(bytes(keyPrefix), GetOption.builder().withCountOnly(true).build()))
                .getHeader().getRevision());
    }

    /**
     * Discards the history before {@code revision}: watches and reads at older revisions fail afterwards. Compacting to a
     * revision at or below an earlier compaction is a no-op, so that several compactors can run side by side.
     */
    public void compact(long revision) {
        timed("compact", keyPrefix, deadline -> {
            try {
                await(keyPrefix, deadline, kv.compact(revision));
            } catch (StorageException e) {
                if (isAlreadyCompacted(e)) {
                    log.debug("revision {} already compacted", revision);
                    return null;
                }
                throw e;
            }
            return null;
        });
    }

    /** The resource a key belongs to, as used in metric tags ({@code pods} for {@code /registry/pods/default/web}). */
    public String resourceOf(String key) {
        return StorageKeys.resourceOf(keyPrefix, key);
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** Rejects further calls and removes this store's meters; the jetcd client stays open (its owner closes it). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            timers.values().forEach(registry::remove);
            timers.clear();
        }
    }

    private long grantLease(String key, long ttlSeconds, long deadline) {
        return await(key, deadline, leases.grant(ttlSeconds)).getID();
    }

    private void revokeQuietly(long leaseId) {
        if (leaseId != 0) {
            // The lease is unused: a failed revoke only means etcd removes it when its TTL runs out.
            leases.revoke(leaseId).exceptionally(e -> {
                log.debug("revoking unused lease {} failed", leaseId, e);
                return null;
            });
        }
    }

    private static PutOption putOption(long leaseId) {
        return leaseId == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(leaseId).build();
    }

    private static Cmp expected(ByteSequence key, long expectedModRevision) {
        return expectedModRevision > 0
                ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision))
                : new Cmp(key, Cmp.Op.GREATER, CmpTarget.createRevision(0));
    }

    /** Turns the Else branch (a get of the key) of a failed compare into not-found or conflict. */
    private static StorageException compareFailure(String key, long expectedModRevision, TxnResponse response) {
        List<io.etcd.jetcd.KeyValue> current = response.getGetResponses().isEmpty()
                ? List.of() : response.getGetResponses().get(0).getKvs();
        if (current.isEmpty()) {
            return new KeyNotFoundException(key);
        }
        return new ConflictException(key, expectedModRevision, current.get(0).getModRevision());
    }

    private <R> R timed(String operation, String key, DeadlineCall<R> call) {
        if (closed.get()) {
            throw new IllegalStateException("EtcdStore is closed");
        }
        Timer timer = timers.computeIfAbsent(operation + '|' + resourceOf(key), id -> Timer.builder(METRIC_REQUEST_DURATION)
                .description("Latency of etcd requests made by the api-server")
                .tag("operation", operation)
                .tag("type", resourceOf(key))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
        long start = System.nanoTime();
        try {
            return call.run(start + requestTimeout.toNanos());
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private <R> R await(String key, long deadlineNanos, CompletableFuture<R> future) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            return future.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StorageUnavailableException(key, "etcd did not answer within " + requestTimeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException(key, "interrupted while waiting for etcd", e);
        } catch (ExecutionException e) {
            throw translate(key, e.getCause());
        }
    }

    private static StorageException translate(String key, Throwable cause) {
        if (isUnavailable(cause)) {
            return new StorageUnavailableException(key, "etcd unavailable: " + cause.getMessage(), cause);
        }
        return new StorageException(key, "etcd request failed: " + cause.getMessage(), cause);
    }

    /** etcd's "mvcc: required revision has been compacted" (OUT_OF_RANGE), whichever way jetcd wraps it. */
    static boolean isAlreadyCompacted(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("required revision has been compacted")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnavailable(Throwable cause) {
        if (cause instanceof EtcdException etcd) {
            ErrorCode code = etcd.getErrorCode();
            return code == ErrorCode.UNAVAILABLE || code == ErrorCode.DEADLINE_EXCEEDED;
        }
        Status.Code code = Status.fromThrowable(cause).getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision(), kv.getLease());
    }

    private static ByteSequence bytes(String key) {
        return ByteSequence.from(key, StandardCharsets.UTF_8);
    }

    /** A call that must finish by {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    @FunctionalInterface
    private interface DeadlineCall<R> {
        R run(long deadlineNanos);
    }
}
