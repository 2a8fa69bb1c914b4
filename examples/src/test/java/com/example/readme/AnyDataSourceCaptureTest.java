package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.RecordingDataSource;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The README's "Any DataSource": the same import, recorded through a DataSource the kit did not make. */
@PostgresTest(init = "db/jobs.sql")
class AnyDataSourceCaptureTest {
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
