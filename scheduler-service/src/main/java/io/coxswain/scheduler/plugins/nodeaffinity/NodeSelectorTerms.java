package io.coxswain.scheduler.plugins.nodeaffinity;

import io.coxswain.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/** Kubernetes' node selector term semantics: requirements within a term are ANDed; an empty term matches nothing. */
final class NodeSelectorTerms {

    private NodeSelectorTerms() {
    }

    /** Terms are ORed; no terms at all matches nothing. */
    static boolean anyMatches(List<NodeSelectorTerm> terms, NodeInfo node) {
        if (terms == null) {
            return false;
        }
        for (NodeSelectorTerm term : terms) {
            if (matches(term, node)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(NodeSelectorTerm term, NodeInfo node) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields();
        boolean noExpressions = expressions == null || expressions.isEmpty();
        boolean noFields = fields == null || fields.isEmpty();
        if (noExpressions && noFields) {
            return false;
        }
        if (!noExpressions) {
            for (NodeSelectorRequirement requirement : expressions) {
                if (!matches(requirement, node.labels())) {
                    return false;
                }
            }
        }
        if (!noFields) {
            for (NodeSelectorRequirement requirement : fields) {
                // metadata.name is the only field Kubernetes supports in matchFields.
                if (!"metadata.name".equals(requirement.getKey())
                        || !matches(requirement, Map.of("metadata.name", node.name()))) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean matches(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> value != null && values.size() == 1 && compare(value, values.get(0)) > 0;
            case "Lt" -> value != null && values.size() == 1 && compare(value, values.get(0)) < 0;
            default -> false;
        };
    }

    private static int compare(String label, String bound) {
        try {
            return Long.compare(Long.parseLong(label), Long.parseLong(bound));
        } catch (NumberFormatException e) {
            // Not integers: the requirement cannot be satisfied; Gt and Lt both see "not greater, not less".
            return 0;
        }
    }
}
