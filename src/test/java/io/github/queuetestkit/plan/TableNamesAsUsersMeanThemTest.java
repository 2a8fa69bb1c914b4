package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Table and index names in plan assertions resolve through the catalog as a user means them (db/table-shapes.sql):
 * a partitioned table stands for its partitions, a table for its inheritance children, a view for the tables it
 * reads, a partitioned index for its partitions' indexes; a table the plan does not read fails instead of passing.
 */
@PostgresTest(init = "db/table-shapes.sql")
class TableNamesAsUsersMeanThemTest {

    private static final String PART_BY_QUEUE = "SELECT * FROM part_jobs WHERE queue = ? ORDER BY run_at LIMIT 5";
    private static final String PART_BY_PAYLOAD = "SELECT * FROM part_jobs WHERE payload = ?";

    @Test
    void partitionedTableStandsForItsPartitionsWhenEveryPartitionIsReadThroughItsIndex(DataSource dataSource) {
        assertThatPlan(dataSource, PART_BY_QUEUE, "q1")
                .usesIndexOn("part_jobs")
                .hasNoSeqScanOn("part_jobs")
                .hasNoSeqScanOn("part_jobs_done")
                .usesIndex("part_jobs_queue_run_at")
                .usesIndex("part_jobs_pending_queue_run_at_idx");
    }

