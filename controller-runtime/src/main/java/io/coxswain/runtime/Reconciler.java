package io.coxswain.runtime;

/**
 * Brings one object's world in line with its spec. The {@link Controller} calls it with keys taken from its work
 * queue.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Keyed by {@code namespace/name} only</b> ({@code name} for cluster-scoped objects). The reconciler reads
 *       the current state from informer caches or the API; it never trusts the event that caused the call, which
 *       may be stale, coalesced with others, or missing altogether (level-triggered).</li>
 *   <li><b>Idempotent</b>: called twice with no change in between, the second call changes nothing. A key may be
 *       reconciled again at any time (resync, requeue, a neighbour's event).</li>
 *   <li>Never called for the same key by two workers at once; different keys run concurrently.</li>
 *   <li>Returning a {@link Result} means success: the key's back-off is reset; {@link Result#requeueAfter} asks for
 *       another call after the delay.</li>
 *   <li>Throwing any exception means "try again": the key is re-queued with per-key exponential back-off.</li>
 *   <li>Throwing {@link TerminalException} means retrying cannot help (invalid spec...): the error is logged and the
 *       key is not retried until something enqueues it again.</li>
 *   <li>The object being gone is not an error: clean up what it owned and return {@link Result#done()}.</li>
 * </ul>
 */
@FunctionalInterface
public interface Reconciler {

    Result reconcile(String key) throws Exception;
}
