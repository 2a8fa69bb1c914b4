package io.github.queuetestkit.queue;

import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * What a {@link Workers#run} produced: the dequeue log, how long it took, the latency of each dequeue, the
 * failures injected on purpose, and the contention seen (lock waits, aborted transactions, wake-ups), asserted with
 * {@code QueueTestkitAssertions.assertThatWorkers(result)}.
 *
 * @param log every committed dequeue, ordered by commit time
 * @param elapsed wall time from the first worker's start to the last worker's end
 * @param latency dequeue latency percentiles
 * @param injectedFailures workers killed on purpose, in order
 * @param contention lock waits, deadlocks, serialization failures, lock timeouts and wake-ups of the run
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WorkersResult(DequeueLog log, Duration elapsed, Latency latency, List<InjectedFailure> injectedFailures,
        Contention contention) {

    /** Copies the failure list. */
    public WorkersResult {
        injectedFailures = List.copyOf(injectedFailures);
        contention = contention == null ? Contention.none() : contention;
    }

    /**
     * A result without contention facts, as runs recorded before 0.2 had.
     *
     * @param log every committed dequeue, ordered by commit time
     * @param elapsed wall time from the first worker's start to the last worker's end
     * @param latency dequeue latency percentiles
     * @param injectedFailures workers killed on purpose, in order
     */
    public WorkersResult(DequeueLog log, Duration elapsed, Latency latency, List<InjectedFailure> injectedFailures) {
        this(log, elapsed, latency, injectedFailures, Contention.none());
    }

    /** @return committed dequeues per second of wall time */
    public double throughput() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : log.size() / seconds;
    }
}