    @Test
    void seqScanOnAPartitionIsASeqScanOnThePartitionedTableAndTheMessageNamesThePartition(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PART_BY_PAYLOAD, "x").hasNoSeqScanOn("part_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to have no Seq Scan on \"part_jobs\", but it has 3:",
                        "Seq Scan on part_jobs_done_2024 part_jobs_1 (a partition of part_jobs), which examined",
                        "Seq Scan on part_jobs_pending part_jobs_3 (a partition of part_jobs), which examined")
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on part_jobs_pending part_jobs_3 .*");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PART_BY_PAYLOAD, "x").hasNoSeqScanOn("part_jobs_done"))
                .hasMessageContainingAll("Expecting the plan to have no Seq Scan on \"part_jobs_done\", but it has 2:",
                        "Seq Scan on part_jobs_done_2025 part_jobs_2 (a partition of part_jobs_done)")
                .hasMessageNotContaining("part_jobs_pending part_jobs_3 (");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PART_BY_PAYLOAD, "x").usesIndexOn("part_jobs"))
                .hasMessageContaining("Expecting the plan to read \"part_jobs\" through an index, but it reads it with"
                        + " Seq Scan on part_jobs_done_2024 part_jobs_1 (a partition of part_jobs), which examined");
    }

    @Test
    void partitionedIndexCountsThroughTheIndexesOfItsPartitions(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PART_BY_PAYLOAD, "x").usesIndex("part_jobs_queue_run_at"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to use index \"part_jobs_queue_run_at\" on \"part_jobs\", but"
                        + " no node reads it; \"part_jobs\" is read by Seq Scan on part_jobs_done_2024 part_jobs_1 (a"
                        + " partition of part_jobs), which examined");
        assertThatPlan(dataSource, "SELECT queue, run_at FROM part_jobs WHERE queue = ? AND state = 'pending'", "q1")
                .usesIndex("part_jobs_queue_run_at");
    }

    @Test
    void partitionedIndexIsNeededWhenDroppingItAndItsPartitionsIndexesMakesThePlanWorse(DataSource dataSource) {
        assertThatPlan(dataSource, PART_BY_QUEUE, "q1").needsIndex("part_jobs_queue_run_at");
    }

    @Test
    void theIndexOfOnePartitionCannotBeDroppedAloneSoTheNecessityControlNamesItsParent(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PART_BY_QUEUE, "q1")
                .needsIndex("part_jobs_pending_queue_run_at_idx"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessage("Cannot plan without index part_jobs_pending_queue_run_at_idx: it is the index of partition"
                        + " part_jobs_pending attached to partitioned index part_jobs_queue_run_at, and PostgreSQL drops"
                        + " it only with its parent. Name the partitioned index instead (part_jobs_queue_run_at), which"
                        + " stands for the indexes of every partition.");
    }

    @Test
    void aPlanWhoseConditionsPrunedEveryPartitionReadsNothingAndCannotPass(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM part_jobs WHERE state = 'nope'")
                .allowingTinyTables().hasNoSeqScanOn("part_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but it does not read \"part_jobs\" at all, so the check would prove nothing.",
                        "The plan reads no table.", "\"part_jobs\" is a partitioned table; the plan reads none of its"
                                + " partitions (part_jobs_done, part_jobs_pending, part_jobs_done_2024,"
                                + " part_jobs_done_2025): the statement's conditions may have pruned them all.");
    }

    @Test
    void inheritanceChildrenCountAsTheirParent(DataSource dataSource) {
        String byQueue = "SELECT * FROM inh_jobs WHERE queue = ? AND run_at < ?::timestamptz";
        assertThatPlan(dataSource, byQueue, "q1", "2023-01-02 00:00:00+00").usesIndexOn("inh_jobs")
                .hasNoSeqScanOn("inh_jobs");

        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM inh_jobs WHERE payload = ?", "x")
                .hasNoSeqScanOn("inh_jobs"))
                .hasMessageContainingAll("but it has 2:", "Seq Scan on inh_jobs inh_jobs_1, which examined",
                        "Seq Scan on inh_jobs_archive inh_jobs_2 (an inheritance child of inh_jobs), which examined");
        assertThatPlan(dataSource, "SELECT * FROM ONLY inh_jobs WHERE queue = ? ORDER BY run_at LIMIT 1", "q1")
                .usesIndexOn("inh_jobs");
    }

    @Test
    void viewStandsForTheTablesItReadsThroughNestedViews(DataSource dataSource) {
        assertThatPlan(dataSource, "SELECT * FROM runnable_jobs WHERE queue = ? ORDER BY run_at LIMIT 5", "q1")
                .usesIndexOn("runnable_jobs")
                .hasNoSeqScanOn("runnable_jobs")
                .hasNoSeqScanOn("part_jobs");

        assertThatPlan(dataSource, "SELECT * FROM runnable_in_q1 ORDER BY run_at LIMIT 5").usesIndexOn("runnable_in_q1");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM runnable_with_a ORDER BY run_at LIMIT 5")
                .hasNoSeqScanOn("runnable_with_a"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Seq Scan on part_jobs_pending part_jobs (a partition of part_jobs, read by view"
                        + " runnable_with_a), which examined");
    }

    @Test
    void viewOverTwoTablesStandsForBoth(DataSource dataSource) {
        String byId = "SELECT * FROM jobs_with_queue WHERE id = ?";
        assertThatPlan(dataSource, byId, 5L).usesIndexOn("plain_jobs").hasNoSeqScanOn("plain_jobs");
        assertThatThrownBy(() -> assertThatPlan(dataSource, byId, 5L).allowingTinyTables()
                .hasNoSeqScanOn("jobs_with_queue"))
                .hasMessageContaining("Seq Scan on queues q (read by view jobs_with_queue)");
    }

    @Test
    void viewThatReadsNoTableIsRefused(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM no_table").hasNoSeqScanOn("no_table"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessage("View \"no_table\" reads no table (it selects only constants or functions), so"
                        + " hasNoSeqScanOn(\"no_table\") cannot be checked: a plan of it never scans a table. Name the"
                        + " table the view's functions read, and assert on the statements that read it.");
    }

    @Test
    void tableReachedOnlyInsideAFunctionFailsInsteadOfPassing(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM next_job(?)", "q1").allowingTinyTables()
                .hasNoSeqScanOn("plain_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but it does not read \"plain_jobs\" at all, so the check would prove nothing.",
                        "It calls next_job() (Function Scan): a plan does not show the statements inside a function.");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM next_job(?)", "q1").allowingTinyTables()
                .usesIndexOn("plain_jobs"))
                .hasMessageContaining("Expecting the plan to read \"plain_jobs\" through an index, but it does not read"
                        + " it at all.");
    }

    @Test
    void tableWrittenOnlyByATriggerFailsNamingTheTrigger(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "UPDATE plain_jobs SET state = 'running' WHERE id = ?", 7L)
                .hasNoSeqScanOn("job_events"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but it does not read \"job_events\" at all",
                        "Triggers fired: plain_jobs_touch on plain_jobs (1 call): the statements they run are not in the"
                                + " plan.");
    }

    @Test
    void schemaQualifiedNamesAndTheSearchPathResolveTheTable(DataSource dataSource) {
        String byQueue = "SELECT * FROM tenant_a.tenant_jobs WHERE queue = ? ORDER BY run_at LIMIT 5";
        assertThatPlan(dataSource, byQueue, "q1").usesIndexOn("tenant_a.tenant_jobs")
                .usesIndex("tenant_a.tenant_jobs_queue_run_at");
        assertThatPlan(dataSource, Explain.of("SELECT * FROM tenant_jobs WHERE queue = ? ORDER BY run_at LIMIT 5", "q1")
                .withSetting("search_path", "tenant_a, public"))
                .usesIndexOn("tenant_jobs").usesIndex("tenant_jobs_queue_run_at");

        assertThatThrownBy(() -> assertThatPlan(dataSource, byQueue, "q1").usesIndexOn("tenant_jobs"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("Table \"tenant_jobs\" does not exist, so usesIndexOn(\"tenant_jobs\") cannot be"
                        + " checked");
    }

    @Test
    void aTableNameInTwoSchemasIsToldApartByTheSchemaThePlanRead(DataSource dataSource) {
        // tenant_a's table has an index on (queue, run_at), tenant_b's has none
        String both = "SELECT a.id FROM tenant_a.tenant_jobs a JOIN tenant_b.tenant_jobs b ON b.id = a.id"
                + " WHERE a.queue = ? AND a.run_at < ?::timestamptz";
        Explain explain = Explain.of(both, "q1", "2024-01-01 03:00:00+00").withSetting("enable_hashjoin", "off")
                .withSetting("enable_mergejoin", "off");

        assertThatPlan(dataSource, explain).hasNoSeqScanOn("tenant_a.tenant_jobs").usesIndexOn("tenant_a.tenant_jobs");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM tenant_b.tenant_jobs WHERE queue = ?", "q1")
                .hasNoSeqScanOn("tenant_a.tenant_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but it does not read \"tenant_a.tenant_jobs\" at all");
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM tenant_b.tenant_jobs WHERE queue = ?", "q1")
                .hasNoSeqScanOn("tenant_b.tenant_jobs"))
                .hasMessageContaining("Expecting the plan to have no Seq Scan on \"tenant_b.tenant_jobs\", but it has 1:");
    }

    @Test
    void anIndexNamedWhereATableIsExpectedIsRefusedNamingItsKind(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PART_BY_QUEUE, "q1").hasNoSeqScanOn("part_jobs_queue_run_at"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessage("\"part_jobs_queue_run_at\" is a partitioned index, not a table, so"
                        + " hasNoSeqScanOn(\"part_jobs_queue_run_at\") cannot be checked; name the table it belongs to,"
                        + " or check the index with usesIndex(\"part_jobs_queue_run_at\").");
        assertThatThrownBy(() -> assertThatPlan(dataSource, PART_BY_QUEUE, "q1").usesIndex("part_jobs"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageStartingWith("\"part_jobs\" is a partitioned table, not an index");
    }
}
