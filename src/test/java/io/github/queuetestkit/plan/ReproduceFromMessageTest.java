package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The recipe is read from the class database, a clone of the template the dataset was loaded into. */
@PostgresTest(settings = "work_mem=8MB")
@Dataset(value = "jobs", scale = 2_000, seed = 7)
class ReproduceFromMessageTest {

    private static final String DONE = "SELECT count(*) FROM jobs WHERE state = 'done'";

    @Test
    void failureNamesTheServerVersionSettingsAndDatasetRecipeLast(DataSource dataSource, PostgresDatabase db) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, DONE).hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to have no Seq Scan")
                .hasMessageContaining("\n\nVerdict facts:\n")
                .hasMessageContaining("Reproduce: PostgreSQL " + db.serverVersion().split(" ")[0] + ", @PostgresTest("
                        + "settings = {")
                .hasMessageContaining("\"work_mem=8MB\"")
                .hasMessageContaining("\"jit=off\"")
                .hasMessageContaining("\"random_page_cost=1.1\"")
                .hasMessageContaining("\n    @Dataset(value = \"jobs\", scale = 2_000, seed = 7): tenants 12 rows, jobs"
                        + " 2,000 rows")
                .hasMessageContaining("jobs 2,000 rows, no live/dead counts yet (counters start empty in a database"
                        + " cloned from a template)")
                .hasMessageContaining("Tiny table: the largest table in the plan, \"jobs\", has 2,000 rows");
    }

    @Test
    @Dataset(value = "delayed-jobs", scale = 500, seed = 3)
    void onlyTheDatasetsThatLoadedThePlansTablesAreNamed(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT count(*) FROM delayed_jobs").allowingTinyTables()
                .hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("\n    @Dataset(value = \"delayed-jobs\", scale = 500, seed = 3): delayed_jobs 500 rows")
                .hasMessageNotContaining("@Dataset(value = \"jobs\"");
    }

    @Test
    void verdictFactsComeLast(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, DONE).allowingTinyTables().hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("(?s).*Execution Time: [^\\n]*\\n\\nVerdict facts:\\n  Tables: [^\\n]*\\n"
                        + "  Reproduce: [^\\n]*\\n    @Dataset[^\\n]*");
    }

    @Test
    void storedPlanHasNoVerdictFacts(DataSource dataSource) {
        Plan stored = Plan.parse(Explain.of(DONE).explain(dataSource).custom().json(), DONE, PlanType.CUSTOM);

        assertThatThrownBy(() -> new PlanAssert(stored).hasNoSeqScan())
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining("Verdict facts");
    }
}
