package io.github.queuetestkit.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Queue tables and dequeue functions, correct and deliberately broken, for the proof tests. */
final class TestQueues {

    static final String REMAINING = "SELECT count(*) FROM jobs WHERE state = 'pending'";

    /** Fair per user: each job carries its place in its user's line, so round r of every user goes before r+1. */
    static final String FAIR = "UPDATE jobs SET state = 'running', started_at = clock_timestamp()"
            + " WHERE id = (SELECT id FROM jobs WHERE state = 'pending' ORDER BY priority, round, user_id, id"
            + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id, user_id, created_at, priority";

    /** Plain FIFO ignoring users: correct locking, unfair order. */
    static final String PLAIN_FIFO = "UPDATE jobs SET state = 'running', started_at = clock_timestamp()"
            + " WHERE id = (SELECT id FROM jobs WHERE state = 'pending' ORDER BY id"
            + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id, user_id, created_at, priority";

    /** Priority inversion: takes the largest priority number (least urgent) first. */
    static final String INVERTED_PRIORITY = "UPDATE jobs SET state = 'running', started_at = clock_timestamp()"
            + " WHERE id = (SELECT id FROM jobs WHERE state = 'pending' ORDER BY priority DESC, id"
            + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING id, user_id, created_at, priority";

    /**
     * The "last dequeue" fair queue of the fair-queue example's fix: walks the users by their latest dequeue, oldest
     * first, and takes the head job of the first whose head is not locked. Strictly round-robin with one worker.
     * It only sees users with a row in {@code last_dequeues}: {@link #lastDequeues} gives every user one, or, for
     * the starving variant, only some.
     */
    static final String LAST_DEQUEUE_HEAD = "UPDATE jobs SET state = 'running', started_at = clock_timestamp()"
            + " WHERE id = (SELECT j.id FROM last_dequeues last"
            + " JOIN LATERAL (SELECT q.id FROM jobs q WHERE q.user_id = last.user_id AND q.state = 'pending'"
            + " ORDER BY q.created_at, q.id LIMIT 1) head ON true"
            + " JOIN jobs j ON j.id = head.id AND j.state = 'pending'"
            + " ORDER BY last.latest_dequeue NULLS FIRST, last.user_id LIMIT 1 FOR UPDATE OF j SKIP LOCKED)"
            + " RETURNING id, user_id, created_at, priority";

    /**
     * The same order read row by row, as the fair-queue example's first version does: a worker that finds the head
     * job locked takes the same user's next one, so workers that read the same snapshot serve one user up to once
     * each. Strictly round-robin with one worker.
     */
    static final String LAST_DEQUEUE_ANY_ROW = "UPDATE jobs SET state = 'running', started_at = clock_timestamp()"
            + " WHERE id = (SELECT j.id FROM jobs j LEFT JOIN last_dequeues last ON last.user_id = j.user_id"
            + " WHERE j.state = 'pending' ORDER BY last.latest_dequeue NULLS FIRST, j.user_id, j.created_at, j.id"
            + " LIMIT 1 FOR UPDATE OF j SKIP LOCKED) RETURNING id, user_id, created_at, priority";

    /** Every job still queued, as {@link Workers#waitingJobs} reads them. */
    static final String WAITING = "SELECT id, user_id, created_at, priority FROM jobs WHERE state = 'pending'";

    private TestQueues() {
    }

    /**
     * Creates the {@code last_dequeues} table, its trigger on {@code jobs.started_at} and a row for each of the
     * given users (never dequeued yet); users without a row are invisible to {@link #LAST_DEQUEUE_HEAD}.
     */
    static void lastDequeues(DataSource dataSource, String... users) throws SQLException {
        execute(dataSource, "DROP TABLE IF EXISTS last_dequeues",
                "CREATE TABLE last_dequeues (user_id text PRIMARY KEY, latest_dequeue timestamptz)",
                "CREATE OR REPLACE FUNCTION last_dequeue_upsert() RETURNS trigger AS $$ BEGIN"
                        + " INSERT INTO last_dequeues VALUES (NEW.user_id, NEW.started_at) ON CONFLICT (user_id) DO"
                        + " UPDATE SET latest_dequeue = greatest(last_dequeues.latest_dequeue, EXCLUDED.latest_dequeue);"
                        + " RETURN NULL; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER last_dequeue_upsert AFTER UPDATE OF started_at ON jobs FOR EACH ROW"
                        + " WHEN (NEW.started_at IS NOT NULL) EXECUTE FUNCTION last_dequeue_upsert()",
                "CREATE INDEX jobs_user_pending ON jobs (user_id, created_at, id) WHERE state = 'pending'");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO last_dequeues VALUES (?, NULL)")) {
            for (String user : users) {
                insert.setString(1, user);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Creates a fresh jobs table with {@code perUser} jobs for each of {@code users} users, user by user. */
    static void createJobs(DataSource dataSource, int users, int perUser) throws SQLException {
        execute(dataSource, "DROP TABLE IF EXISTS jobs",
                "CREATE TABLE jobs (id bigserial PRIMARY KEY, user_id text NOT NULL, priority int NOT NULL DEFAULT 0,"
                        + " round int NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
                        + " state text NOT NULL DEFAULT 'pending', started_at timestamptz, worker text)",
                "CREATE INDEX jobs_pending ON jobs (priority, round, user_id, id) WHERE state = 'pending'",
                "INSERT INTO jobs (user_id, round) SELECT 'user-' || u, r FROM generate_series(1, " + users
                        + ") u, generate_series(1, " + perUser + ") r ORDER BY u, r",
                "ANALYZE jobs");
    }

    static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static List<Long> ids(DataSource dataSource) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id FROM jobs ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** @return a dequeue function running one UPDATE ... RETURNING id, key, enqueued at, priority */
    static DequeueFunction updating(String sql) {
        return connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        };
    }

    /** No locking: reads the head of the queue, then marks it taken; two workers can take the same job. */
    static DequeueFunction unlocked() {
        return connection -> {
            Job head;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT id, user_id, created_at, priority FROM jobs"
                            + " WHERE state = 'pending' ORDER BY id LIMIT 1")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                head = job(rs);
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE jobs SET state = 'running', started_at = clock_timestamp() WHERE id = ?")) {
                statement.setLong(1, Long.parseLong(head.id()));
                statement.executeUpdate();
            }
            return Optional.of(head);
        };
    }

    private static Job job(ResultSet rs) throws SQLException {
        return Job.of(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getInt(4));
    }
}
