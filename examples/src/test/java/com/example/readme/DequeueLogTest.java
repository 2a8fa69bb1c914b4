package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.DequeueLog;
import io.github.queuetestkit.queue.Job;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Dequeue log": logs read from a jobs table by position, from another table by column name, and
 * built by hand. The table holds 12 dequeues of the round-robin queue, in round order.
 */
@PostgresTest(init = "db/round-robin-jobs.sql")
class DequeueLogTest {

    @Test
    void readsTheSameDequeuesFromATableByPositionByNameAndByHand(DataSource dataSource, PostgresDatabase db) {
        db.execute("UPDATE jobs SET state = 'done', started_at = created_at + id * interval '1 second',"
                + " worker = 'w' || id % 2 WHERE id <= 12");
        db.execute("INSERT INTO tenant_jobs SELECT id, user_id, created_at, priority, started_at, worker FROM jobs"
                + " WHERE started_at IS NOT NULL");

        String sql = "SELECT * FROM tenant_jobs ORDER BY taken_at, id";
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        DequeueLog log = DequeueLog.fromQuery(dataSource,
            "SELECT id, user_id, created_at, priority, started_at, worker FROM jobs"
                + " WHERE started_at IS NOT NULL ORDER BY started_at, id");           // first six columns, in this order
        DequeueLog byName = DequeueLog.fromQuery(dataSource, sql, DequeueLog.Columns.named("id", "tenant", "created_at", "prio", "taken_at", "taken_by"));
        DequeueLog byHand = DequeueLog.builder().dequeue(Job.of(1, "alice", t0), "w1", t0.plusMillis(1)).build();

        assertThat(log.size()).isEqualTo(12);
        assertThat(byName.dequeues()).isEqualTo(log.dequeues());
        assertThat(log.keys()).containsExactlyInAnyOrder("user-0", "user-1", "user-2", "user-3");
        assertThatDequeues(log).hasNoDuplicates().isFifoPerKey().hasNoKeyWaitingMoreThan(3);
        assertThat(byHand.size()).isEqualTo(1);
        assertThat(byHand.keys()).containsExactly("alice");
        // one user served three times in a row while the others wait: not round-robin
        assertThatThrownBy(() -> assertThatDequeues(DequeueLog.builder()
                .dequeue(Job.of(1, "alice", t0), "w1", t0.plusMillis(10))
                .dequeue(Job.of(2, "alice", t0), "w1", t0.plusMillis(20))
                .dequeue(Job.of(3, "alice", t0), "w1", t0.plusMillis(30))
                .dequeue(Job.of(4, "bob", t0), "w1", t0.plusMillis(40))
                .build()).hasNoKeyWaitingMoreThan(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\"bob\"");
    }
}
