package io.github.queuetestkit.queue;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when the server aborted worker transactions for deadlock, serialization failure or lock timeout. */
final class ShouldHaveNoConflicts extends BasicErrorMessageFactory {

    private ShouldHaveNoConflicts(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldHaveNoConflicts create(TransactionConflict.Kind kind, List<TransactionConflict> conflicts) {
        StringBuilder text = new StringBuilder("\nExpecting workers to have no ").append(kind.words()).append("s,\nbut ")
                .append(conflicts.size()).append(conflicts.size() == 1 ? " transaction was" : " transactions were")
                .append(" aborted with SQLSTATE ").append(kind.sqlState()).append(" (").append(kind.words())
                .append("), each rolled back and its dequeue tried again:");
        conflicts.stream().limit(ContentionRendering.SHOWN).forEach(conflict -> {
            text.append("\n  ").append(ContentionRendering.clock(conflict.at())).append("  ").append(conflict.worker())
                    .append(' ').append(ContentionRendering.where(conflict)).append(": ").append(conflict.message());
            if (!conflict.detail().isEmpty()) {
                conflict.detail().lines().forEach(line -> text.append("\n      ").append(line));
            }
            conflict.sides().forEach(side -> text.append("\n      ").append(side));
        });
        if (conflicts.size() > ContentionRendering.SHOWN) {
            text.append("\n  ... and ").append(conflicts.size() - ContentionRendering.SHOWN).append(" more");
        }
        text.append('\n').append(switch (kind) {
            case DEADLOCK -> "Take locks in one order in every transaction (e.g. the global row first, or rows by id),"
                    + " or take fewer: a deadlock victim's work is lost and retried.";
            case SERIALIZATION_FAILURE -> "Concurrent transactions read and wrote the same rows; lock them explicitly"
                    + " (FOR UPDATE SKIP LOCKED) or run at READ COMMITTED, or expect the retries.";
            case LOCK_TIMEOUT -> "A lock was held longer than lock_timeout; shorten the holder's transaction or use"
                    + " SKIP LOCKED instead of waiting.";
        });
        return new ShouldHaveNoConflicts(text.toString());
    }
}
