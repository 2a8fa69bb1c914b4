package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.OrderChecks.Violation;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when a key with eligible jobs waited longer than the starvation bound. */
final class ShouldNotStarve extends BasicErrorMessageFactory {

    private ShouldNotStarve(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldNotStarve create(DequeueLog log, int bound, Violation violation) {
        int n = log.concurrency();
        if (n == 1) {
            return new ShouldNotStarve(LogRendering.failure("never make a key with eligible jobs wait more than "
                    + bound + " dequeues", log, violation));
        }
        return new ShouldNotStarve(LogRendering.failure("never make a key with eligible jobs wait more than " + bound
                + " x " + n + " = " + bound * n + " dequeues (" + n + " concurrent workers, counted inside each"
                + " wait)", log, violation));
    }
}
