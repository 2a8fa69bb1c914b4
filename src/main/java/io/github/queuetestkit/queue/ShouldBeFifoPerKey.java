package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.OrderChecks.Violation;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when dequeues do not be FIFO within each key. */
final class ShouldBeFifoPerKey extends BasicErrorMessageFactory {

    static final String RULE = "be FIFO within each key";

    private ShouldBeFifoPerKey(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldBeFifoPerKey create(DequeueLog log, Violation violation) {
        return new ShouldBeFifoPerKey(LogRendering.failure(RULE, log, violation));
    }
}
