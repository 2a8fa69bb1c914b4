package io.github.queuetestkit;

import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.StatementsAssert;
import io.github.queuetestkit.queue.DequeueAssert;
import io.github.queuetestkit.queue.DequeueLog;
import io.github.queuetestkit.queue.Jobs;
import io.github.queuetestkit.queue.JobsAssert;
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
     * Soft version of {@link QueueTestkitAssertions#assertThatJobs(Jobs)}.
     *
     * @param jobs which jobs to check
     * @return the assertion, collecting failures instead of throwing
     */
    public JobsAssert assertThatJobs(Jobs jobs) {
        return proxy(JobsAssert.class, Jobs.class, jobs);
    }
}
