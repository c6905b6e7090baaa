package io.coxswain.apiserver.api;

/**
 * One validation failure, worded as Kubernetes' field errors are:
 * {@code spec.replicas: Invalid value: -1: must be greater than or equal to 0}.
 *
 * @param reason  the cause reason: FieldValueInvalid, FieldValueRequired, FieldValueNotSupported, FieldValueDuplicate,
 *                FieldValueForbidden, FieldValueTooLong
 * @param field   the JSON path, e.g. {@code spec.containers[0].image}
 * @param detail  the text after the field, e.g. {@code Required value} or {@code Invalid value: "x": must be ...}
 */
public record FieldError(String reason, String field, String detail) {

    public static FieldError required(String field) {
        return new FieldError("FieldValueRequired", field, "Required value");
    }

    public static FieldError required(String field, String why) {
        return new FieldError("FieldValueRequired", field, "Required value: " + why);
    }

    public static FieldError invalid(String field, Object value, String why) {
        return new FieldError("FieldValueInvalid", field, "Invalid value: " + render(value) + ": " + why);
    }

    public static FieldError notSupported(String field, Object value, java.util.List<String> supported) {
        return new FieldError("FieldValueNotSupported", field, "Unsupported value: " + render(value)
                + ": supported values: " + String.join(", ", supported.stream().map(s -> "\"" + s + "\"").toList()));
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError("FieldValueDuplicate", field, "Duplicate value: " + render(value));
    }

    public static FieldError forbidden(String field, String why) {
        return new FieldError("FieldValueForbidden", field, "Forbidden: " + why);
    }

    private static String render(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    @Override
    public String toString() {
        return field + ": " + detail;
    }
}
