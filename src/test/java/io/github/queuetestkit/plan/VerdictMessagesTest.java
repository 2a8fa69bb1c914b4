package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.dataset.internal.DatasetRecord;
import io.github.queuetestkit.plan.internal.TableStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact wording of the verdict messages, against plans stored from PostgreSQL 17. */
class VerdictMessagesTest {

    private static final String SQL = "SELECT id FROM twin_jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10";

    private static Plan stored(String name) throws IOException {
        try (InputStream in = VerdictMessagesTest.class.getResourceAsStream("/verdicts/" + name + ".json")) {
            return Plan.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SQL, PlanType.CUSTOM);
        }
    }

    @Test
    void redundantIndexMessageStatesTheFiguresAndShowsThePlanThatWins() throws IOException {
        Plan with = stored("twin-b");
        Plan without = stored("twin-a");
        PlanComparison comparison = new PlanComparison(with, without);

        assertThat(comparison.worseOn()).isEmpty();
        assertThat(ShouldNeedIndex.index("the plan", "twin_jobs_b", comparison).create()).isEqualTo("""

                Expecting the plan to need index "twin_jobs_b": planned without it (dropped in a transaction that was\
                 rolled back), the plan should be measurably worse (at least 1.2x the shared buffers, rows examined or\
                 total cost), but it is not: shared buffers 12 -> 12, rows examined 10 -> 10, total cost 4.65 -> 4.65\
                 (with -> without). Without it the plan reads Index Scan using twin_jobs_a on twin_jobs, which examined\
                 10 rows and kept 10: the index is redundant for this statement, or the data too small to need it.

                SQL:
                  SELECT id FROM twin_jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10

                Plan (custom, analyzed; >> marks the node at fault):
                %s
                Plan without "twin_jobs_b" (the plan that wins when it is gone):
                %s""".formatted(with.render(with.nodesUsingIndex("twin_jobs_b")),
                without.render(without.nodesUsingIndex("twin_jobs_a"))));
    }

    @Test
    void seqScanControlNamesTableAndIndex() throws IOException {
        PlanComparison comparison = new PlanComparison(stored("twin-b"), stored("twin-a"));

        assertThat(ShouldNeedIndex.seqScan("the generic plan", "twin_jobs", "twin_jobs_b", comparison).create())
                .startsWith("\nExpecting the generic plan to avoid a Seq Scan on \"twin_jobs\" thanks to index"
                        + " \"twin_jobs_b\": planned without it (dropped in a transaction that was rolled back)");
    }

    @Test
    void planReadingTheWholeTableIsMeasurablyWorseOnEveryMeasure() throws IOException {
        PlanComparison comparison = new PlanComparison(stored("twin-b"), stored("twin-seq"));

        assertThat(comparison.worseOn()).containsExactly("shared buffers", "rows examined", "total cost");
        assertThat(comparison.figures()).isEqualTo("shared buffers 12 -> 388, rows examined 10 -> 20,000,"
                + " total cost 4.65 -> 639.35");
    }

    @Test
    void samePlanIsNotWorseEvenBackwards() throws IOException {
        assertThat(new PlanComparison(stored("twin-seq"), stored("twin-b")).worseOn()).isEmpty();
    }

    @Test
    void tinyTableWarningSaysWhyAndHowToLoadDataAtScale() {
        TableStats tiny = new TableStats("tiny_jobs", 200, 200, 0, 0, true, true, false);
        DatasetRecord dataset = new DatasetRecord("delayed-jobs", "delayed-jobs", 200, 42, true, "", "delayed_jobs 200 rows",
                false, List.of("delayed_jobs"));

        assertThat(PlanFooter.tinyWarning(tiny, List.of(dataset))).isEqualTo("Tiny table: the largest table in the"
                + " plan, \"tiny_jobs\", has 200 rows (fewer than 10,000): a verdict on a table this small proves little,"
                + " because the planner reads small tables whole whatever the indexes. Load data at scale, e.g."
                + " @Dataset(value = \"delayed-jobs\", scale = 100_000) on the class or"
                + " DatasetSpec.named(\"delayed-jobs\").withScale(100_000).load(dataSource); call allowingTinyTables()"
                + " before the checks when small data is the point.");
    }

    @Test
    void datasetRecipeReadsAsTheAnnotationThatLoadsItAgain() {
        DatasetRecord annotated = new DatasetRecord("jobs", "jobs", 20_000, 42, false, "jobs.state -> done on 30% of"
                + " rows, 50% of (done) deleted (822 updated, 8,957 deleted)", "tenants 30 rows, jobs 11,043 rows",
                false, List.of("tenants", "jobs"));
        DatasetRecord inCode = new DatasetRecord("mine", "mine", 1_000, 7, true, "", "users 100 rows", true,
                List.of("users"));

        assertThat(annotated.recipe()).isEqualTo("@Dataset(value = \"jobs\", scale = 20_000, seed = 42, indexes = false):"
                + " tenants 30 rows, jobs 11,043 rows; churn: jobs.state -> done on 30% of rows, 50% of (done) deleted"
                + " (822 updated, 8,957 deleted)");
        assertThat(inCode.recipe()).isEqualTo("DatasetSpec.ofDdl(\"mine\", ...) (built in code) with scale = 1_000,"
                + " seed = 7: users 100 rows");
    }

    @Test
    void lastLoadOfEachTableIsTheOneNamed() {
        DatasetRecord small = new DatasetRecord("jobs", "jobs", 1_000, 42, true, "", "", false, List.of("tenants", "jobs"));
        DatasetRecord big = new DatasetRecord("jobs", "jobs", 100_000, 42, true, "", "", false, List.of("tenants", "jobs"));
        DatasetRecord other = new DatasetRecord("fair-queue", "fair-queue", 1_000, 42, true, "", "", false,
                List.of("users"));

        assertThat(DatasetRecord.loading(List.of(small, other, big), List.of("jobs"))).containsExactly(big);
        assertThat(DatasetRecord.loading(List.of(small, other, big), List.of("users", "jobs")))
                .containsExactly(other, big);
    }

    @Test
    void staleStatisticsFollowAutoanalyzesThreshold() {
        assertThat(new TableStats("t", -1, 0, 0, 0, false, false, false).staleness()).isEqualTo("never analyzed");
        assertThat(new TableStats("t", 1_000, 1_000, 0, 150, true, false, false).staleness()).isNull();
        assertThat(new TableStats("t", 1_000, 1_000, 0, 151, true, false, false).staleness())
                .isEqualTo("151 rows changed since the last ANALYZE, more than autoanalyze's threshold of 150");
    }
}
