package com.example.starthere;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * A minimal PostgreSQL job queue: workers take the most urgent runnable job of a queue with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent workers never wait for, or take, the same job.
 * Schema: the {@code jobs} table of queue-testkit's bundled {@code jobs} dataset.
 */
public final class JobQueue {

    /** Higher priority first, then oldest run_at; served by jobs_dequeue (queue, priority DESC, run_at) WHERE state = 'queued'. */
    public static final String DEQUEUE = """
            UPDATE jobs SET state = 'running', locked_at = ?, locked_by = ?
             WHERE id = (SELECT id FROM jobs
                          WHERE queue = ? AND state = 'queued' AND run_at <= ?
                          ORDER BY priority DESC, run_at
                          LIMIT 1
                          FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id, run_at, priority""";

    /** A job a worker took. */
    public record Taken(long id, long tenantId, Instant runAt, int priority) {
    }

    private final String queue;

    public JobQueue(String queue) {
        this.queue = queue;
    }

    /**
     * Takes the next job, in the caller's transaction: commit when the work is done, roll back to give it back.
     *
     * @param connection a connection in a transaction
     * @param worker the worker's name, recorded in locked_by
     * @param now the clock
     * @return the job, or empty when nothing is runnable
     */
    public Optional<Taken> dequeue(Connection connection, String worker, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DEQUEUE)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setString(2, worker);
            statement.setString(3, queue);
            statement.setTimestamp(4, Timestamp.from(now));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Taken(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getInt(4))) : Optional.empty();
            }
        }
    }
}
