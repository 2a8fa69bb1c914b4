package com.example.contention;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatWorkers;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.DequeueFunction;
import io.github.queuetestkit.queue.Job;
import io.github.queuetestkit.queue.Workers;
import io.github.queuetestkit.queue.WorkersResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Contention, before and after: a plain FOR UPDATE queue against SKIP LOCKED, a scheduler's global lock row that
 * deadlocks or serialises against one without it, and a notify trigger on the wrong channel against the right one.
 */
@PostgresTest
class ContentionTest {

    @BeforeEach
    void tasks(PostgresDatabase db) {
        db.execute("DROP TABLE IF EXISTS tasks, scheduler, scheduler_ticks");
        db.execute("CREATE TABLE tasks (id bigserial PRIMARY KEY, state text NOT NULL DEFAULT 'pending',"
                + " fired int NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
                + " started_at timestamptz)");
        db.execute("CREATE TABLE scheduler (id int PRIMARY KEY, ticks bigint NOT NULL)");
        db.execute("INSERT INTO scheduler VALUES (1, 0)");
        db.execute("CREATE TABLE scheduler_ticks (task_id bigint NOT NULL, at timestamptz DEFAULT clock_timestamp())");
    }

    private static void pending(PostgresDatabase db, int count) {
        db.execute("INSERT INTO tasks (state) SELECT 'pending' FROM generate_series(1, ?)", count);
    }

    /** Adapts a take to the kit's dequeue function: all tasks are one key, priority 0. */
    private static DequeueFunction asDequeue(Take take) {
        return connection -> take.take(connection).map(t -> Job.of(t.id(), "tasks", t.createdAt()));
    }

    @FunctionalInterface
    private interface Take {
        Optional<TakeQueue.Taken> take(Connection connection) throws SQLException;
    }

    // tag::lock-waits[]
    private static WorkersResult drain(DataSource dataSource, Take take) {
        return Workers.dequeueWith(asDequeue(take))
                .workers(4)
                .samplingLockWaits()                       // every 10 ms, and as transactions end
                .holdingEachJobFor(Duration.ofMillis(2))   // each task takes 2 ms, as real work would
                .deadline(Duration.ofSeconds(60))
                .run(dataSource);
    }

    @Test
    void plainForUpdateMakesWorkersWaitOnEachOthersRowLocks(PostgresDatabase db, DataSource dataSource) {
        pending(db, 100);
        WorkersResult result = drain(dataSource, new TakeQueue(TakeQueue.PLAIN_FOR_UPDATE)::take);

        assertThatThrownBy(() -> assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .hasMessageContaining("waits on a row lock held by another worker were seen")
                .hasMessageContaining("for ShareLock on transaction");
    }

    @Test
    void skipLockedWorkersNeverWaitOnEachOther(PostgresDatabase db, DataSource dataSource) {
        pending(db, 100);
        WorkersResult result = drain(dataSource, new TakeQueue(TakeQueue.SKIP_LOCKED)::take);

        assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock().hasNoDeadlocks();
    }
    // end::lock-waits[]

    @Test
    void globalRowTakenLastDeadlocks(PostgresDatabase db, DataSource dataSource) {
        pending(db, 40);
        shortDeadlockTimeout(db);
        WorkersResult result = drain(dataSource, TimerScheduler::fireGlobalRowLast);

        // each victim was rolled back and its timer fired again: still exactly once
        assertThatDequeues(result.log()).hasNoDuplicates();
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoDeadlocks())
                .hasMessageContaining("aborted with SQLSTATE 40P01 (deadlock)")
                .hasMessageContaining("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1")
                .hasMessageContaining("UPDATE tasks SET fired = fired + 1 WHERE id = $1");
    }

    @Test
    void globalRowTakenFirstSerialisesTheWorkers(PostgresDatabase db, DataSource dataSource) {
        pending(db, 40);
        WorkersResult result = drain(dataSource, TimerScheduler::fireGlobalRowFirst);

        assertThatWorkers(result).hasNoDeadlocks();
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .hasMessageContaining("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1");
    }

    @Test
    void appendOnlySchedulerNeitherDeadlocksNorWaits(PostgresDatabase db, DataSource dataSource) {
        pending(db, 40);
        shortDeadlockTimeout(db);
        WorkersResult result = drain(dataSource, TimerScheduler::fireAppendOnly);

        assertThatWorkers(result).hasNoDeadlocks().hasNoWorkerWaitingOnAnotherWorkersRowLock();
    }

    // tag::wake-up[]
    /** Two workers that wake only on a notification (fallback poll 30 s); 12 rounds of 2 tasks, 60 ms apart. */
    private static WorkersResult notified(DataSource dataSource) {
        return Workers.dequeueWith(asDequeue(new TakeQueue(TakeQueue.SKIP_LOCKED)::take))
                .workers(2)
                .pollInterval(Duration.ofMillis(60))
                .wakingOnNotify(NotifyTrigger.CHANNEL, Duration.ofSeconds(30))
                .arrivals((connection, round) -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("INSERT INTO tasks DEFAULT VALUES; INSERT INTO tasks DEFAULT VALUES");
                    }
                    return round < 11;
                })
                .run(dataSource);
    }

    @Test
    void triggerOnTheWorkersChannelWakesThemAtOnce(PostgresDatabase db, DataSource dataSource) {
        for (String ddl : NotifyTrigger.ddl(NotifyTrigger.CHANNEL)) {
            db.execute(ddl);
        }
        assertThatWorkers(notified(dataSource)).hasWakeUpLatencyP99AtMost(Duration.ofMillis(250));
    }

    @Test
    void triggerOnAnotherChannelLeavesTasksWaiting(PostgresDatabase db, DataSource dataSource) {
        for (String ddl : NotifyTrigger.ddl(NotifyTrigger.WRONG_CHANNEL)) {
            db.execute(ddl);
        }
        WorkersResult result = notified(dataSource);
        assertThatThrownBy(() -> assertThatWorkers(result).hasWakeUpLatencyP99AtMost(Duration.ofMillis(250)))
                .hasMessageContaining("to wake a worker within 250.0 ms at the 99th percentile");
    }
    // end::wake-up[]

    /** Deadlocks are found after deadlock_timeout (1 s by default); 100 ms keeps the test short. */
    private static void shortDeadlockTimeout(PostgresDatabase db) {
        db.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET deadlock_timeout = %L', current_database(),"
                + " '100ms'); END $$");
    }
}
