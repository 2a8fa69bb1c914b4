package com.example.starthere;

import com.example.starthere.JobQueue.Taken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The queue teams write before {@link JobQueue}: read the next job, then mark it taken, in two statements and
 * without a lock. Two workers that read while the first has not committed both get the same job: the UPDATE of the
 * second waits for the first's row lock, then finds the id still matching and takes the job again.
 */
public final class SelectThenUpdateQueue {

    /** The next job, read without a lock. Parameters: queue, now. */
    public static final String NEXT = """
            SELECT id FROM jobs
             WHERE queue = ? AND state = 'queued' AND run_at <= ?
             ORDER BY priority DESC, run_at
             LIMIT 1""";

    /** Marks it taken. Parameters: now, worker, id. */
    public static final String TAKE = """
            UPDATE jobs SET state = 'running', locked_at = ?, locked_by = ?
             WHERE id = ?
            RETURNING id, tenant_id, run_at, priority""";

    private final String queue;

    /** @param queue the queue this worker serves */
    public SelectThenUpdateQueue(String queue) {
        this.queue = queue;
    }

    /**
     * Takes the next job, in the caller's transaction.
     *
     * @param connection a connection in a transaction
     * @param worker the worker's name, recorded in locked_by
     * @param now the clock
     * @return the job, or empty when nothing is runnable
     */
    public Optional<Taken> dequeue(Connection connection, String worker, Instant now) throws SQLException {
        long id;
        try (PreparedStatement next = connection.prepareStatement(NEXT)) {
            next.setString(1, queue);
            next.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = next.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement take = connection.prepareStatement(TAKE)) {
            take.setTimestamp(1, Timestamp.from(now));
            take.setString(2, worker);
            take.setLong(3, id);
            try (ResultSet rs = take.executeQuery()) {
                return rs.next() ? Optional.of(new Taken(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getInt(4))) : Optional.empty();
            }
        }
    }
}
