package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static io.github.queuetestkit.plan.PlanFixtures.DELAYED_ASC;
import static io.github.queuetestkit.plan.PlanFixtures.DELAYED_BEFORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plan assertions against the delayed-job story (db/plan-jobs.sql): each passes on the fixed query and fails on the
 * incident's query with a message that shows the SQL and the whole plan with the node at fault marked. Run on every
 * server version CI covers by the subclasses, each pinning its image; against an external server only the class of
 * that server's version runs.
 */
abstract class PlanAssertionsContract {

    private static final String WORKER = "host:a pid:1";

    abstract int majorVersion();

    @BeforeEach
    void onTheVersionAskedFor(PostgresDatabase db) {
        OnServerVersion.assumeMajorUnlessContainer(db, majorVersion());
        assertThat(db.serverVersionNum() / 10_000).isEqualTo(majorVersion());
    }

    /** The dequeue of delayed_job: lock five runnable jobs; asserting on it must lock nothing. */
    private static final String RESERVE = "UPDATE delayed_jobs SET locked_at = now(), locked_by = ? WHERE id IN"
            + " (SELECT id FROM delayed_jobs WHERE locked_at IS NULL AND failed_at IS NULL ORDER BY priority, run_at"
            + " LIMIT 5 FOR UPDATE SKIP LOCKED) RETURNING id";

