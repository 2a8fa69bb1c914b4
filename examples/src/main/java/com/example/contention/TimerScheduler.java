package com.example.contention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * A timer scheduler on {@code tasks}: each fired timer bumps the scheduler's global row in {@code scheduler} and
 * re-arms the next timer of its chain (the task with the next id).
 * <ul>
 *   <li>{@link #fireGlobalRowLast} (the incident): takes its timer, then the global row, then the next timer's row.
 *       A worker holding the global row waits for the next timer, whose worker waits for the global row: deadlock.</li>
 *   <li>{@link #fireGlobalRowFirst}: takes the global row first; no deadlock, but every worker now queues behind
 *       the global row, one at a time.</li>
 *   <li>{@link #fireAppendOnly} (the fix): no global row (each tick is a row of its own in {@code scheduler_ticks})
 *       and the next timer is re-armed only if nobody holds it ({@code SKIP LOCKED}).</li>
 * </ul>
 */
public final class TimerScheduler {

    private TimerScheduler() {
    }

    /** The incident: job row, global row, next job row. */
    public static Optional<TakeQueue.Taken> fireGlobalRowLast(Connection connection) throws SQLException {
        Optional<TakeQueue.Taken> timer = new TakeQueue(TakeQueue.SKIP_LOCKED).take(connection);
        if (timer.isPresent()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1");
            }
            rearm(connection, "UPDATE tasks SET fired = fired + 1 WHERE id = ?", timer.get().id() + 1);
        }
        return timer;
    }

    /** Global row first: no deadlock, one worker at a time. */
    public static Optional<TakeQueue.Taken> fireGlobalRowFirst(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1");
        }
        Optional<TakeQueue.Taken> timer = new TakeQueue(TakeQueue.SKIP_LOCKED).take(connection);
        if (timer.isPresent()) {
            rearm(connection, "UPDATE tasks SET fired = fired + 1 WHERE id = ?", timer.get().id() + 1);
        }
        return timer;
    }

    /** The fix: append-only ticks, and the next timer re-armed only when free. */
    public static Optional<TakeQueue.Taken> fireAppendOnly(Connection connection) throws SQLException {
        Optional<TakeQueue.Taken> timer = new TakeQueue(TakeQueue.SKIP_LOCKED).take(connection);
        if (timer.isPresent()) {
            rearm(connection, "INSERT INTO scheduler_ticks (task_id) VALUES (?)", timer.get().id());
            rearm(connection, "UPDATE tasks SET fired = fired + 1 WHERE id = (SELECT id FROM tasks WHERE id = ?"
                    + " FOR UPDATE SKIP LOCKED)", timer.get().id() + 1);
        }
        return timer;
    }

    private static void rearm(Connection connection, String sql, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }
}
