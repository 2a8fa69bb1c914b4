package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.junit.PostgresTest;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The harness reads the jobs still queued when a run ends into the log, so a queue that never serves some users fails
 * every fairness rule by name, while exactly-once keeps counting what was dequeued.
 */
@PostgresTest
class WorkersWaitingJobsTest {

    private static final String[] ALL_SIX = {"user-1", "user-2", "user-3", "user-4", "user-5", "user-6"};

    /** The last-dequeue queue where only users 1 to 4 have a row: users 5 and 6, new, are never served. */
    private static WorkersResult starvingRun(DataSource dataSource, boolean readWaiting) throws Exception {
        TestQueues.createJobs(dataSource, 6, 24);
        TestQueues.lastDequeues(dataSource, "user-1", "user-2", "user-3", "user-4");
        Workers workers = Workers.dequeueWith(TestQueues.updating(TestQueues.LAST_DEQUEUE_HEAD)).workers(4);
        return (readWaiting ? workers.waitingJobs(TestQueues.WAITING) : workers).run(dataSource);
    }

    @Test
    void aQueueThatNeverServesNewUsersFailsEveryFairnessRuleNamingThem(DataSource dataSource) throws Exception {
        WorkersResult result = starvingRun(dataSource, true);
        List<Long> ids = TestQueues.ids(dataSource);
        DequeueLog log = result.log();

        assertThat(log.size()).isEqualTo(96);
        assertThat(log.waiting()).hasSize(48).extracting(Job::key).containsOnly("user-5", "user-6");
        assertThat(log.countsPerKey()).containsEntry("user-5", 0).containsEntry("user-6", 0);
        String named = "\"user-5\"       24 jobs since ";
        assertThatThrownBy(() -> assertThatDequeues(log).isFairPerKey())
                .hasMessageContaining("and key \"user-5\" only 0, counted since \"user-5\" began waiting")
                .hasMessageContaining("tolerance 1 x 4 workers = 4")
                .hasMessageContaining(named)
                .hasMessageContaining("never dequeued: waited through 96 dequeues of other keys")
                .hasMessageContaining("\"user-6\"       0   (24 still waiting)");
        assertThatThrownBy(() -> assertThatDequeues(log).isFairPerKeyInWindowsOf(20, 1))
                .hasMessageContaining("and key \"user-5\" only 0, while \"user-5\" had eligible jobs throughout")
                .hasMessageContaining(named);
        assertThatThrownBy(() -> assertThatDequeues(log).hasJainFairnessIndexAtLeast(0.9))
                .hasMessageContaining("Jain's fairness index was 0.6")
                .hasMessageContaining("* waiting job")
                .hasMessageContaining(named);
        assertThatThrownBy(() -> assertThatDequeues(log).hasNoKeyWaitingMoreThan(5))
                .hasMessageContaining("key \"user-5\" had an eligible job and nothing in flight but waited through 21"
                        + " dequeues of other keys")
                .hasMessageContaining(named);
        assertThatThrownBy(() -> assertThatDequeues(log).hasDequeuedEachExactlyOnce(TestQueues.ids(dataSource)))
                .hasMessageContaining("but 48 were never dequeued: [97, 98, 99");
        assertThatDequeues(log).hasNoDuplicates().isFifoPerKey()
                .hasDequeuedEachExactlyOnce(ids.subList(0, 96));
    }

    @Test
    void withoutTheWaitingJobsTheUsersItNeverServedAreInvisibleToTheFairnessRules(DataSource dataSource)
            throws Exception {
        DequeueLog log = starvingRun(dataSource, false).log();

        assertThat(log.waiting()).isEmpty();
        assertThatDequeues(log).isFairPerKey().isFairPerKeyInWindowsOf(20, 1).hasNoKeyWaitingMoreThan(5);
    }

    @Test
    void theSameQueueServingEveryUserPassesEveryRuleWithFourWorkers(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 6, 24);
        TestQueues.lastDequeues(dataSource, ALL_SIX);
        List<Long> ids = TestQueues.ids(dataSource);

        DequeueLog log = Workers.dequeueWith(TestQueues.updating(TestQueues.LAST_DEQUEUE_HEAD)).workers(4)
                .waitingJobs(TestQueues.WAITING).run(dataSource).log();

