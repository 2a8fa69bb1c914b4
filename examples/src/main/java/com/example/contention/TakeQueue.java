package com.example.contention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * A queue that takes the oldest pending job of {@code tasks} and marks it running, in the caller's transaction. The
 * incident version locks the row with a plain {@code FOR UPDATE}: every worker reads the same head row and queues
 * behind the worker holding it. The fix adds {@code SKIP LOCKED}: a worker passes over a row another holds.
 */
public final class TakeQueue {

    /** The incident: all workers wait for the one holding the head row. */
    public static final String PLAIN_FOR_UPDATE = """
            SELECT id, created_at FROM tasks
             WHERE state = 'pending'
             ORDER BY id
             LIMIT 1
             FOR UPDATE""";

    /** The fix: a locked row is passed over. */
    public static final String SKIP_LOCKED = PLAIN_FOR_UPDATE + " SKIP LOCKED";

    /** A job a worker took. */
    public record Taken(long id, Instant createdAt) {
    }

    private final String select;

    /** @param select {@link #PLAIN_FOR_UPDATE} or {@link #SKIP_LOCKED} */
    public TakeQueue(String select) {
        this.select = select;
    }

    /**
     * @param connection a connection in a transaction; commit when the work is done
     * @return the job taken, or empty when none is pending
     */
    public Optional<Taken> take(Connection connection) throws SQLException {
        Taken taken;
        try (PreparedStatement statement = connection.prepareStatement(select);
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            taken = new Taken(rs.getLong(1), rs.getTimestamp(2).toInstant());
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tasks SET state = 'running', started_at = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(Instant.now()));
            update.setLong(2, taken.id());
            update.executeUpdate();
        }
        return Optional.of(taken);
    }
}
