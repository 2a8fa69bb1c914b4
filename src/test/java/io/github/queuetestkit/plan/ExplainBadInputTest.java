package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitAssertions;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/plan-jobs.sql")
class ExplainBadInputTest {

    @Test
    void sqlThatDoesNotParseShowsTheServersMessageWithACaretUnderThePosition(DataSource dataSource) {
        String sql = "SELECT * FROM delayed_jobs WHER priority = ?";

        assertThatThrownBy(() -> assertThatPlan(dataSource, sql, 1))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("PostgreSQL could not explain the statement: syntax error at or near"
                        + " \"priority\" (SQLSTATE 42601)")
                .hasMessageContaining("\n  " + sql + "\n  " + " ".repeat(32) + "^\n  at line 1, column 33")
                .hasMessageContaining("Parameters: [1]")
                .satisfies(e -> assertThat(((ExplainException) e).sqlState()).hasValue("42601"));
    }

    @Test
    void positionIsMappedBackThroughPlaceholdersAndLinesInTheGenericPlanToo(DataSource dataSource) {
        String sql = "SELECT * FROM delayed_jobs\nWHERE priority = ? AND queue = ?\n  AND nope > 1";

        for (Explain explain : new Explain[] {Explain.of(sql, 1, "q1"), Explain.of(sql, 1, "q1").withGenericPlan()}) {
            assertThatThrownBy(() -> explain.explain(dataSource))
                    .isInstanceOf(ExplainException.class)
                    .hasMessageContaining("column \"nope\" does not exist (SQLSTATE 42703)")
                    .hasMessageContaining("\n    AND nope > 1\n        ^\n  at line 3, column 7");
        }
    }

