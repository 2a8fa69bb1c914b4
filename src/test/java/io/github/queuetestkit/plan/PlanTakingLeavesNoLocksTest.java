package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plan is taken in a transaction that is rolled back, and a rollback does not release session-level advisory locks:
 * Que's and good_job's dequeues take their job with {@code pg_try_advisory_lock}. Taking the plan on the test's own
 * connection leaves that connection holding what it held before, and nothing more.
 */
@PostgresTest
class PlanTakingLeavesNoLocksTest {

    /** Que 0.x's dequeue, shortened: the first job whose advisory lock it gets. */
    private static final String LOCK_JOB = "SELECT job_id FROM (SELECT job_id, pg_try_advisory_lock(job_id) AS locked"
            + " FROM que_jobs WHERE run_at <= now() ORDER BY priority, run_at, job_id LIMIT 3) j WHERE locked LIMIT 1";

    @BeforeAll
    static void load(PostgresDatabase db) {
        db.execute("CREATE TABLE que_jobs (priority smallint NOT NULL DEFAULT 100, run_at timestamptz NOT NULL,"
                + " job_id bigint PRIMARY KEY, shard int NOT NULL)");
        db.execute("INSERT INTO que_jobs (run_at, job_id, shard) SELECT now() - g * interval '1 s', g, g % 4"
                + " FROM generate_series(1, 100) g");
        db.execute("ANALYZE que_jobs");
    }

    private static List<String> advisoryLocks(Connection connection) throws SQLException {
        List<String> locks = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT objid || '/' || objsubid || ' ' || mode FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND pid = pg_backend_pid() ORDER BY objid")) {
            while (rs.next()) {
                locks.add(rs.getString(1));
            }
        }
        return locks;
    }

    @Test
    void sessionAdvisoryLocksTheStatementTookAreReleasedAndThoseHeldBeforeAreKept(Connection connection)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // the test's own locks, one of them shared with a two-int key; the dequeue takes those of jobs 100, 99, 98
            statement.execute("SELECT pg_advisory_lock(3), pg_advisory_lock(777), pg_advisory_lock_shared(5, 6)");
        }
        assertThatPlan(connection, LOCK_JOB).allowingTinyTables().containsNodeType("Limit");
        assertThatPlan(connection, "SELECT pg_try_advisory_lock_shared(shard, 1) FROM que_jobs")
                .allowingTinyTables().containsNodeType("Seq Scan");

        assertThat(advisoryLocks(connection)).containsExactly("3/1 ExclusiveLock", "6/2 ShareLock",
                "777/1 ExclusiveLock");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock_all()");
        }
    }

    @Test
    void aPlanTakenInTheTestsOpenTransactionLeavesItsLocksAsTheyWere(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(42)");
        }
        assertThatPlan(connection, LOCK_JOB).allowingTinyTables().containsNodeType("Limit");
        assertThat(advisoryLocks(connection)).containsExactly("42/1 ExclusiveLock");
        connection.rollback();
        connection.setAutoCommit(true);
        assertThat(advisoryLocks(connection)).isEmpty();
    }
}
