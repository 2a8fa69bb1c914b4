package com.example.delayedjob;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * delayed_job's reserve query (seeds/delayed-job-sort-index.txt), in the incident's version and the fixed one.
 * A worker asks for the next five runnable jobs; most rows of the table are runnable, so the WHERE clause cannot
 * narrow anything down: only an index in ORDER BY order lets LIMIT 5 stop after five rows.
 */
public enum DelayedJobReserve {

    /** Higher priority number = more important: ORDER BY priority DESC, run_at ASC, no index to serve it. */
    BEFORE("""
            SELECT * FROM delayed_jobs
             WHERE ((run_at <= ? AND (locked_at IS NULL OR locked_at < ?) OR locked_by = ?) AND failed_at IS NULL)
             ORDER BY priority DESC, run_at ASC
             LIMIT 5"""),

    /**
     * Nice-style priority (lower number = more important) so the sort is ascending on both columns, served by
     * {@link #MIGRATION}'s index.
     */
    AFTER("""
            SELECT * FROM delayed_jobs
             WHERE ((run_at <= ? AND (locked_at IS NULL OR locked_at < ?) OR locked_by = ?) AND failed_at IS NULL)
             ORDER BY priority ASC, run_at ASC
             LIMIT 5""");

    /** The fix's migration: an index on the ORDER BY columns. */
    public static final String MIGRATION = "CREATE INDEX IF NOT EXISTS delayed_jobs_priority ON delayed_jobs (priority, run_at)";

    /** How long a lock is honoured before another worker may take the job. */
    public static final Duration MAX_RUN_TIME = Duration.ofHours(4);

    private final String sql;

    DelayedJobReserve(String sql) {
        this.sql = sql;
    }

    /** @return the statement, parameters: now, now - max run time, worker name */
    public String sql() {
        return sql;
    }

    /** @return the ids of the next five jobs this worker may run */
    public List<Long> reserve(Connection connection, String worker, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(now.minus(MAX_RUN_TIME)));
            statement.setString(3, worker);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong("id"));
                }
            }
            return ids;
        }
    }
}
