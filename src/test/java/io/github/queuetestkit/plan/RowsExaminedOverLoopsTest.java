package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * graphile-worker's named queues: a correlated lookup of each candidate job's queue by primary key, which looks at
 * exactly one row per loop and removes it with its filter when the queue is locked (40% of them). EXPLAIN prints the
 * removed rows per loop rounded to whole rows (0.4 as 0), so the rows examined are a range, and the check must hold for
 * the top of it: a limit below what the plan really examined never passes.
 */
@PostgresTest
class RowsExaminedOverLoopsTest {

    private static final String CANDIDATES = "SELECT jobs.id FROM jobs WHERE run_at <= now() AND EXISTS (SELECT 1"
            + " FROM job_queues q WHERE q.id = jobs.job_queue_id AND q.locked_at IS NULL) ORDER BY run_at LIMIT 1000";

    @BeforeAll
    static void load(PostgresDatabase db) {
        db.execute("CREATE TABLE job_queues (id int PRIMARY KEY, locked_at timestamptz)");
        db.execute("INSERT INTO job_queues SELECT g, CASE WHEN g % 10 < 4 THEN now() END"
                + " FROM generate_series(1, 20000) g");
        db.execute("CREATE TABLE jobs (id bigint PRIMARY KEY, job_queue_id int NOT NULL, run_at timestamptz NOT NULL)");
        db.execute("INSERT INTO jobs SELECT g, 1 + (g * 7919) % 20000, now() - g * interval '1 s'"
                + " FROM generate_series(1, 20000) g");
        db.execute("CREATE INDEX jobs_run_at ON jobs (run_at)");
        db.execute("ANALYZE job_queues");
        db.execute("ANALYZE jobs");
    }

    private static Explain candidates() {
        // a nested loop whose inner side is the primary-key lookup, once per candidate job
        return Explain.of(CANDIDATES).withSetting("enable_hashjoin", "off").withSetting("enable_mergejoin", "off")
                .withSetting("enable_material", "off");
    }

    @Test
    void rowsExaminedOverManyLoopsAreARangeThatHoldsWhatThePlanReallyExamined(DataSource dataSource) {
        Plan plan = candidates().explain(dataSource).custom();
        PlanNode lookup = plan.nodesOn("job_queues").get(0);
        long loops = lookup.actual().orElseThrow().loops();
        assertThat(loops).isGreaterThan(1000);
        // every loop looks at exactly one row (the queue of that job), kept or removed; the jobs scan runs once
        long truth = plan.nodesOn("jobs").get(0).rowsExamined() + loops;

        long low = plan.rowsExamined() - plan.rowsExaminedUncertainty();
        long high = plan.rowsExamined() + plan.rowsExaminedUncertainty();
        assertThat(truth).isBetween(low, high);

        assertThatPlan(dataSource, candidates()).rowsExaminedAtMost(high);
        assertThatThrownBy(() -> assertThatPlan(dataSource, candidates()).rowsExaminedAtMost(truth - 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but it examined " + String.format(java.util.Locale.ROOT, "%,d",
                        plan.rowsExamined()) + " (between ")
                .hasMessageContaining("known only within that rounding times its loops");
    }
}
