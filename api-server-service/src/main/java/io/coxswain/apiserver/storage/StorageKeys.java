package io.coxswain.apiserver.storage;

/**
 * Reads the resource out of an etcd key, for metric tags. Keys are {@code <prefix>/<resource>/<namespace>/<name>} or
 * {@code <prefix>/<resource>/<name>}; a list or watch prefix such as {@code /registry/pods/} names its resource the same
 * way.
 */
final class StorageKeys {

    /** Tag value for keys outside the prefix or without a resource segment, so that tags stay a small fixed set. */
    static final String UNKNOWN = "unknown";

    private StorageKeys() {
    }

    /**
     * @param keyPrefix the store's prefix, e.g. {@code /registry} (a trailing slash is ignored)
     * @param key a key or key prefix
     * @return the first path segment after the prefix ({@code pods} for {@code /registry/pods/default/web}), or
     *         {@link #UNKNOWN}
     */
    static String resourceOf(String keyPrefix, String key) {
        String prefix = keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/";
        if (key == null || !key.startsWith(prefix)) {
            return UNKNOWN;
        }
        int start = prefix.length();
        int end = key.indexOf('/', start);
        String resource = end < 0 ? key.substring(start) : key.substring(start, end);
        return resource.isEmpty() ? UNKNOWN : resource;
    }
}
