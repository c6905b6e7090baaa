package io.coxswain.nodeagent.runtime;

/**
 * @param follow     keep streaming until the container ends
 * @param tailLines  only the last n lines, or null for all
 * @param timestamps prefix each line with its RFC 3339 timestamp
 */
public record LogOptions(boolean follow, Integer tailLines, boolean timestamps) {
}
