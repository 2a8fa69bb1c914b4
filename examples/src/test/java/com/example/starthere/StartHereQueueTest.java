package com.example.starthere;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.Job;
import io.github.queuetestkit.queue.Workers;
import io.github.queuetestkit.queue.WorkersResult;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Start here: the three questions to ask of any PostgreSQL queue, on 100,000 jobs of the bundled {@code jobs}
 * dataset (a few hot tenants own most jobs; 8% are queued). Copy this class and put your own dequeue in.
 */
@PostgresTest
@Dataset(value = "jobs", scale = 100_000, seed = 42)
class StartHereQueueTest {

    /** The dataset's clock: its timestamps lie before this instant. */
    private static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    @Test
    void dequeueReadsOneRowThroughThePartialIndex(DataSource dataSource) {
        // 1. Is it fast at scale? The plan is taken in a transaction that is rolled back: nothing is dequeued.
        assertThatPlan(dataSource, JobQueue.DEQUEUE, Timestamp.from(NOW), "plan-check", "default", Timestamp.from(NOW))
                .usesIndex("jobs_dequeue")
                .hasNoSeqScanOn("jobs")
                .hasNoSort()
                .rowsExaminedAtMost(10);
    }

    @Test
    void eightWorkersTakeEveryJobExactlyOnceFairlyAndByPriority(PostgresDatabase db, DataSource dataSource) {
        // 2. Is it right under concurrency? 2,000 fresh jobs on a queue of their own, interleaved over 4 tenants.
        db.execute("INSERT INTO jobs (id, queue, kind, args, state, priority, tenant_id, attempts, run_at, created_at)"
                + " SELECT 1000000 + g, 'start-here', 'SendEmail', '{}', 'queued', CASE WHEN g % 10 = 0 THEN 10 ELSE 0 END,"
                + " g % 4, 0, ?::timestamptz - (2000 - g) * interval '1 second', ?::timestamptz"
                + " FROM generate_series(1, 2000) g", Timestamp.from(NOW), Timestamp.from(NOW));
        List<Long> expected = db.queryForList("SELECT id FROM jobs WHERE queue = 'start-here' ORDER BY id").stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList();
        JobQueue queue = new JobQueue("start-here");

        WorkersResult result = Workers.dequeueWith(connection -> queue.dequeue(connection, "harness", NOW)
                        // the kit's Job: smaller priority is more urgent, ours is the other way round
                        .map(job -> Job.of(job.id(), Long.toString(job.tenantId()), job.runAt(), -job.priority())))
                .workers(8)
                .deadline(Duration.ofSeconds(60))
                .remaining("SELECT count(*) FROM jobs WHERE queue = 'start-here' AND state = 'queued'")
                .run(dataSource);

        // 3. Is it fair, and does it keep its promises? Exactly once, priority first, FIFO within a tenant.
        assertThatDequeues(result.log())
                .hasDequeuedEachExactlyOnce(expected)
                .respectsPriority()
                .hasJainFairnessIndexAtLeast(0.95);
        assertThat(result.throughput()).isPositive();
    }
}
