package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.LockingClauses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when workers waited on locks: the rule, then the offending waits as a timeline. */
final class ShouldNotWaitOnLocks extends BasicErrorMessageFactory {

    private ShouldNotWaitOnLocks(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldNotWaitOnLocks longerThan(Contention contention, Duration bound, List<LockWait> longer) {
        return new ShouldNotWaitOnLocks(message("never wait on a lock longer than "
                + ContentionRendering.millis(bound), contention, longer, longer.size() + " of the "
                + contention.lockWaits().size() + " lock waits seen lasted longer",
                "Shorten the transactions that hold the lock, or take jobs with FOR UPDATE SKIP LOCKED so workers pass"
                        + " over rows others hold."));
    }

    static ShouldNotWaitOnLocks atMost(Contention contention, int bound) {
        return new ShouldNotWaitOnLocks(message("wait on locks at most " + bound + " times", contention,
                contention.lockWaits(), contention.lockWaits().size() + " lock waits were seen",
                contention.endChecks() == 0
                        ? "A wait shorter than one and a half sampling intervals can go unseen, so there may have been"
                                + " more."
                        : "A wait on a worker's transaction is seen as it ends, unless its statement is known to skip"
                                + " locked rows; other waits shorter than one and a half sampling intervals can go"
                                + " unseen, so there may have been more."));
    }

    /**
     * @param skipping waits on another worker's row lock left out because their statement skips locked rows
     */
    static ShouldNotWaitOnLocks onRowLocks(Contention contention, List<LockWait> rowWaits, int skipping) {
        List<String> hints = new ArrayList<>();
        // each wait's likeliest cause, from its statement's own text, so the advice fits the queue at hand
        if (rowWaits.stream().anyMatch(wait -> !LockingClauses.locksOnlyWithSkipOrFail(wait.waiterStatement())
                && !LockingClauses.insertsWithoutLocking(wait.waiterStatement()))) {
            hints.add("Take jobs with FOR UPDATE SKIP LOCKED, so a worker passes over a row another worker holds"
                    + " instead of queueing behind it.");
        }
        if (rowWaits.stream().anyMatch(wait -> LockingClauses.locksOnlyWithSkipOrFail(wait.waiterStatement())
                && wait.waiterFunctions().isEmpty())) {
            hints.add("A statement that takes its rows with SKIP LOCKED still queues where it writes a table it does"
                    + " not lock that way (a shared counter row, say), or rows of its table other than those it"
                    + " locked (a WHERE that does not name them by a unique key, such as every job of the user it"
                    + " took): move that write out of the dequeue's transaction, or spread it over rows no two workers"
                    + " share.");
        }
        if (rowWaits.stream().anyMatch(wait -> LockingClauses.insertsWithoutLocking(wait.waiterStatement()))) {
            hints.add("An INSERT waits while another transaction that inserted the same unique key (or holds the row"
                    + " its ON CONFLICT DO UPDATE would change) has not ended: workers enqueueing the same key at once"
                    + " queue behind each other there.");
        }
        if (rowWaits.stream().anyMatch(wait -> !wait.waiterFunctions().isEmpty())) {
            hints.add("The functions a waiting statement runs (\"runs\": its calls, and the triggers of the tables it"
                    + " writes) count as its own: each of their statements that writes or locks rows needs SKIP LOCKED"
                    + " or NOWAIT too; dynamic SQL (EXECUTE) is read from the literals that build it, and one built"
                    + " without a literal or writing a table named at run time cannot be read.");
        }
        if (skipping > 0) {
            hints.add("Not counted: " + skipping + " waits of statements that lock rows only with SKIP LOCKED or"
                    + " NOWAIT and write only tables they lock that way (PostgreSQL waits there when it follows an"
                    + " updated row's chain).");
        }
        String hint = String.join("\n", hints);
        return new ShouldNotWaitOnLocks(message("never wait on another worker's row lock (what FOR UPDATE SKIP"
                + " LOCKED promises)", contention, rowWaits, rowWaits.size() + " waits on a row lock held by another"
                + " worker were seen", hint));
    }

    private static String message(String rule, Contention contention, List<LockWait> waits, String how,
            String hint) {
        return "\nExpecting workers to " + rule + ",\nbut " + how + " (" + ContentionRendering.sampling(contention)
                + "):" + ContentionRendering.timeline(waits) + "\n" + hint;
    }
}
