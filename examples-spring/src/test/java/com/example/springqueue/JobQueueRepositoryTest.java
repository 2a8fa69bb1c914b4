package com.example.springqueue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.springqueue.JobQueueRepository.NewJob;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.Job;
import io.github.queuetestkit.queue.Workers;
import io.github.queuetestkit.queue.WorkersResult;
import io.github.queuetestkit.sql.CapturedStatements;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The application as it is: its Flyway migrations build the template, 100,000 jobs fill it, and its own
 * repository bean, on Spring Boot's Hikari pool, talks to the class database. Nothing is copied or rewired.
 */
@PostgresTest(flyway = "classpath:db/migration")
@Dataset(value = "datasets/spring-jobs.yaml", scale = 100_000, seed = 42)
@SpringBootTest
class JobQueueRepositoryTest {

    /** The dataset's clock: its timestamps lie before this instant. */
    private static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    @Autowired
    JobQueueRepository queue;

    @Test
    void theDequeueTheBeanSendsReadsOneRowThroughThePartialIndex(CapturedStatements captured) {
        assertThat(queue.dequeue("default", "worker-1", NOW)).isPresent();

        // What the bean sent through its pool, planned again on the class database in a rolled-back transaction.
        assertThatStatements(captured).updates("jobs").hasExactly(1)
                .everyPlan().hasNoSeqScanOn("jobs").hasNoSort().rowsExaminedAtMost(10);
    }

    @Test
    void enqueueAllSendsOneBatch(CapturedStatements captured) {
        queue.enqueueAll(IntStream.range(0, 100)
                .mapToObj(i -> new NewJob("mailers", "SendEmail", 1 + i % 10, 0)).toList());

        assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);
    }

    @Test
    void fourWorkersOnTheBeanTakeEveryJobExactlyOnce(PostgresDatabase db, DataSource dataSource) {
        db.execute("INSERT INTO jobs (queue, kind, tenant_id, run_at) SELECT 'harness', 'SendEmail', 1 + g % 4,"
                + " ?::timestamptz - (500 - g) * interval '1 second' FROM generate_series(1, 500) g",
                Timestamp.from(NOW));
        List<Long> expected = db.queryForList("SELECT id FROM jobs WHERE queue = 'harness' ORDER BY id").stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList();

        // The harness runs the workers; each takes its job through the application's bean (and pool).
        WorkersResult result = Workers.dequeueWith(connection -> queue.dequeue("harness", "harness", NOW)
                        // the kit's Job: smaller priority is more urgent, ours is the other way round
                        .map(job -> Job.of(job.id(), Long.toString(job.tenantId()), job.runAt(), -job.priority())))
                .workers(4)
                .deadline(Duration.ofSeconds(60))
                .remaining("SELECT count(*) FROM jobs WHERE queue = 'harness' AND state = 'queued'")
                .run(dataSource);

        assertThatDequeues(result.log()).hasDequeuedEachExactlyOnce(expected).hasNoDuplicates();
    }
}
