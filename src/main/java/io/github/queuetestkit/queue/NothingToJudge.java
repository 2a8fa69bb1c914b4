package io.github.queuetestkit.queue;

import java.util.Locale;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Failure wording when a log cannot show what an order rule asks: no dequeue, a single key, a window longer than the
 * log, no two jobs of a key enqueued apart, a contended prefix too short to measure. A rule that checked nothing
 * must not pass, or a broken test reads as a fair queue.
 */
final class NothingToJudge extends BasicErrorMessageFactory {

    private NothingToJudge(String rule, String why) {
        super("%s", unquotedString("\nExpecting dequeues to " + rule + ",\nbut " + why));
    }

    static NothingToJudge noDequeue(String rule, DequeueLog log) {
        return new NothingToJudge(rule, "the log has no dequeue (" + log.waiting().size() + " jobs waiting), so"
                + " there is nothing to judge: a queue that serves no job passes no order rule. Look at why the"
                + " dequeue gave no job.");
    }

    static NothingToJudge oneKey(String rule, DequeueLog log) {
        String key = log.countsPerKey().keySet().iterator().next();
        return new NothingToJudge(rule, "every job of the log has key \"" + key + "\" (" + log.size()
                + " dequeues, " + log.waiting().size() + " waiting), so no key can be favoured over another: give"
                + " the jobs several keys.");
    }

    static NothingToJudge windowLongerThanLog(int window, DequeueLog log) {
        return new NothingToJudge("be fair per key in every " + window + " consecutive dequeues", "the log has only "
                + log.size() + " dequeues, fewer than one block of " + window + ", so no block was checked: use a"
                + " window of at most " + log.size() + ".");
    }

    static NothingToJudge noOrderWithinAKey(DequeueLog log) {
        return new NothingToJudge("be FIFO per key", "no key has two jobs enqueued at different times ("
                + log.size() + " dequeues, " + log.waiting().size() + " waiting), so no order within a key can be"
                + " judged: give each job the time it was inserted (clock_timestamp(), not now(), which is the same"
                + " for every row of one transaction), and some key several jobs.");
    }

    static NothingToJudge onePriority(DequeueLog log) {
        int priority = log.dequeues().isEmpty() ? log.waiting().get(0).priority()
                : log.dequeues().get(0).job().priority();
        return new NothingToJudge("respect priority", "every job of the log has priority " + priority + " ("
                + log.size() + " dequeues, " + log.waiting().size() + " waiting), so no job can have been taken"
                + " before a more urgent one: give the jobs several priorities.");
    }

    static NothingToJudge jainPrefixTooShort(double atLeast, int prefix, int keys, String exhaustedKey) {
        String until = exhaustedKey == null ? "the end of the log"
                : "key \"" + exhaustedKey + "\" ran out of eligible jobs";
        return new NothingToJudge(String.format(Locale.ROOT, "have Jain's fairness index at least %.3f", atLeast),
                String.format(Locale.ROOT, "the contended prefix (the first %d dequeues, until %s) is too short to"
                        + " measure %d keys: over so few dequeues even counts as even as they can be reach only"
                        + " %.3f. Judge each wait with isFairPerKey() or hasNoKeyWaitingMoreThan(n), or give every"
                        + " key enough jobs for %d dequeues at least.", prefix, until, keys,
                        io.github.queuetestkit.queue.internal.OrderChecks.bestJainIndex(prefix, keys), 2 * keys));
    }
}
