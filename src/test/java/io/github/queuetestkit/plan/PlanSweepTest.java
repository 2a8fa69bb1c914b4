package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sweeps over client-records, where client 1 owns ~89% of the records and client 2 ~8% (background-job-index). */
@PostgresTest
class PlanSweepTest {

    private static final PlanSweep.NeedsStatement CLIENT_RECORDS = PlanSweep.of("client-records").atScales(2_000, 20_000, 60_000);

    /** The batched retrieval of the incident: by id, for one client. */
    private static final String BATCH = "SELECT * FROM records WHERE client_id = ? AND id > ? ORDER BY id LIMIT 100";

    @Test
    void anIndexedLookupKeepsItsPlanAndCostAtEveryScale(PostgresDatabase db) {
        SweepResult sweep = CLIENT_RECORDS
                .explaining("SELECT id FROM records WHERE client_id = ? ORDER BY created_at DESC LIMIT 10", 1)
                .run(db);

        assertThat(sweep)
                .atEveryScale(plan -> plan.allowingTinyTables().usesIndex("records_client_created").hasNoSort())
                .sharedBuffersGrowAtMost(Growth.CONSTANT)
                .rowsExaminedGrowAtMost(Growth.CONSTANT)
                .keepsItsPlanShape();
        assertThat(sweep.table()).containsSubsequence("scale", "rows", "buffers", "rows examined", "plan",
                "2,000", "Limit > Index Scan Backward using records_client_created on records",
                "60,000", "Limit > Index Scan Backward using records_client_created on records");
        assertThat(sweep.steps()).extracting(SweepResult.Step::scale).containsExactly(2_000L, 20_000L, 60_000L);
        assertThat(sweep.steps().get(2).rowsPerTable()).containsEntry("records", 60_000L);
    }

