package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/plan-jobs.sql")
class PlanModelTest {

    static String resource(String name) {
        try (InputStream in = PlanModelTest.class.getResourceAsStream("/plans/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void delayedJobBeforeTheFixExaminesEveryRowToReturnFive(DataSource dataSource) {
        Plan plan = Explain.of(PlanFixtures.DELAYED_BEFORE, "host:x").explain(dataSource).custom();

        assertThat(plan.rowsExamined()).isEqualTo(20_000);
        assertThat(plan.rowsReturned()).isEqualTo(5);
        assertThat(plan.shape()).isEqualTo("Limit > Sort > Seq Scan on delayed_jobs_before");
        PlanNode sort = plan.nodesOfType("Sort").get(0);
        assertThat(sort.sortKeys()).containsExactly("priority DESC", "run_at");
        assertThat(sort.sortMethod()).isEqualTo("top-N heapsort");
        assertThat(sort.sortSpaceType()).isEqualTo("Memory");
        assertThat(sort.sortSpaceUsedKb()).isPositive();
        PlanNode scan = plan.nodesOn("delayed_jobs_before").get(0);
        assertThat(scan.nodeType()).isEqualTo("Seq Scan");
        assertThat(scan.parentRelationship()).isEqualTo("Outer");
        assertThat(scan.alias()).isEqualTo("delayed_jobs_before");
        assertThat(scan.filter()).contains("locked_by = 'host:x'::text");
        assertThat(scan.actual().orElseThrow().rows()).isEqualTo(20_000);
        assertThat(scan.actual().orElseThrow().loops()).isEqualTo(1);
        assertThat(scan.buffers().sharedTotal()).isEqualTo(148);
        assertThat(plan.sharedBuffers()).isGreaterThanOrEqualTo(148);
    }

    @Test
    void delayedJobAfterTheFixExaminesFiveThroughTheIndex(DataSource dataSource) {
        Plan plan = Explain.of(PlanFixtures.DELAYED_ASC, "host:x").explain(dataSource).custom();

        assertThat(plan.rowsExamined()).isEqualTo(5);
        assertThat(plan.rowsReturned()).isEqualTo(5);
        assertThat(plan.analyzed()).isTrue();
        assertThat(plan.type()).isEqualTo(PlanType.CUSTOM);
        assertThat(plan.parameters()).containsExactly("host:x");
        assertThat(plan.planningTime()).hasValueSatisfying(t -> assertThat(t.toNanos()).isPositive());
        assertThat(plan.executionTime()).hasValueSatisfying(t -> assertThat(t.toNanos()).isPositive());
        assertThat(plan.root().nodeType()).isEqualTo("Limit");
        assertThat(plan.root().parentRelationship()).isNull();
        PlanNode scan = plan.nodesUsingIndex("delayed_jobs_priority_run_at").get(0);
        assertThat(scan.nodeType()).isEqualTo("Index Scan");
        assertThat(scan.relationName()).isEqualTo("delayed_jobs");
        assertThat(scan.scanDirection()).isEqualTo("Forward");
        assertThat(scan.startupCost()).isLessThan(scan.totalCost());
        assertThat(scan.estimatedRows()).isGreaterThan(1000);
        assertThat(scan.width()).isPositive();
        assertThat(scan.actual().orElseThrow().totalTimeMs()).isGreaterThanOrEqualTo(
                scan.actual().orElseThrow().startupTimeMs());
        assertThat(plan.sharedBuffers()).isLessThan(20);
        assertThat(plan.parentOf(scan)).containsSame(plan.root());
        assertThat(plan.tables()).containsExactly("delayed_jobs");
    }

    @Test
    void joinsCarryTheirTypeAndConditionAndFilterCounts(DataSource dataSource) {
        Plan plan = Explain.of("SELECT d.id FROM delayed_jobs d LEFT JOIN delayed_jobs_before b ON b.id = d.id"
                + " WHERE d.queue = ? AND b.priority > 0", "q1").withSetting("enable_mergejoin", "off")
                .withSetting("enable_nestloop", "off").explain(dataSource).custom();

        PlanNode join = plan.nodesOfType("Hash Join").get(0);
        assertThat(join.joinType()).isNotNull();
        assertThat(join.hashCond()).contains("id");
        PlanNode d = plan.nodesWhere(n -> "d".equals(n.alias())).get(0);
        assertThat(d.headline()).isEqualTo("Seq Scan on delayed_jobs d");
        assertThat(d.rowsRemovedByFilter()).isEqualTo(16_000);
        assertThat(d.rowsExamined()).isEqualTo(20_000);
        assertThat(plan.rowsExamined()).isEqualTo(40_000);
        assertThat(plan.nodesOfType("Hash")).hasSize(1);
        assertThat(plan.nodesOfType("Hash").get(0).properties()).containsKey("Hash Buckets");
    }

    @Test
    void indexOnlyScanReportsIndexCondAndHeapFetches(DataSource dataSource) {
        Plan plan = Explain.of("SELECT priority, run_at FROM delayed_jobs WHERE priority = ? ORDER BY run_at DESC",
                3).explain(dataSource).custom();

        PlanNode scan = plan.nodesOfType("Index Only Scan").get(0);
        assertThat(scan.indexCond()).isEqualTo("(priority = 3)");
        assertThat(scan.scanDirection()).isEqualTo("Backward");
        assertThat(scan.headline()).isEqualTo(
                "Index Only Scan Backward using delayed_jobs_priority_run_at on delayed_jobs");
        // Whether VACUUM could set the visibility map depends on other open transactions; the count is EXPLAIN's.
        assertThat(scan.heapFetches()).isEqualTo(scan.properties().get("Heap Fetches"));
        assertThat(plan.heapFetches()).isEqualTo(scan.heapFetches());
        assertThat(plan.rowsExamined()).isEqualTo(2_000);
    }

    @Test
    void aggregatesAndSubplansAreNamedAsPsqlNamesThem(DataSource dataSource) {
        Plan plan = Explain.of("SELECT queue, count(*) FROM delayed_jobs WHERE priority < (SELECT max(priority)"
                + " FROM delayed_jobs_before) GROUP BY queue").explain(dataSource).custom();

        PlanNode aggregate = plan.nodesOfType("Aggregate").stream()
                .filter(n -> n.strategy() != null && !n.strategy().equals("Plain")).findFirst().orElseThrow();
        assertThat(aggregate.operationName()).isIn("HashAggregate", "GroupAggregate");
        assertThat(plan.nodesOfType(aggregate.operationName())).contains(aggregate);
        assertThat(aggregate.properties()).containsKey("Group Key");
        assertThat(plan.nodesWhere(n -> n.subplanName() != null).get(0).subplanName()).startsWith("InitPlan 1");
    }

    @Test
    void withoutExecutingHasEstimatesOnly(DataSource dataSource) {
        Plan plan = Explain.of(PlanFixtures.DELAYED_BEFORE, "host:x").withoutExecuting().explain(dataSource).custom();

        assertThat(plan.analyzed()).isFalse();
        assertThat(plan.executionTime()).isEmpty();
        assertThat(plan.nodes()).allSatisfy(n -> assertThat(n.actual()).isEmpty());
        assertThat(plan.rowsExamined()).isZero();
        assertThat(plan.rowsReturned()).isZero();
        assertThat(plan.totalCost()).isPositive();
        assertThat(plan.render()).doesNotContain("actual").contains("Seq Scan on delayed_jobs_before  (cost=");
    }

    @Test
    void parsesTheJsonItWasMadeFromIntoAnEqualModel(DataSource dataSource) {
        Plan plan = Explain.of(PlanFixtures.DELAYED_ASC, "host:x").explain(dataSource).custom();

        Plan parsed = Plan.parse(plan.json(), plan.sql(), PlanType.CUSTOM, "host:x");

        assertThat(parsed).isEqualTo(plan);
        assertThat(parsed.render()).isEqualTo(plan.render());
    }

    @Test
    void parsesStoredJson() {
        Plan plan = Plan.parse(resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_BEFORE, PlanType.CUSTOM,
                "host:x");

        assertThat(plan.rowsExamined()).isEqualTo(20_000);
        assertThat(plan.rowsReturned()).isEqualTo(5);
        assertThat(plan.sharedBuffers()).isEqualTo(154);
        assertThat(plan.root().buffers()).isEqualTo(new PlanNode.Buffers(6, 148, 148, 0, 0, 0));
        assertThat(plan.planningBuffers().sharedTotal()).isEqualTo(105);
        assertThat(plan.planningTime()).hasValueSatisfying(t -> assertThat(t.toNanos()).isEqualTo(544_000));
        assertThat(plan.executionTime()).hasValueSatisfying(t -> assertThat(t.toNanos()).isEqualTo(5_041_000));
        assertThat(plan.nodesOfType("seq scan")).hasSize(1);
    }

    @Test
    void readsPostgres18sIndexSearchesDisabledNodesTupleStoresAndFractionalRows() {
        Plan plan = Plan.parse(resource("pg18-cte-subplan-disabled.json"), "WITH heavy ...", PlanType.CUSTOM);
        PlanNode lookup = plan.nodesUsingIndex("delayed_jobs_pkey").get(0);
        PlanNode queues = plan.nodesOn("queues").get(0);

        assertThat(lookup.indexSearches()).hasValue(6);
        assertThat(lookup.actual().orElseThrow().rows()).isEqualTo(0.17);
        // a row found on one loop in six: 18 says 0.17 per loop, so the total is 1 where 17's "0" made it 0
        assertThat(Math.round(lookup.actual().orElseThrow().totalRows())).isEqualTo(1);
        assertThat(lookup.rowsExamined()).isEqualTo(7);
        assertThat(lookup.disabled()).isFalse();
        assertThat(queues.disabled()).isTrue();
        assertThat(queues.indexSearches()).isEmpty();
        assertThat(plan.root().properties()).containsEntry("Storage", "Memory").containsEntry("Maximum Storage", 17L);
        assertThat(plan.rowsExamined()).isEqualTo(10 + 7);
    }

    @Test
    void plansBefore18HaveNoIndexSearchesAndNoDisabledNodes() {
        Plan plan = Plan.parse(resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_BEFORE, PlanType.CUSTOM,
                "host:x");

        assertThat(plan.nodes()).allSatisfy(n -> {
            assertThat(n.indexSearches()).isEmpty();
            assertThat(n.disabled()).isFalse();
        });
    }

    @Test
    void parallelNodesAreNamedAsPsqlNamesThemAndStillMatchTheirType() {
        Plan plan = Plan.parse(resource("pg18-gather-merge.json"), "SELECT queue, count(*) ...", PlanType.CUSTOM);
        PlanNode scan = plan.nodesOn("delayed_jobs_before").get(0);
        PlanNode partial = plan.nodesOfType("HashAggregate").get(0);

        assertThat(scan.headline()).isEqualTo("Parallel Seq Scan on delayed_jobs_before");
        assertThat(scan.isOfType("Seq Scan")).isTrue();
        assertThat(partial.headline()).isEqualTo("Partial HashAggregate");
        assertThat(plan.root().headline()).isEqualTo("Finalize GroupAggregate");
        assertThat(plan.nodesOfType("Sort").get(0).properties().get("Workers")).asList().hasSize(2);
        // 6666.67 rows per loop over 3 loops: every one of the 20,000 rows, where 17's 6667 × 3 said 20,001
        assertThat(plan.rowsExamined()).isEqualTo(20_000);
        assertThat(plan.shape()).isEqualTo("Finalize GroupAggregate > Gather Merge > Sort > Partial HashAggregate"
                + " > Parallel Seq Scan on delayed_jobs_before");
    }
}
