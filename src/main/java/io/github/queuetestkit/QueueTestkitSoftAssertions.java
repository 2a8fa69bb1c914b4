package io.github.queuetestkit;

import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanAssert;
import io.github.queuetestkit.plan.Plans;
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
import org.assertj.core.api.SoftAssertions;

/**
 * Soft mode for every queue-testkit assertion: collects failures and reports them together on
 * {@link #assertAll()}, like AssertJ's {@link SoftAssertions}, which it extends.
 *
 * <pre>{@code
 * QueueTestkitSoftAssertions softly = new QueueTestkitSoftAssertions();
 * softly.assertThatPlan(dataSource, sql).usesIndex("jobs_run_at");
 * softly.assertAll();
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
public class QueueTestkitSoftAssertions extends SoftAssertions {

    /** Creates an empty collector of failures. */
    public QueueTestkitSoftAssertions() {
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatEveryPlan(CapturedStatements)}: every failing check is
     * collected. ({@code softly.assertThatStatements(c).everyPlan()} is not: AssertJ collects only the assert a soft
     * method returns.)
     *
     * @param captured what a test ran through the recording DataSource
     * @return assertions over every statement's plan whose failures are collected
     */
    public EveryPlanAssert assertThatEveryPlan(CapturedStatements captured) {
        return proxy(EveryPlanAssert.class, CapturedStatements.class, captured);
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatStatements(CapturedStatements)}.
     *
     * @param captured what a test ran through the recording DataSource
     * @return assertions on it whose failures are collected
     */
    public StatementsAssert assertThatStatements(CapturedStatements captured) {
        return proxy(StatementsAssert.class, CapturedStatements.class, captured);
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatDequeues(DequeueLog)}.
     *
     * @param log the dequeues
     * @return the assertion, collecting failures instead of throwing
     */
    public DequeueAssert assertThatDequeues(DequeueLog log) {
        return proxy(DequeueAssert.class, DequeueLog.class, log);
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatWorkers(WorkersResult)}.
     *
     * @param result what the worker harness produced
     * @return the assertion, collecting failures instead of throwing
     */
    public WorkersAssert assertThatWorkers(WorkersResult result) {
        return proxy(WorkersAssert.class, WorkersResult.class, result);
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatJobs(Jobs)}.
     *
     * @param jobs which jobs to check
     * @return the assertion, collecting failures instead of throwing
     */
    public JobsAssert assertThatJobs(Jobs jobs) {
        return proxy(JobsAssert.class, Jobs.class, jobs);
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatPlan(DataSource, String, Object...)}: the plan is
     * taken now (bad SQL throws at once), failures are collected.
     *
     * @param dataSource the database
     * @param sql the statement, with {@code ?} placeholders
     * @param parameters one value or {@link io.github.queuetestkit.plan.SqlParameter} per placeholder
     * @return assertions on the custom plan, collecting failures
     */
    public PlanAssert assertThatPlan(DataSource dataSource, String sql, Object... parameters) {
        return assertThat(Explain.of(sql, parameters).explain(dataSource));
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatPlan(Connection, String, Object...)}.
     *
     * @param connection the connection
     * @param sql the statement, with {@code ?} placeholders
     * @param parameters one value or {@link io.github.queuetestkit.plan.SqlParameter} per placeholder
     * @return assertions on the custom plan, collecting failures
     */
    public PlanAssert assertThatPlan(Connection connection, String sql, Object... parameters) {
        return assertThat(Explain.of(sql, parameters).explain(connection));
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatPlan(DataSource, Explain)}.
     *
     * @param dataSource the database
     * @param explain what to explain and how
     * @return assertions on every plan requested, collecting failures
     */
    public PlanAssert assertThatPlan(DataSource dataSource, Explain explain) {
        return assertThat(explain.explain(dataSource));
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThatPlan(Connection, Explain)}.
     *
     * @param connection the connection
     * @param explain what to explain and how
     * @return assertions on every plan requested, collecting failures
     */
    public PlanAssert assertThatPlan(Connection connection, Explain explain) {
        return assertThat(explain.explain(connection));
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThat(Plan)}.
     *
     * @param plan the plan
     * @return assertions on it, collecting failures
     */
    public PlanAssert assertThat(Plan plan) {
        return proxy(PlanAssert.class, Plan.class, plan);
    }

    /**
     * Soft version of {@link QueueTestkitAssertions#assertThat(Plans)}.
     *
     * @param plans the plans
     * @return assertions on every one, collecting failures
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public PlanAssert assertThat(Plans plans) {
        // PlanAssert's actual is its first Plan, but its soft proxy must be built from the Plans constructor so that
        // every plan is checked; AssertJ finds the constructor by the class passed here.
        return (PlanAssert) proxy((Class) PlanAssert.class, (Class) Plans.class, plans);
    }
}
