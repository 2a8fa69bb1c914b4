package com.example.planbaseline;

import com.example.starthere.JobQueue;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PlanBaseline;
import io.github.queuetestkit.junit.PostgresTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The plan regression gate, on in one line: after each test method, every statement the method sent is planned
 * again at 100,000 jobs and compared with its committed baseline,
 * {@code src/test/resources/com/example/planbaseline/DequeuePlanBaselineTest/<method>.plans}.
 */
@PostgresTest
@Dataset(value = "jobs", scale = 100_000, seed = 42)
@PlanBaseline
class DequeuePlanBaselineTest {

    /** The dataset's clock: its timestamps lie before this instant. */
    static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    @Test
    void dequeuesTheMostUrgentJob(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        new JobQueue("default").dequeue(connection, "worker-1", NOW);
        connection.rollback();
    }
}
