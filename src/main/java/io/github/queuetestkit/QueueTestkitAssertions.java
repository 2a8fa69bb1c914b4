package io.github.queuetestkit;

import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.StatementsAssert;
import io.github.queuetestkit.queue.DequeueAssert;
import io.github.queuetestkit.queue.DequeueLog;
import io.github.queuetestkit.queue.Jobs;
import io.github.queuetestkit.queue.JobsAssert;
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
}
