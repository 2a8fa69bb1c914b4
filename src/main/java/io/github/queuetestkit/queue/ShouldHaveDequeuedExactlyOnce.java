package io.github.queuetestkit.queue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when expected jobs were lost, dequeued twice, or jobs nobody expected were dequeued. */
final class ShouldHaveDequeuedExactlyOnce extends BasicErrorMessageFactory {

    static final int MAX_IDS = 20;

    private ShouldHaveDequeuedExactlyOnce(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldHaveDequeuedExactlyOnce create(DequeueLog log, Collection<?> expectedIds, List<String> missing,
            Map<String, Integer> twice, List<String> unexpected) {
        // Ids are compared as text, so an id given twice (or as 1 and 1L) is one job to dequeue, counted once.
        long expected = expectedIds.stream().map(String::valueOf).distinct().count();
        StringBuilder out = new StringBuilder("\nExpecting each of ").append(expected)
                .append(" jobs to be dequeued exactly once (").append(log.size()).append(" dequeues logged),\nbut");
        String separator = " ";
        if (!missing.isEmpty()) {
            out.append(separator).append(missing.size()).append(" were never dequeued: ").append(ids(missing));
            separator = ",\nand ";
        }
        if (!twice.isEmpty()) {
            out.append(separator).append(twice.size()).append(" were dequeued more than once (id=times): ")
                    .append(ids(twice.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            separator = ",\nand ";
        }
        if (!unexpected.isEmpty()) {
            out.append(separator).append(unexpected.size()).append(" were dequeued but not expected: ")
                    .append(ids(unexpected));
        }
        return new ShouldHaveDequeuedExactlyOnce(out.append(".\n\n").append(LogRendering.counts(log.countsPerKey(), log.waitingPerKey()))
                .toString());
    }

    private static String ids(List<String> ids) {
        if (ids.size() <= MAX_IDS) {
            return ids.toString();
        }
        return ids.subList(0, MAX_IDS) + " and " + (ids.size() - MAX_IDS) + " more";
    }
}
