package io.coxswain.runtime.informer;

import io.coxswain.runtime.ObjectKeys;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An informer event handler that only enqueues keys, as Kubernetes controllers' handlers do: all logic lives in the
 * reconciler, which reads the current state itself. On update both the old and the new object's keys are enqueued,
 * so a change of owner wakes both owners. fabric8 calls handlers sequentially on one thread; enqueueing is cheap.
 */
public final class EnqueueHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final Function<T, Collection<String>> keys;
    private final Consumer<String> enqueue;

    public EnqueueHandler(Function<T, Collection<String>> keys, Consumer<String> enqueue) {
        this.keys = keys;
        this.enqueue = enqueue;
    }

    /** Enqueues the object's own {@code namespace/name}. */
    public static <T extends HasMetadata> EnqueueHandler<T> forObject(Consumer<String> enqueue) {
        return new EnqueueHandler<>(object -> List.of(ObjectKeys.of(object)), enqueue);
    }

    /** Enqueues the key of the object's controller owner of {@code ownerKind} (same namespace), if any. */
    public static <T extends HasMetadata> EnqueueHandler<T> forControllerOwner(String ownerKind, Consumer<String> enqueue) {
        return new EnqueueHandler<>(object -> {
            List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
            if (refs == null) {
                return List.of();
            }
            return refs.stream()
                    .filter(ref -> Boolean.TRUE.equals(ref.getController()) && ownerKind.equals(ref.getKind()))
                    .map(ref -> ObjectKeys.of(object.getMetadata().getNamespace(), ref.getName()))
                    .toList();
        }, enqueue);
    }

    @Override
    public void onAdd(T object) {
        keys.apply(object).forEach(enqueue);
    }

    @Override
    public void onUpdate(T oldObject, T newObject) {
        Collection<String> newKeys = keys.apply(newObject);
        newKeys.forEach(enqueue);
        keys.apply(oldObject).stream().filter(key -> !newKeys.contains(key)).forEach(enqueue);
    }

    @Override
    public void onDelete(T object, boolean deletedFinalStateUnknown) {
        keys.apply(object).forEach(enqueue);
    }
}
