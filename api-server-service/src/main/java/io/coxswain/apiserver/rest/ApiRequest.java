package io.coxswain.apiserver.rest;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Arrays;

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

    void record(String verb, String resource) {
        servlet.setAttribute(VERB, verb);
        servlet.setAttribute(RESOURCE, resource);
    }
}