    @Test
    void aScanGrowsLinearlyAndFailsAConstantBoundWithTheScalesMarked(PostgresDatabase db) {
        SweepResult sweep = CLIENT_RECORDS.explaining("SELECT count(*) FROM records WHERE kind = ?", "refund").run(db);

        assertThat(sweep).sharedBuffersGrowAtMost(Growth.LINEAR).rowsExaminedGrowAtMost(Growth.LINEAR);
        assertThatThrownBy(() -> assertThat(sweep).sharedBuffersGrowAtMost(Growth.CONSTANT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting shared buffers to grow at most constant with the data",
                        "at scale 20,000:", "at scale 60,000:", "Sweep of dataset client-records (seed 42) at scales"
                                + " 2,000, 20,000, 60,000:", "SELECT count(*) FROM records WHERE kind = ?",
                        "Plan at scale 20,000:", "Seq Scan on records")
                .hasMessageMatching("(?s).*\n>> +20,000 .*\n>> +60,000 .*");
        assertThatThrownBy(() -> assertThat(sweep).rowsExaminedGrowAtMost(Growth.LOGARITHMIC))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting rows examined to grow at most logarithmic");
    }

    @Test
    void thePlanFlipOfTheIncidentShowsInTheTable(PostgresDatabase db) {
        // client 2 has ~150 records at the smallest scale and thousands above: the planner leaves the compound index
        // for the primary key, as it did past ~80k rows in background-job-index.txt
        SweepResult sweep = CLIENT_RECORDS.explaining(BATCH, 2, 0).run(db);

        assertThatThrownBy(() -> assertThat(sweep).keepsItsPlanShape())
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to keep its shape at every scale, but it flipped at scale"
                        + " 20,000:", "from Limit > Sort > Index Scan using records_client_created on records",
                        "to   Limit > Index Scan using records_pkey on records")
                .hasMessageMatching("(?s).*\n>> +20,000 .*");
        assertThatThrownBy(() -> assertThat(sweep)
                .atEveryScale(plan -> plan.allowingTinyTables().usesIndex("records_client_created")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but they failed at 2 of 3 (20,000, 60,000)", "At scale 20,000:",
                        "Expecting the plan to use index \"records_client_created\"",
                        "Index Scan using records_pkey on records",
                        // each scale's plan names the load of its own schema, to reproduce that step
                        "@Dataset(value = \"client-records\", scale = 20_000, seed = 42)",
                        "@Dataset(value = \"client-records\", scale = 60_000, seed = 42)")
                .hasMessageNotContaining("scale = 2_000,");
    }

    @Test
    void setupStatementsRunAtEveryScaleBeforeThePlan(PostgresDatabase db) {
        // the incident's fix: the compound index with the id added serves the batch at every scale
        SweepResult sweep = CLIENT_RECORDS.explaining(BATCH, 2, 0)
                .withSetup("CREATE INDEX records_client_id ON records (client_id, id)", "ANALYZE records").run(db);

        assertThat(sweep).atEveryScale(plan -> plan.allowingTinyTables().usesIndex("records_client_id").hasNoSort())
                .keepsItsPlanShape()
                .rowsExaminedGrowAtMost(Growth.CONSTANT);
        assertThatThrownBy(() -> CLIENT_RECORDS.explaining(BATCH, 2, 0).withSetup("CREATE INDEX x ON missing (y)").run(db))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContainingAll("The setup statement of the sweep of client-records failed",
                        "relation \"missing\" does not exist", "CREATE INDEX x ON missing (y)", "withSetup(...)");
    }

    @Test
    void theGenericPlanThatWalksTheWholeTableFailsGrowthNamingTheGenericPlan(PostgresDatabase db) {
        // client 12 owns a handful of records: its custom plan reads them through the compound index at every scale,
        // while the generic plan (what pgjdbc switches to after prepareThreshold runs) walks the primary key over
        // the whole table
        SweepResult sweep = CLIENT_RECORDS.explaining(Explain.of(BATCH, 12L, 0L).withCustomAndGenericPlans()).run(db);

        assertThatThrownBy(() -> assertThat(sweep).rowsExaminedGrowAtMost(Growth.CONSTANT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting rows examined of the generic plan to grow at most constant with"
                        + " the data", "at scale 20,000:", "at scale 60,000:", "Generic plans:",
                        "Generic plan at scale 20,000:", "Index Scan using records_pkey on records")
                .hasMessageMatching("(?s).*\n>> +20,000 .*\n>> +60,000 .*");
        assertThatThrownBy(() -> assertThat(sweep).sharedBuffersGrowAtMost(Growth.CONSTANT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting shared buffers of the generic plan to grow at most constant");
    }

    @Test
    void aFlipOfTheGenericPlanAloneFailsTheShapeNamingTheGenericPlan() {
        SweepResult sweep = storedSweep();

        assertThatThrownBy(() -> assertThat(sweep).keepsItsPlanShape())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(ShouldHoldAtEveryScale.shape(sweep, PlanType.GENERIC, Set.of(1)).create());
        assertThat(ShouldHoldAtEveryScale.shape(sweep, PlanType.GENERIC, Set.of(1)).create()).startsWith("""

                Expecting the generic plan to keep its shape at every scale, but it flipped at scale 10,000:
                  from Limit > Index Scan using delayed_jobs_priority_run_at on delayed_jobs
                  to   Limit > Sort > Seq Scan on delayed_jobs_before

                Sweep of dataset jobs (seed 42) at scales 1,000, 10,000:
                  SELECT * FROM delayed_jobs WHERE ((run_at <= now() AND (locked_at IS NULL""");
        assertThat(ShouldHoldAtEveryScale.shape(sweep, PlanType.GENERIC, Set.of(1)).create()).contains("""
                Generic plans:
                    scale  rows  buffers  rows examined  plan
                    1,000     0        7              5  Limit > Index Scan using delayed_jobs_priority_run_at on \
                delayed_jobs
                >> 10,000     0      154         20,000  Limit > Sort > Seq Scan on delayed_jobs_before

                Generic plan at scale 10,000:
                """);
    }

    @Test
    void growthOfTheGenericPlanIsJudgedOnItsOwnAndNamedInTheMessage() {
        SweepResult sweep = storedSweep();

        // the custom plan, the one Step.plan() gives, examines 5 rows at both scales
        assertThat(sweep.steps()).allMatch(step -> step.plan().rowsExamined() == 5);
        String message = ShouldHoldAtEveryScale.growth(sweep, PlanType.GENERIC, "rows examined", Growth.CONSTANT, 5,
                Set.of(1), "  at scale 10,000: 20,000 rows examined, allowed at most 17\n").create();

        assertThat(message).startsWith("""

                Expecting rows examined of the generic plan to grow at most constant with the data (from 5 at scale \
                1,000, times 1.5 plus 10), but they grew faster:
                  at scale 10,000: 20,000 rows examined, allowed at most 17
                """);
        assertThatThrownBy(() -> assertThat(sweep).rowsExaminedGrowAtMost(Growth.CONSTANT))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(message);
    }

    /**
     * Two scales whose custom plan stays on the index while the generic plan flips to a Seq Scan and a Sort, from
     * stored plans so every number is fixed.
     */
    private static SweepResult storedSweep() {
        Plan custom = Plan.parse(PlanModelTest.resource("delayed-jobs-after.json"), PlanFixtures.DELAYED_ASC,
                PlanType.CUSTOM, "host:x");
        Plan indexed = Plan.parse(PlanModelTest.resource("delayed-jobs-after.json"), PlanFixtures.DELAYED_ASC,
                PlanType.GENERIC, "host:x");
        Plan scanned = Plan.parse(PlanModelTest.resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_ASC,
                PlanType.GENERIC, "host:x");
        return new SweepResult("jobs", 42, Explain.of(PlanFixtures.DELAYED_ASC, "host:x").withCustomAndGenericPlans(),
                List.of(new SweepResult.Step(1_000, Map.of(), Plans.of(custom, indexed)),
                        new SweepResult.Step(10_000, Map.of(), Plans.of(custom, scanned))));
    }

    @Test
    void aSchemaQualifiedTableIsRefusedBecauseEveryScaleWouldReadTheSameTable(PostgresDatabase db) {
        // a 500-row public.records beside the sweep's schemas: written qualified, the statement reads it at every scale
        db.execute("CREATE TABLE public.records (id bigint PRIMARY KEY, client_id bigint NOT NULL, created_at"
                + " timestamptz); INSERT INTO public.records SELECT g, g % 10, now() FROM generate_series(1, 500) g;"
                + " ANALYZE public.records");
        try {
            assertThatThrownBy(() -> CLIENT_RECORDS.explaining(BATCH.replace("FROM records", "FROM public.records"), 2, 0)
                    .run(db))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("The sweep of client-records cannot measure this statement: at scale 2,000"
                            + " it reads public.records, not the table loaded for that scale (qtk_sweep_")
                    .hasMessageContaining("SELECT * FROM public.records WHERE client_id = ?")
                    .hasMessageEndingWith("Write the dataset's tables unqualified (records, not public.records).");
        } finally {
            db.execute("DROP TABLE public.records");
        }
    }

    @Test
    void aStatementThatReadsNoTableOfTheScaleIsRefused(PostgresDatabase db) {
        db.execute("CREATE TABLE public.sweep_elsewhere (id bigint PRIMARY KEY)");
        try {
            assertThatThrownBy(() -> CLIENT_RECORDS.explaining("SELECT * FROM sweep_elsewhere WHERE id = ?", 1).run(db))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("The sweep of client-records cannot measure this statement: at scale 2,000"
                            + " it reads only public.sweep_elsewhere, none of the tables loaded for that scale (in"
                            + " qtk_sweep_")
                    .hasMessageContaining(": clients, records), so every scale would read the same data");
        } finally {
            db.execute("DROP TABLE public.sweep_elsewhere");
        }
    }

    @Test
    void aSearchPathSettingIsRefusedBeforeAnyScaleLoads(PostgresDatabase db) {
        long schemas = db.queryForLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'qtk_sweep_%'");

        assertThatThrownBy(() -> CLIENT_RECORDS.explaining(Explain.of(BATCH, 2, 0).withSetting("search_path", "public"))
                .run(db))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(SweepRefusals.searchPath("client-records", "public", BATCH));
        assertThat(db.queryForLong("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'qtk_sweep_%'"))
                .isEqualTo(schemas);
    }

    @Test
    void refusalsNameWhatIsReadAndHowToWriteIt() {
        assertThat(SweepRefusals.searchPath("client-records", "public", "SELECT * FROM records WHERE client_id = ?"))
                .isEqualTo("The sweep of client-records cannot take withSetting(\"search_path\", \"public\"). Each scale"
                        + " is loaded into a schema of its own (qtk_sweep_<n>_<scale>) and the statement is planned with"
                        + " that schema first on the search_path. A search_path of its own would make every scale read"
                        + " the same tables, and the sweep would pass whatever the data.\n"
                        + "  SELECT * FROM records WHERE client_id = ?\n"
                        + "Drop the search_path setting and write the dataset's tables unqualified.");
        assertThat(SweepRefusals.readsAnotherSchema("client-records", 2_000, List.of("public.records"),
                List.of("qtk_sweep_1_2000.records"), "SELECT * FROM public.records WHERE client_id = ?"))
                .isEqualTo("The sweep of client-records cannot measure this statement: at scale 2,000 it reads"
                        + " public.records, not the table loaded for that scale (qtk_sweep_1_2000.records), so every"
                        + " scale would read the same data and the sweep would pass whatever the data.\n"
                        + "  SELECT * FROM public.records WHERE client_id = ?\n"
                        + "Each scale is loaded into a schema of its own (qtk_sweep_<n>_<scale>) and the statement is"
                        + " planned with that schema first on the search_path. Write the dataset's tables unqualified"
                        + " (records, not public.records).");
        assertThat(SweepRefusals.readsNoTableOfTheScale("client-records", 2_000, "qtk_sweep_1_2000",
                List.of("public.sweep_elsewhere"), List.of("records"), "SELECT * FROM sweep_elsewhere"))
                .isEqualTo("The sweep of client-records cannot measure this statement: at scale 2,000 it reads only"
                        + " public.sweep_elsewhere, none of the tables loaded for that scale (in qtk_sweep_1_2000:"
                        + " records), so every scale would read the same data and the sweep would pass whatever the"
                        + " data.\n  SELECT * FROM sweep_elsewhere\n"
                        + "Each scale is loaded into a schema of its own (qtk_sweep_<n>_<scale>) and the statement is"
                        + " planned with that schema first on the search_path. Read the dataset's tables, written"
                        + " unqualified.");
    }

    @Test
    void badSweepsAreRefusedWithWhatToChange(PostgresDatabase db) {
        assertThatThrownBy(() -> PlanSweep.of("client-records").atScales(1_000))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("needs at least two scales");
        assertThatThrownBy(() -> PlanSweep.of("client-records").atScales(1_000, 500))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("scale 500 at position 2 must be positive and larger than the one before it");
        assertThatThrownBy(() -> PlanSweep.of("no-such-dataset"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("no-such-dataset");
        SweepResult estimates = PlanSweep.of("client-records").atScales(1_000, 2_000)
                .explaining(Explain.of("SELECT * FROM records WHERE client_id = ?", 1).withoutExecuting()).run(db);
        assertThatThrownBy(() -> assertThat(estimates).sharedBuffersGrowAtMost(Growth.LINEAR))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("taken without executing; drop withoutExecuting()");
    }
}
