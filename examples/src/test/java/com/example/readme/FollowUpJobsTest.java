package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.RecordingDataSource;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The README's "Statement capture" section: what the import sends, through the kit's DataSource or one's own. */
@PostgresTest(init = "db/jobs.sql")
class FollowUpJobsTest {
    @Test
    void enqueuesFollowUpsInOneRoundTrip(DataSource dataSource, CapturedStatements captured) throws SQLException {
        List<Long> userIds = List.of(1L, 2L, 3L, 4L, 5L, 6L);
        new CarUserImport(dataSource).importAll(userIds);

        assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);   // one batch, not one per row
        assertThatStatements(captured).selectsFrom("records")
                .hasAtMostRowsPerStatement(1000)
                .hasNoNPlusOne(1);
    }

    @Test
    void recordsThroughAnyDataSource(PostgresDatabase db) throws Exception {
        List<Long> userIds = List.of(1L, 2L);
        DataSource pool = ownDataSource(db);

        RecordingDataSource recording = RecordingDataSource.wrap(pool);
        CarUserImport carUsers = new CarUserImport(recording);
        CapturedStatements captured = recording.capture(() -> carUsers.importAll(userIds));  // or start(), then stop()

        assertThat(captured.roundTrips()).isEqualTo(2);
        assertThat(captured.statements()).extracting(statement -> statement.sql())
                .anyMatch(sql -> sql.startsWith("INSERT INTO jobs"));
    }

    /** The application's own DataSource, standing in for a pool the kit did not make. */
    private static DataSource ownDataSource(PostgresDatabase db) {
        PGSimpleDataSource pool = new PGSimpleDataSource();
        pool.setURL(db.jdbcUrl());
        pool.setUser(db.username());
        pool.setPassword(db.password());
        return pool;
    }
}
