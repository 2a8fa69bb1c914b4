package io.github.queuetestkit.queue;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitException;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the contention of a {@link Workers} run: lock waits, deadlocks, serialization failures, lock
 * timeouts and wake-up latency. Reached through {@code QueueTestkitAssertions.assertThatWorkers(result)}; the order
 * rules stay on {@code assertThatDequeues(result.log())}.
 *
 * <p>The lock-wait rules need a run with {@link Workers#samplingLockWaits()}: a sampler sees waits while they last,
 * and each worker's transaction is checked for waiters as it ends, so a wait on a worker's lock is seen however short
 * (see {@link Workers#samplingLockWaitsEvery(Duration)} for what only the sampler sees). A failure prints the waits
 * as a timeline: waiter, blockers, lock, duration and both statements.
 *
 * <pre>{@code
 * WorkersResult result = Workers.dequeueWith(queue::take)
 *     .workers(8)
 *     .samplingLockWaits()
 *     .run(dataSource);
 * assertThatWorkers(result)
 *     .hasNoWorkerWaitingOnAnotherWorkersRowLock()
 *     .hasNoDeadlocks();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class WorkersAssert extends AbstractAssert<WorkersAssert, WorkersResult> {

    /** @param actual the run under test */
    public WorkersAssert(WorkersResult actual) {
        super(actual, WorkersAssert.class);
    }

    private Contention sampled(String assertion) {
        isNotNull();
        Contention contention = actual.contention();
        if (!contention.sampled()) {
            throw new QueueTestkitException("assertThatWorkers(result)." + assertion + ": the run did not sample lock"
                    + " waits; add Workers.samplingLockWaits() to the harness that produced the result.");
        }
        return contention;
    }

    /**
     * Fails if any lock wait lasted longer than the bound (counted from the waiting statement's start to the last
     * sample that saw it waiting).
     *
     * @param bound the longest wait allowed
     * @return this assertion
     */
    public WorkersAssert hasNoLockWaitLongerThan(Duration bound) {
        if (bound == null || bound.isNegative()) {
            throw new InvalidConfigurationException("hasNoLockWaitLongerThan(" + bound + "): give a bound of zero or"
                    + " more");
        }
        Contention contention = sampled("hasNoLockWaitLongerThan");
        List<LockWait> longer = contention.lockWaits().stream().filter(w -> w.duration().compareTo(bound) > 0)
                .toList();
        if (!longer.isEmpty()) {
            throwAssertionError(ShouldNotWaitOnLocks.longerThan(contention, bound, longer));
        }
        return myself;
    }

    /**
     * Fails if more than {@code count} lock waits were seen.
     *
     * @param count the most lock waits allowed, 0 or more
     * @return this assertion
     */
    public WorkersAssert hasAtMostLockWaits(int count) {
        if (count < 0) {
            throw new InvalidConfigurationException("hasAtMostLockWaits(" + count + "): give 0 or more");
        }
        Contention contention = sampled("hasAtMostLockWaits");
        if (contention.lockWaits().size() > count) {
            throwAssertionError(ShouldNotWaitOnLocks.atMost(contention, count));
        }
        return myself;
    }

    /**
     * Fails if a worker waited on a row lock ({@code tuple} or {@code transactionid}) another worker held: what
     * {@code FOR UPDATE SKIP LOCKED} promises never happens. Decided by the wait graph ({@code pg_blocking_pids}),
     * not by a duration: a wait on a worker's transaction is caught however short, as that transaction ends.
     *
     * <p>A wait of a statement that takes all its row locks with {@code SKIP LOCKED} (or {@code NOWAIT}), in its own
     * text and in the functions it runs (its calls and the triggers of the tables it writes), is not counted
     * ({@link LockWait#waiterSkipsLockedRows()}): PostgreSQL (15 to 18 at least) makes such a statement wait
     * now and then when a row it locks was updated by a transaction that committed meanwhile and it follows the
     * row's update chain, a walk that waits whatever the wait policy. That is the server's doing, not the queue's;
     * the waits stay in {@link Contention#lockWaits()} and {@link #hasAtMostLockWaits(int)} counts them, and a failure
     * of this rule says how many were left out.
     *
     * @return this assertion
     */
    public WorkersAssert hasNoWorkerWaitingOnAnotherWorkersRowLock() {
        Contention contention = sampled("hasNoWorkerWaitingOnAnotherWorkersRowLock");
        List<LockWait> onOthersRows = contention.lockWaits().stream()
                .filter(w -> (w.isRowLock() || !w.isLockRead()) && w.isBlockedByAnotherWorker()).toList();
        List<LockWait> rowWaits = onOthersRows.stream().filter(w -> !w.waiterSkipsLockedRows()).toList();
        if (!rowWaits.isEmpty()) {
            throwAssertionError(ShouldNotWaitOnLocks.onRowLocks(contention, rowWaits,
                    onOthersRows.size() - rowWaits.size()));
        }
        return myself;
    }

    /**
     * Fails if a worker's transaction was chosen as a deadlock victim (SQLSTATE {@code 40P01}); the message names
     * both sides' workers and statements (their statements as the lock-wait sampler saw them, when it ran).
     *
     * @return this assertion
     */
    public WorkersAssert hasNoDeadlocks() {
        return hasNo(TransactionConflict.Kind.DEADLOCK);
    }

    /**
     * Fails if a worker's transaction hit a serialization failure (SQLSTATE {@code 40001}).
     *
     * @return this assertion
     */
    public WorkersAssert hasNoSerializationFailures() {
        return hasNo(TransactionConflict.Kind.SERIALIZATION_FAILURE);
    }

    /**
     * Fails if a worker's statement hit a lock timeout or {@code NOWAIT} (SQLSTATE {@code 55P03}).
     *
     * @return this assertion
     */
    public WorkersAssert hasNoLockTimeouts() {
        return hasNo(TransactionConflict.Kind.LOCK_TIMEOUT);
    }

    private WorkersAssert hasNo(TransactionConflict.Kind kind) {
        isNotNull();
        List<TransactionConflict> found = actual.contention().of(kind);
        if (!found.isEmpty()) {
            throwAssertionError(ShouldHaveNoConflicts.create(kind, found));
        }
        return myself;
    }

    /**
     * Fails if the 99th percentile of the wake-up latency (a job's commit to the start of the dequeue that took it,
     * over the jobs that arrived during the run) exceeds the bound.
     *
     * @param bound the p99 allowed
     * @return this assertion
     * @throws QueueTestkitException if no job arrived during the run (give {@link Workers#arrivals(Arrivals)} whose
     *         jobs' enqueue time is their insert time)
     */
    public WorkersAssert hasWakeUpLatencyP99AtMost(Duration bound) {
        if (bound == null || bound.isNegative()) {
            throw new InvalidConfigurationException("hasWakeUpLatencyP99AtMost(" + bound + "): give a bound of zero"
                    + " or more");
        }
        isNotNull();
        List<WakeUp> wakeUps = actual.contention().wakeUps();
        if (wakeUps.isEmpty()) {
            throw new QueueTestkitException("assertThatWorkers(result).hasWakeUpLatencyP99AtMost: no job arrived"
                    + " during the run; give Workers.arrivals(...) and return each job's insert time (e.g. a"
                    + " created_at DEFAULT clock_timestamp()) as its enqueuedAt.");
        }
        if (WakeUpLatency.of(wakeUps).p99().compareTo(bound) > 0) {
            throwAssertionError(ShouldWakeUpWithin.p99(wakeUps, bound));
        }
        return myself;
    }
}
