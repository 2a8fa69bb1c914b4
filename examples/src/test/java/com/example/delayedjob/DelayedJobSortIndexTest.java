package com.example.delayedjob;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.PlanAssert;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "The database had to look at 67,604 rows just to give the app 5 rows back." 70,000 delayed jobs loaded with only
 * the primary key, as in the incident; the "after" test applies the fix's migration, so the tests run in order.
 */
@PostgresTest
@Dataset(value = "delayed-jobs", scale = 70_000, seed = 42, indexes = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DelayedJobSortIndexTest {

    /** The dataset's clock (2009-11-04 06:58:49, as in the incident's log). */
    private static final Instant NOW = Instant.parse("2009-11-04T06:58:49Z");

    private static PlanAssert reservePlan(DataSource dataSource, DelayedJobReserve version) {
        return assertThatPlan(dataSource, version.sql(), Timestamp.from(NOW),
                Timestamp.from(NOW.minus(DelayedJobReserve.MAX_RUN_TIME)), "host:example.com pid:17731");
    }

    @Test
    @Order(1)
    void beforeReadsTheWholeTableAndSortsItToReturnFive(DataSource dataSource) {
        assertThatThrownBy(() -> reservePlan(dataSource, DelayedJobReserve.BEFORE).rowsExaminedPerRowReturnedAtMost(2))
                .hasMessageContaining("Expecting the plan to examine at most 2.00 rows per row returned, but it examined 70,000 to return 5")
                .hasMessageContaining("Seq Scan on delayed_jobs");
        assertThatThrownBy(() -> reservePlan(dataSource, DelayedJobReserve.BEFORE).hasNoSort())
                .hasMessageContaining("Expecting the plan to have no Sort, but it has 1: Sort by priority DESC, run_at");
    }

    @Test
    @Order(2)
    void afterReadsFiveRowsInIndexOrder(PostgresDatabase db, DataSource dataSource) throws Exception {
        db.execute(DelayedJobReserve.MIGRATION);
        db.execute("ANALYZE delayed_jobs");

        // needsIndex: uses it, and planned again without it (dropped in a rolled-back transaction) is measurably worse
        reservePlan(dataSource, DelayedJobReserve.AFTER)
                .needsIndex("delayed_jobs_priority")
                .hasNoSort()
                .rowsExaminedPerRowReturnedAtMost(2);
        // the descending sort of the old semantics still cannot use the ascending index: the fix needs both halves
        assertThatThrownBy(() -> reservePlan(dataSource, DelayedJobReserve.BEFORE).hasNoSort())
                .hasMessageContaining("Sort");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(DelayedJobReserve.AFTER.reserve(connection, "host:example.com pid:17731", NOW)).hasSize(5);
        }
    }
}
