package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** With the pinned planner settings and ANALYZE after load, a verdict does not wobble between fresh loads. */
@PostgresTest
class PlanDeterminismTest {

    private static final String DEQUEUE = "SELECT id FROM jobs WHERE state = 'queued' AND queue = ?"
            + " ORDER BY priority DESC, run_at LIMIT 10";
    private static final String FINISHED = "SELECT count(*) FROM jobs WHERE state = 'done' AND tenant_id = ?";

    @Test
    void sameAssertionGivesTheSameVerdictAcrossFiveFreshLoads(DataSource dataSource, PostgresDatabase db) {
        List<String> verdicts = new ArrayList<>();
        for (int load = 0; load < 5; load++) {
            db.execute("DROP TABLE IF EXISTS jobs, tenants");
            db.execute("DROP SCHEMA IF EXISTS queuetestkit CASCADE");
            DatasetSpec.named("jobs").withScale(20_000).withSeed(42).load(dataSource);

            Plans dequeue = Explain.of(DEQUEUE, "mailers").explain(dataSource);
            Plans finished = Explain.of(FINISHED, 1).explain(dataSource);
            verdicts.add(verdict(() -> assertThat(dequeue).usesIndex("jobs_dequeue").hasNoSort().rowsExaminedAtMost(10))
                    + " " + dequeue.custom().shape() + " | "
                    + verdict(() -> assertThat(finished).rowsExaminedAtMost(1_000)) + " " + finished.custom().shape());
        }

        assertThat(verdicts).containsOnly(verdicts.get(0));
        assertThat(verdicts.get(0)).startsWith("pass Limit > Index Scan using jobs_dequeue on jobs | ")
                .contains("Expecting the plan to examine at most 1,000 rows");
    }

    /** "pass", or the failure's first sentence, which names the figures. */
    private static String verdict(Runnable assertion) {
        try {
            assertion.run();
            return "pass";
        } catch (AssertionError e) {
            return e.getMessage().strip().lines().findFirst().orElseThrow();
        }
    }
}
