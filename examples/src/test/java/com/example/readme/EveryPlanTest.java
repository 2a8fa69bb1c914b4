package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatEveryPlan;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.starthere.JobQueue;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.sql.CapturedStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's "Every statement's plan": the start-here dequeue, as sent, planned again on 20,000 jobs. */
@PostgresTest
@Dataset(value = "jobs", scale = 20_000, seed = 42)
class EveryPlanTest {

    /** The dataset's clock: its timestamps lie before this instant. */
    private static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    @Test
    void everyStatementTheDequeueSentReadsThroughItsIndex(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(new JobQueue("default").dequeue(connection, "worker-1", NOW)).isPresent();
        }
        // a team points this at a database loaded at production's size; here the class database is the one
        DataSource productionSizedDataSource = dataSource;

        assertThatStatements(captured).everyPlan().hasNoSeqScanOn("jobs").hasNoSort();
        assertThatStatements(captured).updates("jobs").everyPlan()                    // filters compose
                .satisfy(plan -> plan.usesIndexOn("jobs").rowsExaminedAtMost(50));
        assertThatStatements(captured).everyPlan(productionSizedDataSource).hasNoSeqScan();   // plan elsewhere
        assertThatEveryPlan(captured).hasNoSort();                       // shorthand; softly.assertThatEveryPlan(captured) collects
    }
}
