package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The renderer against stored plans, to the character; {@link PlanShapes} compares it with live servers. */
class PlanRenderTest {

    @Test
    void rendersBuffersAndTimesAsPsqlDoes() {
        Plan plan = Plan.parse(PlanModelTest.resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_BEFORE,
                PlanType.CUSTOM, "host:x");

        assertThat(plan.render()).isEqualTo("""
                Limit  (cost=980.16..980.17 rows=5 width=72) (actual time=5.019..5.020 rows=5 loops=1)
                  Buffers: shared hit=6 read=148 dirtied=148
                  ->  Sort  (cost=980.16..1030.15 rows=19998 width=72) (actual time=5.018..5.018 rows=5 loops=1)
                        Sort Key: priority DESC, run_at
                        Sort Method: top-N heapsort  Memory: 25kB
                        Buffers: shared hit=6 read=148 dirtied=148
                        ->  Seq Scan on delayed_jobs_before  (cost=0.00..648.00 rows=19998 width=72) \
                (actual time=0.024..3.728 rows=20000 loops=1)
                              Filter: ((failed_at IS NULL) AND (((run_at <= now()) AND ((locked_at IS NULL) OR \
                (locked_at < (now() - '04:00:00'::interval)))) OR (locked_by = 'host:x'::text)))
                              Buffers: shared read=148 dirtied=148
                Planning:
                  Buffers: shared hit=89 read=16 dirtied=3
                Planning Time: 0.544 ms
                Execution Time: 5.041 ms""");
    }

    @Test
    void marksTheNodesAtFaultInTheMargin() {
        Plan plan = Plan.parse(PlanModelTest.resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_BEFORE,
                PlanType.CUSTOM, "host:x");

        String text = plan.render(plan.nodesOfType("Seq Scan"));

        assertThat(text.lines().filter(l -> l.startsWith(">> ")))
                .containsExactly(">>         ->  Seq Scan on delayed_jobs_before  (cost=0.00..648.00 rows=19998 width=72)"
                        + " (actual time=0.024..3.728 rows=20000 loops=1)");
        assertThat(text.lines().filter(l -> !l.startsWith(">> "))).allMatch(l -> l.startsWith("   "));
        assertThat(text.lines().findFirst()).hasValue("   Limit  (cost=980.16..980.17 rows=5 width=72)"
                + " (actual time=5.019..5.020 rows=5 loops=1)");
    }

    @Test
    void rendersPostgres18sFractionalRowsIndexSearchesDisabledNodesAndTupleStoresAsItsServerDoes() {
        // stored from 18.6 under enable_seqscan=off: the CTE has no other way to read queues, so its Seq Scan is
        // disabled; the subplan finds a row on one loop in six, which 18 reports as 0.17 and 17 as 0
        Plan plan = Plan.parse(PlanModelTest.resource("pg18-cte-subplan-disabled.json"), "WITH heavy ...",
                PlanType.CUSTOM);

        assertThat(plan.render()).isEqualTo("""
                CTE Scan on heavy h  (cost=1.12..18.92 rows=7 width=40) (actual time=0.228..0.242 rows=6.00 loops=1)
                  Storage: Memory  Maximum Storage: 17kB
                  Buffers: shared hit=22
                  CTE heavy
                    ->  Seq Scan on queues  (cost=0.00..1.12 rows=7 width=7) (actual time=0.039..0.041 rows=6.00 loops=1)
                          Disabled: true
                          Filter: (weight > 4)
                          Rows Removed by Filter: 4
                          Buffers: shared hit=1
                  SubPlan 2
                    ->  Aggregate  (cost=2.51..2.52 rows=1 width=8) (actual time=0.031..0.031 rows=1.00 loops=6)
                          Buffers: shared hit=21
                          ->  Index Scan using delayed_jobs_pkey on delayed_jobs d  (cost=0.29..2.51 rows=1 width=0) \
                (actual time=0.030..0.030 rows=0.17 loops=6)
                                Index Cond: (id = (h.weight * 3))
                                Filter: (priority = 0)
                                Rows Removed by Filter: 1
                                Index Searches: 6
                                Buffers: shared hit=21
                Planning:
                  Buffers: shared hit=138
                Planning Time: 1.894 ms
                Execution Time: 0.593 ms""");
    }

    @Test
    void rendersWhatEachParallelWorkerSortedAndHashedAfterTheLeadersBuffers() {
        Plan plan = Plan.parse(PlanModelTest.resource("pg18-gather-merge.json"), "SELECT queue, count(*) ...",
                PlanType.CUSTOM);

        assertThat(plan.render()).contains("""
                        ->  Sort  (cost=273.11..273.12 rows=5 width=11) (actual time=38.063..38.064 rows=1.67 loops=3)
                              Sort Key: queue
                              Sort Method: quicksort  Memory: 25kB
                              Buffers: shared hit=164
                              Worker 0:  Sort Method: quicksort  Memory: 25kB
                              Worker 1:  Sort Method: quicksort  Memory: 25kB
                              ->  Partial HashAggregate  (cost=273.00..273.05 rows=5 width=11) \
                (actual time=37.800..37.801 rows=1.67 loops=3)
                                    Group Key: queue
                                    Batches: 1  Memory Usage: 32kB
                                    Buffers: shared hit=148
                                    Worker 0:  Batches: 1  Memory Usage: 32kB
                                    Worker 1:  Batches: 1  Memory Usage: 32kB
                                    ->  Parallel Seq Scan on delayed_jobs_before  (cost=0.00..231.33 rows=8333 width=3) \
                (actual time=0.017..22.805 rows=6666.67 loops=3)
                """);
        assertThat(plan.root().headline()).isEqualTo("Finalize GroupAggregate");
    }
}
