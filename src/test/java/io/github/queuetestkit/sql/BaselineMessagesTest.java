package io.github.queuetestkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.plan.FactsComparison;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanFacts;
import io.github.queuetestkit.plan.PlanType;
import io.github.queuetestkit.plan.Plans;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact wording of a plan baseline failure, against plans stored from PostgreSQL: index (baseline) and Seq Scan. */
class BaselineMessagesTest {

    private static final String SQL = "SELECT id FROM delayed_jobs WHERE failed_at IS NULL ORDER BY priority DESC,"
            + " run_at LIMIT 5";

    private static Plan stored(String name) throws IOException {
        try (InputStream in = BaselineMessagesTest.class.getResourceAsStream("/plans/" + name + ".json")) {
            return Plan.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), SQL, PlanType.CUSTOM);
        }
    }

    @Test
    void aRegressionShowsTheFactsSideBySideAndThePlanWithItsNodesAtFault() throws IOException {
        Plan after = stored("delayed-jobs-after");
        Plan before = stored("delayed-jobs-before");
        FactsComparison comparison = FactsComparison.of(PlanFacts.of(Plans.of(after)).get(0),
                PlanFacts.of(Plans.of(before)).get(0));
        String block = ShouldMatchBaseline.regression("Statement 1 of 1, run once, custom plan: " + SQL, comparison,
                before);

        assertThat(ShouldMatchBaseline.create("src/test/resources/jobs/Dequeue/reserve.plans", 1, List.of(block),
                List.of(), List.of("select 1 (custom plan)")).create()).isEqualTo("""

                Expecting the plans of every captured statement to match the baseline src/test/resources/jobs/Dequeue/reserve.plans, but 1 of 1 statement got worse.

                Statement 1 of 1, run once, custom plan: SELECT id FROM delayed_jobs WHERE failed_at IS NULL ORDER BY priority DESC, run_at LIMIT 5
                Worse: new Seq Scan on delayed_jobs_before; new sort: 0 -> 1 sorts; rows examined per row returned 1 -> 4,000 (allowed up to 11); shared buffers 7 -> 154 (allowed up to 20)
                   fact                           | baseline                                                        | now
                >> shape                          | Limit                                                           | Limit
                                                  |   Index Scan using delayed_jobs_priority_run_at on delayed_jobs |   Sort
                                                  |                                                                 |     Seq Scan on delayed_jobs_before
                >> seq scans on large tables      | none                                                            | delayed_jobs_before
                >> sorts                          | none                                                            | Sort (priority DESC, run_at) in memory
                >> rows examined                  | 5                                                               | 20000
                   rows returned                  | 5                                                               | 5
                >> rows examined per row returned | 1                                                               | 4000
                >> shared buffers                 | 7                                                               | 154

                Plan now:
                   Limit  (cost=980.16..980.17 rows=5 width=72) (actual time=5.019..5.020 rows=5 loops=1)
                     Buffers: shared hit=6 read=148 dirtied=148
                >>   ->  Sort  (cost=980.16..1030.15 rows=19998 width=72) (actual time=5.018..5.018 rows=5 loops=1)
                           Sort Key: priority DESC, run_at
                           Sort Method: top-N heapsort  Memory: 25kB
                           Buffers: shared hit=6 read=148 dirtied=148
                >>         ->  Seq Scan on delayed_jobs_before  (cost=0.00..648.00 rows=19998 width=72) (actual time=0.024..3.728 rows=20000 loops=1)
                                 Filter: ((failed_at IS NULL) AND (((run_at <= now()) AND ((locked_at IS NULL) OR (locked_at < (now() - '04:00:00'::interval)))) OR (locked_by = 'host:x'::text)))
                                 Buffers: shared read=148 dirtied=148
                   Planning:
                     Buffers: shared hit=89 read=16 dirtied=3
                   Planning Time: 0.544 ms
                   Execution Time: 5.041 ms

                In the baseline but not run (remove them with -Dqueuetestkit.baselines=update):
                  select 1 (custom plan)""");
    }

    @Test
    void bufferGrowthExplainedByHeapFetchesIsNotCountedAndTheHeapFetchesShowSideBySide() {
        List<String> shape = List.of("Limit", "  Index Only Scan using jobs_ready on jobs");
        // worse for its rows, so the block is printed; the buffers alone would have passed
        FactsComparison comparison = FactsComparison.of(
                new PlanFacts(PlanType.CUSTOM, shape, List.of(), List.of(), 50, 50, 3, 0),
                new PlanFacts(PlanType.CUSTOM, shape, List.of(), List.of(), 5_000, 50, 52, 50));

        assertThat(ShouldMatchBaseline.sideBySide(comparison)).isEqualTo("""
                   fact                           | baseline                                   | now
                   shape                          | Limit                                      | Limit
                                                  |   Index Only Scan using jobs_ready on jobs |   Index Only Scan using jobs_ready on jobs
                   seq scans on large tables      | none                                       | none
                   sorts                          | none                                       | none
                >> rows examined                  | 50                                         | 5000
                   rows returned                  | 50                                         | 50
                >> rows examined per row returned | 1                                          | 100
                >> shared buffers                 | 3                                          | 52
                >> heap fetches                   | 0                                          | 50
                """);
        assertThat(comparison.worse()).containsExactly("rows examined per row returned 1 -> 100 (allowed up to 11)");
        assertThat(ShouldMatchBaseline.regression("Statement 1 of 1, run once, custom plan: select", comparison,
                Plan.parse("[{\"Plan\": {\"Node Type\": \"Result\"}}]", "select", PlanType.CUSTOM)))
                .startsWith("Statement 1 of 1, run once, custom plan: select\n"
                        + "Worse: rows examined per row returned 1 -> 100 (allowed up to 11)\n"
                        + "Not counted: shared buffers 3 -> 52 not counted as worse: the plan is the same and its"
                        + " index-only scans fetched 50 more rows from the table (heap fetches 0 -> 50), which follows"
                        + " the visibility map, i.e. whether (auto)vacuum has run since the data was written, not the"
                        + " plan\n   fact ");
    }

    @Test
    void missingBaselinesInCiModeSayHowToRecordThem() {
        assertThat(ShouldMatchBaseline.create("jobs.plans", 2, List.of(), List.of("select 1 (custom plan)",
                "select 2 (generic plan)"), List.of()).create()).isEqualTo("""

                Expecting the plans of every captured statement to match the baseline jobs.plans, but 2 have no\
                 baseline.

                No baseline (CI mode writes none): record it by running the test locally or with\
                 -Dqueuetestkit.baselines=update, then commit jobs.plans:
                  select 1 (custom plan)
                  select 2 (generic plan)""");
    }
}
