package io.coxswain.apiserver.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PrometheusSnapshotTest {

    private static final String BEFORE = """
            # HELP etcd_request_duration_seconds Latency of etcd requests made by the api-server
            # TYPE etcd_request_duration_seconds histogram
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="0.001"} 0
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="0.002"} 0
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="0.005"} 0
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="+Inf"} 0
            etcd_request_duration_seconds_count{application="api-server-service",operation="create",type="pods"} 0
            etcd_request_duration_seconds_sum{application="api-server-service",operation="create",type="pods"} 0.0
            etcd_request_duration_seconds_count{application="api-server-service",operation="get",type="pods"} 7
            """;

    private static final String AFTER = """
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="0.001"} 10
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="0.002"} 90
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="0.005"} 100
            etcd_request_duration_seconds_bucket{application="api-server-service",operation="create",type="pods",le="+Inf"} 100
            etcd_request_duration_seconds_count{application="api-server-service",operation="create",type="pods"} 100
            etcd_request_duration_seconds_sum{application="api-server-service",operation="create",type="pods"} 0.2
            etcd_request_duration_seconds_count{application="api-server-service",operation="get",type="pods"} 9
            """;

    @Test
    void phaseDeltaGivesCountMeanAndInterpolatedQuantiles() {
        var delta = PrometheusSnapshot.parse(AFTER).histogramSince(PrometheusSnapshot.parse(BEFORE),
                "etcd_request_duration_seconds", Map.of("operation", "create", "type", "pods"));

        assertThat(delta.count()).isEqualTo(100);
        assertThat(delta.meanMillis()).isCloseTo(2.0, within(1e-9));
        // rank 50 lies 40 of 80 observations into the (1 ms, 2 ms] bucket
        assertThat(delta.quantileMillis(0.5)).isCloseTo(1.5, within(1e-9));
        // rank 99 lies 9 of 10 observations into the (2 ms, 5 ms] bucket
        assertThat(delta.quantileMillis(0.99)).isCloseTo(4.7, within(1e-9));
    }

    @Test
    void selectorKeepsOtherSeriesOut() {
        var gets = PrometheusSnapshot.parse(AFTER).histogramSince(PrometheusSnapshot.parse(BEFORE),
                "etcd_request_duration_seconds", Map.of("operation", "get"));

        assertThat(gets.count()).isEqualTo(2);
        assertThat(gets.quantileMillis(0.99)).isNaN(); // no buckets for that series
    }

    @Test
    void watchEventLineGivesTheBenchmarkPodIndex() {
        String line = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{"
                + "\"creationTimestamp\":\"2026-11-25T23:00:00Z\",\"labels\":{\"app\":\"bench\"},\"name\":\"bench-w-417\","
                + "\"namespace\":\"bench-watch\"},\"spec\":{\"containers\":[{\"name\":\"web\"}]}}}";

        assertThat(WatchFanout.indexOf(line, WatchFanout.NAME_PREFIX)).isEqualTo(417);
        assertThat(WatchFanout.indexOf(line.replace("bench-w-417", "other"), WatchFanout.NAME_PREFIX)).isEqualTo(-1);
    }
}
