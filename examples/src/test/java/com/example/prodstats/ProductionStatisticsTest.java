package com.example.prodstats;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.StatisticsDump;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Generated data is skewed, but never production's skew. The dispatcher's read passes on a quiet day's data and fails
 * under production's statistics (PostgreSQL 18: a committed pg_dump --statistics-only file, no rows), which are
 * restored inside the explain's transaction and rolled back after it.
 */
@PostgresTest(image = "postgres:18-alpine")
@Dataset(value = "datasets/dispatch-jobs.yaml", scale = 50_000, seed = 42)
class ProductionStatisticsTest {

    private static final StatisticsDump PRODUCTION = StatisticsDump.fromClasspath("stats/dispatch-jobs-production.sql");

    @Test
    void beforePassesOnGeneratedDataAndReadsTheWholeTableUnderProductionsStatistics(DataSource dataSource) {
        assertThatPlan(dataSource, Dispatcher.BEFORE.sql()).hasNoSeqScanOn("dispatch_jobs");

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(Dispatcher.BEFORE.sql())
                .withStatistics(PRODUCTION)).hasNoSeqScanOn("dispatch_jobs"))
                .hasMessageContaining("Expecting the plan to have no Seq Scan on \"dispatch_jobs\", but it has 1: Seq Scan"
                        + " on dispatch_jobs, which examined 50,000 rows")
                .hasMessageContaining("Statistics: restored from stats/dispatch-jobs-production.sql");

        // the statistics were rolled back with the explain: the database plans with its own again
        assertThatPlan(dataSource, Dispatcher.BEFORE.sql()).hasNoSeqScanOn("dispatch_jobs");
    }

    @Test
    void afterStaysOnItsIndexUnderProductionsStatistics(DataSource dataSource) {
        assertThatPlan(dataSource, Explain.of(Dispatcher.AFTER.sql(), "q3").withStatistics(PRODUCTION))
                .usesIndex("dispatch_jobs_state_queue_run_at")
                .hasNoSort()
                .rowsExaminedPerRowReturnedAtMost(2);
    }
}
