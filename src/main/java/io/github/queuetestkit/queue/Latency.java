package io.github.queuetestkit.queue;

import java.time.Duration;
import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * Dequeue latency percentiles: how long the dequeue function took per job taken (processing excluded),
 * nearest-rank.
 *
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max slowest
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Latency(Duration p50, Duration p95, Duration p99, Duration max) {

    /**
     * @param nanos latencies in nanoseconds, any order
     * @return their percentiles, all zero for none
     */
    static Latency of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), rank(sorted, 100));
    }

    private static Duration rank(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return Duration.ofNanos(sorted[Math.max(0, index)]);
    }
}
