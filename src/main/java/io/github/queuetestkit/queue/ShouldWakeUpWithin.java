package io.github.queuetestkit.queue;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Failure wording when jobs that arrived during a run waited too long for a worker to start taking them. */
final class ShouldWakeUpWithin extends BasicErrorMessageFactory {

    /** The slowest wake-ups shown; enough to see whether all were slow or a few. */
    private static final int SLOWEST = 5;

    private ShouldWakeUpWithin(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldWakeUpWithin p99(List<WakeUp> wakeUps, Duration bound) {
        WakeUpLatency latency = WakeUpLatency.of(wakeUps);
        StringBuilder text = new StringBuilder("\nExpecting jobs that arrived during the run to wake a worker within ")
                .append(ContentionRendering.millis(bound)).append(" at the 99th percentile,\nbut p99 was ")
                .append(ContentionRendering.millis(latency.p99())).append(" over ").append(latency.jobs())
                .append(" jobs (p50 ").append(ContentionRendering.millis(latency.p50())).append(", p90 ")
                .append(ContentionRendering.millis(latency.p90())).append(", max ")
                .append(ContentionRendering.millis(latency.max())).append(").\nSlowest wake-ups:");
        wakeUps.stream().sorted(Comparator.comparing(WakeUp::latency).reversed()
                .thenComparing(w -> w.job().id())).limit(SLOWEST).forEach(w -> text.append("\n  job ")
                .append(w.job().id()).append(" (key \"").append(w.job().key()).append("\") committed at ")
                .append(ContentionRendering.clock(w.committedAt())).append(", its dequeue by ").append(w.worker())
                .append(" started at ").append(ContentionRendering.clock(w.dequeueStartedAt())).append(": ")
                .append(ContentionRendering.millis(w.latency())));
        text.append("\nWorkers that wait for a notification (Workers.wakingOnNotify) wake only at the fallback poll or"
                + " the end of arrivals when the queue's NOTIFY is missing or on another channel; polling workers wake"
                + " up to a poll interval late.");
        return new ShouldWakeUpWithin(text.toString());
    }
}
