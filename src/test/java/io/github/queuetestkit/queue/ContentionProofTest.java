package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatWorkers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Each contention assertion passes on the correct queue and fails on the broken one, on a real server. */
@PostgresTest
class ContentionProofTest {

    private static Workers sampled(DequeueFunction dequeue) {
        return Workers.dequeueWith(dequeue).workers(4).deadline(Duration.ofSeconds(60)).samplingLockWaits()
                .holdingEachJobFor(Duration.ofMillis(2));
    }

    @Test
    void plainForUpdateQueueIsCaughtWaitingOnAnotherWorkersRowLock(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 4, 50);

        WorkersResult result = sampled(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE)).run(dataSource);

        assertThat(result.contention().lockWaits()).anyMatch(LockWait::isRowLock);
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting workers to never wait on another worker's row lock")
                .hasMessageContaining("waits on a row lock held by another worker were seen (sampled every 2.0 ms")
                .hasMessageContaining(" for ShareLock on transaction ")
                .hasMessageContaining("      waiter  worker-")
                .hasMessageContaining("      blocker worker-")
                .hasMessageContaining("ORDER BY id LIMIT 1 FOR UPDATE");
        assertThatThrownBy(() -> assertThatWorkers(result).hasAtMostLockWaits(0))
                .hasMessageContaining("Expecting workers to wait on locks at most 0 times");
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoLockWaitLongerThan(Duration.ZERO))
                .hasMessageContaining("Expecting workers to never wait on a lock longer than 0.0 ms");
    }

    @Test
    void skipLockedQueueNeverWaitsOnAnotherWorkersRowLock(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 4, 50);

        WorkersResult result = sampled(ContentionQueues.selecting(ContentionQueues.SKIP_LOCKED)).run(dataSource);

        assertThat(result.log().size()).isEqualTo(200);
        assertThat(result.contention().samples()).isPositive();
        assertThatWorkers(result)
                .hasNoWorkerWaitingOnAnotherWorkersRowLock()
                .hasNoDeadlocks()
                .hasNoSerializationFailures()
                .hasNoLockTimeouts();
    }

    /**
     * 100 jobs held 5 ms each: long enough that the 4 workers overlap even when the machine is so loaded that their
     * threads start tens of ms apart (with 40 jobs held 2 ms, one worker could drain them alone: 19 of 20 once).
     */
    @Test
    void plainForUpdateIsCaughtInTwentyOfTwentyShortRuns(DataSource dataSource) throws Exception {
        int caught = 0;
        for (int run = 0; run < 20; run++) {
            TestQueues.createJobs(dataSource, 2, 50);
            WorkersResult result = sampled(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE))
                    .holdingEachJobFor(Duration.ofMillis(5))
                    .run(dataSource);
            if (result.contention().lockWaits().stream().anyMatch(w -> w.isRowLock() && w.isBlockedByAnotherWorker())) {
                caught++;
            }
        }
        assertThat(caught).isEqualTo(20);
    }

    @Test
    void deadlockVictimsAreRecordedWithBothSidesAndTheWorkersGoOn(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 40);
        ContentionQueues.scheduler(dataSource);
        shortDeadlockTimeout(dataSource);

        WorkersResult result = sampled(ContentionQueues.deadlockingScheduler()).run(dataSource);

        assertThatDequeues(result.log()).hasNoDuplicates().hasDequeuedEachExactlyOnce(TestQueues.ids(dataSource));
        assertThat(result.contention().deadlocks()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.sqlState()).isEqualTo("40P01"));
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoDeadlocks())
                .hasMessageContaining("Expecting workers to have no deadlocks,")
                .hasMessageContaining("aborted with SQLSTATE 40P01 (deadlock)")
                .hasMessageContaining("deadlock detected")
                .hasMessageContaining(" waits for ShareLock on transaction ")
                .hasMessageContaining("(worker-")
                .hasMessageContaining("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1")
                .hasMessageContaining("UPDATE jobs SET round = round + 1");
        assertThatWorkers(result).hasNoSerializationFailures().hasNoLockTimeouts();
    }

    @Test
    void serializationFailuresAreRecordedAndAssertable(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 100);
        ContentionQueues.scheduler(dataSource);

        WorkersResult result = sampled(ContentionQueues.repeatableReadScheduler()).run(dataSource);

        assertThatDequeues(result.log()).hasDequeuedEachExactlyOnce(TestQueues.ids(dataSource));
        assertThat(result.contention().serializationFailures()).isNotEmpty();
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoSerializationFailures())
                .hasMessageContaining("aborted with SQLSTATE 40001 (serialization failure)")
                .hasMessageContaining("could not serialize access due to concurrent update");
        assertThatWorkers(result).hasNoDeadlocks();
    }

    @Test
    void lockTimeoutsAreRecordedAndAssertable(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 100);

        WorkersResult result = sampled(ContentionQueues.selecting(ContentionQueues.NOWAIT)).run(dataSource);

        assertThat(result.contention().lockTimeouts()).isNotEmpty();
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoLockTimeouts())
                .hasMessageContaining("aborted with SQLSTATE 55P03 (lock timeout)")
                .hasMessageContaining("could not obtain lock on row in relation \"jobs\"");
    }

    @Test
    void notifiedWorkersWakeUpQuicklyWhenTheTriggerNotifiesTheirChannel(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 0);
        ContentionQueues.notifyingOn(dataSource, "jobs");

        WorkersResult result = notified().run(dataSource);

        assertThat(result.contention().wakeUps()).hasSize(24);
        assertThatWorkers(result).hasWakeUpLatencyP99AtMost(Duration.ofMillis(250));
    }

    @Test
    void notifiedWorkersAreCaughtWakingLateWhenTheTriggerNotifiesAnotherChannel(DataSource dataSource)
            throws Exception {
        TestQueues.createJobs(dataSource, 1, 0);
        ContentionQueues.notifyingOn(dataSource, "job");

        WorkersResult result = notified().run(dataSource);

        assertThat(result.contention().wakeUps()).hasSize(24);
        assertThatThrownBy(() -> assertThatWorkers(result).hasWakeUpLatencyP99AtMost(Duration.ofMillis(250)))
                .hasMessageContaining("Expecting jobs that arrived during the run to wake a worker within 250.0 ms"
                        + " at the 99th percentile,")
                .hasMessageContaining("over 24 jobs")
                .hasMessageContaining("Slowest wake-ups:");
    }

    /** Two workers that wake only on "jobs" notifications, with 12 arrival rounds of 2 jobs 60 ms apart. */
    private static Workers notified() {
        return Workers.dequeueWith(ContentionQueues.selecting(ContentionQueues.SKIP_LOCKED))
                .workers(2)
                .pollInterval(Duration.ofMillis(60))
                .wakingOnNotify("jobs", Duration.ofSeconds(30))
                .arrivals((connection, round) -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("INSERT INTO jobs (user_id) VALUES ('late'), ('late')");
                    }
                    return round < 11;
                });
    }

    private static void shortDeadlockTimeout(DataSource dataSource) throws Exception {
        TestQueues.execute(dataSource, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET deadlock_timeout = %L',"
                + " current_database(), '100ms'); END $$");
    }
}