    @Test
    void unknownTableIsNamedByTheServer(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM delayed_job WHERE id = ?", 1))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("relation \"delayed_job\" does not exist (SQLSTATE 42P01)")
                .hasMessageContaining("^\n  at line 1, column 15");
    }

    @Test
    void twoStatementsAreRefusedBeforeAnyRuns(DataSource dataSource) throws Exception {
        String sql = "SELECT * FROM delayed_jobs WHERE priority = 1;\n  DELETE FROM delayed_jobs";

        assertThatThrownBy(() -> assertThatPlan(dataSource, sql))
                .isInstanceOf(ExplainException.class)
                .hasMessage("The statement holds 2 statements (the second at line 2, column 3: DELETE FROM"
                        + " delayed_jobs); EXPLAIN takes one, and the driver would run the others as they are.\n  "
                        + sql + "\nAssert on each statement on its own, one assertThatPlan per statement.");
        // a semicolon that ends the one statement, or sits in a string or comment, is no second statement
        assertThatPlan(dataSource, "SELECT * FROM delayed_jobs WHERE queue = ';' -- x; y\n;").allowingTinyTables()
                .containsNodeType("Seq Scan");
    }

    @Test
    void aStringComparedWithAnEnumColumnIsToldToBindItsType(DataSource dataSource) throws Exception {
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TYPE job_state AS ENUM ('available', 'running')");
            s.execute("CREATE TABLE enum_jobs (id bigint PRIMARY KEY, state job_state NOT NULL)");
        }
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM enum_jobs WHERE state = ?", "available"))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("operator does not exist: job_state = character varying (SQLSTATE 42883)")
                .hasMessageEndingWith("\nA parameter given as a Java String is sent as character varying, which"
                        + " PostgreSQL does not compare with the column's type (an enum, say). Give it with its type,"
                        + " SqlParameter.typed(value, Types.OTHER), so the server reads it as the column's type, or"
                        + " cast it in the SQL (?::the_type).");
        assertThatPlan(dataSource, "SELECT * FROM enum_jobs WHERE state = ?",
                SqlParameter.typed("available", java.sql.Types.OTHER)).allowingTinyTables().containsNodeType("Seq Scan");
    }

    @Test
    void tooFewAndTooManyParametersAreCounted(DataSource dataSource) {
        String sql = "SELECT * FROM delayed_jobs WHERE priority = ? AND queue = ?";

        assertThatThrownBy(() -> assertThatPlan(dataSource, sql, 1))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("The statement has 2 placeholders (?) but 1 parameter was given [1]:")
                .hasMessageContaining(sql)
                .hasMessageContaining("Pass one value per ?, in order");
        assertThatThrownBy(() -> assertThatPlan(dataSource, sql, 1, "q1", "extra"))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("The statement has 2 placeholders (?) but 3 parameters were given"
                        + " [1, 'q1', 'extra']:");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM delayed_jobs WHERE queue = '?'", "q1"))
                .hasMessageContaining("The statement has 0 placeholders (?) but 1 parameter was given ['q1']");
    }

    @Test
    void statementsEXPLAINCannotShowAreRefused(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "CREATE INDEX ON delayed_jobs (queue)"))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("Cannot explain a CREATE statement: EXPLAIN shows plans of SELECT, INSERT,"
                        + " UPDATE, DELETE, MERGE, VALUES, TABLE and WITH statements.")
                .hasMessageContaining("Create tables and indexes in the test's setup");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "  -- why\n VACUUM delayed_jobs"))
                .isInstanceOf(ExplainException.class).hasMessageContaining("Cannot explain a VACUUM statement");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "  "))
                .isInstanceOf(ExplainException.class).hasMessageContaining("Cannot explain an empty statement");
    }

    @Test
    void unknownIndexSaysSoAndListsTheIndexesOfTheTablesRead(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x")
                .usesIndex("delayed_jobs_priorty_run_at"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Index \"delayed_jobs_priorty_run_at\" does not exist, so"
                        + " usesIndex(\"delayed_jobs_priorty_run_at\") cannot be checked (a misspelled index must not"
                        + " pass as \"not used\").")
                .hasMessageContaining("Indexes on the tables the statement reads:\n  delayed_jobs: delayed_jobs_pkey"
                        + " (btree (id)), delayed_jobs_priority_run_at (btree (priority, run_at))");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .usesIndexOnlyScan("delayed_jobs_before_run_at"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Index \"delayed_jobs_before_run_at\" does not exist")
                .hasMessageContaining("delayed_jobs_before: delayed_jobs_before_pkey (btree (id))");
    }

    @Test
    void aTableGivenAsAnIndexIsPointedToUsesIndexOn(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .usesIndex("delayed_jobs_before"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("\"delayed_jobs_before\" is a table, not an index, so"
                        + " usesIndex(\"delayed_jobs_before\") cannot be checked; to check that a table is read through"
                        + " an index use usesIndexOn(\"delayed_jobs_before\").");
    }

    @Test
    void unknownTableInAnAssertionSaysSoAndListsTheIndexesOfTheTablesRead(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x")
                .hasNoSeqScanOn("delayed_job"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Table \"delayed_job\" does not exist, so hasNoSeqScanOn(\"delayed_job\") cannot"
                        + " be checked (a misspelled table must not pass).")
                .hasMessageContaining("delayed_jobs: delayed_jobs_pkey (btree (id))");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x")
                .usesIndexOn("delayed_jobs_priority_run_at"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("\"delayed_jobs_priority_run_at\" is an index, not a table, so"
                        + " usesIndexOn(\"delayed_jobs_priority_run_at\") cannot be checked");
    }

    @Test
    void aStoredPlanCannotVouchForATableItDoesNotRead() {
        Plan stored = Plan.parse(PlanModelTest.resource("delayed-jobs-after.json"), PlanFixtures.DELAYED_ASC,
                PlanType.CUSTOM, "host:x");

        assertThatThrownBy(() -> QueueTestkitAssertions.assertThat(stored).hasNoSeqScanOn("delayed_job"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Table \"delayed_job\" does not appear in the plan, and a plan parsed from JSON"
                        + " has no database to check that it exists")
                .hasMessageContaining("Tables in the plan: delayed_jobs.");
    }

    @Test
    void measuredAssertionsRefuseAPlanTakenWithoutExecuting(DataSource dataSource) {
        Explain estimate = Explain.of(PlanFixtures.DELAYED_ASC, "host:x").withoutExecuting();
        PlanAssert plan = assertThatPlan(dataSource, estimate).usesIndex("delayed_jobs_priority_run_at").hasNoSort()
                .totalCostAtMost(10);

        assertThatThrownBy(() -> plan.rowsExaminedAtMost(5))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("rowsExaminedAtMost(5) needs measured values, but the custom plan of")
                .hasMessageContaining("was taken without executing the statement; drop withoutExecuting()");
        assertThatThrownBy(() -> plan.rowsExaminedPerRowReturnedAtMost(1)).isInstanceOf(QueueTestkitException.class);
        assertThatThrownBy(() -> plan.sharedBuffersAtMost(5)).isInstanceOf(QueueTestkitException.class);
        assertThatThrownBy(() -> plan.heapFetchesAtMost(5)).isInstanceOf(QueueTestkitException.class);
        assertThatThrownBy(() -> plan.sortsOnlyInMemory()).isInstanceOf(QueueTestkitException.class);
        assertThatThrownBy(() -> plan.executionTimeAtMost(Duration.ofSeconds(1)))
                .isInstanceOf(QueueTestkitException.class).hasMessageContaining("executionTimeAtMost(PT1S)");
    }

    @Test
    void unknownNodeTypeNamesAreRefused(DataSource dataSource) {
        PlanAssert plan = assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x");

        assertThatThrownBy(() -> plan.doesNotContainNodeType("SeqScan"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Unknown node type \"SeqScan\" in doesNotContainNodeType(\"SeqScan\"): a"
                        + " misspelled type would never be found.");
        assertThatThrownBy(() -> plan.containsNodeType("Index Scan", "Lock Rows"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Unknown node type \"Lock Rows\" in containsNodeType(\"Lock Rows\")");
        assertThatThrownBy(() -> plan.containsNodeType()).isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("containsNodeType() needs at least one node type");
        plan.doesNotContainNodeType("Hash Anti Join", "HashAggregate", "Memoize");
    }

    @Test
    void jsonThatIsNotAPlanIsRefused() {
        assertThatThrownBy(() -> Plan.parse("{\"nope\": 1}", "SELECT 1", PlanType.CUSTOM))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("no \"Plan\" object at the top");
        assertThatThrownBy(() -> Plan.parse("[{\"Plan\": ", "SELECT 1", PlanType.CUSTOM))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Not the JSON of EXPLAIN (FORMAT JSON):");
    }

    @Test
    void askingForAPlanThatWasNotTakenSaysHowToTakeIt(DataSource dataSource) {
        Plans plans = Explain.of(PlanFixtures.DELAYED_ASC, "host:x").explain(dataSource);

        assertThatThrownBy(plans::generic)
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("No generic plan was requested for")
                .hasMessageContaining("withGenericPlan() or withCustomAndGenericPlans()");
    }
}
