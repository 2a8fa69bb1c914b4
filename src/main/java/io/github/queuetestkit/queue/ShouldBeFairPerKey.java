package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.OrderChecks.Jain;
import io.github.queuetestkit.queue.internal.OrderChecks.Violation;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording for the three fairness rules: round-robin, window and Jain's index. */
final class ShouldBeFairPerKey extends BasicErrorMessageFactory {

    private ShouldBeFairPerKey(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldBeFairPerKey roundRobin(DequeueLog log, int tolerance, Violation violation) {
        int n = log.concurrency();
        if (n == 1) {
            return new ShouldBeFairPerKey(LogRendering.failure("be fair per key (round-robin: while a key with"
                    + " eligible jobs waits, no other key is served more than "
                    + (tolerance == 1 ? "once" : tolerance + " times") + ")", log,
                    violation));
        }
        return new ShouldBeFairPerKey(LogRendering.failure("be fair per key (round-robin with " + n
                + " concurrent workers: while a key with eligible jobs waits, no other key is served more than "
                + tolerance + " x " + n + " = " + tolerance * n + " times, since up to " + n
                + " workers may read the same snapshot)", log, violation));
    }

    static ShouldBeFairPerKey window(DequeueLog log, int window, int tolerance, Violation violation) {
        int n = log.concurrency();
        if (n == 1) {
            return new ShouldBeFairPerKey(LogRendering.failure("be fair per key in every " + window
                    + " consecutive dequeues (a key with eligible jobs throughout a block has at most " + tolerance
                    + " fewer dequeues in it than any other key)", log, violation));
        }
        return new ShouldBeFairPerKey(LogRendering.failure("be fair per key in every " + window
                + " consecutive dequeues (with " + n + " concurrent workers: a key that waits throughout a block"
                + " sees at most " + tolerance + " x " + n + " = " + tolerance * n + " dequeues of any other key in"
                + " it)", log, violation));
    }

    static ShouldBeFairPerKey jain(DequeueLog log, double atLeast, Jain jain) {
        String until = jain.exhaustedKey() == null ? "the end of the log"
                : "key \"" + jain.exhaustedKey() + "\" ran out of eligible jobs";
        // The index is over the contended prefix, so its counts are shown in the sentence; the table below keeps
        // meaning what it means in every dequeue failure: the whole log.
        String prefixCounts = jain.counts().entrySet().stream().map(e -> "\"" + e.getKey() + "\" " + e.getValue())
                .collect(Collectors.joining(", "));
        String what = String.format(Locale.ROOT,
                "Jain's fairness index was %.3f over the first %d dequeues (until %s), where the dequeues per key were"
                        + " %s", jain.index(), jain.prefix(), until, prefixCounts);
        String rule = String.format(Locale.ROOT, "have Jain's fairness index at least %.3f", atLeast);
        return new ShouldBeFairPerKey(LogRendering.failure(rule, what, log, Math.max(0, jain.prefix() - 1), Set.of(),
                jain.waitingRelated(), log.countsPerKey()));
    }
}
