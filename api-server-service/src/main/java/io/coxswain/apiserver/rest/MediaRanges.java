package io.coxswain.apiserver.rest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads the parameters of one media range of an Accept header, e.g. {@code as=Table;v=v1;g=meta.k8s.io}. */
final class MediaRanges {

    private MediaRanges() {
    }

    static Map<String, String> parameters(String range) {
        Map<String, String> params = new LinkedHashMap<>();
        String[] parts = range.split(";");
        params.put("", parts[0].trim().toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                params.put(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim().replace("\"", ""));
            }
        }
        return params;
    }
}
