package com.example.springqueue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.sql.CapturedStatements;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The same application for a team whose schema is a Liquibase changelog: the template comes from the changelog,
 * and Spring Boot's own Liquibase, run at context start, finds every changeset applied.
 */
@PostgresTest(liquibase = "db/changelog/db.changelog-master.yaml")
@Dataset(value = "datasets/spring-jobs.yaml", scale = 100_000, seed = 42)
@SpringBootTest(properties = {"spring.flyway.enabled=false", "spring.liquibase.enabled=true"})
class LiquibaseSchemaTest {

    private static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    @Autowired
    JobQueueRepository queue;

    @Test
    void theDequeueReadsOneRowThroughThePartialIndex(CapturedStatements captured) {
        assertThat(queue.dequeue("mailers", "worker-1", NOW)).isPresent();

        assertThatStatements(captured).updates("jobs").everyPlan().hasNoSeqScanOn("jobs").rowsExaminedAtMost(10);
    }
}
