package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.sql.CapturedStatements;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's "Statement capture" section: what the import sends through the injected DataSource. */
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
}
