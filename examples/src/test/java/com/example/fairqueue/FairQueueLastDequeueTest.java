package com.example.fairqueue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThat;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.Growth;
import io.github.queuetestkit.plan.PlanSweep;
import io.github.queuetestkit.plan.SweepResult;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.DequeueLog;
import io.github.queuetestkit.queue.Job;
import io.github.queuetestkit.queue.Workers;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "I manually verified the order is still correct": both versions of the fair dequeue are proved fair by four
 * concurrent workers; a scale sweep shows only the fixed one reads the same few buffers however long the completed
 * history grows. 200,000 jobs of 40 users (Zipf-skewed), 10% queued.
 */
@PostgresTest
@Dataset(value = "fair-queue", scale = 200_000, seed = 42)
class FairQueueLastDequeueTest {

    /**
     * With one worker a user waits through one dequeue of each of the seven others. Workers that ask at the same
     * moment see the same "latest dequeue", so the kit multiplies the bound by the log's four workers (28).
     */
    private static final int SEVEN_OTHER_USERS = 7;

    private static final PlanSweep.NeedsStatement HISTORY_GROWS = PlanSweep.of("fair-queue")
            .atScales(20_000, 100_000, 300_000);

    /** A fresh queue: user 1 has 160 jobs, users 2 to 8 have 20 each, everything older is history. */
    @BeforeEach
    void freshQueue(PostgresDatabase db) {
        db.execute("UPDATE batch_spec_workspace_execution_jobs SET state = 'completed', started_at = coalesce(started_at,"
                + " created_at), finished_at = coalesce(finished_at, created_at) WHERE state IN ('queued', 'processing')"
                + " OR id >= 10000000");
        db.execute("DELETE FROM batch_spec_workspace_execution_jobs WHERE id >= 10000000");
        db.execute("INSERT INTO batch_spec_workspace_execution_jobs (id, user_id, state, created_at)"
                + " SELECT 10000000 + g, CASE WHEN g <= 160 THEN 1 ELSE 2 + (g - 161) % 7 END, 'queued',"
                + " timestamptz '2025-01-02 00:00:00+00' + g * interval '1 second' FROM generate_series(1, 300) g");
        db.execute("ANALYZE batch_spec_workspace_execution_jobs");
    }

    private static void migrateToAfter(PostgresDatabase db) {
        if (db.queryForLong("SELECT count(*) FROM pg_class WHERE relname = 'batch_spec_workspace_execution_last_dequeues'") == 0) {
            FairDequeue.AFTER.migration().forEach(db::execute);
        }
    }

    private static DequeueLog runWorkers(FairDequeue version, DataSource dataSource) {
        return Workers.dequeueWith(connection -> version.dequeue(connection, "executor")
                        .map(job -> Job.of(job.id(), Long.toString(job.userId()), job.createdAt())))
                .workers(4)
                .deadline(Duration.ofSeconds(60))
                .remaining("SELECT count(*) FROM batch_spec_workspace_execution_jobs WHERE state = 'queued'")
                .waitingJobs("SELECT id, user_id, created_at, 0 FROM batch_spec_workspace_execution_jobs"
                        + " WHERE state = 'queued'")
                .run(dataSource).log();
    }

    private static List<Long> queued(PostgresDatabase db) {
        return db.queryForList("SELECT id FROM batch_spec_workspace_execution_jobs WHERE state = 'queued' ORDER BY id")
                .stream().map(row -> ((Number) row.get("id")).longValue()).toList();
    }

    @Test
    void beforeIsFairButReadsTheWholeHistoryOnEveryDequeue(PostgresDatabase db, DataSource dataSource) {
        List<Long> expected = queued(db);

        assertThatDequeues(runWorkers(FairDequeue.BEFORE, dataSource))
                .hasDequeuedEachExactlyOnce(expected)
                .isFairPerKey()
                .isFifoPerKey()
                .hasJainFairnessIndexAtLeast(0.95)
                .hasNoKeyWaitingMoreThan(SEVEN_OTHER_USERS);

        SweepResult sweep = HISTORY_GROWS.explaining(FairDequeue.BEFORE.sql(), "plan-check").run(db);
        assertThatThrownBy(() -> assertThat(sweep).sharedBuffersGrowAtMost(Growth.CONSTANT))
                .hasMessageContaining("Expecting shared buffers to grow at most constant with the data")
                .hasMessageContaining("Seq Scan on batch_spec_workspace_execution_jobs");
    }

    @Test
    void afterIsAsFairAndReadsTheSameFewBuffersAtEveryScale(PostgresDatabase db, DataSource dataSource) {
        migrateToAfter(db);
        List<Long> expected = queued(db);

        assertThatDequeues(runWorkers(FairDequeue.AFTER, dataSource))
                .hasDequeuedEachExactlyOnce(expected)
                .isFairPerKey()
                .isFifoPerKey()
                .hasJainFairnessIndexAtLeast(0.95)
                .hasNoKeyWaitingMoreThan(SEVEN_OTHER_USERS);

        assertThatPlan(dataSource, FairDequeue.AFTER.sql(), "plan-check")
                .usesIndex("batch_spec_workspace_execution_jobs_queued_per_user")
                .hasNoSeqScanOn("batch_spec_workspace_execution_jobs");
        SweepResult sweep = HISTORY_GROWS.explaining(FairDequeue.AFTER.sql(), "plan-check")
                .withSetup(FairDequeue.AFTER.migration().toArray(String[]::new)).run(db);
        System.out.println(sweep.table());
        assertThat(sweep)
                .atEveryScale(plan -> plan.hasNoSeqScanOn("batch_spec_workspace_execution_jobs"))
                .sharedBuffersGrowAtMost(Growth.CONSTANT);
    }
}
