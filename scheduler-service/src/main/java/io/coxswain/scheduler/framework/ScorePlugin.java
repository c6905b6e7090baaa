package io.coxswain.scheduler.framework;

/**
 * Ranks the nodes that passed every filter. {@link #score} is pure and stateless like a filter. Scores end in
 * 0..{@link #MAX_NODE_SCORE} after {@link #normalize}; a plugin whose raw scores already lie in that range keeps the
 * default no-op normalization. The framework multiplies each plugin's normalized score by its configured weight.
 */
public interface ScorePlugin {

    long MAX_NODE_SCORE = 100;

    String name();

    long score(PodInfo pod, NodeInfo node);

    /** Rewrites the raw scores of all feasible nodes (in place) into 0..MAX_NODE_SCORE. */
    default void normalize(long[] scores) {
    }

    /** Kubernetes' {@code DefaultNormalizeScore}: scale so the highest becomes MAX_NODE_SCORE, optionally reversed. */
    static void normalizeToMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_NODE_SCORE : 0;
            } else {
                long scaled = MAX_NODE_SCORE * scores[i] / max;
                scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
            }
        }
    }
}
