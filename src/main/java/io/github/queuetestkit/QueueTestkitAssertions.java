package io.github.queuetestkit;

import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanAssert;
import io.github.queuetestkit.plan.Plans;
import io.github.queuetestkit.plan.SweepAssert;
import io.github.queuetestkit.plan.SweepResult;
import io.github.queuetestkit.queue.DequeueAssert;
import io.github.queuetestkit.queue.DequeueLog;
import io.github.queuetestkit.queue.Jobs;
import io.github.queuetestkit.queue.JobsAssert;
import io.github.queuetestkit.queue.WorkersAssert;
import io.github.queuetestkit.queue.WorkersResult;
import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.EveryPlanAssert;
import io.github.queuetestkit.sql.StatementsAssert;
import java.sql.Connection;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * The one entry point of every queue-testkit assertion, like AssertJ's {@code Assertions}: import its methods
 * statically next to AssertJ's.
 *
 * <pre>{@code
 * import static io.github.queuetestkit.QueueTestkitAssertions.*;
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class QueueTestkitAssertions {

    private QueueTestkitAssertions() {
    }

    /**
     * Entry point of statement-capture assertions.
     *
     * <pre>{@code
     * assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);
     * }</pre>
     *
     * @param captured what a test ran through the recording DataSource
     * @return assertions on it
     */
    public static StatementsAssert assertThatStatements(CapturedStatements captured) {
        return new StatementsAssert(captured);
    }

    /**
     * Starts assertions on the order of a dequeue log.
     *
     * <pre>{@code
     * assertThatDequeues(Workers.dequeueWith(queue::take).workers(8).run(dataSource).log())
     *     .hasNoDuplicates()
     *     .isFairPerKey();
     * }</pre>
     *
     * @param log the dequeues, from the worker harness, a table or recorded by hand
     * @return the assertion
     */
    public static DequeueAssert assertThatDequeues(DequeueLog log) {
        return new DequeueAssert(log);
    }

    /**
     * Starts assertions on the contention of a worker run: lock waits, deadlocks, serialization failures, lock
     * timeouts and wake-up latency.
     *
     * <pre>{@code
     * assertThatWorkers(Workers.dequeueWith(queue::take).workers(8).samplingLockWaits().run(dataSource))
     *     .hasNoWorkerWaitingOnAnotherWorkersRowLock()
     *     .hasNoDeadlocks();
     * }</pre>
     *
     * @param result what the worker harness produced
     * @return the assertion
     */
    public static WorkersAssert assertThatWorkers(WorkersResult result) {
        return new WorkersAssert(result);
    }

    /**
     * Starts enqueue assertions over a jobs table of any schema.
     *
     * <pre>{@code
     * assertThatJobs(Jobs.in(dataSource).inTable("jobs").where("state = 'pending'").keyedBy("args->>'car_id'"))
     *     .hasAtMostOnePerKey();
     * }</pre>
     *
     * @param jobs the table, filter and key expression
     * @return the assertion
     */
    public static JobsAssert assertThatJobs(Jobs jobs) {
        return new JobsAssert(jobs);
    }

    /**
     * Takes the plan of a statement with {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)} in a transaction that is
     * rolled back (a dequeue asserted on is never dequeued) and starts assertions on it.
     *
     * <pre>{@code
     * assertThatPlan(dataSource, "SELECT id FROM jobs WHERE queue = ? ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED", "q1")
     *         .usesIndex("jobs_queue_run_at")
     *         .hasNoSort()
     *         .rowsExaminedAtMost(10);
     * }</pre>
     *
     * @param dataSource the database; a new connection is opened and closed
     * @param sql the statement, with JDBC {@code ?} placeholders
     * @param parameters one value per placeholder, bound as a prepared statement binds them ({@code setObject}), or
     *     a {@link io.github.queuetestkit.plan.SqlParameter} bound as it says, e.g.
     *     {@code SqlParameter.typed("queued", Types.OTHER)} for an enum column
     * @return assertions on the custom plan
     * @throws io.github.queuetestkit.plan.ExplainException when the statement cannot be explained
     */
    public static PlanAssert assertThatPlan(DataSource dataSource, String sql, Object... parameters) {
        return new PlanAssert(Explain.of(sql, parameters).explain(dataSource));
    }

    /**
     * Like {@link #assertThatPlan(DataSource, String, Object...)} on a connection the test holds; a transaction it
     * is in is kept (the plan is taken under a savepoint that is rolled back).
     *
     * @param connection the connection
     * @param sql the statement, with JDBC {@code ?} placeholders
     * @param parameters one value or {@link io.github.queuetestkit.plan.SqlParameter} per placeholder
     * @return assertions on the custom plan
     */
    public static PlanAssert assertThatPlan(Connection connection, String sql, Object... parameters) {
        return new PlanAssert(Explain.of(sql, parameters).explain(connection));
    }

    /**
     * Plan assertions with options: without executing, the generic plan, both plans, settings.
     *
     * <pre>{@code
     * assertThatPlan(dataSource, Explain.of(sql, "q1").withCustomAndGenericPlans()).usesIndex("jobs_queue_run_at");
     * }</pre>
     *
     * @param dataSource the database
     * @param explain what to explain and how
     * @return assertions on every plan requested
     */
    public static PlanAssert assertThatPlan(DataSource dataSource, Explain explain) {
        return new PlanAssert(explain.explain(dataSource));
    }

    /**
     * @param connection the connection
     * @param explain what to explain and how
     * @return assertions on every plan requested
     */
    public static PlanAssert assertThatPlan(Connection connection, Explain explain) {
        return new PlanAssert(explain.explain(connection));
    }

    /**
     * Assertions on a plan already taken or parsed from stored JSON ({@link Plan#parse}); index and table names
     * cannot be checked against a catalog then.
     *
     * @param plan the plan
     * @return assertions on it
     */
    public static PlanAssert assertThat(Plan plan) {
        return new PlanAssert(plan);
    }

    /**
     * @param plans plans taken with {@link Explain#explain}
     * @return assertions on every one of them
     */
    public static PlanAssert assertThat(Plans plans) {
        return new PlanAssert(plans);
    }

    /**
     * Assertions over a scale sweep ({@link io.github.queuetestkit.plan.PlanSweep}).
     *
     * <pre>{@code
     * assertThat(PlanSweep.of("client-records").atScales(1_000, 10_000, 100_000).explaining(sql, 1).run(db))
     *         .atEveryScale(plan -> plan.usesIndex("records_client_created"))
     *         .sharedBuffersGrowAtMost(Growth.CONSTANT);
     * }</pre>
     *
     * @param sweep the sweep's result
     * @return assertions on it
     */
    public static SweepAssert assertThat(SweepResult sweep) {
        return new SweepAssert(sweep);
    }

    /**
     * Plan assertions over every distinct statement the test's code ran, each planned again with the parameters of
     * its first execution that did not fail, in a rolled-back transaction; the same as
     * {@code assertThatStatements(captured).everyPlan()}.
     *
     * <pre>{@code
     * assertThatEveryPlan(captured).hasNoSeqScanOn("jobs");
     * }</pre>
     *
     * @param captured what a test ran through the recording DataSource
     * @return assertions over every statement's plan
     */
    public static EveryPlanAssert assertThatEveryPlan(CapturedStatements captured) {
        return new EveryPlanAssert(captured);
    }
}
