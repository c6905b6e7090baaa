package io.coxswain.apiserver.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of {@code /actuator/prometheus}, parsed (text exposition format, samples only), so that the benchmark can
 * tell how much of a client-side latency the server itself and its etcd calls account for: the difference of two
 * snapshots taken around a phase gives that phase's count, mean and histogram quantiles (interpolated within buckets,
 * as Prometheus' {@code histogram_quantile} does).
 */
final class PrometheusSnapshot {

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusSnapshot(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusSnapshot parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new HashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                parseLabels(line.substring(brace + 1, close), labels);
                space = line.indexOf(' ', close);
            } else {
                name = line.substring(0, line.indexOf(' '));
                space = line.indexOf(' ');
            }
            String rest = line.substring(space + 1).trim();
            int end = rest.indexOf(' ');
            String value = end < 0 ? rest : rest.substring(0, end);
            samples.add(new Sample(name, labels, parseValue(value)));
        }
        return new PrometheusSnapshot(samples);
    }

    /**
     * The histogram {@code <name>} restricted to series whose labels include {@code selector}, summed over the others,
     * as the change from {@code before} to this snapshot.
     */
    HistogramDelta histogramSince(PrometheusSnapshot before, String name, Map<String, String> selector) {
        double count = sum(name + "_count", selector) - before.sum(name + "_count", selector);
        double total = sum(name + "_sum", selector) - before.sum(name + "_sum", selector);
        TreeMap<Double, Double> buckets = new TreeMap<>();
        bucketsOf(name, selector).forEach((le, v) -> buckets.merge(le, v, Double::sum));
        before.bucketsOf(name, selector).forEach((le, v) -> buckets.merge(le, -v, Double::sum));
        return new HistogramDelta((long) Math.round(count), total, buckets);
    }

    private double sum(String name, Map<String, String> selector) {
        return samples.stream().filter(s -> s.name.equals(name) && matches(s.labels, selector))
                .mapToDouble(Sample::value).sum();
    }

    private Map<Double, Double> bucketsOf(String name, Map<String, String> selector) {
        Map<Double, Double> buckets = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name.equals(name + "_bucket") && matches(s.labels, selector) && s.labels.containsKey("le")) {
                buckets.merge(parseValue(s.labels.get("le")), s.value, Double::sum);
            }
        }
        return buckets;
    }

    private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** A histogram's change over a phase: observations, their total in seconds, cumulative buckets by upper bound. */
    record HistogramDelta(long count, double sumSeconds, TreeMap<Double, Double> cumulativeBuckets) {

        double meanMillis() {
            return count == 0 ? Double.NaN : sumSeconds / count * 1000;
        }

        /** The q-quantile in milliseconds, linearly interpolated within its bucket; NaN without observations. */
        double quantileMillis(double q) {
            if (count == 0 || cumulativeBuckets.isEmpty()) {
                return Double.NaN;
            }
            double rank = q * count;
            double lowerBound = 0;
            double lowerCount = 0;
            for (Map.Entry<Double, Double> bucket : cumulativeBuckets.entrySet()) {
                if (bucket.getValue() >= rank) {
                    if (bucket.getKey().isInfinite()) {
                        return lowerBound * 1000; // beyond the last finite bucket: its bound is all we know
                    }
                    double inBucket = bucket.getValue() - lowerCount;
                    double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                    return (lowerBound + (bucket.getKey() - lowerBound) * fraction) * 1000;
                }
                lowerBound = bucket.getKey();
                lowerCount = bucket.getValue();
            }
            return lowerBound * 1000;
        }
    }

    private static void parseLabels(String text, Map<String, String> labels) {
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                return;
            }
            String key = text.substring(i, eq).trim();
            int open = text.indexOf('"', eq);
            StringBuilder value = new StringBuilder();
            int j = open + 1;
            for (; j < text.length() && text.charAt(j) != '"'; j++) {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    c = text.charAt(++j);
                    value.append(c == 'n' ? '\n' : c);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            i = text.indexOf(',', j);
            if (i < 0) {
                return;
            }
            i++;
        }
    }

    private static double parseValue(String value) {
        return switch (value) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }
}
