package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitAssertions;
import io.github.queuetestkit.QueueTestkitSoftAssertions;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/plan-jobs.sql")
class PlanAssertTest {

    private static final String BY_QUEUE = "SELECT * FROM delayed_jobs WHERE queue = ?";
    private static final String INDEX_ONLY = "SELECT priority, run_at FROM delayed_jobs WHERE priority = ?"
            + " ORDER BY run_at";
    private static final String DEQUEUE = "SELECT id FROM delayed_jobs WHERE priority = ? ORDER BY run_at LIMIT 1"
            + " FOR UPDATE SKIP LOCKED";

    @Test
    void usesIndexPassesWhenANodeReadsIt(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").usesIndex("delayed_jobs_priority_run_at")
                .usesIndex("public.delayed_jobs_priority_run_at");
    }

    @Test
    void usesIndexFailsWithTheScanThatReadsTheTableInstead(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, BY_QUEUE, "q1").usesIndex("delayed_jobs_priority_run_at"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to use index \"delayed_jobs_priority_run_at\" on"
                        + " \"delayed_jobs\", but no node reads it; \"delayed_jobs\" is read by Seq Scan on"
                        + " delayed_jobs, which examined 20,000 rows and kept 4,000.")
                .message().containsSubsequence("SQL:", "  " + BY_QUEUE, "Parameters: ['q1']",
                        "Plan (custom, analyzed; >> marks the node at fault):",
                        ">> Seq Scan on delayed_jobs  (cost=", "Filter: (queue = 'q1'::text)",
                        "Rows Removed by Filter: 16000", "Execution Time:");
    }

    @Test
    void usesIndexOnPassesOnlyWhenEveryScanOfTheTableGoesThroughAnIndex(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").usesIndexOn("delayed_jobs");
        assertThatThrownBy(() -> assertThatPlan(dataSource, BY_QUEUE, "q1").usesIndexOn("delayed_jobs"))
                .hasMessageContaining("Expecting the plan to read \"delayed_jobs\" through an index, but it reads it"
                        + " with Seq Scan on delayed_jobs, which examined 20,000 rows and kept 4,000.")
                .hasMessageContaining(">> Seq Scan on delayed_jobs");
    }

    @Test
    void usesIndexOnFailsWhenTheTableIsNotReadAtAll(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, BY_QUEUE, "q1").usesIndexOn("skewed_jobs"))
                .hasMessageContaining("Expecting the plan to read \"skewed_jobs\" through an index, but it does not"
                        + " read it at all.");
    }

    @Test
    void usesIndexOnlyScanPassesOnAnIndexOnlyScanAndFailsOnAnIndexScan(DataSource dataSource) {
        assertThatPlan(dataSource, INDEX_ONLY, 3).usesIndexOnlyScan()
                .usesIndexOnlyScan("delayed_jobs_priority_run_at");

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").usesIndexOnlyScan())
                .hasMessageContaining("Expecting the plan to use an Index Only Scan, but it reads with Index Scan using"
                        + " delayed_jobs_priority_run_at on delayed_jobs, which examined 5 rows and kept 5.");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x")
                .usesIndexOnlyScan("delayed_jobs_priority_run_at"))
                .hasMessageContaining("Expecting the plan to use an Index Only Scan of"
                        + " \"delayed_jobs_priority_run_at\", but it reads with Index Scan using"
                        + " delayed_jobs_priority_run_at on delayed_jobs")
                .hasMessageContaining(">>   ->  Index Scan using delayed_jobs_priority_run_at");
    }

    @Test
    void hasNoSeqScanPassesOnTheFixAndFailsOnTheDelayedJobQueryBeforeIt(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").hasNoSeqScan();

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x").hasNoSeqScan())
                .hasMessageContaining("Expecting the plan to have no Seq Scan, but it has 1: Seq Scan on"
                        + " delayed_jobs_before, which examined 20,000 rows and kept 20,000.")
                .message().containsSubsequence("SQL:", "ORDER BY priority DESC", "Parameters: ['host:x']",
                        "   Limit  (cost=", "     ->  Sort", ">>         ->  Seq Scan on delayed_jobs_before");
    }

    @Test
    void hasNoSeqScanOnChecksOnlyTheNamedTable(DataSource dataSource) {
        String join = "SELECT d.id FROM delayed_jobs d JOIN delayed_jobs_before b ON b.id = d.id WHERE d.priority = ?"
                + " AND d.run_at < ?::timestamptz";
        Explain explain = Explain.of(join, 1, "2024-01-01 00:00:10+00").withSetting("enable_hashjoin", "off")
                .withSetting("enable_mergejoin", "off");
        assertThatPlan(dataSource, explain).hasNoSeqScanOn("delayed_jobs");

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .hasNoSeqScanOn("delayed_jobs_before"))
                .hasMessageContaining("Expecting the plan to have no Seq Scan on \"delayed_jobs_before\", but it has 1:");
    }

    @Test
    void hasNoSeqScanOnFailsWhenThePlanDoesNotReadTheTableAtAll(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, BY_QUEUE, "q1").hasNoSeqScanOn("skewed_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to have no Seq Scan on \"skewed_jobs\", but it does not"
                        + " read \"skewed_jobs\" at all, so the check would prove nothing.",
                        "The plan reads: Seq Scan on delayed_jobs.");
    }

    @Test
    void hasNoSortFailsNamingTheSortKeysAndRowsSorted(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").hasNoSort();

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x").hasNoSort())
                .hasMessageContaining("Expecting the plan to have no Sort, but it has 1: Sort by priority DESC, run_at"
                        + " (20,000 rows in, top-N heapsort in Memory 25kB).")
                .hasMessageContaining(">>   ->  Sort  (cost=");
    }

    @Test
    void sortsOnlyInMemoryFailsWhenASortSpillsToDisk(DataSource dataSource) {
        String sql = "SELECT * FROM delayed_jobs_before ORDER BY queue, run_at, id";
        assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x").sortsOnlyInMemory();

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(sql).withSetting("work_mem", "64kB"))
                .sortsOnlyInMemory())
                .hasMessageContaining("Expecting every sort of the plan to stay in memory, but 1 spilled to disk:"
                        + " Sort by queue, run_at, id (20,000 rows in, external merge in Disk")
                .hasMessageContaining("(raise work_mem, sort fewer rows, or read them in order from an index).")
                .hasMessageContaining("Sort Method: external merge  Disk:");
    }

    @Test
    void sortsOnlyInMemoryFailsWhenTheGroupsOfAnIncrementalSortSpill(DataSource dataSource) {
        // Ordered by priority from the index, each priority's 2,000 rows still need sorting by queue, id.
        String sql = "SELECT * FROM delayed_jobs ORDER BY priority, queue, id LIMIT 5000";
        assertThatPlan(dataSource, sql).containsNodeType("Incremental Sort").sortsOnlyInMemory();

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(sql).withSetting("work_mem", "64kB"))
                .sortsOnlyInMemory())
                .hasMessageContaining("Expecting every sort of the plan to stay in memory, but 1 spilled to disk:"
                        + " Incremental Sort by priority, queue, id (6,001 rows in, quicksort, external merge in Disk ")
                .message().containsSubsequence(">>   ->  Incremental Sort", "Sort Key: priority, queue, id",
                        "Presorted Key: priority",
                        "Full-sort Groups: 3  Sort Method: quicksort  Average Memory: ",
                        "Pre-sorted Groups: 3  Sort Method: external merge  Average Disk: ");
    }

    @Test
    void containsNodeTypeFindsLockRowsOfADequeue(DataSource dataSource) {
        assertThatPlan(dataSource, DEQUEUE, 1).containsNodeType("LockRows", "Limit", "index scan");

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x")
                .containsNodeType("LockRows"))
                .hasMessageContaining("Expecting the plan to contain LockRows, but it has no such node; its nodes are:"
                        + " Limit, Index Scan.");
    }

    @Test
    void doesNotContainNodeTypeMarksTheNodesFound(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").doesNotContainNodeType("Sort", "Seq Scan");

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .doesNotContainNodeType("Sort", "Seq Scan"))
                .hasMessageContaining("Expecting the plan to contain no Sort or Seq Scan node, but it has 2: Sort;"
                        + " Seq Scan on delayed_jobs_before.")
                .message().containsSubsequence(">>   ->  Sort", ">>         ->  Seq Scan");
    }

    @Test
    void rowsExaminedAtMostTellsTheSixtySevenThousandForFiveStory(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").rowsExaminedAtMost(5)
                .rowsExaminedPerRowReturnedAtMost(1.0);

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .rowsExaminedAtMost(50))
                .hasMessageContaining("Expecting the plan to examine at most 50 rows, but it examined 20,000 to return"
                        + " 5: Seq Scan on delayed_jobs_before, which examined 20,000 rows and kept 20,000.")
                .hasMessageContaining(">>         ->  Seq Scan");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .rowsExaminedPerRowReturnedAtMost(2))
                .hasMessageContaining("Expecting the plan to examine at most 2.00 rows per row returned, but it"
                        + " examined 20,000 to return 5, 4,000.00 per row:");
    }

    @Test
    void sharedBuffersAtMostNamesWhereTheBuffersWent(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").sharedBuffersAtMost(20);

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .sharedBuffersAtMost(20))
                .hasMessageContaining("Expecting the plan to touch at most 20 shared buffers, but it touched")
                .hasMessageContaining("most in Seq Scan on delayed_jobs_before (148)");
    }

    @Test
    void totalCostAndExecutionTimeBudgets(DataSource dataSource) {
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").totalCostAtMost(10)
                .executionTimeAtMost(Duration.ofSeconds(10));

        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .totalCostAtMost(10))
                .hasMessageContaining("Expecting the plan to have an estimated total cost of at most 10.00, but the"
                        + " planner estimated 980.");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .executionTimeAtMost(Duration.ofNanos(1)))
                .hasMessageContaining("Expecting the plan to execute in at most 0.000 ms, but it took")
                .hasMessageContaining("times are noisy");
    }

    @Test
    void heapFetchesAtMostCountsTableVisitsOfIndexOnlyScans(DataSource dataSource, PostgresDatabase database) {
        database.execute("CREATE TABLE unvacuumed AS SELECT g AS id, g % 7 AS kind FROM generate_series(1, 1000) g");
        database.execute("CREATE INDEX unvacuumed_kind_id ON unvacuumed (kind, id)");
        database.execute("ANALYZE unvacuumed");
        Explain explain = Explain.of("SELECT id FROM unvacuumed WHERE kind = ?", 3)
                .withSetting("enable_seqscan", "off").withSetting("enable_bitmapscan", "off");

        assertThatThrownBy(() -> assertThatPlan(dataSource, explain).usesIndexOnlyScan().heapFetchesAtMost(10))
                .hasMessageContaining("Expecting the plan to make at most 10 heap fetches, but its index-only scans"
                        + " made 143: Index Only Scan using unvacuumed_kind_id on unvacuumed (143).")
                .hasMessageContaining("Heap Fetches: 143");
    }

    @Test
    void satisfiesRunsTheRequirementOnTheModel(DataSource dataSource) {
        assertThatPlan(dataSource, DEQUEUE, 1).satisfies(p -> assertThat(p.nodesOfType("LockRows")).hasSize(1));

        assertThatThrownBy(() -> assertThatPlan(dataSource, DEQUEUE, 1)
                .satisfies(p -> assertThat(p.rowsReturned()).as("rows returned").isEqualTo(2)))
                .hasMessageContaining("Expecting the plan to satisfy the given requirements, but: [rows returned]")
                .hasMessageContaining("LockRows");
    }

    @Test
    void eachRequestedPlanIsCheckedAndTheFailingOneIsNamed(DataSource dataSource) {
        Explain both = Explain.of(PlanFixtures.SKEWED, "done").withCustomAndGenericPlans();

        assertThatThrownBy(() -> assertThatPlan(dataSource, both).hasNoSeqScan())
                .hasMessageContaining("Expecting the custom plan to have no Seq Scan, but it has 1: Seq Scan on"
                        + " skewed_jobs")
                .hasMessageContaining("Plan (custom, analyzed")
                .hasMessageNotContaining("the generic plan");
        assertThatPlan(dataSource, Explain.of(PlanFixtures.SKEWED, "done").withGenericPlan()).hasNoSeqScan()
                .usesIndex("skewed_jobs_state");
        assertThatThrownBy(() -> assertThatPlan(dataSource, both).usesIndexOnlyScan())
                .hasMessageContaining("Expecting the custom plan to use an Index Only Scan")
                .hasMessageContaining("Expecting the generic plan to use an Index Only Scan")
                .hasMessageContaining("Plan (generic, analyzed");
    }

    @Test
    void describedAsPrefixesTheFailure(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x").as("dequeue")
                .hasNoSort())
                .hasMessageStartingWith("[dequeue] ")
                .hasMessageContaining("Expecting the plan to have no Sort");
    }

    @Test
    void softAssertionsCollectEveryPlanFailure(DataSource dataSource) {
        QueueTestkitSoftAssertions softly = new QueueTestkitSoftAssertions();
        softly.assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x").hasNoSort().hasNoSeqScan();
        softly.assertThat(Explain.of(PlanFixtures.DELAYED_ASC, "host:x").explain(dataSource)).hasNoSort();

        assertThat(softly.errorsCollected()).hasSize(2);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("to have no Sort");
        assertThat(softly.errorsCollected().get(1)).hasMessageContaining("to have no Seq Scan");
    }

    @Test
    void storedPlansAreAssertedWithoutADatabase() {
        Plan stored = Plan.parse(PlanModelTest.resource("delayed-jobs-after.json"), PlanFixtures.DELAYED_ASC,
                PlanType.CUSTOM, "host:x");

        QueueTestkitAssertions.assertThat(stored).usesIndex("delayed_jobs_priority_run_at").hasNoSort()
                .rowsExaminedAtMost(5).sharedBuffersAtMost(7);
        assertThatThrownBy(() -> QueueTestkitAssertions.assertThat(stored).usesIndex("delayed_jobs_run_at"))
                .hasMessageContaining("Expecting the plan to use index \"delayed_jobs_run_at\", but no node reads it;"
                        + " the tables are read by Index Scan using delayed_jobs_priority_run_at on delayed_jobs");
    }
}
