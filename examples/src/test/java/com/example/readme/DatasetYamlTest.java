package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;

/**
 * The README's "YAML format" and "Queue churn" sections: {@code datasets/readme-jobs.yaml} loads 10,000 / 10 + 5
 * jobs, builds its index, then churns them (30% of the unfinished rows updated to done, half the finished deleted).
 */
@PostgresTest
@Dataset(value = "datasets/readme-jobs.yaml", scale = 10_000, seed = 42)
class DatasetYamlTest {

    @Test
    void loadsTheRowsTheIndexAndTheChurnTheFileDescribes(PostgresDatabase db) {
        // 1,005 rows, about 950 of them finished after the updates, half of those deleted: about 530 remain
        assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isBetween(430L, 630L);
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE state = 'queued'")).isBetween(40L, 100L);
        assertThat(db.queryForLong("SELECT count(DISTINCT user_id) FROM jobs")).isBetween(10L, 25L);
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE created_at > timestamptz '2025-01-01 00:00:00+00'"))
                .isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'jobs_state'")).isEqualTo(1);
    }
}
