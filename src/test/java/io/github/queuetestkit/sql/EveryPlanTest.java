package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every distinct captured statement planned again and checked, on the delayed-job tables of db/plan-jobs.sql. */
@PostgresTest(init = "db/plan-jobs.sql")
class EveryPlanTest {

    private static final String RESERVE = "UPDATE delayed_jobs SET locked_by = ? WHERE id IN (SELECT id FROM delayed_jobs"
            + " WHERE locked_by IS NULL ORDER BY priority, run_at LIMIT 5 FOR UPDATE SKIP LOCKED) RETURNING id";
    private static final String OLD_RESERVE = "SELECT id FROM delayed_jobs_before WHERE failed_at IS NULL"
            + " ORDER BY priority DESC, run_at LIMIT 5";

    /** What the code under test does: reserve once through the index, poll the old table three times. */
    private static void workerRuns(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement set = connection.createStatement()) {
                set.execute("SET LOCAL lock_timeout = '1s'");
            }
            try (PreparedStatement reserve = connection.prepareStatement(RESERVE)) {
                reserve.setString(1, "worker-1");
                reserve.executeQuery().close();
            }
            for (int i = 0; i < 3; i++) {
                try (PreparedStatement poll = connection.prepareStatement(OLD_RESERVE); ResultSet rs = poll.executeQuery()) {
                    rs.next();
                }
            }
            connection.commit();
        }
    }

    @Test
    void everyStatementIsPlannedAndAFailureNamesItsCallCountAndPlan(DataSource dataSource, CapturedStatements captured,
            PostgresDatabase db) throws SQLException {
        workerRuns(dataSource);
        long locked = db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE locked_by IS NOT NULL");

        assertThatStatements(captured).everyPlan().hasNoSeqScanOn("delayed_jobs");
        assertThatStatements(captured).updates("delayed_jobs").everyPlan().hasNoSeqScan().hasNoSort();
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting every captured statement's plan to satisfy hasNoSeqScan(), but 1 of 2"
                        + " did not.", "Not planned", "set local lock_timeout = ?",
                        "Statement 2 of 2, run 3 times: select id from delayed_jobs_before",
                        "SQL:\n  SELECT id FROM delayed_jobs_before",
                        "Expecting the plan to have no Seq Scan")
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on delayed_jobs_before .*");
        assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE locked_by IS NOT NULL")).isEqualTo(locked);
    }

    @Test
    void aTableCheckThatNoPlannedStatementReachesFailsInsteadOfPassing(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        workerRuns(dataSource);

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScanOn("skewed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting every captured statement's plan to satisfy"
                        + " hasNoSeqScanOn(\"skewed_jobs\"), but no planned statement reads or writes \"skewed_jobs\"",
                        "Planned:\n  update delayed_jobs set locked_by = ?");
    }

    @Test
    void secretParametersAreHiddenEvenWhereThePlanInlinesThem(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lookup = connection.prepareStatement(
                        "SELECT id FROM delayed_jobs_before WHERE locked_by = ?")) {
            lookup.setString(1, "token-hunter2");
            lookup.executeQuery().close();
        }

        assertThatThrownBy(() -> assertThatStatements(captured.withSecrets(SecretParameters.atPositions(1)))
                .everyPlan().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<secret>")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void softModeCollectsEveryPlanFailures(DataSource dataSource, CapturedStatements captured) throws SQLException {
        workerRuns(dataSource);
        io.github.queuetestkit.QueueTestkitSoftAssertions softly = new io.github.queuetestkit.QueueTestkitSoftAssertions();

        softly.assertThatEveryPlan(captured).hasNoSeqScan();
        softly.assertThatEveryPlan(captured).rowsExaminedAtMost(1);

        assertThat(softly.errorsCollected()).hasSize(2);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("hasNoSeqScan()");
        io.github.queuetestkit.QueueTestkitAssertions.assertThatEveryPlan(captured).hasNoSeqScanOn("delayed_jobs");
    }

    /** 'done' is 99% of skewed_jobs: its custom plan reads the table whole, the generic plan goes through the index. */
    private static void pollsDoneJobs(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement poll = connection.prepareStatement("SELECT id FROM skewed_jobs WHERE state = ?")) {
            poll.setString(1, "done");
            poll.executeQuery().close();
        }
    }

    @Test
    void genericPlansAreCheckedWhenAskedForAndAFailureNamesThePlanThatFailed(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        pollsDoneJobs(dataSource);

        assertThatStatements(captured).everyPlan().withGenericPlans().hasNoSeqScan();
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScan())
                .hasMessageContaining("Expecting every captured statement's plan to satisfy hasNoSeqScan(), but 1 of 1"
                        + " did not.")
                .hasMessageContaining("Expecting the plan to have no Seq Scan");
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().withCustomAndGenericPlans().hasNoSeqScan())
                .hasMessageContaining("Expecting every captured statement's custom and generic plans to satisfy"
                        + " hasNoSeqScan(), but 1 of 1 did not.")
                .hasMessageContaining("Expecting the custom plan to have no Seq Scan")
                .hasMessageNotContaining("Expecting the generic plan");
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().withGenericPlans().withCustomPlans()
                .hasNoSeqScan())
                .hasMessageContaining("Expecting the plan to have no Seq Scan");
    }

    @Test
    void softModeCollectsFailuresOfTheGenericPlans(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        pollsDoneJobs(dataSource);
        io.github.queuetestkit.QueueTestkitSoftAssertions softly = new io.github.queuetestkit.QueueTestkitSoftAssertions();

        softly.assertThatEveryPlan(captured).withCustomAndGenericPlans().hasNoSeqScan().hasNoSort();
        softly.assertThatEveryPlan(captured).withGenericPlans().hasNoSeqScan().rowsExaminedAtMost(1);

        assertThat(softly.errorsCollected()).hasSize(2);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("Expecting the custom plan to have no Seq Scan");
        assertThat(softly.errorsCollected().get(1)).hasMessageContaining("Expecting every captured statement's generic"
                + " plan to satisfy rowsExaminedAtMost(1)");
    }

    // A first try that hit a bad value (or a lock timeout) must not hide the runs that followed.
    @Test
    void aStatementWhoseFirstExecutionFailedIsPlannedWithItsFirstSuccessfulOne(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement lookup = connection.prepareStatement(
                "SELECT id FROM delayed_jobs_before WHERE queue = ? AND id > ?::bigint")) {
            lookup.setString(1, "q1");
            lookup.setString(2, "not-a-number");
            assertThatThrownBy(() -> lookup.executeQuery().close()).isInstanceOf(SQLException.class);
            for (int i = 0; i < 3; i++) {
                lookup.setString(1, "q" + i);
                lookup.setString(2, "0");
                lookup.executeQuery().close();
            }
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScanOn("delayed_jobs_before"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but 1 of 1 did not.", "Statement 1 of 1, run 4 times: select id from"
                        + " delayed_jobs_before where queue = ? and id > ?::bigint", "Seq Scan on delayed_jobs_before")
                .hasMessageNotContaining("Not planned");
    }

    @Test
    void aStatementThatFailedEveryTimeIsNotPlannedAndSaysSo(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement lookup = connection.prepareStatement(
                "SELECT id FROM delayed_jobs_before WHERE id > ?::bigint")) {
            lookup.setString(1, "not-a-number");
            assertThatThrownBy(() -> lookup.executeQuery().close()).isInstanceOf(SQLException.class);
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("no statement could be planned", "Not planned (not SELECT, INSERT, UPDATE,"
                        + " DELETE or MERGE, or failed every time):\n  select id from delayed_jobs_before where id >"
                        + " ?::bigint");
    }

    // A plan of "SELECT f(?)" is one Result node: the Seq Scan inside the function never shows.
    private static void enqueueThroughAFunction(PostgresDatabase db, DataSource dataSource) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION oldest_job(p_queue text) RETURNS bigint AS $$"
                + " BEGIN RETURN (SELECT id FROM delayed_jobs_before WHERE queue = p_queue ORDER BY run_at LIMIT 1);"
                + " END $$ LANGUAGE plpgsql");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement call = connection.prepareStatement("SELECT oldest_job(?)")) {
            call.setString(1, "q1");
            call.executeQuery().close();
        }
    }

    @Test
    void aCheckWherePlansOnlyCallFunctionsOfTheDatabaseFailsInsteadOfPassing(PostgresDatabase db,
            DataSource dataSource, CapturedStatements captured) throws SQLException {
        enqueueThroughAFunction(db, dataSource);

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("to satisfy hasNoSeqScan(), but no planned statement's plan shows the work it"
                        + " does", "Not checked (the plan only calls a function of the database's own",
                        "  select oldest_job(...)  calls oldest_job");
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().rowsExaminedAtMost(10))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no planned statement's plan shows the work it does");
    }

    @Test
    void aFunctionCallIsLeftOutOfTheCheckAndListedWhenOtherStatementsAreChecked(PostgresDatabase db,
            DataSource dataSource, CapturedStatements captured) throws SQLException {
        enqueueThroughAFunction(db, dataSource);
        workerRuns(dataSource);

        assertThatStatements(captured).updates("delayed_jobs").everyPlan().hasNoSeqScan();
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but 1 of 3 did not.", "Not checked (the plan only calls a function of the"
                        + " database's own", "  select oldest_job(...)  calls oldest_job",
                        "select id from delayed_jobs_before where failed_at is null");
    }

    @Test
    void aPlanCallingOnlyBuiltInFunctionsIsChecked(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, 42);
            lock.executeQuery().close();
        }

        assertThatStatements(captured).everyPlan().hasNoSeqScan();
    }

    // The injected Connection runs with auto-commit off, so the row the code updated stays locked until the test ends.
    @Test
    void planningARowTheCodesOpenTransactionLocksStopsWaitingAndNamesTheHolder(Connection connection,
            CapturedStatements captured) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement finish = connection.prepareStatement(
                "UPDATE delayed_jobs SET locked_by = 'done' WHERE id = ?")) {
            finish.setLong(1, 1);
            finish.executeUpdate();
        }

        try {
            assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSort())
                    .isInstanceOf(QueueTestkitException.class)
                    .hasMessageContainingAll("Could not plan the captured statement update delayed_jobs set locked_by"
                            + " = ? where id = ?", "canceling statement due to lock timeout (SQLSTATE 55P03)",
                            "It waited 5s for a lock (while updating tuple", "in relation \"delayed_jobs\"",
                            "(idle in transaction) holds delayed_jobs; its last statement: UPDATE delayed_jobs SET"
                                    + " locked_by = 'done' WHERE id = $1",
                            "Commit (or roll back) the code's transaction before the plan check");
        } finally {
            connection.rollback();
        }
    }

    // Legal in a plain Statement, which has no placeholders: jsonb's ? operator.
    @Test
    void aPlainStatementUsingTheQuestionMarkOperatorIsPlanned(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT id FROM delayed_jobs WHERE to_jsonb(queue) ? 'q1'").close();
        }

        assertThatStatements(captured).everyPlan().hasNoSort();
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScan())
                .hasMessageContaining("to_jsonb(queue) ? ?");
    }

    @Test
    void nothingToPlanIsAFailureNotAPass(DataSource dataSource, CapturedStatements captured) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET work_mem = '8MB'");
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("no statement could be planned", "set work_mem = ?");
    }

    private static void readsByState(DataSource dataSource, String... states) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement read = connection.prepareStatement("SELECT id FROM skewed_jobs WHERE state = ?")) {
            for (String state : states) {
                read.setString(1, state);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    @Test
    void aLaterExecutionWhoseValueTheStatisticsMakeCommonGetsItsOwnPlanChecked(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        // 1% of the rows are queued, 99% done: the first execution reads the index, the later ones the whole table.
        readsByState(dataSource, "queued", "done", "done", "queued");

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScanOn("skewed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but 1 of 1 did not.")
                .hasMessageContaining("Statement 1 of 1, run 4 times, plan 2 of 2 among its 2 distinct executions,"
                        + " with parameters [done]: select id from skewed_jobs where state = ?")
                .hasMessageMatching("(?s).*\n>> +Seq Scan on skewed_jobs .*")
                .hasMessageNotContaining("Statement 1 of 1, run 4 times: ");
        // the generic plan is made without the values: one plan, whatever they were
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().withGenericPlans()
                .satisfy(plan -> plan.rowsExaminedAtMost(0)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Statement 1 of 1, run 4 times: select id from skewed_jobs where state = ?")
                .hasMessageNotContaining("plan 2 of");
    }

    @Test
    void executionsWithTheSamePlanAreCheckedOnce(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        // none of these states is in the table: each is estimated at a row or two and read through the index
        readsByState(dataSource, "failed", "running", "paused", "failed");

        assertThatStatements(captured).everyPlan().hasNoSeqScanOn("skewed_jobs");
        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().satisfy(plan -> plan.usesIndexOnlyScan()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Statement 1 of 1, run 4 times: select id from skewed_jobs where state = ?")
                .hasMessageNotContaining("plan 2 of");
    }

    @Test
    void statementsDifferingOnlyInALiteralArePlannedEachWithItsOwnText(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String state : new String[] {"queued", "done"}) {
                try (ResultSet rs = statement.executeQuery("SELECT id FROM skewed_jobs WHERE state = '" + state
                        + "'")) {
                    rs.next();
                }
            }
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScanOn("skewed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Statement 1 of 1, run 2 times, plan 2 of 2 among its 2 distinct executions,"
                        + " with text SELECT id FROM skewed_jobs WHERE state = 'done': select id from skewed_jobs"
                        + " where state = ?");
    }

    /** A tenant's copy of the jobs table without the (priority, run_at) index, beside public's indexed one. */
    private static void tenantTableWithoutTheIndex(PostgresDatabase db) {
        db.execute("CREATE SCHEMA IF NOT EXISTS tenant_b");
        db.execute("DROP TABLE IF EXISTS tenant_b.delayed_jobs");
        db.execute("CREATE TABLE tenant_b.delayed_jobs (LIKE public.delayed_jobs INCLUDING DEFAULTS)");
        db.execute("INSERT INTO tenant_b.delayed_jobs SELECT * FROM public.delayed_jobs");
        db.execute("ANALYZE tenant_b.delayed_jobs");
    }

    private static final String NEXT_BY_PRIORITY = "SELECT id FROM delayed_jobs WHERE priority = ? ORDER BY run_at"
            + " LIMIT 5";

    @Test
    void aStatementIsPlannedOnTheSearchPathTheCodesSessionSet(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        tenantTableWithoutTheIndex(db);
        try (Connection connection = dataSource.getConnection()) {
            try (Statement set = connection.createStatement()) {
                set.execute("SET search_path TO tenant_b, public");
            }
            try (PreparedStatement next = connection.prepareStatement(NEXT_BY_PRIORITY)) {
                next.setInt(1, 3);
                next.executeQuery().close();
            }
            try (Statement reset = connection.createStatement()) {
                reset.execute("RESET search_path");
            }
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScanOn("delayed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Statement 1 of 1, run once: select id from delayed_jobs where priority = ?",
                        "plan settings (SET LOCAL) search_path=tenant_b, public")
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on delayed_jobs .*");
    }

    @Test
    void aSearchPathSetForOneTransactionIsNotCarriedPastItsEnd(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        tenantTableWithoutTheIndex(db);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement set = connection.createStatement()) {
                set.execute("SELECT set_config('search_path', 'tenant_b, public', true)");
            }
            connection.commit();
            try (PreparedStatement next = connection.prepareStatement(NEXT_BY_PRIORITY)) {
                next.setInt(1, 3);
                next.executeQuery().close();
            }
            connection.commit();
        }

        assertThatStatements(captured).everyPlan().hasNoSeqScanOn("delayed_jobs");
    }

    @Test
    void aStatementThatSwitchesTheSearchPathIsPlannedOnThePathItStartedWith(PostgresDatabase db,
            DataSource dataSource, CapturedStatements captured) throws SQLException {
        tenantTableWithoutTheIndex(db);
        db.execute("CREATE OR REPLACE FUNCTION public.use_tenant(s text) RETURNS void AS $$"
                + " BEGIN PERFORM set_config('search_path', s || ', public', false); END $$ LANGUAGE plpgsql");
        try (Connection connection = dataSource.getConnection()) {
            try (Statement use = connection.createStatement()) {
                use.execute("SELECT use_tenant('tenant_b')");
            }
            try (PreparedStatement next = connection.prepareStatement(NEXT_BY_PRIORITY)) {
                next.setInt(1, 3);
                next.executeQuery().close();
            }
            try (Statement reset = connection.createStatement()) {
                reset.execute("RESET search_path");
            }
        }

        // planned on tenant_b's path, the path it set, use_tenant would not be found and planning would throw
        assertThatStatements(captured).everyPlan().satisfy(plan -> plan.isNotNull());
    }

    @Test
    void rowsTheTestLoadedAreAnalyzedBeforeTheExecutionsAreComparedByPlan(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("DROP TABLE IF EXISTS fresh_jobs");
        db.execute("CREATE TABLE fresh_jobs (id bigserial PRIMARY KEY, state text NOT NULL, payload text NOT NULL)"
                + " WITH (autovacuum_enabled = false)");
        db.execute("CREATE INDEX fresh_jobs_state ON fresh_jobs (state)");
        db.execute("INSERT INTO fresh_jobs (state, payload) SELECT CASE WHEN i % 100 = 0 THEN 'queued' ELSE 'done'"
                + " END, repeat('x', 100) FROM generate_series(1, 40000) i");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement read = connection.prepareStatement("SELECT id FROM fresh_jobs WHERE state = ?")) {
            for (String state : new String[] {"queued", "done"}) {
                read.setString(1, state);
                read.executeQuery().close();
            }
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScanOn("fresh_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("plan 2 of 2 among its 2 distinct executions, with parameters [done]");
    }

    @Test
    void genericPlansOfExecutionsBoundWithOtherTypesAreEachChecked(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement read = connection.prepareStatement(
                "SELECT id FROM delayed_jobs WHERE id = ?")) {
            read.setLong(1, 5);
            read.executeQuery().close();
            // numeric: the column is cast, so no plan can use the primary key
            read.setBigDecimal(1, new java.math.BigDecimal("5"));
            read.executeQuery().close();
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().withGenericPlans()
                .hasNoSeqScanOn("delayed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("plan 2 of 2 among its 2 distinct executions, with parameters [5 (setBigDecimal)]");
    }

    @Test
    void secretValuesOfEveryExecutionAreHidden(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement read = connection.prepareStatement(
                "SELECT id FROM skewed_jobs WHERE state = ? AND payload <> ?")) {
            read.setString(1, "queued");
            read.setString(2, "hunter2-first");
            read.executeQuery().close();
            read.setString(1, "done");
            read.setString(2, "s3cr3t-second");
            read.executeQuery().close();
        }

        assertThatThrownBy(() -> assertThatStatements(captured.withSecrets(SecretParameters.atPositions(2)))
                .everyPlan().hasNoSeqScanOn("skewed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with parameters [done, <secret>]")
                .hasMessageNotContaining("s3cr3t-second")
                .hasMessageNotContaining("hunter2-first");
    }

    @Test
    void aLaterExecutionBoundFromAReaderIsLeftOutOfTheComparison(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(
                "UPDATE skewed_jobs SET payload = ? WHERE id = ?")) {
            update.setString(1, "small");
            update.setLong(2, 10L);
            update.executeUpdate();
            update.setCharacterStream(1, new java.io.StringReader("big document"), 12);
            update.setLong(2, 11L);
            update.executeUpdate();
        }

        assertThatStatements(captured).everyPlan().hasNoSeqScanOn("skewed_jobs");
    }

    @Test
    void aRareValueAmongManyDistinctExecutionsIsCompared(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        // 300 distinct executions (the id differs each time); the one with the common state is the 8th
        try (Connection connection = dataSource.getConnection(); PreparedStatement read = connection.prepareStatement(
                "SELECT id FROM skewed_jobs WHERE state = ? AND id > ?")) {
            for (int i = 0; i < 300; i++) {
                read.setString(1, i == 7 ? "done" : "queued");
                read.setLong(2, i);
                read.executeQuery().close();
            }
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSeqScanOn("skewed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("among its 300 distinct executions, with parameters [done, 7 (setLong)]");
    }
}
