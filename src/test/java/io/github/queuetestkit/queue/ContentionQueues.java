package io.github.queuetestkit.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/** Queues that contend, correctly and not, for the contention proof tests; tables from {@link TestQueues}. */
final class ContentionQueues {

    /** Takes the head job with a plain FOR UPDATE: every worker queues behind the row another holds. */
    static final String PLAIN_FOR_UPDATE = "SELECT id, user_id, created_at, priority FROM jobs"
            + " WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE";

    /** The same with SKIP LOCKED: a worker passes over a row another holds. */
    static final String SKIP_LOCKED = "SELECT id, user_id, created_at, priority FROM jobs"
            + " WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED";

    /** The same with NOWAIT: a worker that finds the head row locked gets a lock-not-available error. */
    static final String NOWAIT = "SELECT id, user_id, created_at, priority FROM jobs"
            + " WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE NOWAIT";

    private ContentionQueues() {
    }

    /** A dequeue that selects and locks one job with the given query, then marks it running. */
    static DequeueFunction selecting(String sql) {
        return connection -> {
            Job job;
            try (PreparedStatement statement = connection.prepareStatement(sql);
                    ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                job = Job.of(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4));
            }
            markRunning(connection, job);
            return Optional.of(job);
        };
    }

    static void markRunning(Connection connection, Job job) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE jobs SET state = 'running', started_at = clock_timestamp() WHERE id = ?")) {
            update.setLong(1, Long.parseLong(job.id()));
            update.executeUpdate();
        }
    }

    /** Creates the scheduler's global lock row. */
    static void scheduler(DataSource dataSource) throws SQLException {
        TestQueues.execute(dataSource, "DROP TABLE IF EXISTS scheduler",
                "CREATE TABLE scheduler (id int PRIMARY KEY, ticks bigint NOT NULL)",
                "INSERT INTO scheduler VALUES (1, 0)");
    }

    /**
     * A scheduler that takes its job (SKIP LOCKED), then its global row, then reschedules the next timer: a worker
     * holding the global row waits for the next job's row, whose worker waits for the global row.
     */
    static DequeueFunction deadlockingScheduler() {
        return connection -> {
            Optional<Job> taken = selecting(SKIP_LOCKED).dequeue(connection);
            if (taken.isEmpty()) {
                return taken;
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1");
                statement.executeUpdate("UPDATE jobs SET round = round + 1 WHERE id = " + taken.get().id() + " + 1");
            }
            return taken;
        };
    }

    /** A scheduler that counts its ticks in one row at REPEATABLE READ: concurrent ticks fail to serialize. */
    static DequeueFunction repeatableReadScheduler() {
        return connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            }
            Optional<Job> taken = selecting(SKIP_LOCKED).dequeue(connection);
            if (taken.isPresent()) {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1");
                }
            }
            return taken;
        };
    }

    /** A jobs table whose inserts notify the given channel (with one trigger, as queue libraries do). */
    static void notifyingOn(DataSource dataSource, String channel) throws SQLException {
        TestQueues.execute(dataSource,
                "CREATE OR REPLACE FUNCTION jobs_notify() RETURNS trigger AS $$ BEGIN PERFORM pg_notify('" + channel
                        + "', ''); RETURN NULL; END $$ LANGUAGE plpgsql",
                "DROP TRIGGER IF EXISTS jobs_notify ON jobs",
                "CREATE TRIGGER jobs_notify AFTER INSERT ON jobs FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify()");
    }
}
