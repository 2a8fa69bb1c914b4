package io.github.queuetestkit.queue;

import io.github.queuetestkit.queue.internal.OrderChecks.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders the parts every dequeue failure shares: the timeline around a violation and the counts per key. */
final class LogRendering {

    static final int CONTEXT = 3;
    static final int MAX_KEYS = 20;

    private LogRendering() {
    }

    /** The rule, what broke it, the timeline around it and the counts per key. */
    static String failure(String rule, DequeueLog log, Violation violation) {
        return failure(rule, violation.what(), log, violation.index(), violation.related(), log.countsPerKey());
    }

    static String failure(String rule, String what, DequeueLog log, int index, Set<Integer> related,
            Map<String, Integer> counts) {
        return "\nExpecting dequeues to " + rule + ",\nbut " + what + ".\n\n" + timeline(log, index, related)
                + "\n" + counts(counts);
    }

    /**
     * A few dequeues before and after {@code index}, the violating one marked {@code >}, the others involved
     * marked {@code *} (shown even when far away, after a gap line).
     */
    static String timeline(DequeueLog log, int index, Set<Integer> related) {
        List<Dequeue> dequeues = log.dequeues();
        int from = Math.max(0, index - CONTEXT);
        int to = Math.min(dequeues.size() - 1, index + CONTEXT);
        StringBuilder out = new StringBuilder("Timeline (> violation, * involved):\n");
        java.util.TreeSet<Integer> shown = new java.util.TreeSet<>();
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
        return out.toString();
    }

    static String counts(Map<String, Integer> counts) {
        StringBuilder out = new StringBuilder("Dequeues per key:\n");
        int shown = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (shown++ == MAX_KEYS) {
                out.append("  ... and ").append(counts.size() - MAX_KEYS).append(" more keys\n");
                break;
            }
            out.append(String.format("  %-14s %d", '"' + e.getKey() + '"', e.getValue()))
                    .append("\n");
        }
        return out.toString();
    }
}
