package io.github.queuetestkit.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How long a job that arrived during a run waited before a worker began the dequeue that took it.
 *
 * @param job the job
 * @param worker the worker that took it
 * @param committedAt when the arrival round that enqueued it had committed
 * @param dequeueStartedAt when the worker began the dequeue that took it
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record WakeUp(Job job, String worker, Instant committedAt, Instant dequeueStartedAt) {

    /** Checks that nothing is null. */
    public WakeUp {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(dequeueStartedAt, "dequeueStartedAt");
    }

    /**
     * @return from the commit to the start of the dequeue; zero when a worker's dequeue began before the commit and
     *         its statement still saw the job
     */
    public Duration latency() {
        Duration latency = Duration.between(committedAt, dequeueStartedAt);
        return latency.isNegative() ? Duration.ZERO : latency;
    }
}
