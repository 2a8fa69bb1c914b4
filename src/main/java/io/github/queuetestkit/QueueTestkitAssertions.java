package io.github.queuetestkit;

import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.StatementsAssert;
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
}
