package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatJobs;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.Jobs;
import io.github.queuetestkit.sql.CapturedStatements;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's "Enqueue assertions": the import enqueues one report per car (7, 8 and 9), in one round trip. */
@PostgresTest(init = "db/jobs.sql")
class EnqueueAssertionsTest {

    /** Both tests enqueue into the class's one jobs table; each starts from an empty queue. */
    @BeforeEach
    void emptyQueue(PostgresDatabase db) {
        db.execute("DELETE FROM jobs");
    }

    @Test
    void oneReportJobPerCarInOneRoundTrip(DataSource dataSource, CapturedStatements captured) throws SQLException {
        new CarUserImport(dataSource).importAll(List.of(1L, 2L, 3L));

        Jobs reports = Jobs.in(dataSource).inTable("jobs").where("kind = 'car_report' AND state = 'pending'")
            .keyedBy("args->>'car_id'").kindBy("kind");
        assertThatJobs(reports).hasCount(3).hasAtMostOnePerKey().hasNoDuplicateKindAndKey();
        assertThatJobs(reports).eventually().hasExactlyOnePerKey("7", "8", "9");     // waits up to 10 s; within(Duration)
        assertThatJobs(reports).wereEnqueuedInAtMostRoundTrips(1, captured);     // captured: the injected CapturedStatements
    }

    @Test
    void aSecondImportOfTheSameCarsIsCaught(DataSource dataSource, CapturedStatements captured) throws SQLException {
        new CarUserImport(dataSource).importAll(List.of(4L));   // user 4 drives car 7
        new CarUserImport(dataSource).importAll(List.of(4L));

        Jobs reports = Jobs.in(dataSource).inTable("jobs").where("kind = 'car_report' AND state = 'pending'")
                .keyedBy("args->>'car_id'").kindBy("kind");
        assertThatThrownBy(() -> assertThatJobs(reports).hasAtMostOnePerKey())
                .hasMessageContaining("to have at most one job per key");
        assertThatThrownBy(() -> assertThatJobs(reports).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("2 round trips wrote to the table");
    }
}
