package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.OrderChecks.Violation;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when dequeues do not respect priority (never a job while a more urgent one was eligible). */
final class ShouldRespectPriority extends BasicErrorMessageFactory {

    static final String RULE = "respect priority (never a job while a more urgent one was eligible)";

    private ShouldRespectPriority(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldRespectPriority create(DequeueLog log, Violation violation) {
        return new ShouldRespectPriority(LogRendering.failure(RULE, log, violation));
    }
}
