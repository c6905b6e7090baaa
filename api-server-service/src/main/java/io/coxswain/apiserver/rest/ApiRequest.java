package io.coxswain.apiserver.rest;

import io.coxswain.apiserver.api.ApiException;
import io.coxswain.apiserver.api.FieldError;
import io.coxswain.apiserver.fieldmanager.FieldManager;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Arrays;
import java.util.List;

/** Query parameters of an API request, read the way the Kubernetes API server reads them. */
record ApiRequest(HttpServletRequest servlet) {

    /** Request attributes the metrics filter reads. */
    static final String VERB = "coxswain.verb";
    static final String RESOURCE = "coxswain.resource";

    String param(String name) {
        return servlet.getParameter(name);
    }

    boolean flag(String name) {
        String v = servlet.getParameter(name);
        return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    boolean dryRun() {
        String[] values = servlet.getParameterValues("dryRun");
        if (values == null) {
            return false;
        }
        for (String v : values) {
            if (!v.equals("All")) {
                throw io.coxswain.apiserver.api.ApiException.badRequest("dryRun: unsupported value \"" + v
                        + "\": supported values: \"All\"");
            }
        }
        return Arrays.asList(values).contains("All");
    }

    Long longParam(String name) {
        String v = servlet.getParameter(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw io.coxswain.apiserver.api.ApiException.badRequest(name + ": invalid value \"" + v + "\": must be an integer");
        }
    }

    /**
     * Who writes, for managedFields: the {@code fieldManager} parameter, or else the User-Agent up to its first
     * {@code /} (as Kubernetes: {@code kubectl/v1.32.5 (linux/amd64)} is {@code kubectl}).
     *
     * @param subresource the subresource written, or null
     * @param optionsKind the options kind errors are reported against: CreateOptions, UpdateOptions, PatchOptions
     */
    FieldManager.Owner owner(String subresource, String optionsKind) {
        String manager = param("fieldManager");
        if (manager == null || manager.isEmpty()) {
            String agent = servlet.getHeader("User-Agent");
            manager = agent == null || agent.isBlank() ? "unknown" : agent.split("/", 2)[0].trim();
            if (manager.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MANAGER_LENGTH) {
                manager = manager.substring(0, MAX_MANAGER_LENGTH);
            }
        } else {
            validateManager(manager, optionsKind);
        }
        return FieldManager.Owner.update(manager, subresource);
    }

    static final int MAX_MANAGER_LENGTH = 128;

    static void validateManager(String manager, String optionsKind) {
        if (manager.length() > MAX_MANAGER_LENGTH) {
            throw ApiException.invalidOptions(optionsKind, List.of(new FieldError("FieldValueTooLong", "fieldManager",
                    "Too long: may not be more than " + MAX_MANAGER_LENGTH + " bytes")));
        }
        for (int i = 0; i < manager.length(); i++) {
            char c = manager.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ApiException.invalidOptions(optionsKind, List.of(FieldError.invalid("fieldManager", manager,
                        "must only contain printable characters")));
            }
        }
    }

    void record(String verb, String resource) {
        servlet.setAttribute(VERB, verb);
        servlet.setAttribute(RESOURCE, resource);
    }
}
