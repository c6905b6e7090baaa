package io.coxswain.apiserver.selection;

import io.coxswain.apiserver.api.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A parsed {@code labelSelector} query parameter: equality-based ({@code a=b}, {@code a==b}, {@code a!=b}),
 * set-based ({@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}) and numeric ({@code a>1}, {@code a<1})
 * requirements, all of which must hold. Keys and values are validated as Kubernetes validates them
 * (k8s.io/apimachinery/pkg/labels). Immutable and thread-safe.
 */
public final class LabelSelector {

    private static final Pattern KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    /** IsQualifiedName: the name part has at most 63 characters, the DNS subdomain prefix at most 253. */
    private static final int MAX_NAME_LENGTH = 63;
    private static final int MAX_PREFIX_LENGTH = 253;
    private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

    record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String actual = labels == null ? null : labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> actual != null && values.contains(actual);
                case NOT_EQUALS, NOT_IN -> actual == null || !values.contains(actual);
                case EXISTS -> actual != null;
                case DOES_NOT_EXIST -> actual == null;
                case GREATER_THAN, LESS_THAN -> compares(actual);
            };
        }

        /** As Kubernetes: a label that is absent or not an integer does not match a numeric comparison. */
        private boolean compares(String actual) {
            if (actual == null) {
                return false;
            }
            long labelValue;
            try {
                labelValue = Long.parseLong(actual);
            } catch (NumberFormatException e) {
                return false;
            }
            long bound = Long.parseLong(values.iterator().next());
            return operator == Operator.GREATER_THAN ? labelValue > bound : labelValue < bound;
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a selector; a malformed one is a 400 naming what is wrong. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> result = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            result.add(parseRequirement(part.trim(), selector));
        }
        return new LabelSelector(List.copyOf(result));
    }

    /** Builds a selector from a map of required equalities (as in a ReplicaSet's matchLabels). */
    public static LabelSelector ofEqualities(Map<String, String> labels) {
        List<Requirement> result = new ArrayList<>();
        labels.forEach((k, v) -> result.add(new Requirement(k, Operator.EQUALS, Set.of(v))));
        return new LabelSelector(List.copyOf(result));
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    private static Requirement parseRequirement(String part, String whole) {
        if (part.isEmpty()) {
            throw invalid(whole, "empty requirement");
        }
        if (part.startsWith("!")) {
            return new Requirement(key(part.substring(1).trim(), whole), Operator.DOES_NOT_EXIST, Set.of());
        }
        int neq = part.indexOf("!=");
        if (neq > 0) {
            return new Requirement(key(part.substring(0, neq).trim(), whole), Operator.NOT_EQUALS,
                    Set.of(value(part.substring(neq + 2).trim(), whole)));
        }
        int eqeq = part.indexOf("==");
        if (eqeq > 0) {
            return new Requirement(key(part.substring(0, eqeq).trim(), whole), Operator.EQUALS,
                    Set.of(value(part.substring(eqeq + 2).trim(), whole)));
        }
        int eq = part.indexOf('=');
        if (eq > 0) {
            return new Requirement(key(part.substring(0, eq).trim(), whole), Operator.EQUALS,
                    Set.of(value(part.substring(eq + 1).trim(), whole)));
        }
        int gt = part.indexOf('>');
        int lt = part.indexOf('<');
        if (gt > 0 || lt > 0) {
            int at = gt > 0 ? gt : lt;
            return new Requirement(key(part.substring(0, at).trim(), whole),
                    gt > 0 ? Operator.GREATER_THAN : Operator.LESS_THAN,
                    Set.of(integer(part.substring(at + 1).trim(), whole)));
        }
        String[] words = part.split("\\s+", 2);
        if (words.length == 2) {
            String rest = words[1].trim();
            Operator op;
            if (rest.startsWith("notin")) {
                op = Operator.NOT_IN;
                rest = rest.substring(5).trim();
            } else if (rest.startsWith("in")) {
                op = Operator.IN;
                rest = rest.substring(2).trim();
            } else {
                throw invalid(whole, "unknown operator in \"" + part + "\"");
            }
            if (!rest.startsWith("(") || !rest.endsWith(")")) {
                throw invalid(whole, "expected a parenthesised set of values in \"" + part + "\"");
            }
            Set<String> values = new TreeSet<>();
            // limit -1 keeps trailing empty values: "x in (abc,)" is In {"abc", ""} in Kubernetes
            for (String v : rest.substring(1, rest.length() - 1).split(",", -1)) {
                values.add(value(v.trim(), whole));
            }
            return new Requirement(key(words[0], whole), op, Set.copyOf(values));
        }
        return new Requirement(key(part, whole), Operator.EXISTS, Set.of());
    }

    private static String key(String key, String whole) {
        int slash = key.indexOf('/');
        String prefix = slash >= 0 ? key.substring(0, slash) : "";
        String name = key.substring(slash + 1);
        if (!KEY.matcher(key).matches() || name.length() > MAX_NAME_LENGTH || prefix.length() > MAX_PREFIX_LENGTH) {
            throw invalid(whole, "invalid label key \"" + key + "\"");
        }
        return key;
    }

    /** The operand of {@code >} and {@code <}: as Kubernetes, a base-10 64-bit integer. */
    private static String integer(String value, String whole) {
        try {
            Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(whole, "for 'Gt', 'Lt' operators, the value must be an integer: \"" + value + "\"");
        }
        return value;
    }

    private static String value(String value, String whole) {
        if (value.length() > 63 || !VALUE.matcher(value).matches()) {
            throw invalid(whole, "invalid label value: \"" + value + "\"");
        }
        return value;
    }

    private static ApiException invalid(String selector, String why) {
        return ApiException.badRequest("unable to parse requirement: " + why + " (labelSelector=\"" + selector + "\")");
    }
}
