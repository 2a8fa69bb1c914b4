package io.github.queuetestkit.queue;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.queue.internal.OrderChecks;
import io.github.queuetestkit.queue.internal.OrderChecks.Jain;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link DequeueLog}: exactly-once, fairness per key, FIFO within a key, priority and
 * starvation. Reached through {@code QueueTestkitAssertions.assertThatDequeues(log)}.
 *
 * <p><b>Eligible.</b> A key is <em>eligible</em> at a point of the log when one of its jobs had been enqueued by
 * then ({@code enqueuedAt} at or before that point's time) and its dequeue had not started yet. Only jobs in the
 * log are known, so a job that was never dequeued does not make its key eligible; check {@link
 * #hasDequeuedEachExactlyOnce} for lost jobs.
 *
 * <p><b>Concurrency.</b> Each dequeue is an interval from when the worker began asking ({@code startedAt}) to when
 * its dequeue committed ({@code dequeuedAt}). Dequeues whose intervals overlap ran concurrently, so none of the
 * order rules blames the order between them; a correct queue run by many workers passes. Logs recorded by hand or
 * read from a table are instants, and the rules are exact.
 *
 * <pre>{@code
 * assertThatDequeues(result.log())
 *     .hasNoDuplicates()
 *     .hasDequeuedEachExactlyOnce(jobIds)
 *     .isFairPerKey()
 *     .isFifoPerKey()
 *     .hasNoKeyWaitingMoreThan(50);
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DequeueAssert extends AbstractAssert<DequeueAssert, DequeueLog> {

    private OrderChecks checks;

    /** @param actual the log under test */
    public DequeueAssert(DequeueLog actual) {
        super(actual, DequeueAssert.class);
    }

    private OrderChecks checks() {
        isNotNull();
        if (checks == null) {
            checks = new OrderChecks(actual.dequeues(), actual.waiting(), actual.concurrency());
        }
        return checks;
    }

    /**
     * Verifies that no job id appears twice in the log.
     *
     * @return this assertion
     */
    public DequeueAssert hasNoDuplicates() {
        checks().firstDuplicate()
                .ifPresent(v -> throwAssertionError(ShouldNotHaveDuplicateDequeues.create(actual, v)));
        return myself;
    }

    /**
     * Verifies that every expected job id was dequeued exactly once and nothing else was dequeued: no job lost,
     * none taken twice, including after injected worker failures (their rolled-back dequeues are not in the log).
     * Ids are compared as text ({@code String.valueOf}).
     *
     * @param expectedIds every job id that was enqueued
     * @return this assertion
     */
    public DequeueAssert hasDequeuedEachExactlyOnce(Collection<?> expectedIds) {
        List<String> missing = checks().missing(expectedIds);
        List<String> unexpected = checks.unexpected(expectedIds);
        Map<String, Integer> times = new HashMap<>();
        actual.forEach(d -> times.merge(d.job().id(), 1, Integer::sum));
        Map<String, Integer> twice = new LinkedHashMap<>();
        actual.forEach(d -> {
            if (times.get(d.job().id()) > 1) {
                twice.putIfAbsent(d.job().id(), times.get(d.job().id()));
            }
        });
        if (!missing.isEmpty() || !twice.isEmpty() || !unexpected.isEmpty()) {
            throwAssertionError(ShouldHaveDequeuedExactlyOnce.create(actual, expectedIds.size(), missing, twice,
                    unexpected));
        }
        return myself;
    }

    /**
     * Round-robin fairness with tolerance 1: see {@link #isFairPerKey(int)}.
     *
     * @return this assertion
     */
    public DequeueAssert isFairPerKey() {
        return isFairPerKey(1);
    }

    /**
     * Verifies round-robin fairness: after every dequeue, among keys that are still eligible (see the class
     * javadoc), the dequeue counts since the start of the log differ by at most {@code tolerance}. A key whose
     * jobs arrive late starts from zero, so for logs with arrivals prefer {@link #isFairPerKeyInWindowsOf} or
     * {@link #hasJainFairnessIndexAtLeast}.
     *
     * @param tolerance the largest allowed difference, at least 0
     * @return this assertion
     */
    public DequeueAssert isFairPerKey(int tolerance) {
        requireNonNegative(tolerance, "tolerance");
        checks().firstUnfairDequeue(tolerance)
                .ifPresent(v -> throwAssertionError(ShouldBeFairPerKey.roundRobin(actual, tolerance, v)));
        return myself;
    }

    /**
     * Verifies a looser fairness: the log is cut into consecutive blocks of {@code window} dequeues, and within each
     * block, among keys eligible throughout the block, dequeue counts differ by at most {@code tolerance}. Blocks
     * are cut by commit order, so with N concurrent workers a correct queue may be off by up to about N at a block
     * edge; choose the tolerance accordingly.
     *
     * @param window dequeues per block, at least 1
     * @param tolerance the largest allowed difference within a block
     * @return this assertion
     */
    public DequeueAssert isFairPerKeyInWindowsOf(int window, int tolerance) {
        if (window < 1) {
            throw new InvalidConfigurationException("isFairPerKeyInWindowsOf: window must be at least 1, was "
                    + window);
        }
        requireNonNegative(tolerance, "tolerance");
        checks().firstUnfairWindow(window, tolerance)
                .ifPresent(v -> throwAssertionError(ShouldBeFairPerKey.window(actual, window, tolerance, v)));
        return myself;
    }

    /**
     * Verifies Jain's fairness index {@code (sum x)^2 / (n * sum x^2)} of the dequeue counts per key, over the
     * contended prefix of the log (from the start until the first key runs out of eligible jobs; the keys counted
     * are those eligible at some point of it). 1.0 is perfectly even, {@code 1/n} is one key served alone.
     *
     * @param atLeast the smallest acceptable index, in {@code (0, 1]}
     * @return this assertion
     */
    public DequeueAssert hasJainFairnessIndexAtLeast(double atLeast) {
        if (!(atLeast > 0 && atLeast <= 1)) {
            throw new InvalidConfigurationException("hasJainFairnessIndexAtLeast: the index is in (0, 1], was "
                    + atLeast);
        }
        Jain jain = checks().jain();
        if (jain.index() < atLeast) {
            throwAssertionError(ShouldBeFairPerKey.jain(actual, atLeast, jain));
        }
        return myself;
    }

    /**
     * Verifies FIFO within each key: no job was dequeued (definitely) before a job of the same key that was
     * enqueued earlier. Jobs enqueued at the same instant may go in either order.
     *
     * @return this assertion
     */
    public DequeueAssert isFifoPerKey() {
        checks().firstFifoBreak().ifPresent(v -> throwAssertionError(ShouldBeFifoPerKey.create(actual, v)));
        return myself;
    }

    /**
     * Verifies priority across the whole log: no job was dequeued while a job with a smaller (more urgent)
     * priority number was eligible and was still waiting after it.
     *
     * @return this assertion
     */
    public DequeueAssert respectsPriority() {
        checks().firstPriorityInversion()
                .ifPresent(v -> throwAssertionError(ShouldRespectPriority.create(actual, v)));
        return myself;
    }

    /**
     * Verifies a starvation bound: no key that has an eligible job waits through more than {@code dequeues}
     * consecutive dequeues of other keys. A key with a dequeue in flight is being served, not waiting. With N
     * concurrent workers, a worker that starts asking late shifts a round-robin queue by up to about N, so a
     * round-robin over K keys needs a bound of about {@code K - 1 + N}.
     *
     * @param dequeues the bound, at least 0
     * @return this assertion
     */
    public DequeueAssert hasNoKeyWaitingMoreThan(int dequeues) {
        requireNonNegative(dequeues, "dequeues");
        checks().firstStarvation(dequeues)
                .ifPresent(v -> throwAssertionError(ShouldNotStarve.create(actual, dequeues, v)));
        return myself;
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new InvalidConfigurationException(name + " must be at least 0, was " + value);
        }
    }
}
