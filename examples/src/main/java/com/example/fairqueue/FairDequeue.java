package com.example.fairqueue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A per-user fair queue (seeds/fair-queue-last-dequeue.txt): the next job belongs to the user whose last dequeue
 * is the oldest (never dequeued first), so one user's thousands of jobs do not starve everyone else. Both versions
 * dequeue in the same order; they differ in what they read to find it.
 */
public enum FairDequeue {

    /** The incident: every dequeue computes each user's latest dequeue from the whole job history. */
    BEFORE("""
            UPDATE batch_spec_workspace_execution_jobs SET state = 'processing', started_at = clock_timestamp(),
                   worker_hostname = ?
             WHERE id = (SELECT j.id
                           FROM batch_spec_workspace_execution_jobs j
                           LEFT JOIN (SELECT user_id, max(started_at) AS latest_dequeue
                                        FROM batch_spec_workspace_execution_jobs GROUP BY user_id) last
                                  ON last.user_id = j.user_id
                          WHERE j.state = 'queued'
                          ORDER BY last.latest_dequeue NULLS FIRST, j.created_at, j.id
                          LIMIT 1
                          FOR UPDATE OF j SKIP LOCKED)
            RETURNING id, user_id, created_at""", List.of()),

    /**
     * The fix: the latest dequeue per user lives in its own small table, kept by a trigger; the dequeue walks the
     * users in that order and takes the oldest queued job of the first one that has any, through a partial index.
     */
    AFTER("""
            UPDATE batch_spec_workspace_execution_jobs SET state = 'processing', started_at = clock_timestamp(),
                   worker_hostname = ?
             WHERE id = (SELECT j.id
                           FROM batch_spec_workspace_execution_last_dequeues last
                           JOIN LATERAL (SELECT q.id FROM batch_spec_workspace_execution_jobs q
                                          WHERE q.user_id = last.user_id AND q.state = 'queued'
                                          ORDER BY q.created_at, q.id
                                          LIMIT 1) head ON true
                           -- the state is checked on the locked row too: a worker that waited for it re-checks
                           -- this condition on the committed row and skips a job another worker already took
                           JOIN batch_spec_workspace_execution_jobs j ON j.id = head.id AND j.state = 'queued'
                          ORDER BY last.latest_dequeue NULLS FIRST, last.user_id
                          LIMIT 1
                          FOR UPDATE OF j SKIP LOCKED)
            RETURNING id, user_id, created_at""", List.of(
            """
            CREATE TABLE batch_spec_workspace_execution_last_dequeues (
                user_id bigint PRIMARY KEY,
                latest_dequeue timestamptz
            )""",
            """
            INSERT INTO batch_spec_workspace_execution_last_dequeues (user_id, latest_dequeue)
            SELECT u.id, (SELECT max(started_at) FROM batch_spec_workspace_execution_jobs j WHERE j.user_id = u.id)
              FROM users u""",
            """
            CREATE FUNCTION batch_spec_workspace_execution_last_dequeues_upsert() RETURNS trigger AS $$
            BEGIN
                INSERT INTO batch_spec_workspace_execution_last_dequeues (user_id, latest_dequeue)
                VALUES (NEW.user_id, NEW.started_at)
                ON CONFLICT (user_id) DO UPDATE
                   SET latest_dequeue = greatest(batch_spec_workspace_execution_last_dequeues.latest_dequeue,
                                                 EXCLUDED.latest_dequeue);
                RETURN NULL;
            END $$ LANGUAGE plpgsql""",
            """
            CREATE TRIGGER batch_spec_workspace_execution_last_dequeues_upsert
            AFTER UPDATE OF started_at ON batch_spec_workspace_execution_jobs
            FOR EACH ROW WHEN (NEW.started_at IS NOT NULL)
            EXECUTE FUNCTION batch_spec_workspace_execution_last_dequeues_upsert()""",
            """
            CREATE INDEX batch_spec_workspace_execution_jobs_queued_per_user
                ON batch_spec_workspace_execution_jobs (user_id, created_at, id) WHERE state = 'queued'""",
            "ANALYZE batch_spec_workspace_execution_last_dequeues"));

    /** A job a worker took. */
    public record Taken(long id, long userId, Instant createdAt) {
    }

    private final String sql;
    private final List<String> migration;

    FairDequeue(String sql, List<String> migration) {
        this.sql = sql;
        this.migration = migration;
    }

    /** @return the dequeue statement; its one parameter is the worker's host name */
    public String sql() {
        return sql;
    }

    /** @return the schema changes this version needs, in order */
    public List<String> migration() {
        return migration;
    }

    /** Takes the next job in the caller's transaction. */
    public Optional<Taken> dequeue(Connection connection, String worker) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, worker);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Taken(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        }
    }
}
