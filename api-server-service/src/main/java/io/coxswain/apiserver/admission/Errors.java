package io.coxswain.apiserver.admission;

import io.coxswain.apiserver.api.FieldError;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects the field errors of one validation pass. Not thread-safe: one per request. */
final class Errors {

    private final List<FieldError> errors = new ArrayList<>();

    void add(FieldError error) {
        errors.add(error);
    }

    List<FieldError> list() {
        return errors;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void required(String field, Object value) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            errors.add(FieldError.required(field));
        }
    }

    /** Runs a name check of {@link Names}; a non-null message is an Invalid value error. */
    void check(String field, String value, String message) {
        if (message != null) {
            errors.add(FieldError.invalid(field, value, message));
        }
    }

    void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            errors.add(FieldError.invalid(field, value, "must be between " + min + " and " + max + ", inclusive"));
        }
    }

    void nonNegative(String field, Number value) {
        if (value != null && value.longValue() < 0) {
            errors.add(FieldError.invalid(field, value, "must be greater than or equal to 0"));
        }
    }

    void oneOf(String field, String value, List<String> supported) {
        if (value != null && !supported.contains(value)) {
            errors.add(FieldError.notSupported(field, value, supported));
        }
    }

    void labels(String field, Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            check(field, k, Names.qualifiedName(k));
            check(field, v, v == null ? null : Names.labelValue(v));
        });
    }

    /** Parses quantities; returns their amounts, or null when invalid (an error is recorded). */
    BigDecimal quantity(String field, Quantity q) {
        if (q == null) {
            return null;
        }
        try {
            BigDecimal amount = q.getNumericalAmount();
            if (amount.signum() < 0) {
                errors.add(FieldError.invalid(field, q.toString(), "must be greater than or equal to 0"));
                return null;
            }
            return amount;
        } catch (RuntimeException e) {
            errors.add(FieldError.invalid(field, q.toString(),
                    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
            return null;
        }
    }
}
