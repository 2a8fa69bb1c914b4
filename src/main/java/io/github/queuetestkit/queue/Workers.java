package io.github.queuetestkit.queue;

import io.github.queuetestkit.InvalidConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * The worker harness: runs a team's own {@link DequeueFunction} on N concurrent workers, each with its own
 * connection, until the queue is empty (every worker found nothing and arrivals are over) or the deadline
 * passes. Immutable: every call returns a new value; {@link #run(DataSource)} is the verb.
 *
 * <p>Each job is taken in one transaction: the harness turns auto-commit off, calls the dequeue function, runs
 * the optional {@link #processing processing} callback, and commits. A dequeue is logged only once committed. The
 * log records the worker count as its {@link DequeueLog#concurrency() concurrency}, which is what the rules allow for
 * (see {@link DequeueAssert}), and with {@link #waitingJobs(String)} the jobs never dequeued.
 *
 * <pre>{@code
 * WorkersResult result = Workers.dequeueWith(queue::take)
 *     .workers(8)
 *     .deadline(Duration.ofSeconds(30))
 *     .failingEvery(500)
 *     .remaining("SELECT count(*) FROM jobs WHERE state = 'pending'")
 *     .waitingJobs("SELECT id, user_id, created_at, priority FROM jobs WHERE state = 'pending'")
 *     .run(dataSource);
 * assertThatDequeues(result.log()).hasDequeuedEachExactlyOnce(ids).isFairPerKey();
 * }</pre>
 *
 * <p>Equal when every setting is equal, as a record would be.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Workers {

    /** Every setting of a harness, validated once; each call changes one of them on a {@link Draft}. */
    private record Settings(DequeueFunction dequeue, int workerCount, Duration deadline, Duration pollInterval,
            JobProcessor processor, int failEvery, Arrivals arrivals, String remainingQuery, String waitingQuery,
            long expectedJobs, Duration lockSampleInterval, boolean lockChecksAtEnd, Duration holdEachJob,
            String notifyChannel, Duration notifyFallbackPoll) {

        /** Validates every setting, so a run never starts half-configured. */
        Settings {
            Objects.requireNonNull(dequeue, "dequeue");
            Objects.requireNonNull(deadline, "deadline");
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (workerCount < 1) {
                throw new InvalidConfigurationException("Workers.workers(" + workerCount
                        + "): need at least 1 worker");
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new InvalidConfigurationException("Workers.deadline(" + deadline + "): must be positive");
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new InvalidConfigurationException("Workers.pollInterval(" + pollInterval
                        + "): must be positive");
            }
            if (failEvery == 1 || failEvery < 0) {
                throw new InvalidConfigurationException("Workers.failingEvery(" + failEvery
                        + "): use 2 or more (1 would kill every worker on every job), or 0 for none");
            }
            if (lockSampleInterval != null && (lockSampleInterval.isNegative() || lockSampleInterval.isZero())) {
                throw new InvalidConfigurationException("Workers.samplingLockWaitsEvery(" + lockSampleInterval
                        + "): must be positive, such as 10 ms (the default) or less to see shorter waits by samples");
            }
            if (holdEachJob != null && holdEachJob.isNegative()) {
                throw new InvalidConfigurationException("Workers.holdingEachJobFor(" + holdEachJob
                        + "): must be zero or positive");
            }
            if (notifyChannel != null && notifyChannel.isBlank()) {
                throw new InvalidConfigurationException("Workers.wakingOnNotify(\"" + notifyChannel
                        + "\"): name the channel the queue's NOTIFY uses");
            }
            if (notifyFallbackPoll != null && (notifyFallbackPoll.isNegative() || notifyFallbackPoll.isZero())) {
                throw new InvalidConfigurationException("Workers.wakingOnNotify(channel, " + notifyFallbackPoll
                        + "): the fallback poll must be positive");
            }
        }
    }

    /** A mutable copy of the settings, alive only inside one call. */
    private static final class Draft {
        private final DequeueFunction dequeue;
        private int workerCount;
        private Duration deadline;
        private Duration pollInterval;
        private JobProcessor processor;
        private int failEvery;
        private Arrivals arrivals;
        private String remainingQuery;
        private String waitingQuery;
        private long expectedJobs;
        private Duration lockSampleInterval;
        private boolean lockChecksAtEnd;
        private Duration holdEachJob;
        private String notifyChannel;
        private Duration notifyFallbackPoll;

        private Draft(Settings from) {
            dequeue = from.dequeue();
            workerCount = from.workerCount();
            deadline = from.deadline();
            pollInterval = from.pollInterval();
            processor = from.processor();
            failEvery = from.failEvery();
            arrivals = from.arrivals();
            remainingQuery = from.remainingQuery();
            waitingQuery = from.waitingQuery();
            expectedJobs = from.expectedJobs();
            lockSampleInterval = from.lockSampleInterval();
            lockChecksAtEnd = from.lockChecksAtEnd();
            holdEachJob = from.holdEachJob();
            notifyChannel = from.notifyChannel();
            notifyFallbackPoll = from.notifyFallbackPoll();
        }

        private Settings settings() {
            return new Settings(dequeue, workerCount, deadline, pollInterval, processor, failEvery, arrivals,
                    remainingQuery, waitingQuery, expectedJobs, lockSampleInterval, lockChecksAtEnd, holdEachJob,
                    notifyChannel, notifyFallbackPoll);
        }
    }

    /**
     * Long enough that a healthy queue's statements (1-5 ms under load) seldom make the sampler look: the waits that
     * decide the row-lock rule are seen at the workers' ends whatever the interval (BENCHMARKS.md).
     */
    private static final Duration DEFAULT_LOCK_SAMPLE_INTERVAL = Duration.ofMillis(10);
    private static final Duration DEFAULT_NOTIFY_FALLBACK = Duration.ofSeconds(30);

    private final Settings settings;

    /**
     * @param dequeue the team's dequeue function
     * @param workerCount how many concurrent workers (connections), default 4
     * @param deadline how long the whole run may take, default 60 seconds
     * @param pollInterval how often the harness checks for the end, and idle workers retry while arrivals go on,
     *        default 10 ms
     * @param processor work per job inside its transaction, or {@code null} for none
     * @param failEvery kill the worker holding every n-th job taken (n at least 2), 0 for none
     * @param arrivals new jobs arriving while workers run, or {@code null} for none
     * @param remainingQuery a query returning one number, the jobs still queued, used in the timeout message; or
     *        {@code null}
     * @param waitingQuery a query returning the jobs still queued when the run ends (id, key, enqueued at, priority),
     *        added to the log as waiting jobs; or {@code null}
     * @param expectedJobs how many jobs should be dequeued, used for the timeout message when there is no remaining
     *        query; negative when unknown
     */
    public Workers(DequeueFunction dequeue, int workerCount, Duration deadline, Duration pollInterval,
            JobProcessor processor, int failEvery, Arrivals arrivals, String remainingQuery, String waitingQuery,
            long expectedJobs) {
        this(new Settings(dequeue, workerCount, deadline, pollInterval, processor, failEvery, arrivals,
                remainingQuery, waitingQuery, expectedJobs, null, true, null, null, null));
    }

    private Workers(Settings settings) {
        this.settings = settings;
    }

    private Workers change(Consumer<Draft> change) {
        Draft draft = new Draft(settings);
        change.accept(draft);
        return new Workers(draft.settings());
    }

    /**
     * Starts a harness for a dequeue function, with 4 workers and a 60 second deadline.
     *
     * @param dequeue takes one job on the given connection or returns empty
     * @return the harness
     */
    public static Workers dequeueWith(DequeueFunction dequeue) {
        return new Workers(dequeue, 4, Duration.ofSeconds(60), Duration.ofMillis(10), null, 0, null, null, null, -1);
    }

    /**
     * @param count how many concurrent workers, each with its own connection (mind the server's
     *        {@code max_connections})
     * @return a new harness
     */
    public Workers workers(int count) {
        return change(draft -> draft.workerCount = count);
    }

    /**
     * @param value how long the run may take before it is stopped and reported
     * @return a new harness
     */
    public Workers deadline(Duration value) {
        return change(draft -> draft.deadline = value);
    }

    /**
     * @param value how often to check for the end; idle workers retry this often while arrivals go on
     * @return a new harness
     */
    public Workers pollInterval(Duration value) {
        return change(draft -> draft.pollInterval = value);
    }

    /**
     * @param value work per job, inside the dequeue's transaction
     * @return a new harness
     */
    public Workers processing(JobProcessor value) {
        return change(draft -> draft.processor = Objects.requireNonNull(value));
    }

    /**
     * Kills the worker holding every n-th job taken (counted over all workers): its transaction rolls back, its
     * connection closes, and it comes back as a new worker ({@code worker-3#2}) with a new connection. The
     * job must then be taken again; {@link DequeueAssert#hasDequeuedEachExactlyOnce} proves it was.
     *
     * @param nth 2 or more
     * @return a new harness
     */
    public Workers failingEvery(int nth) {
        return change(draft -> draft.failEvery = nth);
    }

    /**
     * @param value new jobs arriving while workers run
     * @return a new harness
     */
    public Workers arrivals(Arrivals value) {
        return change(draft -> draft.arrivals = Objects.requireNonNull(value));
    }

    /**
     * @param sql a query returning one number, the jobs still queued, run when the deadline passes; the
     *        caller's SQL, run as is
     * @return a new harness
     */
    public Workers remaining(String sql) {
        return change(draft -> draft.remainingQuery = Objects.requireNonNull(sql));
    }

    /**
     * Reads the jobs still queued when the run ends, whether the queue emptied for the workers or the deadline
     * passed, and adds them to the log as waiting jobs, so the fairness rules see the keys the queue never served.
     * Run after every worker has stopped and rolled back; a job a worker held at the deadline was being processed,
     * not waiting, and is left out. A query that fails, or returns a job the log shows dequeued, fails the run with
     * {@link io.github.queuetestkit.InvalidConfigurationException}.
     *
     * <pre>{@code
     * Workers.dequeueWith(queue::take).waitingJobs(
     *     "SELECT id, user_id, created_at, priority FROM jobs WHERE state = 'queued'")
     * }</pre>
     *
     * @param sql a query whose first four columns are job id, key, enqueue time (when it became eligible) and
     *        priority of every job still queued; the caller's SQL, run as is. Without a {@link #remaining(String)}
     *        query, the timeout message counts its rows as the jobs remaining. Ids and keys are read with
     *        {@code ResultSet.getString}, and compared as that text with the dequeued jobs' ids and keys: build each
     *        {@link Job} of the dequeue with {@code getString} too (a boolean key is {@code t} that way, {@code true}
     *        through {@code getObject})
     * @return a new harness
     */
    public Workers waitingJobs(String sql) {
        return change(draft -> draft.waitingQuery = Objects.requireNonNull(sql));
    }

    /**
     * @param jobs how many jobs should be dequeued; without a {@link #remaining(String)} query the timeout
     *        message reports this minus the jobs dequeued
     * @return a new harness
     */
    public Workers expecting(long jobs) {
        return change(draft -> draft.expectedJobs = jobs);
    }

    /**
     * Samples the workers' lock waits every 10 ms; see {@link #samplingLockWaitsEvery(Duration)}.
     *
     * @return a new harness
     */
    public Workers samplingLockWaits() {
        return samplingLockWaitsEvery(DEFAULT_LOCK_SAMPLE_INTERVAL);
    }

    /**
     * Samples which of the harness's sessions wait on a lock, on what, in which mode, and which sessions block them,
     * on a connection of the harness's own (one more connection; the queue code never sees it): one prepared query
     * asking {@code pg_blocking_pids} of each harness session, reading {@code pg_locks} and {@code pg_stat_activity}
     * only for sessions found waiting. The waits land in {@link WorkersResult#contention()} for
     * {@code assertThatWorkers(result)}, and name the statements of the deadlocks' both sides.
     *
     * <p>Each session's connection then reaches the queue code behind a wrapper that notes what it runs (implementing
     * every interface the connection does), and each statement text is read once on the sampler's connection for
     * whether it skips locked rows ({@link LockWait#waiterSkipsLockedRows()}). A sampler's turn looks only while a
     * statement has run for half the interval (a session waits only inside a statement). A wait of a statement known
     * to skip locked rows is PostgreSQL's own and is not read in full ({@link LockWait#isLockRead()}).
     *
     * <p>A sample sees a wait only while it lasts, and PostgreSQL keeps no per-session count of lock waits, so a wait
     * shorter than the interval can fall between two samples. But a transaction holds its locks until it ends: so
     * the harness also ends each worker's transaction by running the sample on the worker's own session in the same
     * round trip as its {@code COMMIT} or {@code ROLLBACK} (beneath any pool or recording proxy, so statement capture
     * never shows it), whenever another session runs a statement not known to skip locked rows, and every wait of
     * such a statement on that transaction's locks that began before then is seen, however short. Only the sampler
     * sees waits on sessions outside the harness or on the arrivals, on locks released before the transaction ends
     * (an unlocked session advisory lock, a rolled-back savepoint), on transactions the queue code commits itself,
     * waits of statements known to skip locked rows, and a wait that begins while the end is on its way. Since each
     * checked end looks at every other session as a sample would, the sampler skips its turn while they come more
     * often than the interval.
     *
     * @param interval the pause between samples (or ends), e.g. 2 to 20 ms (10 ms by default)
     * @return a new harness
     */
    public Workers samplingLockWaitsEvery(Duration interval) {
        return change(draft -> draft.lockSampleInterval = Objects.requireNonNull(interval, "interval"));
    }

    /**
     * Whether, with lock waits sampled, each worker's transaction is checked for waiters as it ends (the default):
     * what makes a wait on a worker's lock seen however short. A check adds one statement to the commit's round
     * trip, and runs only while another worker runs a statement not known to skip locked rows (BENCHMARKS.md has its
     * cost); without the checks only the sampler sees waits, and a wait shorter than its interval can go unseen.
     *
     * @param check false to rely on sampling alone
     * @return a new harness
     */
    public Workers checkingLockWaitsAtCommit(boolean check) {
        return change(draft -> draft.lockChecksAtEnd = check);
    }

    /**
     * Keeps each job's transaction open this long after processing, before its commit, like processing time: a
     * worker that waits on a lock held for a job waits longer, for {@code hasNoLockWaitLongerThan} or to see how a
     * queue behaves with slower jobs. Lock waits are seen without it (see {@link #samplingLockWaitsEvery(Duration)}).
     *
     * @param hold how long to hold each job; zero for not at all (the default)
     * @return a new harness
     */
    public Workers holdingEachJobFor(Duration hold) {
        return change(draft -> draft.holdEachJob = Objects.requireNonNull(hold, "hold"));
    }

    /**
     * Workers that find the queue empty wait for a notification on the channel instead of polling, with a fallback
     * poll of 30 seconds; see {@link #wakingOnNotify(String, Duration)}.
     *
     * @param channel the channel the queue's enqueue notifies
     * @return a new harness
     */
    public Workers wakingOnNotify(String channel) {
        return wakingOnNotify(channel, DEFAULT_NOTIFY_FALLBACK);
    }

    /**
     * Workers that find the queue empty while arrivals go on wait for a notification instead of polling: the harness
     * runs {@code LISTEN channel} on each worker's connection before its first dequeue, and an idle worker waits in
     * pgjdbc's {@code PGConnection.getNotifications(timeout)} until a notification comes or the fallback poll passes,
     * then dequeues again. A notification that arrives while the worker is busy waits in its connection, so none is
     * lost. The queue's own code sends the {@code NOTIFY} (a trigger, or its enqueue); with a fallback much longer
     * than the arrivals, a broken notify path shows as a wake-up latency near the fallback or the end of arrivals
     * (see {@link WakeUpLatency}) instead of hiding behind a short poll.
     *
     * @param channel the channel the queue's enqueue notifies
     * @param fallbackPoll how long an idle worker waits without a notification before it dequeues again anyway
     * @return a new harness
     */
    public Workers wakingOnNotify(String channel, Duration fallbackPoll) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(fallbackPoll, "fallbackPoll");
        return change(draft -> {
            draft.notifyChannel = channel;
            draft.notifyFallbackPoll = fallbackPoll;
        });
    }

    /** @return the team's dequeue function */
    public DequeueFunction dequeue() {
        return settings.dequeue();
    }

    /** @return how many concurrent workers (connections), default 4 */
    public int workerCount() {
        return settings.workerCount();
    }

    /** @return how long the whole run may take, default 60 seconds */
    public Duration deadline() {
        return settings.deadline();
    }

    /** @return how often the harness checks for the end, and idle workers retry while arrivals go on */
    public Duration pollInterval() {
        return settings.pollInterval();
    }

    /** @return work per job inside its transaction, or {@code null} for none */
    public JobProcessor processor() {
        return settings.processor();
    }

    /** @return kill the worker holding every n-th job taken, 0 for none */
    public int failEvery() {
        return settings.failEvery();
    }

    /** @return new jobs arriving while workers run, or {@code null} for none */
    public Arrivals arrivals() {
        return settings.arrivals();
    }

    /** @return the query counting the jobs still queued, for the timeout message; or {@code null} */
    public String remainingQuery() {
        return settings.remainingQuery();
    }

    /** @return the query reading the jobs still queued when the run ends; or {@code null} */
    public String waitingQuery() {
        return settings.waitingQuery();
    }

    /** @return how many jobs should be dequeued; negative when unknown */
    public long expectedJobs() {
        return settings.expectedJobs();
    }

    /** @return the pause between lock-wait samples, or {@code null} when lock waits are not sampled */
    public Duration lockSampleInterval() {
        return settings.lockSampleInterval();
    }

    /** @return whether, with lock waits sampled, each worker's transaction is checked for waiters as it ends */
    public boolean checksLockWaitsAtCommit() {
        return settings.lockChecksAtEnd();
    }

    /** @return how long each job's transaction is held open before commit; zero or {@code null} for not at all */
    public Duration holdEachJob() {
        return settings.holdEachJob();
    }

    /** @return the channel idle workers wait on, or {@code null} when they poll */
    public String notifyChannel() {
        return settings.notifyChannel();
    }

    /** @return how long an idle worker waits for a notification before it dequeues again; {@code null} when polling */
    public Duration notifyFallbackPoll() {
        return settings.notifyFallbackPoll();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Workers workers && settings.equals(workers.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "Workers" + settings.toString().substring("Settings".length());
    }

    /**
     * Runs the workers until the queue is empty or the deadline passes. Every connection it opens is closed before
     * it returns or throws.
     *
     * @param dataSource where each worker gets its own connection
     * @return the dequeue log (with the worker count as its concurrency and, given {@link #waitingJobs(String)},
     *         the jobs still queued), elapsed time, throughput and latency
     * @throws WorkerFailedException if the dequeue, processing or arrival callback threw (other workers stopped);
     *         a deadlock, serialization failure or lock timeout does not fail the run: the worker's transaction is
     *         rolled back, the error recorded in {@link WorkersResult#contention()}, and the worker dequeues again
     * @throws WorkersTimeoutException if the deadline passed (with the jobs remaining and the stuck workers)
     * @throws io.github.queuetestkit.InvalidConfigurationException if the remaining or waiting jobs query fails
     */
    public WorkersResult run(DataSource dataSource) {
        return new WorkerTeam(this, Objects.requireNonNull(dataSource, "dataSource")).run();
    }
}
