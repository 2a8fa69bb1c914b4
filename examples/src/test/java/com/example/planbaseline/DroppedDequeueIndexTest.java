package com.example.planbaseline;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatEveryPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.starthere.JobQueue;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.BaselineMode;
import io.github.queuetestkit.sql.CapturedStatements;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incident the gate catches: a migration drops the dequeue's index. The dequeue still works, every functional
 * test stays green, and the same test as {@link DequeuePlanBaselineTest} fails against the committed baseline,
 * naming the statement and the new Seq Scan on 100,000 jobs.
 */
@PostgresTest
@Dataset(value = "jobs", scale = 100_000, seed = 42)
class DroppedDequeueIndexTest {

    /** The baseline {@link DequeuePlanBaselineTest} committed, recorded with the index. */
    static final Path BASELINE = Path.of("src/test/resources/com/example/planbaseline/DequeuePlanBaselineTest/"
            + "dequeuesTheMostUrgentJob.plans");

    @BeforeEach
    void migrationDropsTheIndex(PostgresDatabase db) {
        db.execute("DROP INDEX jobs_dequeue");
    }

    @Test
    void theGateFailsNamingTheDequeueAndTheNewSeqScan(Connection connection, CapturedStatements captured)
            throws SQLException {
        connection.setAutoCommit(false);
        new JobQueue("default").dequeue(connection, "worker-1", DequeuePlanBaselineTest.NOW);
        connection.rollback();

        assertThatThrownBy(() -> assertThatEveryPlan(captured).matchesBaseline(BASELINE, BaselineMode.CI))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but 1 of 1 statement got worse",
                        "custom plan: update jobs set state = ?, locked_at = ?, locked_by = ? where id = (select id"
                                + " from jobs where queue = ?",
                        "Worse: new Seq Scan on jobs",
                        ">> seq scans on large tables")
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on jobs .*");
    }
}
