package com.example.readme;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

// The README's "Datasets" and "Plan assertions" sections show this class as it is, its static import included
// (kept last so the README block is one run of lines).
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;

@PostgresTest
@Dataset(value = "delayed-jobs", scale = 70_000, seed = 42)   // repeatable: several load in order
class ReserveQueryTest {
    @Test
    void reserveReadsFiveRowsThroughTheIndex(DataSource dataSource) {
        assertThatPlan(dataSource, "SELECT * FROM delayed_jobs WHERE run_at <= now() AND locked_at IS NULL"
                + " ORDER BY priority, run_at LIMIT ? FOR UPDATE SKIP LOCKED", 5)
                .usesIndex("delayed_jobs_priority")
                .hasNoSort()
                .rowsExaminedPerRowReturnedAtMost(2);
    }
}
