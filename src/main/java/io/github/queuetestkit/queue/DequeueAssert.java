package io.github.queuetestkit.queue;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.queue.internal.OrderChecks;
import io.github.queuetestkit.queue.internal.OrderChecks.Jain;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link DequeueLog}: exactly-once, fairness per key, FIFO within a key, priority and
 * starvation. Reached through {@code QueueTestkitAssertions.assertThatDequeues(log)}.
 *
 * <p><b>Eligible.</b> A key is <em>eligible</em> at a point of the log when one of its jobs had been enqueued by
 * then ({@code enqueuedAt} at or before that point's time) and its dequeue had not started yet. The log's waiting
 * jobs (enqueued, never dequeued; see {@link DequeueLog#waiting()}) stay eligible to its end, so a key the queue
 * never served fails every fairness rule and is named in the message with since when it waited and through how
 * many dequeues of others. Without them such a key is invisible to all rules but {@link #hasDequeuedEachExactlyOnce}.
 *
 * <p><b>Times.</b> Every order rule refuses ({@link InvalidConfigurationException}) a log in which a job was enqueued
 * more than a second after its own dequeue committed: such times come from a {@code timestamp} column read in another
 * time zone, a clock far off, or a scheduled time given as the enqueue time, and every verdict on them would be
 * wrong. Within that second (two machines' clocks) a job counts as enqueued when its dequeue began. A job is eligible
 * from the time it says it was enqueued: give the time it became visible (inserted in a short transaction of its own),
 * since a job inserted in a long transaction is invisible to workers until that commits.
 *
 * <p><b>Nothing to judge.</b> No rule passes having checked nothing: a log with no dequeue fails every order rule,
 * a log of one key fails the rules between keys, a window longer than the log fails, FIFO fails when no key has two
 * jobs enqueued apart, priority when every job has one priority, and Jain's index over a prefix too short to
 * measure; each says why.
 *
 * <p><b>Concurrency.</b> Each dequeue is an interval from when the worker began asking ({@code startedAt}) to when
 * its dequeue committed ({@code dequeuedAt}). Dequeues whose intervals overlap ran concurrently, so none of the
 * order rules blames the order between them. A log has a {@link DequeueLog#concurrency() concurrency} N: the
 * harness's worker count, or 1 for a log read from a table or built by hand unless it states otherwise. With N = 1
 * every rule is exact. With N workers, each worker may decide on the same snapshot as the others before any of them
 * commits, so a queue that is round-robin with one worker can serve one key up to N times where one worker serves
 * it once, and a dequeue can stay in flight for any time (a worker descheduled) while others commit. The numbers
 * given to the rules are what one worker would do; with N workers the rules promise:
 * <ul>
 *   <li>{@link #isFairPerKey(int) isFairPerKey(t)}: while a key <em>waits</em> (an eligible job, none of its
 *       dequeues in flight), no other key is served more than {@code t * N} times, counted over the dequeues that ran
 *       entirely inside that wait (with one worker, {@code t} times). Counts since the start of the log are not
 *       compared: they drift under concurrency (a key served N times in one turn, or not at all while its one dequeue
 *       is in flight), and a key that runs dry and comes back is behind them without being wronged.</li>
 *   <li>{@link #isFairPerKeyInWindowsOf(int, int) isFairPerKeyInWindowsOf(w, t)}: in each block of {@code w}
 *       dequeues, a key that waited throughout it sees at most {@code t * N} dequeues of any other key.</li>
 *   <li>{@link #hasNoKeyWaitingMoreThan(int) hasNoKeyWaitingMoreThan(n)}: no wait holds more than {@code n * N}
 *       dequeues of other keys; a round-robin queue over K keys needs {@code n = K - 1}.</li>
 *   <li>{@link #isFifoPerKey()}, {@link #respectsPriority()}: unchanged, exact: they blame only a dequeue that
 *       committed before the job it passed over began to be dequeued (or never was), which no worker count
 *       excuses.</li>
 *   <li>{@link #hasJainFairnessIndexAtLeast(double)}: unchanged; it is a measure of the counts, not a bound, and the
 *       counts of a correct queue drift with N workers, so choose the threshold from runs of your queue.</li>
 * </ul>
 * Why {@code N}: a round-robin queue passes over a waiting key only for a key ahead of it in the snapshot it reads;
 * once one of those dequeues commits, that key is behind the waiting one until it is served, so every dequeue that
 * passed it was decided before the first of them committed, all in flight at once: at most one per worker.
 *
 * <pre>{@code
 * assertThatDequeues(result.log())
 *     .hasNoDuplicates()
 *     .hasDequeuedEachExactlyOnce(jobIds)
 *     .isFairPerKey()
 *     .isFifoPerKey()
 *     .hasNoKeyWaitingMoreThan(users - 1);
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

    /** How far a job's enqueue time may be after its dequeue committed: two machines' clocks a little apart. */
    static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

    /**
     * The checks of a rule on the order of dequeues, once the log can show one: its times possible (no job enqueued
     * after its own dequeue), at least one dequeue, and for the rules between keys, two keys.
     */
    private OrderChecks orderChecks(String rule, boolean betweenKeys) {
        OrderChecks order = checks();
        order.firstEnqueuedAfterItsDequeue(CLOCK_SLACK).ifPresent(i -> {
            throw new InvalidConfigurationException(enqueuedAfterItsDequeue(actual.dequeues().get(i), i));
        });
        if (actual.size() == 0) {
            throwAssertionError(NothingToJudge.noDequeue(rule, actual));
        }
        if (betweenKeys && order.keyCount() < 2) {
            throwAssertionError(NothingToJudge.oneKey(rule, actual));
        }
        return order;
    }

    static String enqueuedAfterItsDequeue(Dequeue dequeue, int index) {
        Job job = dequeue.job();
        return "Job " + job.id() + " (key \"" + job.key() + "\") was enqueued at " + job.enqueuedAt()
                + ", after its own dequeue (#" + (index + 1) + ") committed at " + dequeue.dequeuedAt() + " (by "
                + Duration.between(dequeue.dequeuedAt(), job.enqueuedAt()) + "): no job is dequeued before it is"
                + " enqueued, so the order rules cannot read these times. Likely causes: a timestamp column without"
                + " time zone read in the JVM's time zone (store timestamptz, or read it as UTC), a clock of the"
                + " server far from the JVM's, or a scheduled time (run_at) the queue did not wait for given as the"
                + " enqueue time. Give each job the time it was inserted, as the server's clock_timestamp() says.";
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
     * Ids are compared as text ({@code String.valueOf}), so an id given twice is one job.
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
            throwAssertionError(ShouldHaveDequeuedExactlyOnce.create(actual, expectedIds, missing, twice,
                    unexpected));
        }
        return myself;
    }

    /**
     * Round-robin fairness with tolerance 1 (N with N concurrent workers): see {@link #isFairPerKey(int)}.
     *
     * @return this assertion
     */
    public DequeueAssert isFairPerKey() {
        return isFairPerKey(1);
    }

    /**
     * Verifies round-robin fairness: while a key waits (eligible, nothing in flight), no other key is served more than
     * {@code tolerance} times inside that wait ({@code tolerance * N} with N concurrent workers), whether or not that
     * key has more jobs queued. A round-robin queue serves each other key at most once in a wait, so the default 1
     * holds for it; counts since the start of the log are not compared, since a key that runs dry and comes back is
     * behind them without being wronged. Fails, saying why, on a log with no dequeue or with a single key.
     *
     * @param tolerance the largest number of dequeues of another key in one wait, with one worker, at least 0
     * @return this assertion
     */
    public DequeueAssert isFairPerKey(int tolerance) {
        requireNonNegative(tolerance, "tolerance");
        orderChecks("be fair per key", true).firstUnfairDequeue(tolerance)
                .ifPresent(v -> throwAssertionError(ShouldBeFairPerKey.roundRobin(actual, tolerance, v)));
        return myself;
    }

    /**
     * Verifies a looser fairness: the log is cut into consecutive blocks of {@code window} dequeues, and within each
     * block a key eligible throughout it has at most {@code tolerance} fewer dequeues than any other key served in it
     * (eligible throughout or not). With N concurrent workers the least-served key must have waited throughout the
     * block (a key with a dequeue in flight was being served, however long its worker took) and the others may have
     * up to {@code tolerance * N} dequeues inside its wait. Only whole blocks are checked; a window longer than the
     * log fails, as no block could be checked.
     *
     * @param window dequeues per block, at least 1
     * @param tolerance the largest allowed difference within a block with one worker
     * @return this assertion
     */
    public DequeueAssert isFairPerKeyInWindowsOf(int window, int tolerance) {
        if (window < 1) {
            throw new InvalidConfigurationException("isFairPerKeyInWindowsOf: window must be at least 1, was "
                    + window);
        }
        requireNonNegative(tolerance, "tolerance");
        OrderChecks order = orderChecks("be fair per key in every " + window + " consecutive dequeues", true);
        if (window > actual.size()) {
            throwAssertionError(NothingToJudge.windowLongerThanLog(window, actual));
        }
        order.firstUnfairWindow(window, tolerance)
                .ifPresent(v -> throwAssertionError(ShouldBeFairPerKey.window(actual, window, tolerance, v)));
        return myself;
    }

    /**
     * Verifies Jain's fairness index {@code (sum x)^2 / (n * sum x^2)} of the dequeue counts per key, over the
     * contended prefix of the log (from the start until the first key runs out of eligible jobs; the keys counted
     * are those eligible at some point of it, waiting keys with 0). 1.0 is perfectly even, {@code 1/n} is one key
     * served alone; one key never served among n caps it at {@code (n - 1) / n}. Not adjusted for concurrency: with N
     * workers the counts of a correct queue drift, so choose the threshold from runs of your queue. A prefix shorter
     * than two dequeues per key (a key with one job ends it at once) cannot show even counts: the rule then fails
     * as unfair only when the index is below what the most even counts reach over that prefix, and otherwise fails
     * saying the prefix is too short to measure, never passes.
     *
     * @param atLeast the smallest acceptable index, in {@code (0, 1]}
     * @return this assertion
     */
    public DequeueAssert hasJainFairnessIndexAtLeast(double atLeast) {
        if (!(atLeast > 0 && atLeast <= 1)) {
            throw new InvalidConfigurationException("hasJainFairnessIndexAtLeast: the index is in (0, 1], was "
                    + atLeast);
        }
        Jain jain = orderChecks(String.format(Locale.ROOT, "have Jain's fairness index at least %.3f", atLeast), true)
                .jain();
        int keys = jain.counts().size();
        boolean tooShort = jain.prefix() < 2 * keys;
        // Over a short prefix a fair queue cannot reach even counts; only an index below what even counts give
        // there shows unfairness, and a pass shows nothing about the rest of the log.
        if (tooShort && jain.index() >= OrderChecks.bestJainIndex(jain.prefix(), keys)) {
            throwAssertionError(NothingToJudge.jainPrefixTooShort(atLeast, jain.prefix(), keys, jain.exhaustedKey()));
        }
        if (jain.index() < atLeast) {
            throwAssertionError(ShouldBeFairPerKey.jain(actual, atLeast, jain));
        }
        return myself;
    }

    /**
     * Verifies FIFO within each key: no job was dequeued (definitely) before a job of the same key that was
     * enqueued earlier, or while such a job waited and was never dequeued. Jobs enqueued at the same instant may go
     * in either order; a log in which no key has two jobs enqueued at different times fails, as nothing could be
     * compared. Exact with any number of workers.
     *
     * @return this assertion
     */
    public DequeueAssert isFifoPerKey() {
        OrderChecks order = orderChecks("be FIFO per key", false);
        if (!order.hasTwoJobsOfAKeyEnqueuedApart()) {
            throwAssertionError(NothingToJudge.noOrderWithinAKey(actual));
        }
        order.firstFifoBreak().ifPresent(v -> throwAssertionError(ShouldBeFifoPerKey.create(actual, v)));
        return myself;
    }

    /**
     * Verifies priority across the whole log: no job was dequeued while a job with a smaller (more urgent)
     * priority number was eligible and was still waiting after it (or never dequeued). Exact with any number of
     * workers.
     *
     * @return this assertion
     */
    public DequeueAssert respectsPriority() {
        OrderChecks order = orderChecks("respect priority", false);
        if (!order.hasTwoPriorities()) {
            throwAssertionError(NothingToJudge.onePriority(actual));
        }
        order.firstPriorityInversion()
                .ifPresent(v -> throwAssertionError(ShouldRespectPriority.create(actual, v)));
        return myself;
    }

    /**
     * Verifies a starvation bound: no key that has an eligible job waits through more than {@code dequeues}
     * consecutive dequeues of other keys; a round-robin over K keys keeps it at {@code K - 1}. A key with a dequeue in
     * flight is being served, not waiting. With N concurrent workers the bound is {@code dequeues * N}, counted over
     * the dequeues of others that ran entirely inside each wait.
     *
     * @param dequeues the bound with one worker, at least 0
     * @return this assertion
     */
    public DequeueAssert hasNoKeyWaitingMoreThan(int dequeues) {
        requireNonNegative(dequeues, "dequeues");
        orderChecks("never make a key with eligible jobs wait more than " + dequeues + " dequeues", true)
                .firstStarvation(dequeues)
                .ifPresent(v -> throwAssertionError(ShouldNotStarve.create(actual, dequeues, v)));
        return myself;
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new InvalidConfigurationException(name + " must be at least 0, was " + value);
        }
    }
}
