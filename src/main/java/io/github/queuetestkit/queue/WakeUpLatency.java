package io.github.queuetestkit.queue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Wake-up latency percentiles over the jobs that arrived during a run (nearest rank): the time from a job's commit
 * to the start of the dequeue that took it.
 *
 * @param jobs how many jobs they are over
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param max slowest
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record WakeUpLatency(int jobs, Duration p50, Duration p90, Duration p99, Duration max) {

    /**
     * @param wakeUps the jobs' wake-ups, any order
     * @return their percentiles, all zero for none
     */
    static WakeUpLatency of(List<WakeUp> wakeUps) {
        long[] sorted = wakeUps.stream().mapToLong(w -> w.latency().toNanos()).toArray();
        Arrays.sort(sorted);
        return new WakeUpLatency(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                rank(sorted, 100));
    }

    private static Duration rank(long[] sorted, int percentile) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return Duration.ofNanos(sorted[Math.max(0, index)]);
    }
}
