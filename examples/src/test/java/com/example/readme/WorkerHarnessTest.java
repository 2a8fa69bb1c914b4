package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.Job;
import io.github.queuetestkit.queue.Workers;
import io.github.queuetestkit.queue.WorkersResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's "Worker harness", every option of it: 8 workers take 1,600 jobs and 400 more that arrive in five
 * rounds while they run; every 500th job's worker is killed, and each job is still taken exactly once.
 */
@PostgresTest(init = "db/round-robin-jobs.sql")
class WorkerHarnessTest {

    @Test
    void eightWorkersTakeEveryJobOnceThroughInjectedFailuresAndArrivals(DataSource dataSource, PostgresDatabase db) {
        WorkersResult result = Workers.dequeueWith(conn -> {          // your dequeue; do not commit inside
                try (var ps = conn.prepareStatement("UPDATE jobs SET state = 'running' WHERE id = (SELECT id FROM jobs"
                        + " WHERE state = 'pending' ORDER BY round, user_id, id FOR UPDATE SKIP LOCKED LIMIT 1)"
                        + " RETURNING id, user_id, created_at, priority");
                     var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Job.of(rs.getLong(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant(), rs.getInt(4))) : Optional.empty();
                }
            })
            .workers(8)                                   // default 4
            .deadline(Duration.ofSeconds(30))             // default 60 s
            .pollInterval(Duration.ofMillis(10))          // default 10 ms
            .processing((conn, job) -> finish(conn, job))  // work inside the job's transaction
            .failingEvery(500)                            // kill the worker holding every 500th job: rollback, new connection
            .arrivals((conn, round) -> { enqueue(conn, round); return round < 4; })   // 80 new jobs a round, 5 rounds
            .remaining("SELECT count(*) FROM jobs WHERE state = 'pending'")   // for the timeout message
            .expecting(2_000)                             // or this, if there is no remaining query
            .waitingJobs("SELECT id, user_id, created_at, priority FROM jobs WHERE state = 'pending'")  // never dequeued
            .run(dataSource);
        result.log(); result.throughput(); result.latency().p99(); result.injectedFailures();

        List<Long> every = db.queryForList("SELECT id FROM jobs ORDER BY id").stream()
                .map(row -> ((Number) row.get("id")).longValue()).toList();
        assertThat(every).hasSize(2_000);
        assertThatDequeues(result.log()).hasDequeuedEachExactlyOnce(every).hasNoDuplicates();
        assertThat(result.log().waiting()).isEmpty();
        assertThat(result.injectedFailures()).hasSizeBetween(3, 5);
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE state = 'done'")).isEqualTo(2_000);
        assertThat(result.throughput()).isPositive();
        assertThat(result.latency().p99()).isPositive();
    }

    /** The work: mark the job done, in the transaction that took it, so a killed worker's job is pending again. */
    private static void finish(Connection conn, Job job) throws SQLException {
        try (PreparedStatement done = conn.prepareStatement("UPDATE jobs SET state = 'done' WHERE id = ?")) {
            done.setLong(1, Long.parseLong(job.id()));
            done.executeUpdate();
        }
    }

    /** 80 jobs of the 4 users, in the rounds after the first 1,600 jobs' 400. */
    private static void enqueue(Connection conn, int round) throws SQLException {
        try (PreparedStatement insert = conn.prepareStatement("INSERT INTO jobs (user_id, round)"
                + " SELECT 'user-' || g % 4, 400 + ? * 20 + g / 4 FROM generate_series(0, 79) g")) {
            insert.setInt(1, round);
            insert.executeUpdate();
        }
    }
}
