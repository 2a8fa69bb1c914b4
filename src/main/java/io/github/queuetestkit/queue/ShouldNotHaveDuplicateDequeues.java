package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.OrderChecks.Violation;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when dequeues do not have no job dequeued twice. */
final class ShouldNotHaveDuplicateDequeues extends BasicErrorMessageFactory {

    static final String RULE = "have no job dequeued twice";

    private ShouldNotHaveDuplicateDequeues(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldNotHaveDuplicateDequeues create(DequeueLog log, Violation violation) {
        return new ShouldNotHaveDuplicateDequeues(LogRendering.failure(RULE, log, violation));
    }
}
