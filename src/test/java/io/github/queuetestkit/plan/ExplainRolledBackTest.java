package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/plan-jobs.sql")
class ExplainRolledBackTest {

    private static final String DEQUEUE = "SELECT id FROM delayed_jobs WHERE priority = ? ORDER BY run_at LIMIT 5"
            + " FOR UPDATE SKIP LOCKED";
    private static final String CLAIM = "UPDATE delayed_jobs SET locked_at = now(), locked_by = ? WHERE id IN"
            + " (SELECT id FROM delayed_jobs WHERE priority = ? ORDER BY run_at LIMIT 5 FOR UPDATE SKIP LOCKED)"
            + " RETURNING id";
    private static final String DELETE = "DELETE FROM delayed_jobs WHERE id IN (SELECT id FROM delayed_jobs"
            + " WHERE priority = ? ORDER BY run_at LIMIT 5 FOR UPDATE SKIP LOCKED) RETURNING id";

    /** Another session locks every row of priority 1 without waiting: it fails if any of them is still locked. */
    private static void assertNoRowOfPriorityOneIsLocked(PostgresDatabase database) {
        try (Connection other = database.openConnection(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("SELECT id FROM delayed_jobs WHERE priority = 1 FOR UPDATE NOWAIT")) {
                long locked = 0;
                while (rs.next()) {
                    locked++;
                }
                assertThat(locked).isEqualTo(2_000);
            }
            other.rollback();
        } catch (SQLException e) {
            throw new AssertionError("rows are still locked: " + e.getMessage(), e);
        }
    }

    private static void assertDataUnchanged(PostgresDatabase database) {
        assertThat(database.queryForLong("SELECT count(*) FROM delayed_jobs")).isEqualTo(20_000);
        assertThat(database.queryForLong("SELECT count(*) FROM delayed_jobs WHERE locked_by IS NOT NULL")).isZero();
    }

    @Test
    void dequeueClaimAndDeleteThroughADataSourceChangeNothing(DataSource dataSource, PostgresDatabase database) {
        assertThatPlan(dataSource, DEQUEUE, 1).containsNodeType("LockRows").satisfies(p ->
                assertThat(p.rowsReturned()).isEqualTo(5));
        assertThatPlan(dataSource, Explain.of(CLAIM, "w1", 1).withCustomAndGenericPlans()).containsNodeType("Update")
                .satisfies(p -> assertThat(p.rowsReturned()).isEqualTo(5));
        assertThatPlan(dataSource, DELETE, 1).containsNodeType("Delete")
                .satisfies(p -> assertThat(p.root().operation()).isEqualTo("Delete"));

        assertDataUnchanged(database);
        assertNoRowOfPriorityOneIsLocked(database);
    }

    @Test
    void anAutoCommitConnectionIsLeftInAutoCommitWithNothingLockedOrChanged(Connection connection,
            PostgresDatabase database) throws SQLException {
        assertThat(connection.getAutoCommit()).isTrue();

        assertThatPlan(connection, DEQUEUE, 1).containsNodeType("LockRows");
        assertThatPlan(connection, Explain.of(CLAIM, "w1", 1).withCustomAndGenericPlans()).containsNodeType("Update");
        assertThatPlan(connection, DELETE, 1).containsNodeType("Delete");

        assertThat(connection.getAutoCommit()).isTrue();
        assertDataUnchanged(database);
        assertNoRowOfPriorityOneIsLocked(database);
    }

    @Test
    void anOpenTransactionIsKeptWithItsOwnWorkAndSettings(Connection connection, PostgresDatabase database)
            throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO delayed_jobs (id, priority, run_at, queue) VALUES (-1, 1, now(), 'mine')");
            s.execute("SET LOCAL work_mem = '3MB'");

            assertThatPlan(connection, Explain.of(CLAIM, "w1", 1).withCustomAndGenericPlans()
                    .withSetting("work_mem", "1MB")).containsNodeType("Update");
            assertThatPlan(connection, DELETE, 1).containsNodeType("Delete");

