package com.example.springqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The same Spring configuration as {@link JobQueueRepositoryTest}, so Spring hands this class the cached application
 * context: the kit has moved its pool to this class's own fresh clone.
 */
@PostgresTest(flyway = "classpath:db/migration")
@Dataset(value = "datasets/spring-jobs.yaml", scale = 100_000, seed = 42)
@SpringBootTest
class CachedContextTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theCachedContextTalksToThisClassesFreshClone(PostgresDatabase db) {
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(db.name());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM jobs WHERE queue = 'harness'", Long.class))
                .as("jobs another class's workers inserted").isZero();
    }
}
