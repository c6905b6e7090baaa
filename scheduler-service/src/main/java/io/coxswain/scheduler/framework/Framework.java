package io.coxswain.scheduler.framework;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Runs one scheduling attempt the way kube-scheduler's framework does: filter nodes (each node stops at its first
 * failing filter), stop once enough feasible nodes were found ({@code percentageOfNodesToScore}), score the feasible
 * ones with every score plugin, normalize, weight, sum, and pick the best (ties broken at random).
 *
 * <p>Threading: {@link #schedule} is called by one scheduling thread at a time, with the node infos held stable by
 * the caller (the cache lock). With {@code parallelism > 1} filtering is split across a private pool; plugins are
 * pure, so this is safe.
 */
public final class Framework implements AutoCloseable {

    /** A score plugin and the weight its normalized score is multiplied by. */
    public record WeightedScorer(ScorePlugin plugin, int weight) {
    }

    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
    /** Below this many nodes per worker, splitting costs more than it saves. */
    private static final int MIN_NODES_PER_CHUNK = 64;

    private final List<FilterPlugin> filters;
    private final List<WeightedScorer> scorers;
    private final int percentageOfNodesToScore;
    private final int parallelism;
    private final ForkJoinPool pool;
    private int nextStartNodeIndex;

    /**
     * @param percentageOfNodesToScore 1..100, or 0 for Kubernetes' adaptive default (50% minus 1% per 125 nodes,
     *                                 at least 5%, at least 100 nodes)
     * @param parallelism              threads used to filter; 1 filters on the calling thread
     */
    public Framework(List<FilterPlugin> filters, List<WeightedScorer> scorers, int percentageOfNodesToScore,
                     int parallelism) {
        this.filters = List.copyOf(filters);
        this.scorers = List.copyOf(scorers);
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.parallelism = Math.max(1, parallelism);
        this.pool = this.parallelism > 1 ? new ForkJoinPool(this.parallelism) : null;
    }

    public ScheduleResult schedule(PodInfo pod, List<NodeInfo> nodes) {
        int all = nodes.size();
        if (all == 0) {
            return new ScheduleResult.Unschedulable(new FitError(0, Map.of()));
        }
        int wanted = numFeasibleNodesToFind(all);
        Status[] statuses = new Status[all];
        int start = nextStartNodeIndex % all;
        int processed = filter(pod, nodes, start, wanted, statuses);
        nextStartNodeIndex = (start + processed) % all;

        List<NodeInfo> feasible = new ArrayList<>(Math.min(wanted, all));
        Map<String, Status> failures = null;
        for (int i = 0; i < processed; i++) {
            int index = (start + i) % all;
            Status status = statuses[index];
            if (status == null) {
                continue;
            }
            if (status.isSuccess()) {
                if (feasible.size() < wanted) {
                    feasible.add(nodes.get(index));
                }
            } else if (status.code() == Code.ERROR) {
                return new ScheduleResult.Failed(status.plugin(), status.reasons().get(0));
            } else {
                if (failures == null) {
                    failures = new HashMap<>();
                }
                failures.put(nodes.get(index).name(), status);
            }
        }
        if (feasible.isEmpty()) {
            return new ScheduleResult.Unschedulable(new FitError(all, failures == null ? Map.of() : failures));
        }
        if (feasible.size() == 1) {
            return new ScheduleResult.Scheduled(feasible.get(0).name(), processed, 1);
        }
        long[] total = score(pod, feasible);
        return new ScheduleResult.Scheduled(feasible.get(selectHost(total)).name(), processed, feasible.size());
    }

    /** Filters nodes from {@code start} (wrapping) until {@code wanted} fit; returns how many nodes were looked at. */
    private int filter(PodInfo pod, List<NodeInfo> nodes, int start, int wanted, Status[] statuses) {
        int all = nodes.size();
        if (pool == null || all < 2 * MIN_NODES_PER_CHUNK) {
            int found = 0;
            int i = 0;
            while (i < all && found < wanted) {
                Status status = runFilters(pod, nodes.get((start + i) % all));
                statuses[(start + i) % all] = status;
                if (status.isSuccess()) {
                    found++;
                }
                i++;
            }
            return i;
        }
        // Parallel: chunks in node order; a chunk that starts after enough nodes were found is skipped. Nodes
        // beyond the cut-off may still be evaluated (their results are ignored), as in kube-scheduler.
        AtomicInteger found = new AtomicInteger();
        int chunkSize = Math.max(MIN_NODES_PER_CHUNK, all / (parallelism * 4));
        int chunks = (all + chunkSize - 1) / chunkSize;
        pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(chunk -> {
            int from = chunk * chunkSize;
            int to = Math.min(all, from + chunkSize);
            for (int i = from; i < to && found.get() < wanted; i++) {
                int index = (start + i) % all;
                Status status = runFilters(pod, nodes.get(index));
                statuses[index] = status;
                if (status.isSuccess()) {
                    found.incrementAndGet();
                }
            }
        })).join();
        // Walk in order to find how far the first `wanted` feasible nodes reach.
        int seen = 0;
        for (int i = 0; i < all; i++) {
            Status status = statuses[(start + i) % all];
            if (status != null && status.isSuccess() && ++seen == wanted) {
                return i + 1;
            }
        }
        return all;
    }

    private Status runFilters(PodInfo pod, NodeInfo node) {
        for (FilterPlugin filter : filters) {
            Status status;
            try {
                status = filter.filter(pod, node);
            } catch (RuntimeException e) {
                status = Status.error(filter.name(), filter.name() + ": " + e);
            }
            if (!status.isSuccess()) {
                return status;
            }
        }
        return Status.success();
    }

    long[] score(PodInfo pod, List<NodeInfo> feasible) {
        long[] total = new long[feasible.size()];
        long[] scores = new long[feasible.size()];
        for (WeightedScorer scorer : scorers) {
            if (scorer.weight() == 0) {
                continue;
            }
            for (int i = 0; i < scores.length; i++) {
                scores[i] = scorer.plugin().score(pod, feasible.get(i));
            }
            scorer.plugin().normalize(scores);
            for (int i = 0; i < scores.length; i++) {
                total[i] += scores[i] * scorer.weight();
            }
        }
        return total;
    }

    /** Index of the highest total; among equals each is chosen with equal probability (reservoir sampling). */
    static int selectHost(long[] total) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < total.length; i++) {
            if (total[i] > total[best]) {
                best = i;
                ties = 1;
            } else if (total[i] == total[best] && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }

    int numFeasibleNodesToFind(int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) {
            return numAllNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage <= 0) {
            percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - numAllNodes / 125);
        }
        int count = numAllNodes * percentage / 100;
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, count);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
