package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThat;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every plan assertion on every shape a real queue's SQL takes (db/verdict-matrix.sql): each shape has a statement
 * where the property holds (a dequeue through its (queue, run_at) index) and one where it does not (a search by
 * payload, which nothing serves); every assertion that applies must pass on the first and fail on the second, on
 * each server version a subclass names.
 */
abstract class VerdictMatrixContract {

    abstract int majorVersion();

    @BeforeEach
    void onTheVersionAskedFor(PostgresDatabase database) {
        OnServerVersion.assumeMajorUnlessContainer(database, majorVersion());
    }

    /**
     * One shape: where the property holds and where it does not.
     *
     * @param name what the shape is
     * @param table the table assertions name (as a user of that shape would)
     * @param index the index that serves the good statement
     * @param good the statement whose plan has every property
     * @param bad the statement whose plan has none
     * @param verdicts the verdicts whose property this shape's two statements tell apart; empty for all
     */
    record Shape(String name, String table, String index, Explain good, Explain bad, Set<String> verdicts) {

        Shape(String name, String table, String index, Explain good, Explain bad) {
            this(name, table, index, good, bad, Set.of());
        }

        boolean judges(Verdict verdict) {
            return verdicts.isEmpty() || verdicts.contains(verdict.name());
        }
    }

    /**
     * One assertion.
     *
     * @param name how it reads
     * @param check it, on a shape's plan
     */
    record Verdict(String name, Check check) {
    }

    @FunctionalInterface
    interface Check {
        void apply(PlanAssert plan, Shape shape);
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        String dequeue = " WHERE queue = ? ORDER BY run_at LIMIT 5";
        String search = " WHERE payload = ? ORDER BY run_at LIMIT 5";
        for (String[] table : new String[][] {
                {"plain table", "mq_jobs", "mq_jobs", "mq_jobs_queue_run_at"},
                {"partitioned table", "mq_part", "mq_part", "mq_part_queue_run_at"},
                {"partition", "mq_part_done", "mq_part_done", "mq_part_queue_run_at"},
                {"inheritance parent", "mq_inh", "mq_inh", "mq_inh_old_queue_run_at"},
                {"inheritance child", "mq_inh_old", "mq_inh_old", "mq_inh_old_queue_run_at"},
                {"view", "mq_view", "mq_view", "mq_jobs_queue_run_at"}}) {
            shapes.add(new Shape(table[0], table[2], table[3], Explain.of("SELECT * FROM " + table[1] + dequeue, "q1"),
                    Explain.of("SELECT * FROM " + table[1] + search, "x")));
        }
        shapes.add(new Shape("writing CTE under a SELECT", "mq_jobs", "mq_jobs_queue_run_at",
                Explain.of(claimUnderSelect("queue = ?"), "q1"), Explain.of(claimUnderSelect("payload = ?"), "x")));
        shapes.add(new Shape("InitPlan of an UPDATE ... RETURNING", "mq_jobs", "mq_jobs_queue_run_at",
                Explain.of(claimByInitPlan("queue = ?"), "q1"), Explain.of(claimByInitPlan("payload = ?"), "x")));
        shapes.add(new Shape("correlated SubPlan", "mq_jobs", "mq_jobs_queue_run_at",
                Explain.of(nextPerQueue("j.queue = q.name")), Explain.of(nextPerQueue("j.payload = q.name"))));
        shapes.add(new Shape("generic plan", "mq_jobs", "mq_jobs_queue_run_at",
                Explain.of("SELECT * FROM mq_jobs" + dequeue, "q1").withGenericPlan(),
                Explain.of("SELECT * FROM mq_jobs" + search, "x").withGenericPlan()));
        shapes.add(new Shape("custom and generic plans", "mq_part", "mq_part_queue_run_at",
                Explain.of("SELECT * FROM mq_part" + dequeue, "q1").withCustomAndGenericPlans(),
                Explain.of("SELECT * FROM mq_part" + search, "x").withCustomAndGenericPlans()));
        String typed = "SELECT * FROM mq_typed WHERE state = ? AND ";
        // every job of q0 is queued (id % 30 = 0), so the dequeue finds its five at once
        SqlParameter queued = SqlParameter.typed("queued", Types.OTHER);
        shapes.add(new Shape("typed parameter (enum bound as Types.OTHER)", "mq_typed", "mq_typed_queue_run_at",
                Explain.of(typed + "queue = ? ORDER BY run_at LIMIT 5", queued, "q0"),
                Explain.of(typed + "payload = ? ORDER BY run_at LIMIT 5", queued, "x")));
        shapes.add(new Shape("typed parameter, generic plan", "mq_typed", "mq_typed_queue_run_at",
                Explain.of(typed + "queue = ? ORDER BY run_at LIMIT 5", queued, "q0").withGenericPlan(),
                Explain.of(typed + "payload = ? ORDER BY run_at LIMIT 5", queued, "x").withGenericPlan()));
        // the driver hands the code 5 rows (Statement.setMaxRows(5)); only a LIMIT lets the server stop there
        shapes.add(new Shape("driver-side row limit", "mq_jobs", "mq_jobs_queue_run_at",
                Explain.of("SELECT * FROM mq_jobs WHERE queue = ? ORDER BY run_at LIMIT 5", "q1").withDriverRowLimit(5),
                Explain.of("SELECT * FROM mq_jobs WHERE queue = ? ORDER BY run_at", "q1").withDriverRowLimit(5),
                Set.of("rowsExaminedAtMost(200)", "rowsExaminedPerRowReturnedAtMost(3)", "sharedBuffersAtMost(300)")));
        return shapes;
    }

