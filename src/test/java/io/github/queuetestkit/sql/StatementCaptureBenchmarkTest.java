package io.github.queuetestkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
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
 * and through the DataSource it wraps, alternating, on one server in one run.
 */
@Tag("benchmark")
@PostgresTest(init = "db/capture-schema.sql")
class StatementCaptureBenchmarkTest {

    private static final int STATEMENTS = 100_000;
    private static final int WARM_UP = 20_000;
    private static final int ROUNDS = 4;

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

    @Test
    void recordingAddsAtMostTenPercentToOneHundredThousandPreparedStatements(PostgresDatabase db) throws Exception {
        DataSource plain = db.dataSource();
        RecordingDataSource recording = RecordingDataSource.wrap(plain);
        CapturedStatements warm = recording.start();
        run(plain, WARM_UP);
        run(recording, WARM_UP);
        warm.stop();

        List<Long> plainNanos = new ArrayList<>();
        List<Long> recordingNanos = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // Alternate which goes first so drift on the shared machine hits both sides alike.
            boolean plainFirst = round % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean measurePlain = (side == 0) == plainFirst;
                if (measurePlain) {
                    long start = System.nanoTime();
                    run(plain, STATEMENTS);
                    plainNanos.add(System.nanoTime() - start);
                } else {
                    CapturedStatements captured = recording.start();
                    long start = System.nanoTime();
                    run(recording, STATEMENTS);
                    recordingNanos.add(System.nanoTime() - start);
                    captured.stop();
                    assertThat(captured.statements()).hasSize(STATEMENTS);
                    assertThat(captured.statements().get(STATEMENTS - 1).rowsReturned()).isEqualTo(1);
                }
            }
        }
        long plainMedian = median(plainNanos);
        long recordingMedian = median(recordingNanos);
        double overhead = 100.0 * (recordingMedian - plainMedian) / plainMedian;
        System.out.printf("%n%-28s %12s %12s%n", "100k prepared SELECTs", "plain", "recording");
        for (int round = 0; round < ROUNDS; round++) {
            System.out.printf("%-28s %10d ms %10d ms%n", "round " + (round + 1), plainNanos.get(round) / 1_000_000,
                    recordingNanos.get(round) / 1_000_000);
        }
        System.out.printf("%-28s %10d ms %10d ms%n", "median", plainMedian / 1_000_000, recordingMedian / 1_000_000);
        System.out.printf("%-28s %10.2f us %10.2f us%n", "median per statement", plainMedian / 1000.0 / STATEMENTS,
                recordingMedian / 1000.0 / STATEMENTS);
        System.out.printf("%-28s %+11.1f %%%n%n", "recording overhead", overhead);
        assertThat(overhead).as("recording overhead in percent").isLessThanOrEqualTo(10.0);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
