package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest
class WorkersProofTest {

    @Test
    void correctSkipLockedQueuePassesEveryAssertionWithEightWorkersAndTenThousandJobs(DataSource dataSource)
            throws Exception {
        TestQueues.createJobs(dataSource, 10, 1000);
        List<Long> ids = TestQueues.ids(dataSource);

        WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR))
                .workers(8)
                .deadline(Duration.ofSeconds(60))
                .remaining(TestQueues.REMAINING)
                .run(dataSource);

        assertThat(result.log().size()).isEqualTo(10_000);
        assertThat(result.throughput()).isPositive();
        assertThat(result.latency().p50()).isLessThanOrEqualTo(result.latency().p99());
        assertThat(result.latency().p99()).isLessThanOrEqualTo(result.latency().max());
        assertThat(result.log().dequeues()).extracting(Dequeue::worker).contains("worker-1", "worker-8");
        assertThat(result.log().concurrency()).isEqualTo(8);
        assertThatDequeues(result.log())
                .hasNoDuplicates()
                .hasDequeuedEachExactlyOnce(ids)
                .isFairPerKey()
                // the one-worker numbers: the rules multiply them by the log's 8 workers
                .isFairPerKeyInWindowsOf(100, 1)
                .hasJainFairnessIndexAtLeast(0.99)
                .isFifoPerKey()
                .hasNoKeyWaitingMoreThan(9);
        // every job has priority 0: nothing to judge, so the priority rule does not pass
        assertThatThrownBy(() -> assertThatDequeues(result.log()).respectsPriority())
                .hasMessageContaining("every job of the log has priority 0 (10000 dequeues, 0 waiting)");
    }

    @Test
    void injectedWorkerFailuresRollBackAndEveryJobIsStillTakenExactlyOnce(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 5, 200);
        List<Long> ids = TestQueues.ids(dataSource);

        WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR))
                .workers(4)
                .failingEvery(97)
                .run(dataSource);

        assertThat(result.injectedFailures()).hasSizeGreaterThanOrEqualTo(10);
        assertThat(result.log().dequeues()).extracting(Dequeue::worker).anyMatch(w -> w.contains("#2"));
        assertThatDequeues(result.log()).hasNoDuplicates().hasDequeuedEachExactlyOnce(ids);
    }

    /**
     * A worker killed holding a job leaves it locked until its rollback; the others rightly pass over it and take
     * later jobs of its key. Its retry is logged from the killed attempt's start, so FIFO does not blame them.
     */
    @Test
    void injectedFailuresDoNotMakeAFifoQueueLookOutOfOrder(DataSource dataSource) throws Exception {
        for (int run = 0; run < 3; run++) {
            TestQueues.createJobs(dataSource, 3, 100);
            WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.PLAIN_FIFO))
                    .workers(4)
                    .failingEvery(13)
                    .holdingEachJobFor(Duration.ofMillis(1))
                    .run(dataSource);

            assertThat(result.injectedFailures()).hasSizeGreaterThanOrEqualTo(10);
            assertThatDequeues(result.log()).hasNoDuplicates().isFifoPerKey();
        }
    }

    @Test
    void queueWithoutLockingIsCaughtDequeuingJobsTwice(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 4, 100);

        WorkersResult result = Workers.dequeueWith(TestQueues.unlocked()).workers(8).run(dataSource);

        assertThatThrownBy(() -> assertThatDequeues(result.log()).hasNoDuplicates())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting dequeues to have no job dequeued twice")
                .hasMessageContaining("was dequeued again at #")
                .hasMessageContaining("> #");
        assertThatThrownBy(() -> assertThatDequeues(result.log()).hasDequeuedEachExactlyOnce(TestQueues.ids(dataSource)))
                .hasMessageContaining("were dequeued more than once (id=times)");
    }

    @Test
    void plainFifoQueueIgnoringUsersIsCaughtAsUnfair(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 4, 250);

        WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.PLAIN_FIFO)).workers(8)
                .run(dataSource);

        assertThatDequeues(result.log()).hasNoDuplicates().isFifoPerKey();
        assertThatThrownBy(() -> assertThatDequeues(result.log()).isFairPerKey())
                .hasMessageContaining("Expecting dequeues to be fair per key (round-robin")
                .hasMessageContaining("key \"user-1\" had ")
                .hasMessageContaining("only 0, counted since")
                .hasMessageContaining("Dequeues per key:");
        assertThatThrownBy(() -> assertThatDequeues(result.log()).hasJainFairnessIndexAtLeast(0.9))
                // concurrent workers may let a few jobs of user-2 in before user-1 runs out: near 1/4, not exactly
                .hasMessageMatching("(?s).*Jain's fairness index was 0\\.2[5-9]\\d over the first .*")
                .hasMessageContaining("until key \"user-1\" ran out of eligible jobs");
        // 3 per worker: with 8 workers the bound is 24, counted inside each wait
        assertThatThrownBy(() -> assertThatDequeues(result.log()).hasNoKeyWaitingMoreThan(3))
                .hasMessageMatching("(?s).*waited through (2[5-9]|[3-9]\\d|\\d{3}) dequeues of other keys.*");
    }

    @Test
    void priorityInversionIsCaught(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 2, 100);
        TestQueues.execute(dataSource, "UPDATE jobs SET priority = id % 3");

        WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.INVERTED_PRIORITY)).workers(8)
                .run(dataSource);

        assertThatThrownBy(() -> assertThatDequeues(result.log()).respectsPriority())
                .hasMessageContaining("Expecting dequeues to respect priority")
                .hasMessageContaining("with priority 2 was dequeued at #1 while job")
                .hasMessageContaining("with more urgent priority 0 was eligible");
    }

    @Test
    void correctPriorityQueuePassesThePriorityRule(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 2, 100);
        TestQueues.execute(dataSource, "UPDATE jobs SET priority = id % 3");

        WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(8).run(dataSource);

        assertThatDequeues(result.log()).hasNoDuplicates().respectsPriority();
    }

    @Test
    void jobsArrivingWhileWorkersRunAreAllTaken(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 3, 20);
        Arrivals fiveRounds = (connection, round) -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO jobs (user_id, round) SELECT 'late-' || ?, g FROM generate_series(1, 10) g")) {
                insert.setInt(1, round);
                insert.executeUpdate();
            }
            return round < 4;
        };

        WorkersResult result = Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(3)
                .arrivals(fiveRounds).run(dataSource);

        assertThat(result.log().size()).isEqualTo(110);
        assertThatDequeues(result.log()).hasNoDuplicates().hasDequeuedEachExactlyOnce(TestQueues.ids(dataSource));
    }

    @Test
    void lastDequeueQueueThatServesAUserOncePerWorkerPassesTheRoundRobinRulesWithEightWorkers(DataSource dataSource)
            throws Exception {
        TestQueues.createJobs(dataSource, 6, 24);
        TestQueues.lastDequeues(dataSource, "user-1", "user-2", "user-3", "user-4", "user-5", "user-6");
        List<Long> ids = TestQueues.ids(dataSource);

        // Workers that read the same snapshot take the same user's next jobs: up to 8 in a row, never more.
        DequeueLog log = Workers.dequeueWith(TestQueues.updating(TestQueues.LAST_DEQUEUE_ANY_ROW)).workers(8)
                .waitingJobs(TestQueues.WAITING).run(dataSource).log();

        assertThatDequeues(log).hasNoDuplicates().hasDequeuedEachExactlyOnce(ids).isFairPerKey()
                .isFairPerKeyInWindowsOf(40, 1).hasNoKeyWaitingMoreThan(5).isFifoPerKey();
    }
}
