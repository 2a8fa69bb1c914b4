package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitAssertions;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exact wording of the first sentence of each plan failure, on stored plans so every number is fixed. */
class PlanMessagesTest {

    private static final Plan BEFORE = Plan.parse(PlanModelTest.resource("delayed-jobs-before.json"),
            PlanFixtures.DELAYED_BEFORE, PlanType.CUSTOM, "host:x");
    private static final Plan AFTER = Plan.parse(PlanModelTest.resource("delayed-jobs-after.json"),
            PlanFixtures.DELAYED_ASC, PlanType.CUSTOM, "host:x");

    private static String sentence(String message) {
        return message.strip().lines().findFirst().orElseThrow();
    }

    private static PlanNode seqScan() {
        return BEFORE.nodesOfType("Seq Scan").get(0);
    }

    @Test
    void noSeqScan() {
        String message = ShouldNotContainNodes.seqScan("the plan", null, List.of(seqScan()), BEFORE).create();

        assertThat(sentence(message)).isEqualTo("Expecting the plan to have no Seq Scan, but it has 1: Seq Scan on"
                + " delayed_jobs_before, which examined 20,000 rows and kept 20,000.");
        assertThatThrownBy(() -> QueueTestkitAssertions.assertThat(BEFORE).hasNoSeqScan())
                .hasMessageContaining(message.strip());
    }

    @Test
    void layoutIsSentenceSqlParametersThenTheMarkedPlan() {
        String message = ShouldNotContainNodes.seqScan("the plan", NamedRelation.unresolved("delayed_jobs_before"),
                List.of(seqScan()), BEFORE).create();

        assertThat(message).startsWith("""

                Expecting the plan to have no Seq Scan on "delayed_jobs_before", but it has 1: Seq Scan on \
                delayed_jobs_before, which examined 20,000 rows and kept 20,000.

                SQL:
                  SELECT * FROM delayed_jobs_before WHERE ((run_at <= now() AND (locked_at IS NULL OR locked_at < \
                now() - interval '4 hours') OR locked_by = ?) AND failed_at IS NULL) ORDER BY priority DESC, run_at \
                ASC LIMIT 5
                Parameters: ['host:x']

                Plan (custom, analyzed; >> marks the node at fault):
                   Limit  (cost=980.16..980.17 rows=5 width=72) (actual time=5.019..5.020 rows=5 loops=1)
                     Buffers: shared hit=6 read=148 dirtied=148
                     ->  Sort  (cost=980.16..1030.15 rows=19998 width=72) (actual time=5.018..5.018 rows=5 loops=1)
                           Sort Key: priority DESC, run_at
                           Sort Method: top-N heapsort  Memory: 25kB
                           Buffers: shared hit=6 read=148 dirtied=148
                >>         ->  Seq Scan on delayed_jobs_before  (cost=0.00..648.00 rows=19998 width=72) \
                (actual time=0.024..3.728 rows=20000 loops=1)""");
    }

    @Test
    void sort() {
        assertThat(sentence(ShouldNotContainNodes.sort("the plan", BEFORE.nodesOfType("Sort"), BEFORE).create()))
                .isEqualTo("Expecting the plan to have no Sort, but it has 1: Sort by priority DESC, run_at (20,000"
                        + " rows in, top-N heapsort in Memory 25kB).");
    }

    @Test
    void nodeType() {
        assertThat(sentence(ShouldNotContainNodes.nodeType("the generic plan", List.of("Sort"),
                BEFORE.nodesOfType("Sort"), BEFORE).create()))
                .isEqualTo("Expecting the generic plan to contain no Sort node, but it has 1: Sort.");
        assertThat(sentence(ShouldContainNodeType.create("the plan", List.of("LockRows", "Hash Join"), AFTER).create()))
                .isEqualTo("Expecting the plan to contain LockRows and Hash Join, but it has no such node; its nodes"
                        + " are: Limit, Index Scan.");
    }

    @Test
    void sortInMemory() {
        assertThat(sentence(ShouldSortInMemory.create("the plan", BEFORE.nodesOfType("Sort"), BEFORE).create()))
                .isEqualTo("Expecting every sort of the plan to stay in memory, but 1 spilled to disk: Sort by"
                        + " priority DESC, run_at (20,000 rows in, top-N heapsort in Memory 25kB) (raise work_mem,"
                        + " sort fewer rows, or read them in order from an index).");
    }

