package io.github.queuetestkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest
class WorkersBadInputTest {

    private static final String OTHER_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()";

    @Test
    void throwingDequeueReportsTheJobAndStackAndLeavesNoConnectionOpen(DataSource dataSource, PostgresDatabase db)
            throws Exception {
        TestQueues.createJobs(dataSource, 2, 50);
        DequeueFunction fair = TestQueues.updating(TestQueues.FAIR);

        assertThatThrownBy(() -> Workers.dequeueWith(fair).workers(4).processing((connection, job) -> {
            if (job.id().equals("42")) {
                throw new IllegalStateException("boom on 42");
            }
        }).run(dataSource))
                .isInstanceOf(WorkerFailedException.class)
                .hasMessageContaining("failed on job 42 (key \"user-1\", priority 0)")
                .hasMessageContaining("java.lang.IllegalStateException: boom on 42")
                .hasMessageContaining("at io.github.queuetestkit.queue.WorkersBadInputTest")
                .hasMessageContaining("The other workers were stopped")
                .satisfies(e -> assertThat(((WorkerFailedException) e).job()).map(Job::id).contains("42"))
                .hasCauseInstanceOf(IllegalStateException.class);

        assertThat(db.queryForLong(OTHER_CONNECTIONS)).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE id = 42 AND state = 'pending'")).isEqualTo(1);
    }

    @Test
    void failureInsideTheDequeueFunctionSaysSo(DataSource dataSource, PostgresDatabase db) throws Exception {
        TestQueues.createJobs(dataSource, 1, 5);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating("SELECT no_such_column FROM jobs"))
                .workers(3).run(dataSource))
                .isInstanceOf(WorkerFailedException.class)
                .hasMessageContaining("failed inside the dequeue function")
                .hasMessageContaining("column \"no_such_column\" does not exist");
        assertThat(db.queryForLong(OTHER_CONNECTIONS)).isZero();
    }

    @Test
    void deadlineReportsRemainingJobsAndStuckWorkers(DataSource dataSource, PostgresDatabase db) throws Exception {
        TestQueues.createJobs(dataSource, 1, 10);

        try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // Holding the table lock makes every worker wait in its dequeue until the deadline.
            statement.execute("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(2)
                    .deadline(Duration.ofMillis(500)).expecting(10).run(dataSource))
                    .isInstanceOf(WorkersTimeoutException.class)
                    .hasMessageContaining("Workers did not empty the queue within PT0.5S")
                    .hasMessageContaining("10 of 10 expected jobs remained; 0 dequeued by 2 workers")
                    .hasMessageContaining("worker-1 inside the dequeue function for")
                    .hasMessageContaining("worker-2 inside the dequeue function for");
            blocker.rollback();
        }
        assertThat(db.queryForLong(OTHER_CONNECTIONS)).isZero();
    }

    @Test
    void deadlineCountsRemainingJobsWithTheUsersQuery(DataSource dataSource) throws Exception {
        TestQueues.createJobs(dataSource, 1, 10);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(1)
                // job 3 holds its worker far past the deadline, which must then count 8 jobs pending (3 to 10: job 3
                // is rolled back at the deadline only after the count); the deadline leaves a loaded machine time to
                // take jobs 1 and 2
                .deadline(Duration.ofSeconds(4)).remaining(TestQueues.REMAINING)
                .processing((connection, job) -> Thread.sleep(job.id().equals("3") ? 60_000 : 0))
                .run(dataSource))
                .isInstanceOf(WorkersTimeoutException.class)
                .hasMessageContaining("8 jobs remained (SELECT count(*) FROM jobs WHERE state = 'pending')")
                .hasMessageContaining("worker-1 on job 3 (key \"user-1\"), processing for")
                .satisfies(e -> assertThat(((WorkersTimeoutException) e).remaining()).hasValue(8));
    }

    @Test
    void rejectsBadSettingsBeforeStarting() {
        Workers workers = Workers.dequeueWith(connection -> java.util.Optional.empty());
        assertThatThrownBy(() -> workers.workers(0)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Workers.workers(0): need at least 1 worker");
        assertThatThrownBy(() -> workers.failingEvery(1)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("use 2 or more");
        assertThatThrownBy(() -> workers.deadline(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("must be positive");
    }
}
