package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.resource.ResourceType;
import io.coxswain.apiserver.resource.ResourceTypes;

import java.util.ArrayList;
import java.util.List;

/**
 * A request path under {@code /api/v1} or {@code /apis/<group>/<version>} naming a resource:
 * {@code [namespaces/<ns>/]<resource>[/<name>[/<subresource>]]}.
 *
 * @param namespace   null for cluster-scoped kinds and all-namespaces lists
 * @param name        null for collections
 * @param subresource null for the main resource
 */
public record ResourcePath(ResourceType type, String namespace, String name, String subresource) {

    public boolean isCollection() {
        return name == null;
    }

    /**
     * @param group    "" for the core group
     * @param segments the path segments after the group-version
     */
    public static ResourcePath parse(String group, String version, List<String> segments) {
        List<String> s = new ArrayList<>(segments);
        String namespace = null;
        // namespaces/<ns>/<resource>... is a namespaced path; namespaces[/<name>[/status|finalize]] is the namespace kind.
        boolean namespaceSubresource = group.isEmpty() && s.size() == 3
                && (s.get(2).equals("status") || s.get(2).equals("finalize"));
        if (s.size() >= 3 && s.get(0).equals("namespaces") && !namespaceSubresource) {
            namespace = s.get(1);
            s = s.subList(2, s.size());
        }
        if (s.isEmpty() || s.size() > 3) {
            throw ApiException.pathNotFound();
        }
        ResourceType type = ResourceTypes.find(group, version, s.get(0)).orElseThrow(ApiException::pathNotFound);
        if (namespace != null && !type.namespaced()) {
            throw ApiException.pathNotFound();
        }
        String name = s.size() >= 2 ? s.get(1) : null;
        String sub = s.size() == 3 ? s.get(2) : null;
        if (sub != null && !type.subresources().contains(sub)) {
            throw ApiException.pathNotFound();
        }
        if (name != null && type.namespaced() && namespace == null) {
            throw ApiException.pathNotFound();
        }
        if (name != null && name.isEmpty()) {
            throw ApiException.pathNotFound();
        }
        return new ResourcePath(type, namespace, name, sub);
    }
}
