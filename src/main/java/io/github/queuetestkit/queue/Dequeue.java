package io.github.queuetestkit.queue;

import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One entry of a {@link DequeueLog}: which job was taken, by which worker, and when. {@code startedAt} is when
 * the worker began asking for a job, {@code dequeuedAt} when its dequeue committed; two dequeues whose
 * intervals overlap ran concurrently and their relative order is unknown, so order checks never count that
 * pair as a violation. Logs recorded by hand or read from a table have {@code startedAt == dequeuedAt}.
 *
 * @param job the job taken
 * @param worker the worker's name
 * @param startedAt when the worker began the dequeue
 * @param dequeuedAt when the dequeue committed
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Dequeue(Job job, String worker, Instant startedAt, Instant dequeuedAt) {

    /** Checks that nothing is null and the interval is not reversed. */
    public Dequeue {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(dequeuedAt, "dequeuedAt");
        if (startedAt.isAfter(dequeuedAt)) {
            throw new IllegalArgumentException("startedAt " + startedAt + " is after dequeuedAt " + dequeuedAt);
        }
    }

    /**
     * @param job the job taken
     * @param worker the worker's name
     * @param dequeuedAt when it was dequeued
     * @return a dequeue with no known concurrency ({@code startedAt == dequeuedAt})
     */
    public static Dequeue of(Job job, String worker, Instant dequeuedAt) {
        return new Dequeue(job, worker, dequeuedAt, dequeuedAt);
    }
}
