package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two installations of one queue in one database, as graphile-worker's {@code schema} option makes them: the same
 * table and index names in schemas {@code worker_a} and {@code worker_b}, and an index of that name on another table in
 * {@code worker_c}. An index named with its schema counts only where the plan reads that schema's table.
 */
@PostgresTest
class IndexNamesInTwoSchemasTest {

    private static final String DEQUEUE_B = "SELECT id FROM worker_b.jobs WHERE is_available AND run_at <= now()"
            + " ORDER BY priority, run_at LIMIT 1 FOR UPDATE SKIP LOCKED";

    private static void install(PostgresDatabase db, String schema, String table) {
        db.execute("CREATE SCHEMA " + schema);
        db.execute("CREATE TABLE " + schema + "." + table + " (id bigserial PRIMARY KEY, priority smallint NOT NULL,"
                + " run_at timestamptz NOT NULL, is_available boolean NOT NULL)");
        db.execute("CREATE INDEX jobs_main_index ON " + schema + "." + table + " (priority, run_at) WHERE is_available");
        db.execute("INSERT INTO " + schema + "." + table + " (priority, run_at, is_available) SELECT g % 3,"
                + " now() - g * interval '1 s', g % 10 >= 8 FROM generate_series(1, 50000) g");
        db.execute("ANALYZE " + schema + "." + table);
    }

    @BeforeAll
    static void installThree(PostgresDatabase db) {
        install(db, "worker_a", "jobs");
        install(db, "worker_b", "jobs");
        install(db, "worker_c", "other_jobs");
    }

    @Test
    void indexOfTheSameNameInAnotherSchemaIsNotTheOneTheScanReads(DataSource dataSource) {
        assertThatPlan(dataSource, DEQUEUE_B).usesIndex("worker_b.jobs_main_index");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DEQUEUE_B).usesIndex("worker_a.jobs_main_index"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to use index \"worker_a.jobs_main_index\"");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DEQUEUE_B).usesIndex("worker_c.jobs_main_index"))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatPlan(dataSource, DEQUEUE_B).canBeServedByIndex("worker_a.jobs_main_index"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void anIndexOnAnotherSchemasTableOfTheSameNameNamesTheTableThePlanReads(DataSource dataSource) {
        // the plan reads worker_b.jobs; "does not read jobs at all" would contradict the plan printed below it
        assertThatThrownBy(() -> assertThatPlan(dataSource, DEQUEUE_B).usesIndex("worker_a.jobs_main_index"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to use index \"worker_a.jobs_main_index\" on \"jobs\", but"
                        + " it reads another table of that name: worker_b.jobs, with Index Scan using jobs_main_index on"
                        + " jobs, which examined ", "; the index is on worker_a.jobs.")
                .hasMessageNotContaining("at all");
    }

    @Test
    void anIndexOfAnotherSchemasTableCannotKeepASeqScanOffThisOne(DataSource dataSource) {
        assertThatPlan(dataSource, DEQUEUE_B).hasNoSeqScanOnThanksTo("worker_b.jobs", "worker_b.jobs_main_index");
        assertThatThrownBy(() -> assertThatPlan(dataSource, DEQUEUE_B)
                .hasNoSeqScanOnThanksTo("worker_b.jobs", "worker_a.jobs_main_index"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessage("Index \"worker_a.jobs_main_index\" is on \"worker_a.jobs\", not on \"worker_b.jobs\", a"
                        + " table it stands for or one that stands for it, so hasNoSeqScanOnThanksTo(\"worker_b.jobs\","
                        + " \"worker_a.jobs_main_index\") cannot show that the index keeps the Seq Scan off"
                        + " \"worker_b.jobs\"; name an index of \"worker_b.jobs\", qualified with its schema when another"
                        + " schema has one of the same name.");
    }

    @Test
    void aBitmapIndexScanReadsTheIndexOfItsHeapScansTable(DataSource dataSource) {
        Explain bitmap = Explain.of("SELECT id FROM worker_b.jobs WHERE is_available AND priority = 1")
                .withSetting("enable_indexscan", "off").withSetting("enable_seqscan", "off");
        assertThatPlan(dataSource, bitmap).containsNodeType("Bitmap Index Scan")
                .usesIndex("worker_b.jobs_main_index");
        assertThatThrownBy(() -> assertThatPlan(dataSource, bitmap).usesIndex("worker_a.jobs_main_index"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void indexOnlyScanCountsOnlyForTheIndexOfTheSchemaRead(DataSource dataSource) {
        String ids = "SELECT priority, run_at FROM worker_b.jobs WHERE is_available ORDER BY priority, run_at LIMIT 10";
        assertThatPlan(dataSource, ids).usesIndexOnlyScan("worker_b.jobs_main_index");
        assertThatThrownBy(() -> assertThatPlan(dataSource, ids).usesIndexOnlyScan("worker_a.jobs_main_index"))
                .isInstanceOf(AssertionError.class);
    }
}
