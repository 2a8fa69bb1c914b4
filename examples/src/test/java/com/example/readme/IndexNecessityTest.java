package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Verdicts you can trust": an index on (state, run_at) earns its keep on 20,000 jobs; a twin of it
 * does not, since the first serves as well.
 */
@PostgresTest
@Dataset(value = "jobs", scale = 20_000, seed = 42)
class IndexNecessityTest {

    @Test
    void theStateRunAtIndexIsNeededAndATwinIsNot(DataSource dataSource, PostgresDatabase db) {
        db.execute("CREATE INDEX IF NOT EXISTS jobs_state_run_at ON jobs (state, run_at)");

        assertThatPlan(dataSource, "SELECT id FROM jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10")
                .needsIndex("jobs_state_run_at")                         // uses it, and is measurably worse without it
                .hasNoSeqScanOnThanksTo("jobs", "jobs_state_run_at");    // no Seq Scan on jobs, and this index is why

        db.execute("CREATE INDEX IF NOT EXISTS jobs_state_run_at_twin ON jobs (state, run_at)");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT id FROM jobs WHERE state = 'queued'"
                + " ORDER BY run_at LIMIT 10").needsIndex("jobs_state_run_at_twin"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to need index");
    }
}
