package io.coxswain.scheduler.framework;

import java.util.List;

/**
 * A plugin's verdict for one pod on one node. {@code reasons} are the phrases counted in the "0/N nodes are
 * available: ..." message, so they must be stable strings (the plugins' reason constants).
 */
public record Status(Code code, String plugin, List<String> reasons) {

    private static final Status SUCCESS = new Status(Code.SUCCESS, null, List.of());

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status success() {
        return SUCCESS;
    }

    public static Status unschedulable(String plugin, String... reasons) {
        return new Status(Code.UNSCHEDULABLE, plugin, List.of(reasons));
    }

    public static Status unschedulable(String plugin, List<String> reasons) {
        return new Status(Code.UNSCHEDULABLE, plugin, reasons);
    }

    public static Status unresolvable(String plugin, String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, plugin, List.of(reasons));
    }

    public static Status error(String plugin, String message) {
        return new Status(Code.ERROR, plugin, List.of(message));
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }
}
