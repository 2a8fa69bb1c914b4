package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatWorkers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.QueueTestkitSoftAssertions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

/**
 * Exact text of every contention failure message, on hand-built observations; each assertion is then checked to
 * throw that text, so the wording lives in one place.
 */
class ContentionMessagesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static final String TAKE = "SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE";

    /** worker-2 waits 8 ms for worker-1's transaction, whose row it wants. */
    private static final LockWait ROW_WAIT = new LockWait("worker-2", 102, TAKE, "transactionid", "transaction 1234",
            "ShareLock", List.of(new LockWait.Blocker("worker-1", 101, "UPDATE jobs SET state = 'running' WHERE id = $1")),
            T0, T0.plusMillis(1), T0.plusMillis(8));

    /** worker-3 waits 2 ms for an advisory lock a session outside the harness holds. */
    private static final LockWait ADVISORY_WAIT = new LockWait("worker-3", 103, "SELECT pg_advisory_xact_lock(42)",
            "advisory", "advisory 42", "ExclusiveLock",
            List.of(new LockWait.Blocker("pid 999", 999, "SELECT pg_advisory_lock(42)")), T0.plusMillis(10),
            T0.plusMillis(10), T0.plusMillis(12));

    private static final Contention WAITED = new Contention(Duration.ofMillis(2), 500, 200, List.of(ROW_WAIT, ADVISORY_WAIT),
            List.of(), List.of());

    private static final TransactionConflict DEADLOCK = new TransactionConflict(TransactionConflict.Kind.DEADLOCK,
            "worker-1", Job.of(7, "alice", T0), "40P01", "deadlock detected",
            "Process 101 waits for ShareLock on transaction 1235; blocked by process 102.\n"
                    + "Process 102 waits for ShareLock on transaction 1234; blocked by process 101.",
            List.of("process 101 (worker-1): UPDATE jobs SET round = round + 1 WHERE id = 7 + 1",
                    "process 102 (worker-2): UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1"),
            T0.plusSeconds(1));

    private static final TransactionConflict SERIALIZATION = new TransactionConflict(
            TransactionConflict.Kind.SERIALIZATION_FAILURE, "worker-2", null, "40001",
            "could not serialize access due to concurrent update", "", List.of(), T0.plusSeconds(2));

    private static final List<WakeUp> WAKE_UPS = List.of(
            new WakeUp(Job.of(1, "late", T0), "worker-1", T0, T0.plusMillis(3)),
            new WakeUp(Job.of(2, "late", T0), "worker-2", T0, T0.plusMillis(400)),
            new WakeUp(Job.of(3, "late", T0.plusMillis(50)), "worker-1", T0.plusMillis(50), T0.plusMillis(40)));

    private static WorkersResult result(Contention contention) {
        return new WorkersResult(DequeueLog.of(List.of()), Duration.ofSeconds(1), Latency.of(new long[0]), List.of(),
                contention);
    }

    private static String text(ErrorMessageFactory message) {
        return message.create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);
    }

    @Test
    void rowLockWaitMessageIsATimelineWithBothStatements() {
        String message = text(ShouldNotWaitOnLocks.onRowLocks(WAITED, List.of(ROW_WAIT), 0));
        assertThat(message).isEqualTo("""

                Expecting workers to never wait on another worker's row lock (what FOR UPDATE SKIP LOCKED promises),
                but 1 waits on a row lock held by another worker were seen (looked at as 200 worker transactions ended while another worker ran a statement not known to skip locked rows, and every 2.0 ms while a statement had run for half that long and no end had looked: 500 samples):
                  10:00:00.001  worker-2 waited 8.0 ms for ShareLock on transaction 1234, blocked by worker-1
                      waiter  worker-2: SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE
                      blocker worker-1: UPDATE jobs SET state = 'running' WHERE id = $1
                Take jobs with FOR UPDATE SKIP LOCKED, so a worker passes over a row another worker holds instead of\
                 queueing behind it.""");
        assertThatThrownBy(() -> assertThatWorkers(result(WAITED)).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .isInstanceOf(AssertionError.class).hasMessage(message);
    }

    /** worker-4 waits in a SKIP LOCKED dequeue: PostgreSQL's wait while following an updated row's chain. */
    private static final LockWait SKIP_LOCKED_WAIT = new LockWait("worker-4", 104, TAKE + " SKIP LOCKED",
            "transactionid", "transaction 1240", "ShareLock",
            List.of(new LockWait.Blocker("worker-1", 101, LockSampler.AT_ITS_COMMIT)), T0.plusMillis(20),
            T0.plusMillis(21), T0.plusMillis(21));

    /** worker-5's dequeue skips locked rows, but its trigger updates one shared row without SKIP LOCKED. */
    private static final LockWait TRIGGER_WAIT = new LockWait("worker-5", 105, TAKE + " SKIP LOCKED",
            "transactionid", "transaction 1241", "ShareLock",
            List.of(new LockWait.Blocker("worker-1", 101, LockSampler.AT_ITS_COMMIT)), T0.plusMillis(30),
            T0.plusMillis(30), T0.plusMillis(31), List.of(new LockWait.CalledFunction("count_dequeue()", "plpgsql",
                    "BEGIN UPDATE dequeue_counts SET n = n + 1 WHERE id = 1; RETURN NEW; END")));

    @Test
    void rowLockWaitOfAStatementWhoseFunctionsQueueNamesThem() {
        Contention triggered = new Contention(Duration.ofMillis(2), 500, 200, List.of(TRIGGER_WAIT), List.of(),
                List.of());
        String message = text(ShouldNotWaitOnLocks.onRowLocks(triggered, List.of(TRIGGER_WAIT), 0));
        assertThat(message).isEqualTo("""

                Expecting workers to never wait on another worker's row lock (what FOR UPDATE SKIP LOCKED promises),
                but 1 waits on a row lock held by another worker were seen (looked at as 200 worker transactions ended while another worker ran a statement not known to skip locked rows, and every 2.0 ms while a statement had run for half that long and no end had looked: 500 samples):
                  10:00:00.030  worker-5 waited 1.0 ms for ShareLock on transaction 1241, blocked by worker-1
                      waiter  worker-5: SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                      runs    count_dequeue() (plpgsql)
                      blocker worker-1: (checked for waiters at its commit; its statements are not visible then)
                The functions a waiting statement runs ("runs": its calls, and the triggers of the tables it writes)\
                 count as its own: each of their statements that writes or locks rows needs SKIP LOCKED or NOWAIT too;\
                 dynamic SQL (EXECUTE) is read from the literals that build it, and one built without a literal or\
                 writing a table named at run time cannot be read.""");
        assertThatThrownBy(() -> assertThatWorkers(result(triggered)).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .hasMessage(message);
    }

    /** worker-6's dequeue skips locked rows but bumps a shared counter row in the same statement. */
    private static final LockWait COUNTER_WAIT = new LockWait("worker-6", 106, "WITH next AS (SELECT id FROM jobs"
            + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED), c AS (UPDATE counts SET n = n + 1 WHERE id = 1)"
            + " UPDATE jobs SET state = 'running' FROM next WHERE jobs.id = next.id", "transactionid",
            "transaction 1242", "ShareLock", List.of(new LockWait.Blocker("worker-1", 101, LockSampler.AT_ITS_COMMIT)),
            T0.plusMillis(40), T0.plusMillis(40), T0.plusMillis(42));

    /** worker-7 enqueues a follow-up job whose unique key worker-1 inserted a moment before. */
    private static final LockWait INSERT_WAIT = new LockWait("worker-7", 107, "INSERT INTO jobs (user_id, kind, key)"
            + " VALUES ($1, 'report', $2) ON CONFLICT (key) DO NOTHING", "transactionid", "transaction 1243",
            "ShareLock", List.of(new LockWait.Blocker("worker-1", 101, LockSampler.AT_ITS_COMMIT)), T0.plusMillis(50),
            T0.plusMillis(50), T0.plusMillis(51));

    @Test
    void rowLockWaitMessageAdvisesByWhatTheWaitingStatementDoes() {
        Contention contention = new Contention(Duration.ofMillis(2), 500, 200, List.of(COUNTER_WAIT, INSERT_WAIT),
                List.of(), List.of());
        String message = text(ShouldNotWaitOnLocks.onRowLocks(contention, List.of(COUNTER_WAIT, INSERT_WAIT), 0));
        assertThat(message).isEqualTo("""

                Expecting workers to never wait on another worker's row lock (what FOR UPDATE SKIP LOCKED promises),
                but 2 waits on a row lock held by another worker were seen (looked at as 200 worker transactions ended while another worker ran a statement not known to skip locked rows, and every 2.0 ms while a statement had run for half that long and no end had looked: 500 samples):
                  10:00:00.040  worker-6 waited 2.0 ms for ShareLock on transaction 1242, blocked by worker-1
                      waiter  worker-6: WITH next AS (SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED), c AS (UPDATE counts SET n = n + 1 WHERE id = 1) UPDATE jobs SET state = 'running' FROM next WHERE jobs.id = next.id
                      blocker worker-1: (checked for waiters at its commit; its statements are not visible then)
                  10:00:00.050  worker-7 waited 1.0 ms for ShareLock on transaction 1243, blocked by worker-1
                      waiter  worker-7: INSERT INTO jobs (user_id, kind, key) VALUES ($1, 'report', $2) ON CONFLICT (key) DO NOTHING
                      blocker worker-1: (checked for waiters at its commit; its statements are not visible then)
                A statement that takes its rows with SKIP LOCKED still queues where it writes a table it does not lock\
                 that way (a shared counter row, say), or rows of its table other than those it locked (a WHERE that\
                 does not name them by a unique key, such as every job of the user it took): move that write out of\
                 the dequeue's transaction, or spread it over rows no two workers share.
                An INSERT waits while another transaction that inserted the same unique key (or holds the row its ON\
                 CONFLICT DO UPDATE would change) has not ended: workers enqueueing the same key at once queue behind\
                 each other there.""");
        assertThatThrownBy(() -> assertThatWorkers(result(contention)).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .hasMessage(message);
    }

    @Test
    void rowLockRuleLeavesOutTheWaitsOfSkipLockedStatementsAndSaysHowMany() {
        Contention both = new Contention(Duration.ofMillis(2), 500, 200, List.of(ROW_WAIT, SKIP_LOCKED_WAIT),
                List.of(), List.of());
        String message = text(ShouldNotWaitOnLocks.onRowLocks(both, List.of(ROW_WAIT), 1));
        assertThat(message).isEqualTo("""

                Expecting workers to never wait on another worker's row lock (what FOR UPDATE SKIP LOCKED promises),
                but 1 waits on a row lock held by another worker were seen (looked at as 200 worker transactions ended while another worker ran a statement not known to skip locked rows, and every 2.0 ms while a statement had run for half that long and no end had looked: 500 samples):
                  10:00:00.001  worker-2 waited 8.0 ms for ShareLock on transaction 1234, blocked by worker-1
                      waiter  worker-2: SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE
                      blocker worker-1: UPDATE jobs SET state = 'running' WHERE id = $1
                Take jobs with FOR UPDATE SKIP LOCKED, so a worker passes over a row another worker holds instead of\
                 queueing behind it.
                Not counted: 1 waits of statements that lock rows only with SKIP LOCKED or NOWAIT and write only\
                 tables they lock that way (PostgreSQL waits there when it follows an updated row's chain).""");
        assertThatThrownBy(() -> assertThatWorkers(result(both)).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .hasMessage(message);

        Contention skippingOnly = new Contention(Duration.ofMillis(2), 500, 200, List.of(SKIP_LOCKED_WAIT),
                List.of(), List.of());
        assertThatWorkers(result(skippingOnly)).hasNoWorkerWaitingOnAnotherWorkersRowLock();
        assertThatThrownBy(() -> assertThatWorkers(result(skippingOnly)).hasAtMostLockWaits(0))
                .hasMessageContaining("but 1 lock waits were seen")
                .hasMessageContaining("blocker worker-1: (checked for waiters at its commit; its statements are not"
                        + " visible then)");
    }

    /**
     * worker-4's SKIP LOCKED dequeue, known to skip locked rows as it was sent, waited on worker-1: its lock was not
     * read, and worker-1 ran no statement at that moment.
     */
    private static final LockWait UNREAD_WAIT = new LockWait("worker-4", 104, TAKE + " SKIP LOCKED", "", "", "",
            List.of(new LockWait.Blocker("worker-1", 101, LockSampler.BETWEEN_STATEMENTS)), T0.plusMillis(40),
            T0.plusMillis(41), T0.plusMillis(43));

    @Test
    void waitWhoseLockWasNotReadSaysSoAndCountsAmongTheWaitsLeftOutOfTheRowLockRule() {
        Contention both = new Contention(Duration.ofMillis(2), 500, 200, List.of(ROW_WAIT, UNREAD_WAIT),
                List.of(), List.of());
        String message = text(ShouldNotWaitOnLocks.atMost(both, 1));
        assertThat(message).isEqualTo("""

                Expecting workers to wait on locks at most 1 times,
                but 2 lock waits were seen (looked at as 200 worker transactions ended while another worker ran a statement not known to skip locked rows, and every 2.0 ms while a statement had run for half that long and no end had looked: 500 samples):
                  10:00:00.001  worker-2 waited 8.0 ms for ShareLock on transaction 1234, blocked by worker-1
                      waiter  worker-2: SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE
                      blocker worker-1: UPDATE jobs SET state = 'running' WHERE id = $1
                  10:00:00.041  worker-4 waited 3.0 ms on a lock not read (its statement skips locked rows), blocked by worker-1
                      waiter  worker-4: SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                      blocker worker-1: (between statements when the wait was seen)
                A wait on a worker's transaction is seen as it ends, unless its statement is known to skip locked\
                 rows; other waits shorter than one and a half sampling intervals can go unseen, so there may have\
                 been more.""");
        assertThatThrownBy(() -> assertThatWorkers(result(both)).hasAtMostLockWaits(1)).hasMessage(message);
        assertThatThrownBy(() -> assertThatWorkers(result(both)).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .hasMessage(text(ShouldNotWaitOnLocks.onRowLocks(both, List.of(ROW_WAIT), 1)))
                .hasMessageContaining("Not counted: 1 waits of statements that lock rows only with SKIP LOCKED");
    }

    @Test
    void longWaitMessageListsOnlyTheWaitsOverTheBound() {
        String message = text(ShouldNotWaitOnLocks.longerThan(WAITED, Duration.ofMillis(5), List.of(ROW_WAIT)));
        assertThat(message).isEqualTo("""

                Expecting workers to never wait on a lock longer than 5.0 ms,
                but 1 of the 2 lock waits seen lasted longer (looked at as 200 worker transactions ended while another worker ran a statement not known to skip locked rows, and every 2.0 ms while a statement had run for half that long and no end had looked: 500 samples):
                  10:00:00.001  worker-2 waited 8.0 ms for ShareLock on transaction 1234, blocked by worker-1
                      waiter  worker-2: SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE
                      blocker worker-1: UPDATE jobs SET state = 'running' WHERE id = $1
                Shorten the transactions that hold the lock, or take jobs with FOR UPDATE SKIP LOCKED so workers pass\
                 over rows others hold.""");
        assertThatThrownBy(() -> assertThatWorkers(result(WAITED)).hasNoLockWaitLongerThan(Duration.ofMillis(5)))
                .hasMessage(message);
        assertThatWorkers(result(WAITED)).hasNoLockWaitLongerThan(Duration.ofMillis(8));
    }

    @Test
    void lockWaitCountMessageListsEveryWaitWithItsBlockers() {
        String message = text(ShouldNotWaitOnLocks.atMost(WAITED, 1));
        assertThat(message).isEqualTo("""

                Expecting workers to wait on locks at most 1 times,
                but 2 lock waits were seen (looked at as 200 worker transactions ended while another worker ran a statement not known to skip locked rows, and every 2.0 ms while a statement had run for half that long and no end had looked: 500 samples):
                  10:00:00.001  worker-2 waited 8.0 ms for ShareLock on transaction 1234, blocked by worker-1
                      waiter  worker-2: SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE
                      blocker worker-1: UPDATE jobs SET state = 'running' WHERE id = $1
                  10:00:00.010  worker-3 waited 2.0 ms for ExclusiveLock on advisory 42, blocked by pid 999
                      waiter  worker-3: SELECT pg_advisory_xact_lock(42)
                      blocker pid 999: SELECT pg_advisory_lock(42)
                A wait on a worker's transaction is seen as it ends, unless its statement is known to skip locked\
                 rows; other waits shorter than one and a half sampling intervals can go unseen, so there may have\
                 been more.""");
        assertThatThrownBy(() -> assertThatWorkers(result(WAITED)).hasAtMostLockWaits(1)).hasMessage(message);
        assertThatWorkers(result(WAITED)).hasAtMostLockWaits(2);
    }

    @Test
    void lockWaitCountMessageWithoutChecksAtCommitSaysShortWaitsCanGoUnseen() {
        Contention sampledOnly = new Contention(Duration.ofMillis(2), 500, 0, List.of(ADVISORY_WAIT), List.of(),
                List.of());
        String message = text(ShouldNotWaitOnLocks.atMost(sampledOnly, 0));
        assertThat(message).isEqualTo("""

                Expecting workers to wait on locks at most 0 times,
                but 1 lock waits were seen (sampled every 2.0 ms while a statement had run for half that long: 500 samples):
                  10:00:00.010  worker-3 waited 2.0 ms for ExclusiveLock on advisory 42, blocked by pid 999
                      waiter  worker-3: SELECT pg_advisory_xact_lock(42)
                      blocker pid 999: SELECT pg_advisory_lock(42)
                A wait shorter than one and a half sampling intervals can go unseen, so there may have been more.""");
        assertThatThrownBy(() -> assertThatWorkers(result(sampledOnly)).hasAtMostLockWaits(0)).hasMessage(message);
    }

    @Test
    void advisoryWaitOnASessionOutsideTheHarnessIsNotARowLockOfAnotherWorker() {
        Contention advisoryOnly = new Contention(Duration.ofMillis(2), 10, 4, List.of(ADVISORY_WAIT), List.of(),
                List.of());
        assertThatWorkers(result(advisoryOnly)).hasNoWorkerWaitingOnAnotherWorkersRowLock();
    }

    @Test
    void deadlockMessageNamesBothSidesAndTheirStatements() {
        String message = text(ShouldHaveNoConflicts.create(TransactionConflict.Kind.DEADLOCK, List.of(DEADLOCK)));
        assertThat(message).isEqualTo("""

                Expecting workers to have no deadlocks,
                but 1 transaction was aborted with SQLSTATE 40P01 (deadlock), each rolled back and its dequeue tried\
                 again:
                  10:00:01.000  worker-1 on job 7 (key "alice"): deadlock detected
                      Process 101 waits for ShareLock on transaction 1235; blocked by process 102.
                      Process 102 waits for ShareLock on transaction 1234; blocked by process 101.
                      process 101 (worker-1): UPDATE jobs SET round = round + 1 WHERE id = 7 + 1
                      process 102 (worker-2): UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1
                Take locks in one order in every transaction (e.g. the global row first, or rows by id), or take\
                 fewer: a deadlock victim's work is lost and retried.""");
        Contention deadlocked = new Contention(null, 0, 0, List.of(), List.of(DEADLOCK, SERIALIZATION), List.of());
        assertThatThrownBy(() -> assertThatWorkers(result(deadlocked)).hasNoDeadlocks()).hasMessage(message);
    }

    @Test
    void serializationFailureMessageSaysTheDequeueFailed() {
        String message = text(ShouldHaveNoConflicts.create(TransactionConflict.Kind.SERIALIZATION_FAILURE,
                List.of(SERIALIZATION)));
        assertThat(message).isEqualTo("""

                Expecting workers to have no serialization failures,
                but 1 transaction was aborted with SQLSTATE 40001 (serialization failure), each rolled back and its\
                 dequeue tried again:
                  10:00:02.000  worker-2 inside the dequeue: could not serialize access due to concurrent update
                Concurrent transactions read and wrote the same rows; lock them explicitly (FOR UPDATE SKIP LOCKED) or\
                 run at READ COMMITTED, or expect the retries.""");
        Contention failed = new Contention(null, 0, 0, List.of(), List.of(DEADLOCK, SERIALIZATION), List.of());
        assertThatThrownBy(() -> assertThatWorkers(result(failed)).hasNoSerializationFailures()).hasMessage(message);
        assertThatWorkers(result(failed)).hasNoLockTimeouts();
    }

    @Test
    void lockTimeoutMessageHasExactText() {
        TransactionConflict timeout = new TransactionConflict(TransactionConflict.Kind.LOCK_TIMEOUT, "worker-4",
                null, "55P03", "could not obtain lock on row in relation \"jobs\"", "", List.of(), T0);
        String message = text(ShouldHaveNoConflicts.create(TransactionConflict.Kind.LOCK_TIMEOUT, List.of(timeout)));
        assertThat(message).isEqualTo("""

                Expecting workers to have no lock timeouts,
                but 1 transaction was aborted with SQLSTATE 55P03 (lock timeout), each rolled back and its dequeue\
                 tried again:
                  10:00:00.000  worker-4 inside the dequeue: could not obtain lock on row in relation "jobs"
                A lock was held longer than lock_timeout; shorten the holder's transaction or use SKIP LOCKED instead of\
                 waiting.""");
        Contention timedOut = new Contention(null, 0, 0, List.of(), List.of(timeout), List.of());
        assertThatThrownBy(() -> assertThatWorkers(result(timedOut)).hasNoLockTimeouts()).hasMessage(message);
    }

    @Test
    void wakeUpMessageShowsPercentilesAndTheSlowestJobs() {
        String message = text(ShouldWakeUpWithin.p99(WAKE_UPS, Duration.ofMillis(100)));
        assertThat(message).isEqualTo("""

                Expecting jobs that arrived during the run to wake a worker within 100.0 ms at the 99th percentile,
                but p99 was 400.0 ms over 3 jobs (p50 3.0 ms, p90 400.0 ms, max 400.0 ms).
                Slowest wake-ups:
                  job 2 (key "late") committed at 10:00:00.000, its dequeue by worker-2 started at 10:00:00.400: 400.0 ms
                  job 1 (key "late") committed at 10:00:00.000, its dequeue by worker-1 started at 10:00:00.003: 3.0 ms
                  job 3 (key "late") committed at 10:00:00.050, its dequeue by worker-1 started at 10:00:00.040: 0.0 ms
                Workers that wait for a notification (Workers.wakingOnNotify) wake only at the fallback poll or the end\
                 of arrivals when the queue's NOTIFY is missing or on another channel; polling workers wake up to a\
                 poll interval late.""");
        Contention late = new Contention(null, 0, 0, List.of(), List.of(), WAKE_UPS);
        assertThatThrownBy(() -> assertThatWorkers(result(late)).hasWakeUpLatencyP99AtMost(Duration.ofMillis(100)))
                .hasMessage(message);
        assertThatWorkers(result(late)).hasWakeUpLatencyP99AtMost(Duration.ofMillis(400));
        assertThat(late.wakeUpLatency().jobs()).isEqualTo(3);
    }

    @Test
    void lockWaitAssertionsOnARunWithoutSamplingSayHowToSample() {
        assertThatThrownBy(() -> assertThatWorkers(result(Contention.none())).hasAtMostLockWaits(0))
                .isInstanceOf(QueueTestkitException.class)
                .isNotInstanceOf(AssertionError.class)
                .hasMessage("assertThatWorkers(result).hasAtMostLockWaits: the run did not sample lock waits; add"
                        + " Workers.samplingLockWaits() to the harness that produced the result.");
    }

    @Test
    void wakeUpAssertionWithoutArrivalsSaysHowToGetThem() {
        assertThatThrownBy(() -> assertThatWorkers(result(Contention.none()))
                .hasWakeUpLatencyP99AtMost(Duration.ofMillis(1)))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("no job arrived during the run; give Workers.arrivals(...)");
    }

    @Test
    void negativeBoundsAreBadInputNotFailures() {
        assertThatThrownBy(() -> assertThatWorkers(result(WAITED)).hasAtMostLockWaits(-1))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("hasAtMostLockWaits(-1): give 0 or more");
        assertThatThrownBy(() -> Workers.dequeueWith(c -> java.util.Optional.empty())
                .samplingLockWaitsEvery(Duration.ZERO))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Workers.samplingLockWaitsEvery(PT0S): must be positive, such as 10 ms (the default) or less"
                        + " to see shorter waits by samples");
        assertThatThrownBy(() -> Workers.dequeueWith(c -> java.util.Optional.empty())
                .holdingEachJobFor(Duration.ofMillis(-1)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Workers.holdingEachJobFor(PT-0.001S): must be zero or positive");
        assertThatThrownBy(() -> Workers.dequeueWith(c -> java.util.Optional.empty()).wakingOnNotify(" "))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Workers.wakingOnNotify(\" \"): name the channel the queue's NOTIFY uses");
    }

    @Test
    void softAssertionsCollectContentionFailures() {
        QueueTestkitSoftAssertions softly = new QueueTestkitSoftAssertions();
        softly.assertThatWorkers(result(WAITED)).hasAtMostLockWaits(0).hasNoWorkerWaitingOnAnotherWorkersRowLock();
        assertThat(softly.errorsCollected()).hasSize(2);
    }

    @Test
    void resultsRecordedBeforeContentionHaveNone() {
        WorkersResult old = new WorkersResult(DequeueLog.of(List.of()), Duration.ZERO, Latency.of(new long[0]),
                List.of());
        assertThat(old.contention()).isEqualTo(Contention.none());
        assertThat(old.contention().sampled()).isFalse();
    }
}
