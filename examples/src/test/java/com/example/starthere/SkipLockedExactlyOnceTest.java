package com.example.starthere;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.DequeueFunction;
import io.github.queuetestkit.queue.DequeueLog;
import io.github.queuetestkit.queue.Job;
import io.github.queuetestkit.queue.Workers;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Why the start-here queue locks with {@code FOR UPDATE SKIP LOCKED}: the same four workers, the same 40 jobs and
 * the same 20 ms of work per job, once on {@link SelectThenUpdateQueue} (read, then update, no lock) and once on
 * {@link JobQueue}. Only the exactly-once assertion tells them apart; both look fine with one worker.
 */
@PostgresTest
@Dataset(value = "jobs", scale = 100_000, seed = 42)
class SkipLockedExactlyOnceTest {

    private static final Instant NOW = Instant.parse("2025-01-02T00:00:00Z");

    /** 40 queued jobs on a queue of their own, 10 per tenant, oldest first; returns their ids. */
    private static List<Long> fortyJobsOn(PostgresDatabase db, String queue, long firstId) {
        db.execute("INSERT INTO jobs (id, queue, kind, args, state, priority, tenant_id, attempts, run_at, created_at)"
                + " SELECT ? + g, ?, 'SendEmail', '{}', 'queued', 0, g % 4, 0,"
                + " ?::timestamptz - (40 - g) * interval '1 second', ?::timestamptz FROM generate_series(1, 40) g",
                firstId, queue, Timestamp.from(NOW), Timestamp.from(NOW));
        return db.queryForList("SELECT id FROM jobs WHERE queue = ? ORDER BY id", queue).stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList();
    }

    private static DequeueLog drain(DataSource dataSource, String queue, DequeueFunction dequeue) {
        return Workers.dequeueWith(dequeue)
                .workers(4)
                .processing((connection, job) -> Thread.sleep(20))   // the job's work, inside its transaction
                .deadline(Duration.ofSeconds(30))
                .remaining("SELECT count(*) FROM jobs WHERE queue = '" + queue + "' AND state = 'queued'")
                .run(dataSource).log();
    }

    private static Job asKitJob(JobQueue.Taken job) {
        // the kit's Job: smaller priority is more urgent, ours is the other way round
        return Job.of(job.id(), Long.toString(job.tenantId()), job.runAt(), -job.priority());
    }

    @Test
    void beforeSelectThenUpdateHandsTheSameJobToSeveralWorkers(PostgresDatabase db, DataSource dataSource) {
        List<Long> expected = fortyJobsOn(db, "select-then-update", 3_000_000);
        SelectThenUpdateQueue queue = new SelectThenUpdateQueue("select-then-update");

        DequeueLog log = drain(dataSource, "select-then-update",
                connection -> queue.dequeue(connection, "harness", NOW).map(SkipLockedExactlyOnceTest::asKitJob));

        assertThatThrownBy(() -> assertThatDequeues(log).hasDequeuedEachExactlyOnce(expected))
                .hasMessageContaining("Expecting each of 40 jobs to be dequeued exactly once")
                // ids are 3000001..3000040; which of them collide first depends on thread timing, the failure does not
                .hasMessageContaining("were dequeued more than once (id=times): [30000");
    }

    @Test
    void afterSkipLockedHandsEachJobToOneWorker(PostgresDatabase db, DataSource dataSource) {
        List<Long> expected = fortyJobsOn(db, "skip-locked", 4_000_000);
        JobQueue queue = new JobQueue("skip-locked");

        DequeueLog log = drain(dataSource, "skip-locked",
                connection -> queue.dequeue(connection, "harness", NOW).map(SkipLockedExactlyOnceTest::asKitJob));

        assertThatDequeues(log).hasDequeuedEachExactlyOnce(expected).hasNoDuplicates().isFifoPerKey();
    }
}
