package io.coxswain.apiserver.selection;

import io.coxswain.apiserver.api.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed {@code fieldSelector}: {@code field=value}, {@code field==value}, {@code field!=value}, comma-separated,
 * all of which must hold. Fields are looked up through a resolver that knows the kind's selectable fields.
 */
public final class FieldSelector {

    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private record Term(String field, String value, boolean negated) {
    }

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    /** The value a term requires of a field with {@code =}, if any: lets a list narrow its key range by namespace or name. */
    public String requiredValue(String field) {
        for (Term t : terms) {
            if (!t.negated && t.field.equals(field)) {
                return t.value;
            }
        }
        return null;
    }

    /**
     * @param fields the resolver of field values for one object, e.g. {@code "spec.nodeName" -> pod's node}
     */
    public boolean matches(Function<String, String> fields) {
        for (Term t : terms) {
            String actual = fields.apply(t.field);
            if (actual == null) {
                actual = "";
            }
            if (t.negated == actual.equals(t.value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a selector and checks its fields against the kind's supported ones; an unsupported field is a 400
     * worded as Kubernetes words it.
     */
    public static FieldSelector parse(String selector, Set<String> supportedFields, String kindName) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String raw : selector.split(",")) {
            String part = raw.trim();
            Term term;
            int neq = part.indexOf("!=");
            int eqeq = part.indexOf("==");
            int eq = part.indexOf('=');
            if (neq > 0) {
                term = new Term(part.substring(0, neq).trim(), part.substring(neq + 2).trim(), true);
            } else if (eqeq > 0) {
                term = new Term(part.substring(0, eqeq).trim(), part.substring(eqeq + 2).trim(), false);
            } else if (eq > 0) {
                term = new Term(part.substring(0, eq).trim(), part.substring(eq + 1).trim(), false);
            } else {
                throw ApiException.badRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            if (!supportedFields.contains(term.field)) {
                throw ApiException.badRequest("\"" + term.field + "\" is not a known field selector: only \""
                        + String.join("\", \"", supportedFields.stream().sorted().toList()) + "\" (kind " + kindName + ")");
            }
            terms.add(term);
        }
        return new FieldSelector(List.copyOf(terms));
    }
}
