package io.github.queuetestkit;

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
}
