package io.github.queuetestkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Overhead of recording: 100k simple prepared statements through the recording DataSource (capture running)
 * and through the DataSource it wraps, on one server in one run. The machines are shared, so the statements run in
 * 40 short pairs of rounds, each pair both sides back to back (which one goes first alternates): load that comes and
 * goes hits both sides of a pair alike, and the verdict is the median of the pairs' ratios. The client's CPU time
 * per statement is printed too: recording costs only client CPU, the server's work is the same on both sides.
 */
@Tag("benchmark")
@PostgresTest(init = "db/capture-schema.sql")
class StatementCaptureBenchmarkTest {

    private static final int PAIRS = 40;
    private static final int PER_ROUND = 2_500;
    private static final int WARM_UP = 20_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One side's round: wall and this thread's CPU time. */
    private record Round(long wallNanos, long cpuNanos) {
    }

    private static long run(DataSource dataSource, int count) throws SQLException {
        long sum = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM records WHERE id = ?")) {
            for (int i = 0; i < count; i++) {
                ps.setInt(1, 1 + (i % 300));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        sum += rs.getLong(1);
                    }
                }
            }
        }
        return sum;
    }

    private static Round timed(DataSource dataSource) throws SQLException {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        run(dataSource, PER_ROUND);
        return new Round(System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu);
    }

    @Test
    void recordingAddsAtMostTenPercentToOneHundredThousandPreparedStatements(PostgresDatabase db) throws Exception {
        DataSource plain = db.dataSource();
        RecordingDataSource recording = RecordingDataSource.wrap(plain);
        CapturedStatements warm = recording.start();
        run(plain, WARM_UP);
        run(recording, WARM_UP);
        warm.stop();

        List<Round> plainRounds = new ArrayList<>();
        List<Round> recordingRounds = new ArrayList<>();
        CapturedStatements captured = recording.start();
        for (int pair = 0; pair < PAIRS; pair++) {
            if (pair % 2 == 0) {
                plainRounds.add(timed(plain));
                recordingRounds.add(timed(recording));
            } else {
                recordingRounds.add(timed(recording));
                plainRounds.add(timed(plain));
            }
        }
        captured.stop();
        assertThat(captured.statements()).hasSize(PAIRS * PER_ROUND);
        assertThat(captured.statements().get(PAIRS * PER_ROUND - 1).rowsReturned()).isEqualTo(1);

        List<Double> ratios = new ArrayList<>();
        for (int pair = 0; pair < PAIRS; pair++) {
            ratios.add((double) recordingRounds.get(pair).wallNanos() / plainRounds.get(pair).wallNanos());
        }
        double overhead = 100.0 * (median(ratios) - 1);
        int statements = PAIRS * PER_ROUND;
        System.out.printf("%n%-34s %14s %14s%n", PAIRS + " x " + PER_ROUND + " prepared SELECTs", "plain",
                "recording");
        System.out.printf("%-34s %11d ms %11d ms%n", "wall, all rounds", total(plainRounds, Round::wallNanos) / 1_000_000,
                total(recordingRounds, Round::wallNanos) / 1_000_000);
        System.out.printf("%-34s %11.2f us %11.2f us%n", "wall per statement, median round",
                median(plainRounds.stream().map(r -> (double) r.wallNanos()).toList()) / 1000.0 / PER_ROUND,
                median(recordingRounds.stream().map(r -> (double) r.wallNanos()).toList()) / 1000.0 / PER_ROUND);
        System.out.printf("%-34s %11.2f us %11.2f us%n", "client CPU per statement",
                total(plainRounds, Round::cpuNanos) / 1000.0 / statements,
                total(recordingRounds, Round::cpuNanos) / 1000.0 / statements);
        System.out.printf("%-34s %+13.1f %%  (median of %d paired rounds)%n%n", "recording overhead, wall", overhead,
                PAIRS);
        assertThat(overhead).as("recording overhead in percent").isLessThanOrEqualTo(10.0);
    }

    private static long total(List<Round> rounds, java.util.function.ToLongFunction<Round> part) {
        return rounds.stream().mapToLong(part).sum();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
