package io.github.queuetestkit.queue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a {@link Workers} run saw of contention: the lock waits its sampler observed (given
 * {@link Workers#samplingLockWaits()}), the transactions the server aborted for deadlock, serialization failure or
 * lock timeout, and the wake-up of each job that arrived during the run. Asserted through
 * {@code QueueTestkitAssertions.assertThatWorkers(result)}.
 *
 * @param sampleInterval how often lock waits were sampled (when no worker transaction had ended for that long, if
 *        they were also checked as each ended), or {@code null} when they were not
 * @param samples how many samples the sampler took
 * @param endChecks how many worker transactions were checked for waiters as they ended (with sampling on, each
 *        commit and rollback the harness makes)
 * @param lockWaits the lock waits seen, in the order they were first seen
 * @param conflicts the aborted transactions, in order
 * @param wakeUps the jobs that arrived during the run and were dequeued, in dequeue order
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record Contention(Duration sampleInterval, long samples, long endChecks, List<LockWait> lockWaits,
        List<TransactionConflict> conflicts, List<WakeUp> wakeUps) {

    /** Copies the lists. */
    public Contention {
        lockWaits = List.copyOf(lockWaits);
        conflicts = List.copyOf(conflicts);
        wakeUps = List.copyOf(wakeUps);
    }

    /** @return a run that sampled nothing and saw no conflicts or arrivals */
    public static Contention none() {
        return new Contention(null, 0, 0, List.of(), List.of(), List.of());
    }

    /** @return whether lock waits were sampled */
    public boolean sampled() {
        return sampleInterval != null;
    }

    /** @return the deadlock victims among the conflicts */
    public List<TransactionConflict> deadlocks() {
        return of(TransactionConflict.Kind.DEADLOCK);
    }

    /** @return the serialization failures among the conflicts */
    public List<TransactionConflict> serializationFailures() {
        return of(TransactionConflict.Kind.SERIALIZATION_FAILURE);
    }

    /** @return the lock timeouts among the conflicts */
    public List<TransactionConflict> lockTimeouts() {
        return of(TransactionConflict.Kind.LOCK_TIMEOUT);
    }

    /**
     * @param kind a kind of conflict
     * @return the conflicts of that kind, in order
     */
    public List<TransactionConflict> of(TransactionConflict.Kind kind) {
        Objects.requireNonNull(kind, "kind");
        return conflicts.stream().filter(c -> c.kind() == kind).toList();
    }

    /** @return wake-up latency percentiles over {@link #wakeUps()} */
    public WakeUpLatency wakeUpLatency() {
        return WakeUpLatency.of(wakeUps);
    }
}