    @Test
    void useIndex() {
        assertThat(sentence(ShouldUseIndex.index("the plan", "delayed_jobs_priority_run_at",
                NamedRelation.unresolved("delayed_jobs_before"),
                List.of(seqScan()), BEFORE).create()))
                .isEqualTo("Expecting the plan to use index \"delayed_jobs_priority_run_at\" on"
                        + " \"delayed_jobs_before\", but no node reads it; \"delayed_jobs_before\" is read by Seq Scan on"
                        + " delayed_jobs_before, which examined 20,000 rows and kept 20,000.");
        assertThat(sentence(ShouldUseIndex.anyIndexOn("the plan", NamedRelation.unresolved("delayed_jobs_before"),
                List.of(seqScan()), BEFORE).create()))
                .isEqualTo("Expecting the plan to read \"delayed_jobs_before\" through an index, but it reads it with"
                        + " Seq Scan on delayed_jobs_before, which examined 20,000 rows and kept 20,000.");
        assertThat(sentence(ShouldUseIndex.indexOnly("the plan", null, AFTER.nodesWhere(PlanNode::isTableScan),
                AFTER).create()))
                .isEqualTo("Expecting the plan to use an Index Only Scan, but it reads with Index Scan using"
                        + " delayed_jobs_priority_run_at on delayed_jobs, which examined 5 rows and kept 5.");
    }

    @Test
    void budgets() {
        assertThat(sentence(ShouldBeAtMost.rowsExamined("the plan", 50, BEFORE).create()))
                .isEqualTo("Expecting the plan to examine at most 50 rows, but it examined 20,000 to return 5: Seq"
                        + " Scan on delayed_jobs_before, which examined 20,000 rows and kept 20,000.");
        assertThat(sentence(ShouldBeAtMost.rowsExaminedPerRowReturned("the plan", 2, BEFORE).create()))
                .isEqualTo("Expecting the plan to examine at most 2.00 rows per row returned, but it examined 20,000"
                        + " to return 5, 4,000.00 per row: Seq Scan on delayed_jobs_before, which examined 20,000 rows"
                        + " and kept 20,000.");
        assertThat(sentence(ShouldBeAtMost.sharedBuffers("the plan", 20, BEFORE).create()))
                .isEqualTo("Expecting the plan to touch at most 20 shared buffers, but it touched 154 (6 hit, 148"
                        + " read); most in Seq Scan on delayed_jobs_before (148); Sort (6).");
        assertThat(sentence(ShouldBeAtMost.totalCost("the plan", 10, BEFORE).create()))
                .isEqualTo("Expecting the plan to have an estimated total cost of at most 10.00, but the planner"
                        + " estimated 980.17.");
        assertThat(sentence(ShouldBeAtMost.executionTime("the plan", Duration.ofMillis(1), BEFORE).create()))
                .isEqualTo("Expecting the plan to execute in at most 1.000 ms, but it took 5.041 ms (times are noisy:"
                        + " sharedBuffersAtMost and rowsExaminedAtMost measure the same work without the noise).");
    }

    @Test
    void rowsPerRowReturnedUnderADriverLimitCountsWhatTheCodeReceivedAndSaysWhereTheLimitCameFrom() {
        Plan limited = BEFORE.withDriverRowLimit(2);

        assertThat(limited.rowsReturned()).isEqualTo(5);
        assertThat(limited.rowsReceived()).isEqualTo(2);
        assertThat(limited.limitedByDriver()).isTrue();
        assertThat(sentence(ShouldBeAtMost.rowsExaminedPerRowReturned("the plan", 2, limited).create()))
                .isEqualTo("Expecting the plan to examine at most 2.00 rows per row returned, but it examined 20,000"
                        + " to return 2 to the code, 10,000.00 per row: Seq Scan on delayed_jobs_before, which examined"
                        + " 20,000 rows and kept 20,000. The limit of 2 rows came from the driver"
                        + " (Statement.setMaxRows(2)), not the SQL: the server planned the statement for all 5 rows its"
                        + " plan returns. Write the limit into the SQL (LIMIT 2) so the planner can choose a plan that"
                        + " stops early.");
        assertThatThrownBy(() -> QueueTestkitAssertions.assertThat(limited).rowsExaminedPerRowReturnedAtMost(5_000))
                .hasMessageContaining("10,000.00 per row")
                .hasMessageContaining("(Statement.setMaxRows(2))");
        QueueTestkitAssertions.assertThat(BEFORE).rowsExaminedPerRowReturnedAtMost(5_000);
    }

