package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatWorkers;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the lock-wait reading leaves out, from what the harness's wrapper on each session's connection knows: the
 * lock of a wait whose statement skips locked rows, and the check at a worker's end while no other worker runs a
 * statement whose wait would count. Each against a real server, with sessions driven one step at a time.
 */
@PostgresTest
class LockWaitReadingTest {

    /** Runs an advisory lock's wait inside a statement that takes its row with SKIP LOCKED. */
    private static final String SKIPPING_WITH_ADVISORY = "SELECT pg_advisory_xact_lock(?), id FROM jobs LIMIT 1"
            + " FOR UPDATE SKIP LOCKED";

    @Test
    void endIsCheckedOnlyWhileAnotherSessionRunsAStatementNotKnownToSkipLockedRows(DataSource dataSource)
            throws Exception {
        TestQueues.createJobs(dataSource, 1, 1);
        try (TwoSessions two = new TwoSessions(dataSource, Duration.ofHours(1));
                LockSampler.SessionEnd ending = two.sampler.endFor(two.holder)) {
            two.holder.setAutoCommit(false);
            selectOne(two.holder);
            ending.end(true);
            assertThat(two.sampler.endChecks()).as("the other session ran nothing").isZero();

            CompletableFuture<Void> sleeping = runAsync(two.other, "SELECT pg_sleep(?)", 0.4);
            awaitActive(dataSource, two.otherPid);
            selectOne(two.holder);
            ending.end(true);
            sleeping.get(10, TimeUnit.SECONDS);
            assertThat(two.sampler.endChecks()).as("the other session ran a statement that takes no lock with SKIP"
                    + " LOCKED").isEqualTo(1);
        }
    }

    @Test
    void endIsNotCheckedWhileTheOtherSessionRunsAStatementKnownToSkipLockedRows(DataSource dataSource)
            throws Exception {
        TestQueues.createJobs(dataSource, 1, 1);
        String sleepingSkipper = "SELECT pg_sleep(?), id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED";
        try (TwoSessions two = new TwoSessions(dataSource, Duration.ofHours(1));
                LockSampler.SessionEnd ending = two.sampler.endFor(two.holder)) {
            two.holder.setAutoCommit(false);
            runAsync(two.other, sleepingSkipper, 0).get(10, TimeUnit.SECONDS);
            awaitKnownToSkip(two.sampler, sleepingSkipper);
            CompletableFuture<Void> sleeping = runAsync(two.other, sleepingSkipper, 0.4);
            awaitActive(dataSource, two.otherPid);
            selectOne(two.holder);
            ending.end(true);
            sleeping.get(10, TimeUnit.SECONDS);
            assertThat(two.sampler.endChecks()).isZero();
        }
    }

