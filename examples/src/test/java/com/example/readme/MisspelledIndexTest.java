package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Bad input" under Plan assertions: the index name the README once gave the delayed-jobs dataset
 * does not exist, and asking for it is an error that lists the real ones.
 */
@PostgresTest
@Dataset(value = "delayed-jobs", scale = 70_000, seed = 42)
class MisspelledIndexTest {
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