    private static String claimUnderSelect(String condition) {
        return "WITH claimed AS (UPDATE mq_jobs SET state = 'running' WHERE id IN (SELECT id FROM mq_jobs WHERE "
                + condition + " ORDER BY run_at LIMIT 5 FOR UPDATE SKIP LOCKED) RETURNING id, queue) SELECT * FROM claimed";
    }

    private static String claimByInitPlan(String condition) {
        return "UPDATE mq_jobs SET state = 'running' WHERE id = (SELECT id FROM mq_jobs WHERE " + condition
                + " ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id";
    }

    private static String nextPerQueue(String correlation) {
        return "SELECT q.name, (SELECT j.run_at FROM mq_jobs j WHERE " + correlation + " ORDER BY j.run_at LIMIT 1)"
                + " AS next_run FROM mq_queues q";
    }

    static List<Verdict> verdicts() {
        return List.of(
                new Verdict("usesIndex", (plan, shape) -> plan.usesIndex(shape.index())),
                new Verdict("usesIndexOn", (plan, shape) -> plan.usesIndexOn(shape.table())),
                new Verdict("hasNoSeqScanOn", (plan, shape) -> plan.hasNoSeqScanOn(shape.table())),
                new Verdict("hasNoSort", (plan, shape) -> plan.hasNoSort()),
                new Verdict("doesNotContainNodeType(Sort)", (plan, shape) -> plan.doesNotContainNodeType("Sort")),
                new Verdict("rowsExaminedAtMost(200)", (plan, shape) -> plan.rowsExaminedAtMost(200)),
                new Verdict("rowsExaminedPerRowReturnedAtMost(3)",
                        (plan, shape) -> plan.rowsExaminedPerRowReturnedAtMost(3)),
                new Verdict("sharedBuffersAtMost(300)", (plan, shape) -> plan.sharedBuffersAtMost(300)),
                new Verdict("totalCostAtMost(300)", (plan, shape) -> plan.totalCostAtMost(300)),
                new Verdict("needsIndex", (plan, shape) -> plan.needsIndex(shape.index())),
                new Verdict("hasNoSeqScanOnThanksTo",
                        (plan, shape) -> plan.hasNoSeqScanOnThanksTo(shape.table(), shape.index())),
                new Verdict("canBeServedByIndex", (plan, shape) -> plan.canBeServedByIndex(shape.index())));
    }

    @TestFactory
    Stream<DynamicNode> everyVerdictPassesWhereThePropertyHoldsAndFailsWhereItDoesNot(DataSource dataSource) {
        return shapes().stream().map(shape -> {
            // each statement is planned once per shape; the verdicts that plan again (necessity, forced) do so
            Plans good = shape.good().explain(dataSource);
            Plans bad = shape.bad().explain(dataSource);
            return DynamicContainer.dynamicContainer(shape.name(), verdicts().stream()
                    .filter(shape::judges)
                    .map(verdict -> dynamicTest(verdict.name(), () -> {
                        verdict.check().apply(assertThat(good), shape);
                        assertThatThrownBy(() -> verdict.check().apply(assertThat(bad), shape))
                                .as("%s on the %s where the property does not hold", verdict.name(), shape.name())
                                .isInstanceOf(AssertionError.class);
                    })));
        });
    }

    @TestFactory
    Stream<DynamicNode> measuredVerdictsOnEveryShape(DataSource dataSource) {
        return shapes().stream().map(shape -> dynamicTest(shape.name(), () -> {
            assertThatPlan(dataSource, shape.good()).executionTimeAtMost(Duration.ofMinutes(1))
                    .containsNodeType("Limit").sortsOnlyInMemory();
            assertThatThrownBy(() -> assertThatPlan(dataSource, shape.bad()).executionTimeAtMost(Duration.ZERO))
                    .isInstanceOf(AssertionError.class);
        }));
    }
}