    @Test
    void indexAssertionsPassOnTheFixAndFailOnTheIncidentWithTheScanMarked(DataSource dataSource) {
        assertThatPlan(dataSource, DELAYED_ASC, WORKER)
                .usesIndex("delayed_jobs_priority_run_at")
                .usesIndexOn("delayed_jobs")
                .hasNoSeqScan()
                .hasNoSeqScanOn("delayed_jobs")
                .hasNoSort();

        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).usesIndex("delayed_jobs_before_pkey"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to use index \"delayed_jobs_before_pkey\"",
                        "SQL:\n  SELECT * FROM delayed_jobs_before WHERE", "Parameters: ['host:a pid:1']")
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on delayed_jobs_before .*");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).hasNoSeqScanOn("delayed_jobs_before"))
                .hasMessageContainingAll("Expecting the plan to have no Seq Scan",
                        "Seq Scan on delayed_jobs_before, which examined 20,000 rows and kept 20,000",
                        "Plan (custom, analyzed; >> marks the node at fault):", "Limit  (cost=", "Execution Time:")
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on delayed_jobs_before .*");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).usesIndexOn("delayed_jobs_before"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("delayed_jobs_before");
    }

    @Test
    void sortAssertionsNameTheSortKeysAndWhereItSorted(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).hasNoSort())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to have no Sort, but it has 1: Sort by priority DESC, run_at",
                        "top-N heapsort")
                .hasMessageMatching("(?s).*\n>> +->  Sort  .*");
        assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).sortsOnlyInMemory();

        Explain spilling = Explain.of("SELECT * FROM delayed_jobs_before ORDER BY queue, payload, run_at")
                .withSetting("work_mem", "64kB");
        assertThatThrownBy(() -> assertThatPlan(dataSource, spilling).sortsOnlyInMemory())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Disk", "external")
                .hasMessageMatching("(?s).*\n>> +Sort  .*");
    }

    @Test
    void indexOnlyScanAndHeapFetches(DataSource dataSource, PostgresDatabase db) {
        // the kit's containers commit asynchronously, so the VACUUM of the init script may have found pages it could
        // not yet mark all-visible; now it can, and the index-only scan needs no heap fetches
        db.execute("VACUUM delayed_jobs");
        String covered = "SELECT priority, run_at FROM delayed_jobs WHERE priority = 3 ORDER BY run_at LIMIT 10";
        assertThatPlan(dataSource, covered)
                .usesIndexOnlyScan()
                .usesIndexOnlyScan("delayed_jobs_priority_run_at")
                .heapFetchesAtMost(0)
                .containsNodeType("Index Only Scan", "Limit");

        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER).usesIndexOnlyScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Index Only Scan");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER)
                .usesIndexOnlyScan("delayed_jobs_priority_run_at"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("delayed_jobs_priority_run_at");
    }

    @Test
    void nodeTypeAssertionsListWhatTheyFoundAndRejectUnknownTypes(DataSource dataSource) {
        assertThatPlan(dataSource, DELAYED_ASC, WORKER)
                .containsNodeType("Limit", "Index Scan")
                .doesNotContainNodeType("Seq Scan", "Sort", "Hash Join");

        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER).containsNodeType("Hash Join"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Hash Join");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).doesNotContainNodeType("Seq Scan"))
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on delayed_jobs_before .*");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER).doesNotContainNodeType("Seqscan"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Seqscan");
    }

    @Test
    void rowsExaminedCountsEveryRowAScanLookedAt(DataSource dataSource) {
        Plan before = Explain.of(DELAYED_BEFORE, WORKER).explain(dataSource).custom();
        Plan after = Explain.of(DELAYED_ASC, WORKER).explain(dataSource).custom();

        assertThat(before.rowsExamined()).isEqualTo(20_000);
        assertThat(before.rowsReturned()).isEqualTo(5);
        assertThat(after.rowsExamined()).isEqualTo(5);
        assertThat(after.rowsReturned()).isEqualTo(5);
        assertThatPlan(dataSource, DELAYED_ASC, WORKER).rowsExaminedAtMost(5).rowsExaminedPerRowReturnedAtMost(1.0);
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).rowsExaminedAtMost(50))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to examine at most 50 rows, but it examined 20,000 to return 5");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).rowsExaminedPerRowReturnedAtMost(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("4,000");
    }

    @Test
    void buffersCostAndTimeBudgets(DataSource dataSource) {
        assertThatPlan(dataSource, DELAYED_ASC, WORKER)
                .sharedBuffersAtMost(20)
                .totalCostAtMost(10)
                .executionTimeAtMost(Duration.ofSeconds(30));

        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).sharedBuffersAtMost(20))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("20");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).totalCostAtMost(10))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("cost");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_BEFORE, WORKER).executionTimeAtMost(Duration.ofNanos(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Execution Time");
    }

    @Test
    void satisfiesShowsTheRequirementsMessageWithThePlan(DataSource dataSource) {
        assertThatPlan(dataSource, DELAYED_ASC, WORKER)
                .satisfies(plan -> assertThat(plan.nodesOfType("Limit")).hasSize(1));

        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER)
                .satisfies(plan -> assertThat(plan.tables()).containsExactly("delayed_jobs_before")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("delayed_jobs_before", "SQL:", "Index Scan using delayed_jobs_priority_run_at");
    }

    @Test
    void assertingOnADequeueLocksAndChangesNothing(DataSource dataSource, PostgresDatabase db) {
        long lockedBefore = db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE locked_by IS NOT NULL");

        assertThatPlan(dataSource, RESERVE, WORKER).usesIndex("delayed_jobs_priority_run_at")
                .containsNodeType("LockRows");
        assertThatPlan(dataSource, "DELETE FROM delayed_jobs WHERE priority = ? RETURNING id", 7).hasNoSort();

        assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE locked_by IS NOT NULL"))
                .isEqualTo(lockedBefore);
        assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE priority = 7")).isEqualTo(2_000);
        assertThat(db.queryForLong("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                + " WHERE c.relname = 'delayed_jobs' AND l.pid <> pg_backend_pid()")).isZero();
    }

    @Test
    void aConnectionInATransactionStaysInIt(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO delayed_jobs (priority, run_at,"
                    + " queue) VALUES (42, now(), 'kept')")) {
                insert.executeUpdate();
            }

            assertThatPlan(connection, "DELETE FROM delayed_jobs WHERE queue = ? RETURNING id", "kept").isNotNull();

            assertThat(connection.getAutoCommit()).isFalse();
            assertThat(count(connection, "SELECT count(*) FROM delayed_jobs WHERE queue = 'kept'")).isEqualTo(1);
            connection.rollback();
        }
        try (Connection connection = dataSource.getConnection()) {
            assertThatPlan(connection, RESERVE, WORKER).containsNodeType("LockRows");
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(count(connection, "SELECT count(*) FROM delayed_jobs WHERE locked_by = 'host:a pid:1'")).isZero();
        }
    }

    @Test
    void withoutExecutingGivesEstimatesAndRefusesMeasuredAssertions(DataSource dataSource, PostgresDatabase db) {
        Explain estimate = Explain.of("DELETE FROM delayed_jobs WHERE priority = ?", 8).withoutExecuting();
        Plan plan = estimate.explain(dataSource).custom();

        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.root().actual()).isEmpty();
        assertThat(plan.executionTime()).isEmpty();
        assertThatPlan(dataSource, estimate).totalCostAtMost(10_000).hasNoSort();
        assertThatThrownBy(() -> assertThatPlan(dataSource, estimate).rowsExaminedAtMost(10))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContainingAll("rowsExaminedAtMost(10)", "withoutExecuting()");
        assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE priority = 8")).isEqualTo(2_000);
    }

    @Test
    void genericPlanIsTakenWithoutTheValuesAndNamedWhenItFails(DataSource dataSource) {
        // 1% of skewed_jobs are queued: the custom plan, knowing the value, reads the index; the generic plan must
        // assume half the table matches and, with these costs, scans it
        Explain both = Explain.of(PlanFixtures.SKEWED, "queued").withSetting("random_page_cost", "4")
                .withSetting("enable_indexscan", "off").withCustomAndGenericPlans();
        Plans plans = both.explain(dataSource);

        assertThat(plans.all()).extracting(Plan::type).containsExactly(PlanType.CUSTOM, PlanType.GENERIC);
        assertThat(plans.custom().nodesUsingIndex("skewed_jobs_state")).isNotEmpty();
        assertThat(plans.generic().render()).contains("$1");
        assertThatPlan(dataSource, both.withCustomPlan()).hasNoSeqScanOn("skewed_jobs");
        assertThatThrownBy(() -> assertThatPlan(dataSource, both).hasNoSeqScanOn("skewed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("the generic plan", "Plan (generic, analyzed")
                .hasMessageNotContaining("Plan (custom");
    }

    @Test
    void parametersAreBoundAsAPreparedStatementBindsThem(DataSource dataSource) {
        String sql = "SELECT id FROM delayed_jobs WHERE priority = ? AND run_at <= ? AND locked_by IS NOT DISTINCT FROM ?"
                + " AND ? AND ?::uuid IS NOT NULL AND queue = ? ORDER BY priority, run_at LIMIT ?";
        Object[] values = {3, OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), null, true, UUID.randomUUID(),
                "q3", 5L};

        Plans plans = Explain.of(sql, values).withCustomAndGenericPlans().explain(dataSource);

        assertThat(plans.custom().rowsReturned()).isEqualTo(5);
        assertThat(plans.generic().rowsReturned()).isEqualTo(5);
        assertThat(plans.custom().parameters()).containsExactly(values);
    }

    @Test
    void sqlThatDoesNotParseIsReportedWithTheServersMessageAndACaret(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM delayed_jobs\nWHERE priority = ? ORDER BY BY run_at", 1))
                .isInstanceOf(ExplainException.class)
                .isNotInstanceOf(AssertionError.class)
                .hasMessageContainingAll("syntax error at or near \"run_at\"", "42601", "at line 2, column 32",
                        "  WHERE priority = ? ORDER BY BY run_at\n  " + " ".repeat(31) + "^");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT nope FROM delayed_jobs"))
                .isInstanceOf(ExplainException.class)
                .hasMessageContainingAll("column \"nope\" does not exist", "  SELECT nope FROM delayed_jobs\n         ^");
    }

    @Test
    void wrongParameterCountsAndUnexplainableStatementsAreNamed(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM delayed_jobs WHERE priority = ? AND queue = ?", 1))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("The statement has 2 placeholders (?) but 1 parameter was given [1]");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM delayed_jobs WHERE priority = ?", 1, 2))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("The statement has 1 placeholder (?) but 2 parameters were given");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "CREATE INDEX x ON delayed_jobs (queue)"))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("Cannot explain a CREATE statement");
    }

    @Test
    void aMisspelledIndexOrTableIsAnErrorListingTheIndexesThatExist(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER).usesIndex("delayed_jobs_prio_run_at"))
                .isInstanceOf(QueueTestkitException.class)
                .isNotInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Index \"delayed_jobs_prio_run_at\" does not exist",
                        "delayed_jobs: delayed_jobs_pkey (btree (id)), delayed_jobs_priority_run_at (btree (priority, run_at))");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER).hasNoSeqScanOn("delayed_job"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Table \"delayed_job\" does not exist");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DELAYED_ASC, WORKER).usesIndex("delayed_jobs"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("table");
    }

    @Test
    void theRenderedPlanHasTheServersOwnTextLayout(DataSource dataSource) throws SQLException {
        Plan plan = Explain.of(DELAYED_BEFORE.replace("?", "'host:a pid:1'")).explain(dataSource).custom();
        String serverText;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) "
                        + DELAYED_BEFORE.replace("?", "'host:a pid:1'"));
                ResultSet rs = explain.executeQuery()) {
            StringBuilder text = new StringBuilder();
            while (rs.next()) {
                text.append(rs.getString(1)).append('\n');
            }
            serverText = text.toString();
        }

        assertThat(layout(plan.render())).isEqualTo(layout(serverText)).hasSizeGreaterThan(4);
    }

    @Test
    void theModelCarriesWhatExplainReports(DataSource dataSource) {
        Plan join = Explain.of("SELECT d.id FROM delayed_jobs d JOIN delayed_jobs_before b ON b.id = d.id"
                + " WHERE d.priority = ? AND b.queue = ?", 1, "q1").explain(dataSource).custom();
        Plan reparsed = Plan.parse(join.json(), join.sql(), PlanType.CUSTOM, 1, "q1");

        PlanNode top = join.root();
        assertThat(top.joinType()).isEqualTo("Inner");
        assertThat(join.tables()).containsExactlyInAnyOrder("delayed_jobs", "delayed_jobs_before");
        assertThat(join.nodesOn("delayed_jobs")).first().satisfies(scan -> {
            assertThat(scan.alias()).isEqualTo("d");
            assertThat(scan.estimatedRows()).isPositive();
            assertThat(scan.totalCost()).isGreaterThanOrEqualTo(scan.startupCost());
            assertThat(scan.actual()).hasValueSatisfying(a -> assertThat(a.loops()).isPositive());
        });
        assertThat(join.nodesOn("delayed_jobs_before").get(0).filter()).contains("queue");
        assertThat(join.planningTime()).isPresent();
        assertThat(join.executionTime()).isPresent();
        assertThat(join.sharedBuffers()).isPositive();
        assertThat(reparsed.render()).isEqualTo(join.render());
        assertThat(reparsed.shape()).isEqualTo(join.shape());

        Plan sorted = Explain.of(DELAYED_BEFORE, WORKER).explain(dataSource).custom();
        PlanNode sort = sorted.nodesOfType("Sort").get(0);
        assertThat(sort.sortKeys()).containsExactly("priority DESC", "run_at");
        assertThat(sort.sortMethod()).isEqualTo("top-N heapsort");
        assertThat(sort.sortSpaceType()).isEqualTo("Memory");
        assertThat(sorted.parentOf(sort)).contains(sorted.root());
        assertThat(Explain.of(DELAYED_ASC, WORKER).explain(dataSource).custom().nodesOfType("Index Scan").get(0))
                .satisfies(scan -> {
                    assertThat(scan.indexName()).isEqualTo("delayed_jobs_priority_run_at");
                    assertThat(scan.scanDirection()).isEqualTo("Forward");
                    assertThat(scan.rowsExamined()).isEqualTo(5);
                });
        assertThatCode(() -> Plan.parse("[{\"Plan\": {\"Node Type\": \"Result\"}}]", "SELECT 1", PlanType.CUSTOM))
                .doesNotThrowAnyException();
    }

    /** Node headlines and their detail lines, without the figures that change from run to run. */
    private static java.util.List<String> layout(String text) {
        return text.lines()
                .filter(l -> !l.isBlank() && !l.contains("Buffers:") && !l.contains("Planning") && !l.contains("Execution Time")
                        && !l.contains("Memory:") && !l.contains("Disk:"))
                .map(l -> l.replaceAll("\\(actual time=[0-9.]+\\.\\.[0-9.]+ ", "(actual ").stripTrailing())
                .toList();
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
