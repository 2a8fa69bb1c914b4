package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.dataset.ColumnSpec;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.dataset.Generator;
import io.github.queuetestkit.dataset.LoadResult;
import io.github.queuetestkit.dataset.TableSpec;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's "Datasets" section: a bundled dataset and one of the test's own, loaded from code. */
@PostgresTest
class DatasetsFromCodeTest {

    @Test
    void loadsTheBundledJobsAndGeneratedUsers(DataSource dataSource, PostgresDatabase db) {
        LoadResult r = DatasetSpec.named("jobs").withScale(100_000).withSeed(42).withoutIndexes().withThreads(4)
                .load(dataSource);                                      // DDL, COPY, keys, ANALYZE; no indexes
        DatasetSpec.ofDdl("mine", "CREATE TABLE users (id bigint, email text)")
                .withTable(TableSpec.named("users").withRows("scale / 10")
                        .withColumn("id", Generator.sequence())
                        .withColumn(ColumnSpec.of("email", Generator.faker("#{Internet.emailAddress}")).withNullRate(0.1)))
                .load(dataSource);

        assertThat(r.rowsPerTable()).containsEntry("jobs", 100_000L);
        assertThat(db.queryForLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'jobs_dequeue'")).isZero();
        // ofDdl's default scale is 1000, so "scale / 10" is 100 users, about a tenth of them without an email
        assertThat(db.queryForLong("SELECT count(*) FROM users")).isEqualTo(100);
        assertThat(db.queryForLong("SELECT count(*) FROM users WHERE email IS NULL")).isBetween(1L, 25L);
        assertThat(db.queryForLong("SELECT count(*) FROM users WHERE email LIKE '%@%'"))
                .isEqualTo(db.queryForLong("SELECT count(email) FROM users"));
    }
}
