package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatWorkers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.internal.LockingClauses;
import io.github.queuetestkit.sql.CapturedStatement;
import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.RecordingDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/** Each contention assertion passes on the correct queue and fails on the broken one, on a real server. */
@PostgresTest
class ContentionProofTest {

    private static Workers sampled(DequeueFunction dequeue) {
        return Workers.dequeueWith(dequeue).workers(4).deadline(Duration.ofSeconds(60)).samplingLockWaits();
    }

    /**
     * Deadlocks, serialization failures and lock timeouts need transactions that overlap: each job is held 2 ms, as
     * a scheduler's work would take, so they happen in every run (not needed to see waits, needed to make them).
     */
    private static Workers overlapping(DequeueFunction dequeue) {
        return sampled(dequeue).holdingEachJobFor(Duration.ofMillis(2));
    }

    @Test
    void plainForUpdateQueueIsCaughtWaitingOnAnotherWorkersRowLock(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 4, 50);

        WorkersResult result = overlapping(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE))
                .run(dataSource);

        assertThat(result.contention().lockWaits()).anyMatch(LockWait::isRowLock);
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting workers to never wait on another worker's row lock")
                .hasMessageContaining("waits on a row lock held by another worker were seen (looked at as ")
                .hasMessageContaining(" worker transactions ended while another worker ran a statement not known to"
                        + " skip locked rows, and every 10.0 ms while a statement had run for half that long and no end"
                        + " had looked: ")
                .hasMessageContaining(" for ShareLock on transaction ")
                .hasMessageContaining("      waiter  worker-")
                .hasMessageContaining("      blocker worker-")
                .hasMessageContaining("ORDER BY id LIMIT 1 FOR UPDATE");
        assertThatThrownBy(() -> assertThatWorkers(result).hasAtMostLockWaits(0))
                .hasMessageContaining("Expecting workers to wait on locks at most 0 times");
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoLockWaitLongerThan(Duration.ZERO))
                .hasMessageContaining("Expecting workers to never wait on a lock longer than 0.0 ms");
    }

    @Test
    void skipLockedQueueNeverWaitsOnAnotherWorkersRowLock(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 4, 50);

        WorkersResult result = sampled(ContentionQueues.selecting(ContentionQueues.SKIP_LOCKED)).run(dataSource);

        assertThat(result.log().size()).isEqualTo(200);
        assertThat(result.contention().samples()).isPositive();
        assertThatWorkers(result)
                .hasNoWorkerWaitingOnAnotherWorkersRowLock()
                .hasNoDeadlocks()
                .hasNoSerializationFailures()
                .hasNoLockTimeouts();
    }

    /**
     * PostgreSQL makes a SKIP LOCKED dequeue wait now and then (a few waits in thousands of dequeues, while following
     * an updated row's chain); the rule must pass a correct queue every time, so those waits are not counted.
     */
    @Test
    void skipLockedQueuePassesTheRowLockRuleInTwentyOfTwentyRuns(DataSource dataSource) throws Exception {
        for (int run = 0; run < 20; run++) {
            TestQueues.createJobs(dataSource, 4, 50);
            WorkersResult result = Workers.dequeueWith(ContentionQueues.selecting(ContentionQueues.SKIP_LOCKED))
                    .workers(4).deadline(Duration.ofSeconds(60)).samplingLockWaitsEvery(Duration.ofMillis(1))
                    .run(dataSource);
            assertThat(result.log().size()).isEqualTo(200);
            assertThat(result.contention().lockWaits()).filteredOn(w -> w.isRowLock() && w.isBlockedByAnotherWorker())
                    .allMatch(LockWait::waiterSkipsLockedRows);
            assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock();
        }
    }

    /**
     * The sampler's thread never runs here, so no periodic sample can see the wait: it is seen because the blocking
     * transaction looks for waiters as it ends, however long or short the wait was.
     */
    @Test
    void waitOnAWorkersTransactionIsSeenAsThatTransactionEndsWithoutAnySample(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 1);
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), sessions);
        AtomicReference<String> holderXid = new AtomicReference<>();
        try (Connection holder = dataSource.getConnection(); Connection waiter = dataSource.getConnection()) {
            sessions.put(pid(holder), "worker-1");
            sessions.put(pid(waiter), "worker-2");
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            assertThat(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE).dequeue(holder)).isPresent();
            holderXid.set(xid(holder));
            CompletableFuture<Optional<Job>> waiting = dequeueBlockedBehindTheHolder(dataSource, waiter);

            try (LockSampler.SessionEnd ending = sampler.endFor(holder)) {
                ending.end(true);
            }

            // the holder marked the only job running and committed: the waiter, woken, finds none
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
            waiter.commit();
        }
        assertThat(sampler.samples()).isZero();
        assertThat(sampler.endChecks()).isEqualTo(1);
        assertThat(sampler.waits()).singleElement().satisfies(wait -> {
            assertThat(wait.waiter()).isEqualTo("worker-2");
            assertThat(wait.waiterStatement()).endsWith("ORDER BY id LIMIT 1 FOR UPDATE");
            // the waiter's ungranted pg_locks row: the holder's transaction, in share mode
            assertThat(wait.lockType()).isEqualTo("transactionid");
            assertThat(wait.target()).isEqualTo("transaction " + holderXid.get());
            assertThat(wait.mode()).isEqualTo("ShareLock");
            assertThat(wait.isRowLock()).isTrue();
            assertThat(wait.isBlockedByAnotherWorker()).isTrue();
            assertThat(wait.blockers()).singleElement().satisfies(blocker -> {
                assertThat(blocker.name()).isEqualTo("worker-1");
                assertThat(blocker.statement()).isEqualTo(LockSampler.AT_ITS_COMMIT);
            });
        });
    }

    /**
     * The check's sessions are bound at each end: a session that joins later (a worker that connects late, or again
     * after an injected failure) is looked at from the next end on. (The first end, with no other session to look at,
     * is not checked.)
     */
    @Test
    void sessionThatJoinsAfterTheFirstCheckIsLookedAtByTheNext(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 2);
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), sessions);
        try (Connection holder = dataSource.getConnection(); Connection waiter = dataSource.getConnection();
                LockSampler.SessionEnd ending = sampler.endFor(holder)) {
            sessions.put(pid(holder), "worker-1");
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            assertThat(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE).dequeue(holder)).isPresent();
            ending.end(true);
            sessions.put(pid(waiter), "worker-2");
            assertThat(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE).dequeue(holder)).isPresent();
            CompletableFuture<Optional<Job>> waiting = dequeueBlockedBehindTheHolder(dataSource, waiter);

            ending.end(true);

            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
            waiter.commit();
        }
        assertThat(sampler.endChecks()).isEqualTo(1);
        assertThat(sampler.waits()).singleElement().satisfies(wait -> {
            assertThat(wait.waiter()).isEqualTo("worker-2");
            assertThat(wait.blockers()).extracting(LockWait.Blocker::name).containsExactly("worker-1");
        });
    }

    /**
     * Two workers in line for the one job a third holds: the first waits on the holder's transaction, the second on
     * the first's lock on the row's tuple, a wait that ends when the holder commits (then one of the two locks the
     * row's new version, which no longer matches, and the other waits on its transaction). The second's wait on the
     * tuple lock is read at the holder's end although it is not on the holder.
     */
    @Test
    void waitInLineBehindAWaiterIsReadAtTheEndTheLineWaitsFor(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 1);
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), sessions);
        try (Connection holder = dataSource.getConnection(); Connection first = dataSource.getConnection();
                Connection second = dataSource.getConnection();
                LockSampler.SessionEnd holderEnd = sampler.endFor(holder);
                LockSampler.SessionEnd firstEnd = sampler.endFor(first);
                LockSampler.SessionEnd secondEnd = sampler.endFor(second)) {
            sessions.put(pid(holder), "worker-1");
            sessions.put(pid(first), "worker-2");
            sessions.put(pid(second), "worker-3");
            for (Connection connection : new Connection[] {holder, first, second}) {
                connection.setAutoCommit(false);
            }
            assertThat(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE).dequeue(holder)).isPresent();
            CompletableFuture<Optional<Job>> firstWaiting = dequeueBlockedBehindTheHolder(dataSource, first);
            CompletableFuture<Optional<Job>> secondWaiting = dequeueBlockedBehindTheHolder(dataSource, second);

            holderEnd.end(true);

            // the job, marked running, no longer matches: each finds none, the one that locked its new version first
            // holding the other until it ends (which one is up to the server)
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> firstWaiting.isDone() || secondWaiting.isDone());
            boolean firstFinished = firstWaiting.isDone();
            assertThat((firstFinished ? firstWaiting : secondWaiting).get()).isEmpty();
            (firstFinished ? firstEnd : secondEnd).end(true);
            assertThat((firstFinished ? secondWaiting : firstWaiting).get(10, TimeUnit.SECONDS)).isEmpty();
            (firstFinished ? secondEnd : firstEnd).end(true);
        }
        assertThat(sampler.waits()).allSatisfy(wait -> assertThat(wait.isRowLock()).isTrue())
                .extracting(LockWait::waiter, LockWait::lockType)
                .contains(tuple("worker-2", "transactionid"), tuple("worker-3", "tuple"));
        assertThat(sampler.waits()).filteredOn(wait -> wait.lockType().equals("tuple")).singleElement()
                .satisfies(wait -> assertThat(wait.blockers()).extracting(LockWait.Blocker::name)
                        .containsExactly("worker-2"));
    }

    /**
     * A transaction the queue code commits itself has no check at its end: a wait on it is read, while it lasts, at
     * another worker's end (here one whose own transaction holds nothing anyone waits on).
     */
    @Test
    void waitOnATransactionTheQueueCodeCommitsItselfIsReadAtAnotherWorkersEnd(DataSource dataSource)
            throws Exception {
        UncheckedHold hold = waitOnAnUncheckedHolder(dataSource, "worker-1");

        assertThat(hold.sampler().endChecks()).isEqualTo(1);
        assertThat(hold.sampler().waits()).singleElement().satisfies(wait -> {
            assertThat(wait.waiter()).isEqualTo("worker-2");
            assertThat(wait.isRowLock()).isTrue();
            assertThat(wait.blockers()).extracting(LockWait.Blocker::name).containsExactly("worker-1");
        });
    }

    /** A session outside the harness ends its transactions unchecked: a wait on it is read at a worker's end. */
    @Test
    void waitOnASessionOutsideTheHarnessIsReadAtAnyWorkersEnd(DataSource dataSource) throws Exception {
        UncheckedHold hold = waitOnAnUncheckedHolder(dataSource, null);

        assertThat(hold.sampler().endChecks()).isEqualTo(1);
        assertThat(hold.sampler().waits()).singleElement().satisfies(wait -> {
            assertThat(wait.waiter()).isEqualTo("worker-2");
            assertThat(wait.isBlockedByAnotherWorker()).isFalse();
            assertThat(wait.blockers()).extracting(LockWait.Blocker::name)
                    .containsExactly("pid " + hold.holderPid());
        });
    }

    private record UncheckedHold(LockSampler sampler, int holderPid) {
    }

    /**
     * The holder takes the one job in a transaction it commits plainly, with no check; worker-2 waits on it; then
     * worker-3, whose own transaction holds nothing, ends through the check, and the holder commits.
     *
     * @param holderName the holder's name among the harness's sessions, or null for a session outside the harness
     */
    private static UncheckedHold waitOnAnUncheckedHolder(DataSource dataSource, String holderName) throws Exception {
        TestQueues.createJobs(dataSource, 1, 1);
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), sessions);
        try (Connection holder = dataSource.getConnection(); Connection waiter = dataSource.getConnection();
                Connection bystander = dataSource.getConnection();
                LockSampler.SessionEnd bystanderEnd = sampler.endFor(bystander)) {
            if (holderName != null) {
                sessions.put(pid(holder), holderName);
            }
            sessions.put(pid(waiter), "worker-2");
            sessions.put(pid(bystander), "worker-3");
            for (Connection connection : new Connection[] {holder, waiter, bystander}) {
                connection.setAutoCommit(false);
            }
            assertThat(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE).dequeue(holder)).isPresent();
            CompletableFuture<Optional<Job>> waiting = dequeueBlockedBehindTheHolder(dataSource, waiter);

            bystanderEnd.end(true);

            holder.commit();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
            waiter.commit();
            return new UncheckedHold(sampler, pid(holder));
        }
    }

    /**
     * The sampler's thread first looks which sessions wait, and reads them in full only then: a wait on a session
     * outside the harness, which no worker's end sees, is seen and read by the sampler alone.
     */
    @Test
    void samplerReadsAWaitItsLookFinds(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 1);
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofMillis(1), sessions);
        int outsidePid;
        try (Connection outside = dataSource.getConnection(); Connection waiter = dataSource.getConnection()) {
            outsidePid = pid(outside);
            sessions.put(pid(waiter), "worker-1");
            outside.setAutoCommit(false);
            waiter.setAutoCommit(false);
            sampler.start();
            assertThat(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE).dequeue(outside)).isPresent();
            CompletableFuture<Optional<Job>> waiting = dequeueBlockedBehindTheHolder(dataSource, waiter);

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !sampler.waits().isEmpty());

            outside.commit();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
            waiter.commit();
        } finally {
            sampler.stop();
        }
        assertThat(sampler.endChecks()).isZero();
        assertThat(sampler.waits()).singleElement().satisfies(wait -> {
            assertThat(wait.waiter()).isEqualTo("worker-1");
            assertThat(wait.waiterStatement()).endsWith("ORDER BY id LIMIT 1 FOR UPDATE");
            assertThat(wait.lockType()).isEqualTo("transactionid");
            assertThat(wait.blockers()).extracting(LockWait.Blocker::name).containsExactly("pid " + outsidePid);
        });
    }

    private static final String TAKE_SKIPPING = "UPDATE jobs SET state = 'running' WHERE id = (SELECT id FROM jobs"
            + " WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id";

    /**
     * A {@code SKIP LOCKED} dequeue of the jobs table, whose trigger counts dequeues in one shared row: the worker
     * waits on the row another worker's dequeue counted, which its own text says nothing of. The trigger's function
     * is read from pg_proc as the sampler stops, and the wait counts against the row-lock rule. The table's trigger
     * on inserts, which the dequeue does not fire, is not read.
     */
    @Test
    void skipLockedDequeueWhoseTriggerUpdatesASharedRowDoesNotSkip(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 2);
        TestQueues.execute(dataSource, "CREATE TABLE dequeue_counts (id int PRIMARY KEY, n int NOT NULL)",
                "INSERT INTO dequeue_counts VALUES (1, 0)",
                "CREATE FUNCTION count_dequeue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " UPDATE dequeue_counts SET n = n + 1 WHERE id = 1; RETURN NEW; END $$",
                "CREATE TRIGGER count_dequeue AFTER UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION count_dequeue()",
                "CREATE FUNCTION count_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " UPDATE dequeue_counts SET n = n - 1 WHERE id = 1; RETURN NEW; END $$",
                "CREATE TRIGGER count_enqueue AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION count_enqueue()");
        try {
            LockWait wait = waitSeenWhileTheHolderRuns(dataSource, TAKE_SKIPPING, TAKE_SKIPPING);

            assertThat(LockingClauses.onlySkipOrFailOnLockedRows(wait.waiterStatement())).isTrue();
            assertThat(wait.waiterFunctions()).extracting(LockWait.CalledFunction::signature)
                    .containsExactly("count_dequeue()");
            assertThat(wait.isRowLock()).isTrue();
            assertThat(wait.waiterSkipsLockedRows()).isFalse();
        } finally {
            TestQueues.execute(dataSource, "DROP TABLE jobs", "DROP TABLE dequeue_counts",
                    "DROP FUNCTION count_dequeue()", "DROP FUNCTION count_enqueue()");
        }
    }

    /**
     * A dequeue that takes a job with {@code SKIP LOCKED} and, in the same statement, updates the other jobs of its
     * user: that update queues behind the job another worker holds, on the very table the statement locks with
     * {@code SKIP LOCKED}. The keys of the table are read from pg_index as the sampler stops, and an update that
     * names the rows by them (the job it took, by id) reaches only the rows it locked.
     */
    @Test
    void skipLockedDequeueThatUpdatesTheOtherJobsOfItsUserDoesNotSkip(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 2);
        String bump = "WITH next AS (SELECT id, user_id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1"
                + " FOR UPDATE SKIP LOCKED), bump AS (UPDATE jobs SET priority = jobs.priority + 1 FROM next"
                + " WHERE jobs.user_id = next.user_id AND jobs.id <> next.id) UPDATE jobs SET state = 'running'"
                + " FROM next WHERE jobs.id = next.id RETURNING jobs.id";
        try {
            LockWait wait = waitSeenWhileTheHolderRuns(dataSource, TAKE_SKIPPING, bump);

            assertThat(wait.isRowLock()).isTrue();
            assertThat(wait.tableKeys()).containsEntry("jobs", List.of(List.of("id")));
            assertThat(wait.waiterSkipsLockedRows()).isFalse();
            LockWait byId = new LockWait(wait.waiter(), wait.waiterPid(), bump.replace("jobs.user_id = next.user_id"
                    + " AND jobs.id <> next.id", "jobs.id = next.id"), wait.lockType(), wait.target(), wait.mode(),
                    wait.blockers(), wait.statementStart(), wait.firstSeen(), wait.lastSeen(), wait.waiterFunctions(),
                    wait.tableKeys());
            assertThat(byId.waiterSkipsLockedRows()).isTrue();
        } finally {
            TestQueues.execute(dataSource, "DROP TABLE jobs");
        }
    }

    /**
     * {@code FOR UPDATE OF j SKIP LOCKED} locks the job and not the user's row it joins, so a dequeue that counts in
     * that row queues behind another worker taking a job of the same user; without {@code OF}, the user's row is
     * locked with {@code SKIP LOCKED} too.
     */
    @Test
    void skipLockedDequeueThatUpdatesARowItJoinsButLeftOutOfItsOfListDoesNotSkip(DataSource dataSource)
            throws Exception {
        TestQueues.createJobs(dataSource, 1, 2);
        TestQueues.execute(dataSource, "CREATE TABLE users (id text PRIMARY KEY, taken int NOT NULL DEFAULT 0)",
                "INSERT INTO users (id) SELECT DISTINCT user_id FROM jobs");
        String counting = "WITH next AS (SELECT j.id, j.user_id FROM jobs j JOIN users u ON u.id = j.user_id"
                + " WHERE j.state = 'pending' ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED),"
                + " t AS (UPDATE users SET taken = taken + 1 FROM next WHERE users.id = next.user_id)"
                + " UPDATE jobs SET state = 'running' FROM next WHERE jobs.id = next.id RETURNING jobs.id";
        try {
            LockWait wait = waitSeenWhileTheHolderRuns(dataSource, counting, counting);

            assertThat(wait.isRowLock()).isTrue();
            assertThat(wait.tableKeys()).containsEntry("users", List.of(List.of("id")));
            assertThat(wait.waiterSkipsLockedRows()).isFalse();
        } finally {
            TestQueues.execute(dataSource, "DROP TABLE jobs", "DROP TABLE users");
        }
    }

    /**
     * A dequeue function whose body takes the job with {@code SKIP LOCKED} (here after an advisory lock, so that it
     * waits at all): the wait's statement is only the call, and the body is read from pg_proc.
     */
    @Test
    void dequeueFunctionIsReadFromItsBody(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 2);
        TestQueues.execute(dataSource, "CREATE FUNCTION take_job() RETURNS SETOF bigint LANGUAGE plpgsql AS $$ BEGIN"
                + " PERFORM pg_advisory_xact_lock(20); RETURN QUERY " + TAKE_SKIPPING + "; END $$");
        try {
            LockWait wait = waitSeenWhileTheHolderRuns(dataSource, "SELECT pg_advisory_xact_lock(20)",
                    "SELECT * FROM take_job()");

            assertThat(wait.lockType()).isEqualTo("advisory");
            assertThat(wait.waiterFunctions()).singleElement().satisfies(function -> {
                assertThat(function.signature()).isEqualTo("take_job()");
                assertThat(function.language()).isEqualTo("plpgsql");
                assertThat(function.body()).contains("FOR UPDATE SKIP LOCKED");
            });
            assertThat(wait.waiterSkipsLockedRows()).isTrue();
        } finally {
            TestQueues.execute(dataSource, "DROP FUNCTION take_job()");
        }
    }

    /**
     * A dequeue function that builds its statement as text and runs it with {@code EXECUTE}: read from the literals
     * that build it, it skips; when the table it updates that way has a trigger that counts dequeues in a shared row,
     * the trigger is found from the dynamic statement's table and the wait counts against the row-lock rule.
     */
    @Test
    void dequeueFunctionWithDynamicSqlIsReadFromTheLiteralsThatBuildIt(DataSource dataSource) throws Exception {
        skipsUntilATriggerCountsInASharedRow(dataSource, "CREATE FUNCTION take_job(q text) RETURNS SETOF bigint"
                + " LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock(21);"
                + " RETURN QUERY EXECUTE 'UPDATE jobs SET state = ''running'' WHERE id = (SELECT id FROM jobs'"
                + " || ' WHERE state = ' || quote_literal(q) || ' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)'"
                + " || ' RETURNING id'; END $$", 21, "SELECT * FROM take_job('pending')");
    }

    /**
     * pgmq's shape: the statement built with {@code format()} into a variable, its table named at run time. It reads as
     * skipping until a table (any, since which one is known only at run time) has a trigger on updates that counts in
     * a shared row: that trigger is read as one the dynamic update may fire.
     */
    @Test
    void dynamicSqlOnATableNamedAtRunTimeHasEveryTablesTriggersRead(DataSource dataSource) throws Exception {
        skipsUntilATriggerCountsInASharedRow(dataSource, "CREATE FUNCTION take_job(t text) RETURNS SETOF bigint"
                + " LANGUAGE plpgsql AS $$ DECLARE sql text; BEGIN PERFORM pg_advisory_xact_lock(22);"
                + " sql := format($q$WITH next AS (SELECT id FROM %I WHERE state = 'pending' ORDER BY id LIMIT 1"
                + " FOR UPDATE SKIP LOCKED) UPDATE %I j SET state = 'running' FROM next WHERE j.id = next.id"
                + " RETURNING j.id$q$, t, t);"
                + " RETURN QUERY EXECUTE sql; END $$", 22, "SELECT * FROM take_job('jobs')");
    }

    /**
     * Creates {@code take_job(text)} (which first takes the advisory lock {@code key}, so that it waits at all) and
     * checks that a wait of {@code call} reads as skipping; then gives the jobs table a trigger on updates that counts
     * in one shared row, and checks that the trigger is read as one the call runs and that the wait no longer skips.
     */
    private static void skipsUntilATriggerCountsInASharedRow(DataSource dataSource, String function, int key,
            String call) throws Exception {
        TestQueues.createJobs(dataSource, 1, 2);
        TestQueues.execute(dataSource, function);
        String hold = "SELECT pg_advisory_xact_lock(" + key + ")";
        try {
            LockWait skipping = waitSeenWhileTheHolderRuns(dataSource, hold, call);
            assertThat(skipping.waiterFunctions()).extracting(LockWait.CalledFunction::signature)
                    .containsExactly("take_job(text)");
            assertThat(skipping.waiterSkipsLockedRows()).isTrue();

            TestQueues.execute(dataSource, "CREATE TABLE dequeue_counts (id int PRIMARY KEY, n int NOT NULL)",
                    "INSERT INTO dequeue_counts VALUES (1, 0)",
                    "CREATE FUNCTION count_dequeue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " UPDATE dequeue_counts SET n = n + 1 WHERE id = 1; RETURN NEW; END $$",
                    "CREATE TRIGGER count_dequeue AFTER UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION count_dequeue()");
            LockWait counting = waitSeenWhileTheHolderRuns(dataSource, hold, call);
            assertThat(counting.waiterFunctions()).extracting(LockWait.CalledFunction::signature)
                    .containsExactly("take_job(text)", "count_dequeue()");
            assertThat(counting.waiterSkipsLockedRows()).isFalse();
        } finally {
            TestQueues.execute(dataSource, "DROP TABLE jobs", "DROP TABLE IF EXISTS dequeue_counts",
                    "DROP FUNCTION take_job(text)", "DROP FUNCTION IF EXISTS count_dequeue()");
        }
    }

    /**
     * Runs {@code hold} in worker-1's open transaction, then {@code waiting} in worker-2's, which waits on it; ends
     * the holder's transaction through the check, lets the waiter finish, and stops the sampler (which reads the
     * waiter's functions).
     *
     * @return the one wait seen
     */
    private static LockWait waitSeenWhileTheHolderRuns(DataSource dataSource, String hold, String waiting)
            throws Exception {
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), sessions);
        try (Connection holder = dataSource.getConnection(); Connection waiter = dataSource.getConnection();
                LockSampler.SessionEnd holderEnd = sampler.endFor(holder)) {
            sessions.put(pid(holder), "worker-1");
            sessions.put(pid(waiter), "worker-2");
            holder.setAutoCommit(false);
            waiter.setAutoCommit(false);
            sampler.start();
            try (Statement statement = holder.createStatement()) {
                statement.execute(hold);
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement statement = waiter.createStatement()) {
                    statement.execute(waiting);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWaitOf(dataSource, pid(waiter));

            holderEnd.end(true);

            blocked.get(10, TimeUnit.SECONDS);
            waiter.commit();
        } finally {
            sampler.stop();
        }
        assertThat(sampler.waits()).hasSize(1);
        return sampler.waits().get(0);
    }

    @Test
    void transactionTheQueueCodeLetFailEndsAsItWouldWithoutSampling(DataSource dataSource) throws Exception {
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), new ConcurrentHashMap<>());
        try (Connection worker = dataSource.getConnection()) {
            worker.setAutoCommit(false);
            try (Statement statement = worker.createStatement()) {
                assertThatThrownBy(() -> statement.execute("SELECT 1 / 0")).isInstanceOf(SQLException.class);
            }

            try (LockSampler.SessionEnd ending = sampler.endFor(worker)) {
                ending.end(false);
            }

            try (Statement statement = worker.createStatement(); ResultSet rs = statement.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            worker.commit();
        }
        assertThat(sampler.endChecks()).isZero();
        assertThat(sampler.waits()).isEmpty();
    }

    /**
     * With a sampling interval of an hour only the first sample runs, before the workers start: every wait is seen
     * as its blocker's transaction ends. The dequeue of the second worker blocks on the first one's row, which holds
     * it until that wait is visible (not for a set time).
     */
    @Test
    void workersSeeAWaitThatFallsBetweenSamples(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 2);
        AtomicBoolean first = new AtomicBoolean(true);

        WorkersResult result = Workers.dequeueWith(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE))
                .processing((connection, job) -> {
                    if (first.getAndSet(false)) {
                        awaitBlocking(dataSource, pid(connection));
                    }
                })
                .workers(2).deadline(Duration.ofSeconds(60)).samplingLockWaitsEvery(Duration.ofHours(1))
                .run(dataSource);

        assertThat(result.contention().samples()).isLessThanOrEqualTo(1);
        assertThat(result.contention().endChecks()).isGreaterThanOrEqualTo(2);
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock())
                .hasMessageContaining("waits on a row lock held by another worker were seen (looked at as ")
                .hasMessageContaining(" worker transactions ended while another worker ran a statement not known to"
                        + " skip locked rows, and every 3600000.0 ms while a statement had run for half that long and"
                        + " no end had looked: ")
                .hasMessageContaining("ORDER BY id LIMIT 1 FOR UPDATE");
    }

    /**
     * No sample during the run (an hour apart, so only the first runs): the plain FOR UPDATE queue is caught every time
     * by the checks at commit alone. Each job is held 2 ms only so that the four workers overlap in every run; with
     * 100 unheld jobs one worker can take most of them before the others start on a loaded machine.
     */
    @Test
    void plainForUpdateIsCaughtInTwentyOfTwentyRunsByTheChecksAtCommitAlone(DataSource dataSource) throws Exception {
        int caught = 0;
        for (int run = 0; run < 20; run++) {
            TestQueues.createJobs(dataSource, 2, 50);
            WorkersResult result = Workers.dequeueWith(ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE))
                    .workers(4).deadline(Duration.ofSeconds(60)).samplingLockWaitsEvery(Duration.ofHours(1))
                    .holdingEachJobFor(Duration.ofMillis(2)).run(dataSource);
            if (result.contention().lockWaits().stream().anyMatch(w -> w.isRowLock() && w.isBlockedByAnotherWorker())) {
                caught++;
            }
        }
        assertThat(caught).isEqualTo(20);
    }

    /**
     * Starting the sampler waits for its first sample, so the harness starts its workers only once the sampler is
     * connected and reading, and a run however short has a sample.
     */
    @Test
    void startingTheSamplerWaitsForItsFirstSample(DataSource dataSource) {
        LockSampler sampler = new LockSampler(dataSource, Duration.ofHours(1), new ConcurrentHashMap<>());

        sampler.start();
        try {
            assertThat(sampler.samples()).isEqualTo(1);
        } finally {
            sampler.stop();
        }
        assertThat(sampler.samples()).isEqualTo(1);
    }

    /**
     * A worker's end looks at every other session as a sample would, so while ends come more often than the interval
     * the sampler does not look again: here ends every 20 ms for 1.5 s, sampling every 500 ms, where the sampler alone
     * would take 4 samples. (The other session's connection has no wrapper, so what it runs is not known: the ends
     * look at it, and so would the sampler.)
     */
    @Test
    void samplerSleepsWhileWorkersEndsLookMoreOftenThanItsInterval(DataSource dataSource) throws Exception {
        Map<Integer, String> sessions = new ConcurrentHashMap<>();
        LockSampler sampler = new LockSampler(dataSource, Duration.ofMillis(500), sessions);
        try (Connection worker = dataSource.getConnection(); Connection other = dataSource.getConnection();
                LockSampler.SessionEnd ending = sampler.endFor(worker)) {
            sessions.put(pid(worker), "worker-1");
            sessions.put(pid(other), "worker-2");
            worker.setAutoCommit(false);
            sampler.start();
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                ending.end(true);
                Thread.sleep(20);
            }
        } finally {
            sampler.stop();
        }
        assertThat(sampler.endChecks()).isGreaterThan(20);
        // the first sample, and one more if an end came half a second late on a loaded machine
        assertThat(sampler.samples()).isBetween(1L, 2L);
    }

    /** A sampler that cannot connect fails the run, saying what it needs. */
    @Test
    void samplerThatCannotConnectFailsTheRunSayingWhatItNeeds(PostgresDatabase db) {
        PGSimpleDataSource missing = new PGSimpleDataSource();
        missing.setUrl(db.jdbcUrl());
        missing.setUser(db.username());
        missing.setPassword(db.password());
        missing.setDatabaseName("qtk_no_such_database");
        AtomicBoolean dequeued = new AtomicBoolean();

        assertThatThrownBy(() -> Workers.dequeueWith(connection -> {
            dequeued.set(true);
            return Optional.empty();
        }).samplingLockWaits().run(missing))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessage("The lock-wait sampler of Workers.samplingLockWaits() failed: FATAL: database"
                        + " \"qtk_no_such_database\" does not exist (SQLState 3D000). It needs a connection of its own"
                        + " and reads pg_stat_activity, pg_locks and pg_proc; raise max_connections, or drop"
                        + " Workers.samplingLockWaits().");
        assertThat(dequeued).isFalse();
    }

    @Test
    void withoutChecksAtCommitOnlyTheSamplerLooksForWaits(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 2, 20);

        WorkersResult result = sampled(ContentionQueues.selecting(ContentionQueues.SKIP_LOCKED))
                .checkingLockWaitsAtCommit(false).run(dataSource);

        assertThat(result.log().size()).isEqualTo(40);
        assertThat(result.contention().samples()).isPositive();
        assertThat(result.contention().endChecks()).isZero();
    }

    @Test
    void endOfTransactionChecksAreNotCapturedAsTheQueuesStatements(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 2, 10);
        RecordingDataSource recording = RecordingDataSource.wrap(dataSource);

        CapturedStatements captured = recording.capture(() -> sampled(
                ContentionQueues.selecting(ContentionQueues.SKIP_LOCKED)).run(recording));

        assertThat(captured.statements()).extracting(CapturedStatement::sql)
                .anyMatch(sql -> sql.contains("FOR UPDATE SKIP LOCKED"))
                .noneMatch(sql -> sql.contains("pg_stat_clear_snapshot"));
    }

    /** Starts a plain FOR UPDATE dequeue on {@code waiter} and returns once the server shows it waiting. */
    private static CompletableFuture<Optional<Job>> dequeueBlockedBehindTheHolder(DataSource dataSource,
            Connection waiter) throws SQLException {
        CompletableFuture<Optional<Job>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ContentionQueues.selecting(ContentionQueues.PLAIN_FOR_UPDATE).dequeue(waiter);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitLockWaitOf(dataSource, pid(waiter));
        return waiting;
    }

    private static String xid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_current_xact_id()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int pid(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getBackendPID();
    }

    private static void awaitLockWaitOf(DataSource dataSource, int waiter) {
        awaitRow(dataSource, "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'", waiter);
    }

    private static void awaitBlocking(DataSource dataSource, int blocker) {
        awaitRow(dataSource, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND ? = ANY(pg_blocking_pids(pid))", blocker);
    }

    private static void awaitRow(DataSource dataSource, String sql, int pid) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setInt(1, pid);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Test
    void deadlockVictimsAreRecordedWithBothSidesAndTheWorkersGoOn(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 40);
        ContentionQueues.scheduler(dataSource);
        shortDeadlockTimeout(dataSource);

        WorkersResult result = overlapping(ContentionQueues.deadlockingScheduler()).run(dataSource);

        assertThatDequeues(result.log()).hasNoDuplicates().hasDequeuedEachExactlyOnce(TestQueues.ids(dataSource));
        assertThat(result.contention().deadlocks()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.sqlState()).isEqualTo("40P01"));
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoDeadlocks())
                .hasMessageContaining("Expecting workers to have no deadlocks,")
                .hasMessageContaining("aborted with SQLSTATE 40P01 (deadlock)")
                .hasMessageContaining("deadlock detected")
                .hasMessageContaining(" waits for ShareLock on transaction ")
                .hasMessageContaining("(worker-")
                .hasMessageContaining("UPDATE scheduler SET ticks = ticks + 1 WHERE id = 1")
                .hasMessageContaining("UPDATE jobs SET round = round + 1");
        assertThatWorkers(result).hasNoSerializationFailures().hasNoLockTimeouts();
    }

    @Test
    void serializationFailuresAreRecordedAndAssertable(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 100);
        ContentionQueues.scheduler(dataSource);

        WorkersResult result = overlapping(ContentionQueues.repeatableReadScheduler()).run(dataSource);

        assertThatDequeues(result.log()).hasDequeuedEachExactlyOnce(TestQueues.ids(dataSource));
        assertThat(result.contention().serializationFailures()).isNotEmpty();
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoSerializationFailures())
                .hasMessageContaining("aborted with SQLSTATE 40001 (serialization failure)")
                .hasMessageContaining("could not serialize access due to concurrent update");
        assertThatWorkers(result).hasNoDeadlocks();
    }

    @Test
    void lockTimeoutsAreRecordedAndAssertable(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 100);

        WorkersResult result = overlapping(ContentionQueues.selecting(ContentionQueues.NOWAIT)).run(dataSource);

        assertThat(result.contention().lockTimeouts()).isNotEmpty();
        assertThatThrownBy(() -> assertThatWorkers(result).hasNoLockTimeouts())
                .hasMessageContaining("aborted with SQLSTATE 55P03 (lock timeout)")
                .hasMessageContaining("could not obtain lock on row in relation \"jobs\"");
    }

    @Test
    void notifiedWorkersWakeUpQuicklyWhenTheTriggerNotifiesTheirChannel(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 0);
        ContentionQueues.notifyingOn(dataSource, "jobs");

        WorkersResult result = notified().run(dataSource);

        assertThat(result.contention().wakeUps()).hasSize(24);
        assertThatWorkers(result).hasWakeUpLatencyP99AtMost(Duration.ofMillis(250));
    }

    @Test
    void notifiedWorkersAreCaughtWakingLateWhenTheTriggerNotifiesAnotherChannel(DataSource dataSource)
            throws Exception {
        TestQueues.createJobs(dataSource, 1, 0);
        ContentionQueues.notifyingOn(dataSource, "job");

        WorkersResult result = notified().run(dataSource);

        assertThat(result.contention().wakeUps()).hasSize(24);
        assertThatThrownBy(() -> assertThatWorkers(result).hasWakeUpLatencyP99AtMost(Duration.ofMillis(250)))
                .hasMessageContaining("Expecting jobs that arrived during the run to wake a worker within 250.0 ms"
                        + " at the 99th percentile,")
                .hasMessageContaining("over 24 jobs")
                .hasMessageContaining("Slowest wake-ups:");
    }

    /** Two workers that wake only on "jobs" notifications, with 12 arrival rounds of 2 jobs 60 ms apart. */
    private static Workers notified() {
        return Workers.dequeueWith(ContentionQueues.selecting(ContentionQueues.SKIP_LOCKED))
                .workers(2)
                .pollInterval(Duration.ofMillis(60))
                .wakingOnNotify("jobs", Duration.ofSeconds(30))
                .arrivals((connection, round) -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("INSERT INTO jobs (user_id) VALUES ('late'), ('late')");
                    }
                    return round < 11;
                });
    }

    private static void shortDeadlockTimeout(DataSource dataSource) throws Exception {
        TestQueues.execute(dataSource, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET deadlock_timeout = %L',"
                + " current_database(), '100ms'); END $$");
    }
}
