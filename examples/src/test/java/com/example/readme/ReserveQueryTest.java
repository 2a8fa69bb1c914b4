package com.example.readme;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

// The README's "Datasets" and "Plan assertions" sections show this class as it is, its static import of
// assertThatPlan included (kept last so the README block is one run of lines).
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Test
    void aMisspelledIndexIsAnErrorListingTheRealOnes(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM delayed_jobs WHERE priority = ? ORDER BY"
                + " run_at LIMIT 5", 0).usesIndex("delayed_jobs_priority_run_at"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessage("Index \"delayed_jobs_priority_run_at\" does not exist, so"
                        + " usesIndex(\"delayed_jobs_priority_run_at\") cannot be checked (a misspelled index must not pass"
                        + " as \"not used\"). Indexes on the tables the statement reads:\n"
                        + "  delayed_jobs: delayed_jobs_pkey (btree (id)), delayed_jobs_priority (btree (priority, run_at))");
    }
}
