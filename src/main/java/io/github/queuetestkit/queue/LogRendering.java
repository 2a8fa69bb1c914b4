package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.OrderChecks;
import io.github.queuetestkit.queue.internal.OrderChecks.Violation;
import io.github.queuetestkit.queue.internal.OrderChecks.WaitingKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders the parts every dequeue failure shares: the timeline around a violation, the keys still waiting at the end
 * of the log and the counts per key.
 */
final class LogRendering {

    static final int CONTEXT = 3;
    static final int MAX_KEYS = 20;

    private LogRendering() {
    }

    /** The rule, what broke it, the timeline around it, the keys still waiting and the counts per key. */
    static String failure(String rule, DequeueLog log, Violation violation) {
        return failure(rule, violation.what(), log, violation.index(), violation.related(),
                violation.waitingRelated(), log.countsPerKey());
    }

    static String failure(String rule, String what, DequeueLog log, int index, Set<Integer> related,
            List<Integer> waitingRelated, Map<String, Integer> counts) {
        return "\nExpecting dequeues to " + rule + ",\nbut " + what + ".\n\n"
                + timeline(log, index, related, waitingRelated) + "\n" + waitingKeys(log)
                + counts(counts, log.waitingPerKey());
    }

    /**
     * A few dequeues before and after {@code index}, the violating one marked {@code >}, the others involved
     * marked {@code *} (shown even when far away, after a gap line), then the waiting jobs involved.
     */
    static String timeline(DequeueLog log, int index, Set<Integer> related, List<Integer> waitingRelated) {
        List<Dequeue> dequeues = log.dequeues();
        int from = Math.max(0, index - CONTEXT);
        int to = Math.min(dequeues.size() - 1, index + CONTEXT);
        StringBuilder out = new StringBuilder("Timeline (> violation, * involved):\n");
        TreeSet<Integer> shown = new TreeSet<>();
        for (int i = from; i <= to; i++) {
            shown.add(i);
        }
        if (related.size() <= 5) {
            shown.addAll(related);
        }
        int previous = -1;
        for (int i : shown) {
            if (previous >= 0 && i > previous + 1) {
                out.append("    ...\n");
            }
            String mark = i == index ? "> " : related.contains(i) ? "* " : "  ";
            Dequeue d = dequeues.get(i);
            out.append(mark).append(String.format("#%-6d job %-8s key %-12s priority %-3d enqueued %s  by %s",
                    i + 1, d.job().id(), '"' + d.job().key() + '"', d.job().priority(), d.job().enqueuedAt(),
                    d.worker()).stripTrailing()).append("\n");
            previous = i;
        }
        if (!waitingRelated.isEmpty() && previous < dequeues.size() - 1) {
            out.append("    ...\n");
        }
        for (int w : waitingRelated) {
            // Never dequeued, so no position in the log: shown after it, where the wait is still going on.
            Job job = log.waiting().get(w);
            out.append("* ").append(String.format("%-7s job %-8s key %-12s priority %-3d enqueued %s  never dequeued",
                    "waiting", job.id(), '"' + job.key() + '"', job.priority(), job.enqueuedAt())).append("\n");
        }
        return out.toString();
    }

    /** The keys with jobs never dequeued: since when they waited and through how many dequeues of others. */
    static String waitingKeys(DequeueLog log) {
        if (log.waiting().isEmpty()) {
            return "";
        }
        List<WaitingKey> keys = new OrderChecks(log.dequeues(), log.waiting(), log.concurrency()).waitingKeys();
        StringBuilder out = new StringBuilder("Still waiting at the end of the log (never dequeued):\n");
        int shown = 0;
        for (WaitingKey key : keys) {
            if (shown++ == MAX_KEYS) {
                out.append("  ... and ").append(keys.size() - MAX_KEYS).append(" more keys\n");
                break;
            }
            out.append(String.format("  %-14s %d job%s since %s, %s, %s through %d dequeue%s of other keys",
                    '"' + key.key() + '"', key.jobs(), key.jobs() == 1 ? "" : "s", key.since(),
                    key.eligibleFrom() < 0 ? "eligible after the last dequeue"
                            : "eligible from dequeue #" + (key.eligibleFrom() + 1),
                    key.lastDequeue() < 0 ? "never dequeued: waited"
                            : "last dequeued at #" + (key.lastDequeue() + 1) + ", then waited",
                    key.through(), key.through() == 1 ? "" : "s")).append("\n");
        }
        return out.append("\n").toString();
    }

    static String counts(Map<String, Integer> counts) {
        return counts(counts, Map.of());
    }

    /** Dequeues per key, and for a key with jobs never dequeued how many still wait. */
    static String counts(Map<String, Integer> counts, Map<String, Integer> waiting) {
        StringBuilder out = new StringBuilder("Dequeues per key:\n");
        int shown = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (shown++ == MAX_KEYS) {
                out.append("  ... and ").append(counts.size() - MAX_KEYS).append(" more keys\n");
                break;
            }
            int still = waiting.getOrDefault(e.getKey(), 0);
            out.append(String.format("  %-14s %d", '"' + e.getKey() + '"', e.getValue()))
                    .append(still == 0 ? "" : "   (" + still + " still waiting)").append("\n");
        }
        return out.toString();
    }
}
