package io.coxswain.apiserver.registry;

import io.coxswain.apiserver.selection.FieldSelector;
import io.coxswain.apiserver.selection.LabelSelector;
import io.coxswain.apiserver.selection.SelectableFields;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a list or watch asks for.
 *
 * @param namespace       null for all namespaces (or a cluster-scoped kind)
 * @param labels          the label selector
 * @param fields          the field selector
 * @param resourceVersion null or "" = most recent (consistent read), "0" = any (from the watch cache), else a revision
 */
public record ListOptions(String namespace, LabelSelector labels, FieldSelector fields, String resourceVersion) {

    public boolean matches(HasMetadata object) {
        if (namespace != null && !namespace.equals(object.getMetadata().getNamespace())) {
            return false;
        }
        return labels.matches(object.getMetadata().getLabels()) && fields.matches(SelectableFields.of(object));
    }
}