    /**
     * The waiter's statement takes its row with SKIP LOCKED and waits on an advisory lock the holder keeps: a wait of
     * a statement known to skip locked rows, seen by a sample (its statement had run for half the interval), recorded
     * with its statement, start and blockers from the wrappers, its lock not read.
     */
    @Test
    void waitOfAStatementKnownToSkipLockedRowsIsRecordedWithoutItsLock(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 1);
        LockSampler sampler;
        try (TwoSessions two = new TwoSessions(dataSource, Duration.ofMillis(20))) {
            sampler = two.sampler;
            runAsync(two.other, SKIPPING_WITH_ADVISORY, 1).get(10, TimeUnit.SECONDS);
            awaitKnownToSkip(sampler, SKIPPING_WITH_ADVISORY);
            two.holder.setAutoCommit(false);
            try (PreparedStatement lock = two.holder.prepareStatement("SELECT pg_advisory_xact_lock(7)")) {
                lock.execute();
            }
            CompletableFuture<Void> waiting = runAsync(two.other, SKIPPING_WITH_ADVISORY, 7);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !sampler.waits().isEmpty());
            two.holder.commit();
            waiting.get(10, TimeUnit.SECONDS);
        }
        assertThat(sampler.waits()).singleElement().satisfies(wait -> {
            assertThat(wait.waiter()).isEqualTo("worker-2");
            assertThat(wait.isLockRead()).isFalse();
            assertThat(wait.lockType()).isEmpty();
            assertThat(wait.waiterStatement()).isEqualTo("SELECT pg_advisory_xact_lock($1), id FROM jobs LIMIT 1"
                    + " FOR UPDATE SKIP LOCKED");
            assertThat(wait.waiterSkipsLockedRows()).isTrue();
            assertThat(wait.blockers()).singleElement().satisfies(blocker -> {
                assertThat(blocker.name()).isEqualTo("worker-1");
                assertThat(blocker.statement()).isEqualTo(LockSampler.BETWEEN_STATEMENTS);
            });
            assertThat(wait.duration()).isPositive();
        });
    }

    /**
     * A deferred constraint trigger runs as the transaction commits, and may wait on a lock there: with one in the
     * database, a session committing counts as running a statement not known to skip, and the ends look at it.
     */
    @Test
    void commitCountsAsAStatementThatMayWaitWhenTheDatabaseHasADeferredTrigger(DataSource dataSource)
            throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE deferred_checks (id int)");
            statement.execute("CREATE FUNCTION slow_check() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN PERFORM pg_sleep(0.4); RETURN NULL; END $$");
            statement.execute("CREATE CONSTRAINT TRIGGER slow_check AFTER INSERT ON deferred_checks"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_check()");
        }
        try (TwoSessions two = new TwoSessions(dataSource, Duration.ofHours(1));
                LockSampler.SessionEnd ending = two.sampler.endFor(two.holder)) {
            two.holder.setAutoCommit(false);
            two.other.setAutoCommit(false);
            try (Statement statement = two.other.createStatement()) {
                statement.execute("INSERT INTO deferred_checks VALUES (1)");
            }
            CompletableFuture<Void> committing = CompletableFuture.runAsync(() -> {
                try {
                    two.other.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitActive(dataSource, two.otherPid);
            selectOne(two.holder);
            ending.end(true);
            committing.get(10, TimeUnit.SECONDS);
            assertThat(two.sampler.endChecks()).isEqualTo(1);
        }
    }

    /**
     * The wrapper implements what the connection it wraps does, so queue code on the driver's own DataSource may cast
     * its connection as it would without sampling.
     */
    @Test
    void queueCodeCanCastItsConnectionToTheDriversWithSampling(DataSource dataSource, PostgresDatabase db)
            throws Exception {
        TestQueues.createJobs(dataSource, 1, 4);
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setUrl(db.jdbcUrl());
        driver.setUser(db.username());
        driver.setPassword(db.password());
        AtomicInteger pids = new AtomicInteger();

        WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.PLAIN_FIFO))
                .processing((connection, job) -> pids.set(((PGConnection) connection).getBackendPID()))
                .workers(1).deadline(Duration.ofSeconds(60)).samplingLockWaits().run(driver);

        assertThat(result.log().size()).isEqualTo(4);
        assertThat(pids.get()).isPositive();
        assertThatWorkers(result).hasNoWorkerWaitingOnAnotherWorkersRowLock();
    }

    /**
     * A started sampler with two harness sessions behind its wrapper, worker-1 (the holder) and worker-2 (the other),
     * closed together: the connections, then the sampler.
     */
    private static final class TwoSessions implements AutoCloseable {
        final LockSampler sampler;
        final Connection holder;
        final Connection other;
        final int otherPid;
        private final Connection holderRaw;
        private final Connection otherRaw;

        TwoSessions(DataSource dataSource, Duration interval) throws SQLException {
            Map<Integer, String> sessions = new ConcurrentHashMap<>();
            sampler = new LockSampler(dataSource, interval, sessions);
            sampler.start();
            holderRaw = dataSource.getConnection();
            otherRaw = dataSource.getConnection();
            int holderPid = pid(holderRaw);
            otherPid = pid(otherRaw);
            sessions.put(holderPid, "worker-1");
            sessions.put(otherPid, "worker-2");
            holder = sampler.track(holderRaw, holderPid);
            other = sampler.track(otherRaw, otherPid);
        }

        @Override
        public void close() throws SQLException {
            try {
                holderRaw.close();
                otherRaw.close();
            } finally {
                sampler.stop();
            }
        }
    }

    private static void selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
        }
    }

    /** Runs a statement on its own thread, with one parameter when {@code parameter} is not null. */
    private static CompletableFuture<Void> runAsync(Connection connection, String sql, Object parameter) {
        return CompletableFuture.runAsync(() -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    statement.setObject(1, parameter);
                }
                statement.execute();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void awaitKnownToSkip(LockSampler sampler, String sql) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sampler.knownToSkip(sql));
    }

    private static int pid(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class).getBackendPID();
    }

    private static void awaitActive(DataSource dataSource, int pid) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5)).until(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND state = 'active'")) {
                statement.setInt(1, pid);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
