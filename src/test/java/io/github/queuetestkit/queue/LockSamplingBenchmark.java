package io.github.queuetestkit.queue;

import io.github.queuetestkit.junit.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #20: what the lock-wait sampler costs and how often it catches a plain FOR UPDATE queue. Jobs per second with
 * 8 workers on a SKIP LOCKED queue, with and without sampling, in interleaved rounds (medians printed side by side);
 * then the share of short runs of the plain FOR UPDATE queue in which a row-lock wait was seen, with and without
 * {@link Workers#holdingEachJobFor(Duration)}. Figures go to BENCHMARKS.md.
 *
 * <pre>
 * mvn -B test -Pbenchmark -Dtest=LockSamplingBenchmark      # -Drounds=7 -Djobs=4000 -Druns=20 -DintervalMillis=2
 * </pre>
 */
@Tag("benchmark")
@PostgresTest
class LockSamplingBenchmark {

    private static final int ROUNDS = Integer.getInteger("rounds", 7);
    private static final int JOBS = Integer.getInteger("jobs", 4000);
    private static final int RUNS = Integer.getInteger("runs", 20);
    private static final Duration INTERVAL = Duration.ofMillis(Integer.getInteger("intervalMillis", 2));

    @Test
    void samplingCostsAtMostTenPercentOfThroughputWithEightWorkers(DataSource dataSource) throws Exception {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        Workers workers = Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(8)
                .deadline(Duration.ofSeconds(120));
        for (int round = 0; round < ROUNDS; round++) {
            // interleaved, and alternating which goes first, so drift on the shared machine hits both alike
            boolean samplingFirst = round % 2 == 1;
            for (int half = 0; half < 2; half++) {
                boolean sampling = (half == 0) == samplingFirst;
                TestQueues.createJobs(dataSource, 8, JOBS / 8);
                WorkersResult result = (sampling ? workers.samplingLockWaitsEvery(INTERVAL) : workers).run(dataSource);
                (sampling ? with : without).add(result.throughput());
            }
        }
        double plain = median(without);
        double sampled = median(with);
        System.out.printf(Locale.ROOT, "%nLock-wait sampling, 8 workers, %d jobs, %d rounds%n", JOBS, ROUNDS);
        System.out.printf(Locale.ROOT, "  without sampling: median %.0f jobs/s  %s%n", plain, format(without));
        System.out.printf(Locale.ROOT, "  sampling (%d ms):  median %.0f jobs/s  %s%n", INTERVAL.toMillis(), sampled,
                format(with));
        System.out.printf(Locale.ROOT, "  change: %+.1f%%%n", (sampled / plain - 1) * 100);
    }

    /** What one sample costs when nobody waits (the common case): the sampler's share of a core is this / interval. */
    @Test
    void oneSampleCost(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement sample = connection.prepareStatement(LockSampler.SAMPLE)) {
            long[] nanos = new long[5_000];
            for (int i = -1_000; i < nanos.length; i++) {
                long begin = System.nanoTime();
                try (ResultSet rs = sample.executeQuery()) {
                    while (rs.next()) {
                        rs.getInt(2);
                    }
                }
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - begin;
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "one lock-wait sample, nobody waiting: median %.0f us, p90 %.0f us"
                    + " (round trip included), %d samples%n", nanos[nanos.length / 2] / 1e3,
                    nanos[nanos.length * 9 / 10] / 1e3, nanos.length);
        }
    }

    @Test
    void plainForUpdateCatchRate(DataSource dataSource) throws Exception {
        for (Duration hold : List.of(Duration.ZERO, Duration.ofMillis(2))) {
            int caught = 0;
            for (int run = 0; run < RUNS; run++) {
                TestQueues.createJobs(dataSource, 2, 20);
                WorkersResult result = Workers.dequeueWith(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE))
                        .workers(4).samplingLockWaits().holdingEachJobFor(hold).run(dataSource);
                if (result.contention().lockWaits().stream()
                        .anyMatch(w -> w.isRowLock() && w.isBlockedByAnotherWorker())) {
                    caught++;
                }
            }
            System.out.printf(Locale.ROOT, "plain FOR UPDATE, 4 workers, 40 jobs, hold %s: caught in %d of %d runs%n",
                    hold, caught, RUNS);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
    }
}