            assertThat(connection.getAutoCommit()).isFalse();
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM delayed_jobs WHERE id = -1),"
                    + " (SELECT count(*) FROM delayed_jobs WHERE locked_by IS NOT NULL),"
                    + " current_setting('work_mem'), current_setting('plan_cache_mode')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the transaction's own insert").isEqualTo(1);
                assertThat(rs.getLong(2)).as("rows claimed by the explained UPDATE").isZero();
                assertThat(rs.getString(3)).isEqualTo("3MB");
                assertThat(rs.getString(4)).isEqualTo("auto");
            }
            assertNoRowOfPriorityOneIsLocked(database);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        assertDataUnchanged(database);
    }

    @Test
    void aStatementThatFailsLeavesTheOpenTransactionUsable(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO delayed_jobs (id, priority, run_at, queue) VALUES (-2, 1, now(), 'mine')");

            assertThatThrownBy(() -> assertThatPlan(connection, "SELECT * FROM no_such_table"))
                    .isInstanceOf(ExplainException.class);
            assertThatThrownBy(() -> assertThatPlan(connection, Explain.of("SELECT * FROM no_such_table")
                    .withGenericPlan())).isInstanceOf(ExplainException.class);

            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM delayed_jobs WHERE id = -2")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    @Test
    void withoutExecutingDoesNotRunTheStatement(DataSource dataSource, PostgresDatabase database) {
        Plan plan = Explain.of(CLAIM, "w1", 1).withoutExecuting().explain(dataSource).custom();

        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.root().operation()).isEqualTo("Update");
        assertDataUnchanged(database);
    }

    @Test
    void genericPlanIsPlannedWithoutTheValuesAndCustomWithThem(DataSource dataSource) {
        Plans plans = Explain.of(PlanFixtures.SKEWED, "done").withCustomAndGenericPlans().explain(dataSource);

        assertThat(plans.all()).extracting(Plan::type).containsExactly(PlanType.CUSTOM, PlanType.GENERIC);
        assertThat(plans.custom().root().nodeType()).isEqualTo("Seq Scan");
        assertThat(plans.custom().root().filter()).isEqualTo("(state = 'done'::text)");
        // Prepared with the type pgjdbc binds a String as (varchar), as the code's own generic plan is: hence the cast.
        assertThat(plans.generic().nodesUsingIndex("skewed_jobs_state").get(0).indexCond())
                .isEqualTo("(state = ($1)::text)");
        assertThat(plans.generic().rowsReturned()).isEqualTo(plans.custom().rowsReturned());
        assertThat(Explain.of(PlanFixtures.SKEWED, "done").withGenericPlan().withoutExecuting().explain(dataSource)
                .generic().analyzed()).isFalse();
    }

    @Test
    void parametersAreBoundAsAPreparedStatementBindsThem(DataSource dataSource) {
        String sql = "SELECT * FROM delayed_jobs WHERE priority = ? AND id > ? AND queue = ? AND run_at <= ?"
                + " AND (? OR failed_at IS NULL) AND locked_by IS NOT DISTINCT FROM ? AND ? <> gen_random_uuid()"
                + " AND priority = ANY (?)";
        OffsetDateTime at = OffsetDateTime.of(2024, 1, 1, 0, 10, 0, 0, ZoneOffset.UTC);
        UUID uuid = UUID.fromString("00000000-0000-0000-0000-000000000001");

        Plans plans = Explain.of(sql, 3, 100L, "q3", at, false, null, uuid, new Integer[] {3, 4})
                .withCustomAndGenericPlans().explain(dataSource);

        assertThat(plans.custom().nodesOn("delayed_jobs").get(0).toString()).isNotEmpty();
        String custom = plans.custom().render();
        assertThat(custom).contains("priority = 3", "id > '100'::bigint", "queue = 'q3'::text",
                "run_at <= '2024-01-01 00:10:00+00'::timestamp with time zone", "NOT (locked_by IS DISTINCT FROM NULL::text)",
                "'00000000-0000-0000-0000-000000000001'::uuid", "'{3,4}'::integer[]");
        assertThat(plans.generic().render()).contains("$1", "$8");
        long rows = plans.custom().rowsReturned();
        assertThat(rows).isPositive().isEqualTo(plans.generic().rowsReturned());
        assertThat(plans.custom().parameters()).containsExactly(3, 100L, "q3", at, false, null, uuid,
                new Integer[] {3, 4});
        assertThat(Explain.of(sql.replace("ANY (?)", "ANY (?::int[])"), 3, 100L, "q3", at, false, null, uuid,
                new int[] {3}).withGenericPlan().explain(dataSource).generic().rowsReturned()).isEqualTo(rows);
    }
}