        assertThat(log.waiting()).isEmpty();
        assertThatDequeues(log).hasNoDuplicates().hasDequeuedEachExactlyOnce(ids).isFairPerKey()
                .isFairPerKeyInWindowsOf(20, 1).hasNoKeyWaitingMoreThan(5).isFifoPerKey();
    }

    @Test
    void atTheDeadlineTheLogHasTheQueuedJobsButNotTheOneAWorkerHeld(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 10);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(1)
                .deadline(Duration.ofMillis(500)).waitingJobs(TestQueues.WAITING)
                .processing((connection, job) -> Thread.sleep(job.id().equals("3") ? 5_000 : 0))
                .run(dataSource))
                .isInstanceOf(WorkersTimeoutException.class)
                .hasMessageContaining("8 jobs remained (" + TestQueues.WAITING + ")")
                .satisfies(e -> {
                    DequeueLog log = ((WorkersTimeoutException) e).log();
                    assertThat(log.dequeues()).extracting(d -> d.job().id()).containsExactly("1", "2");
                    assertThat(log.waiting()).extracting(Job::id).containsExactly("4", "5", "6", "7", "8", "9", "10");
                    assertThat(log.concurrency()).isEqualTo(1);
                    assertThat(((WorkersTimeoutException) e).remaining()).hasValue(8);
                });
    }

    // The dequeue builds its Job with getString, as the README's does; pgjdbc's getObject().toString() of the same
    // boolean is "true", not "t", and read that way the waiting jobs were a second, never-served key.
    @Test
    void waitingJobsHaveTheKeyTextTheDequeueGaveWhateverTheColumnType(DataSource dataSource) throws Exception {
        TestQueues.execute(dataSource, "DROP TABLE IF EXISTS flagged_jobs",
                "CREATE TABLE flagged_jobs (id bigserial PRIMARY KEY, premium boolean NOT NULL, priority int NOT NULL"
                        + " DEFAULT 0, created_at timestamptz NOT NULL DEFAULT clock_timestamp(), state text NOT NULL"
                        + " DEFAULT 'pending')",
                "INSERT INTO flagged_jobs (premium) SELECT true FROM generate_series(1, 10)");
        // Takes only the first four jobs, so six are still queued when the run ends.
        String firstFour = "UPDATE flagged_jobs SET state = 'running' WHERE id = (SELECT id FROM flagged_jobs"
                + " WHERE state = 'pending' AND id <= 4 ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)"
                + " RETURNING id, premium, created_at, priority";

        DequeueLog log = Workers.dequeueWith(TestQueues.updating(firstFour)).workers(1)
                .waitingJobs("SELECT id, premium, created_at, priority FROM flagged_jobs WHERE state = 'pending'")
                .run(dataSource).log();

        assertThat(log.countsPerKey()).containsExactly(entry("t", 4));
        assertThat(log.waitingPerKey()).containsExactly(entry("t", 6));
        // one key, not a served "t" and a starved "true": the rules between keys have nothing to compare
        assertThatThrownBy(() -> assertThatDequeues(log).isFairPerKey())
                .hasMessageContaining("every job of the log has key \"t\" (4 dequeues, 6 waiting)");
    }

    @Test
    void aWaitingJobsQueryThatFailsStopsTheRunWithTheServerMessage(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 5);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(2)
                .waitingJobs("SELECT id, user_id, created_at, prio FROM jobs WHERE state = 'pending'")
                .run(dataSource))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Workers.waitingJobs query failed")
                .hasMessageContaining("column \"prio\" does not exist");
    }

    @Test
    void aWaitingJobsQueryThatReturnsDequeuedJobsIsRejected(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 5);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(2)
                .waitingJobs("SELECT id, user_id, created_at, priority FROM jobs").run(dataSource))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("is also dequeued at #")
                .hasMessageContaining("select only jobs no worker took")
                .hasMessageContaining("the Workers.waitingJobs query:\n  SELECT id, user_id, created_at, priority FROM"
                        + " jobs");
    }

    @Test
    void aWaitingJobsQueryWithTooFewColumnsIsRejected(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 5);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(2)
                .waitingJobs("SELECT id, user_id FROM jobs WHERE state = 'pending'").run(dataSource))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Workers.waitingJobs query returns 2 columns, needs 4 (id, key, enqueued at,"
                        + " priority)");
    }
}
