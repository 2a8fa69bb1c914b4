package io.github.queuetestkit.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Renders lock waits, aborted transactions and wake-ups for the contention messages, from recorded facts only. */
final class ContentionRendering {

    /** More lines than this and a message is summed up; the first ones say what happened. */
    static final int SHOWN = 20;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ContentionRendering() {
    }

    static String clock(Instant at) {
        return CLOCK.format(at);
    }

    static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
    }

    /**
     * The timeline: one entry per wait, in the order first seen, with waiter, blockers, lock, duration and both
     * statements.
     */
    static String timeline(List<LockWait> waits) {
        StringBuilder text = new StringBuilder();
        waits.stream().limit(SHOWN).forEach(wait -> {
            text.append("\n  ").append(clock(wait.firstSeen())).append("  ").append(wait.waiter()).append(" waited ")
                    .append(millis(wait.duration()));
            if (wait.isLockRead()) {
                text.append(" for ").append(wait.mode()).append(" on ").append(wait.target());
            } else {
                text.append(" on a lock not read (its statement skips locked rows)");
            }
            text.append(", blocked by ");
            if (wait.blockers().isEmpty()) {
                text.append("(no blocker left when sampled)");
            } else {
                text.append(String.join(", ", wait.blockers().stream().map(LockWait.Blocker::name).toList()));
            }
            text.append("\n      waiter  ").append(wait.waiter()).append(": ").append(wait.waiterStatement());
            if (!wait.waiterFunctions().isEmpty()) {
                text.append("\n      runs    ").append(String.join(", ", wait.waiterFunctions().stream()
                        .map(f -> f.signature() + " (" + f.language() + ")").toList()));
            }
            wait.blockers().forEach(blocker -> text.append("\n      blocker ").append(blocker.name()).append(": ")
                    .append(blocker.statement()));
        });
        if (waits.size() > SHOWN) {
            text.append("\n  ... and ").append(waits.size() - SHOWN).append(" more");
        }
        return text.toString();
    }

    /** Where a worker was when the server aborted its transaction. */
    static String where(TransactionConflict conflict) {
        Job job = conflict.job();
        return job == null ? "inside the dequeue" : "on job " + job.id() + " (key \"" + job.key() + "\")";
    }

    /**
     * How the waits were looked for: by samples alone, or also as worker transactions ended. The sampler takes its turn
     * only while a statement has run for half the interval and no end has looked meanwhile, and an end looks only while
     * another worker runs a statement not known to skip locked rows, so neither count is a clock.
     */
    static String sampling(Contention contention) {
        String interval = millis(contention.sampleInterval());
        String samples = "every " + interval + " while a statement had run for half that long";
        return contention.endChecks() == 0 ? "sampled " + samples + ": " + contention.samples() + " samples"
                : "looked at as " + contention.endChecks() + " worker transactions ended while another worker ran a"
                        + " statement not known to skip locked rows, and " + samples + " and no end had looked: "
                        + contention.samples() + " samples";
    }
}