    @Test
    void aDriverLimitAboveTheRowsReturnedChangesNothing() {
        Plan unlimited = BEFORE.withDriverRowLimit(10);

        assertThat(unlimited.limitedByDriver()).isFalse();
        assertThat(unlimited.rowsReceived()).isEqualTo(5);
        assertThat(ShouldBeAtMost.rowsExaminedPerRowReturned("the plan", 2, unlimited).create())
                .isEqualTo(ShouldBeAtMost.rowsExaminedPerRowReturned("the plan", 2, BEFORE).create());
    }

    @Test
    void typedParametersShowTheirValueThenHowTheyAreBound() {
        assertThat(SqlParameter.typed("queued", Types.OTHER)).hasToString("'queued' (Types.OTHER)");
        assertThat(SqlParameter.typed(new BigDecimal("1.5"), Types.NUMERIC, 2))
                .hasToString("1.5 (Types.NUMERIC, scale or length 2)");
        assertThat(SqlParameter.nullOf(Types.INTEGER)).hasToString("null (Types.INTEGER)");
        assertThat(SqlParameter.nullOf(Types.OTHER, "job_state")).hasToString("null (Types.OTHER, job_state)");
        assertThat(SqlParameter.of("q1")).hasToString("'q1'");
        assertThat(SqlParameter.of(new long[] {1, 2})).hasToString("{1, 2}");
        assertThat(SqlParameter.typeName(-155)).isEqualTo("SQL type -155");
        assertThat(SqlParameter.typed("queued", Types.OTHER)).isEqualTo(SqlParameter.typed("queued", Types.OTHER));

        Plan typed = Plan.parse(PlanModelTest.resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_BEFORE,
                PlanType.CUSTOM, SqlParameter.typed("host:x", Types.OTHER));
        assertThat(ShouldNotContainNodes.seqScan("the plan", null, typed.nodesOfType("Seq Scan"), typed).create())
                .contains("\nParameters: ['host:x' (Types.OTHER)]\n");
    }

    @Test
    void unknownRelations() {
        assertThat(UnknownRelation.index("usesIndex(\"jobs_x\")", "jobs_x",
                Map.of("jobs", List.of("jobs_pkey (btree (id))"))))
                .isEqualTo("Index \"jobs_x\" does not exist, so usesIndex(\"jobs_x\") cannot be checked (a misspelled"
                        + " index must not pass as \"not used\"). Indexes on the tables the statement reads:\n"
                        + "  jobs: jobs_pkey (btree (id))");
        assertThat(UnknownRelation.table("hasNoSeqScanOn(\"job\")", "job", Map.of("jobs", List.of())))
                .isEqualTo("Table \"job\" does not exist, so hasNoSeqScanOn(\"job\") cannot be checked (a misspelled"
                        + " table must not pass). Indexes on the tables the statement reads:\n  jobs: (no indexes)");
    }

    @Test
    void tableNotReadAtAll() {
        String message = ShouldReadTable.withoutSeqScan("the plan", NamedRelation.unresolved("jobs"), BEFORE).create();

        assertThat(message).startsWith("""

                Expecting the plan to have no Seq Scan on "jobs", but it does not read "jobs" at all, so the check \
                would prove nothing.
                The plan reads: Seq Scan on delayed_jobs_before.
                A plan shows only the tables the statement itself reads or writes; what it reaches through functions, \
                triggers or rules is not in it. Assert on those statements themselves (plan the function's query with \
                assertThatPlan, or list what ran with ServerStatements), or name a table the statement reads.

                SQL:
                """);
        assertThat(sentence(ShouldReadTable.throughIndex("the plan", NamedRelation.unresolved("jobs"), BEFORE).create()))
                .isEqualTo("Expecting the plan to read \"jobs\" through an index, but it does not read it at all.");
    }
}
