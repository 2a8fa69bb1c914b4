package io.github.queuetestkit;

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
}
