package io.github.queuetestkit.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The harness stops cleanly however a run ends: after one worker fails, the others take no further job and every
 * connection is closed; at the deadline, a worker stuck in its processing (asleep or waiting on the server) is
 * released and its connection closed too.
 */
@PostgresTest
class WorkersCleanStopTest {

    private static final String OTHER_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()";

    @Test
    void afterOneWorkerFailsTheOthersTakeNoFurtherJob(DataSource dataSource, PostgresDatabase db) throws Exception {
        TestQueues.createJobs(dataSource, 4, 25);
        AtomicInteger processed = new AtomicInteger();

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(4)
                .processing((connection, job) -> {
                    processed.incrementAndGet();
                    if (job.id().equals("5")) {
                        throw new IllegalStateException("boom on 5");
                    }
                    Thread.sleep(10);
                }).run(dataSource))
                .isInstanceOf(WorkerFailedException.class)
                .hasMessageContaining("failed on job 5");
        int atFailure = processed.get();
        Thread.sleep(200);

        assertThat(processed).hasValue(atFailure);
        assertThat(db.queryForLong(TestQueues.REMAINING)).isGreaterThan(50);
        assertThat(db.queryForLong(OTHER_CONNECTIONS)).isZero();
    }

    @Test
    void deadlineReleasesAWorkerAsleepInItsProcessingAndClosesItsConnection(DataSource dataSource,
            PostgresDatabase db) throws Exception {
        TestQueues.createJobs(dataSource, 1, 5);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(2)
                .deadline(Duration.ofMillis(1500)).processing((connection, job) -> Thread.sleep(30_000))
                .run(dataSource))
                .isInstanceOf(WorkersTimeoutException.class)
                .hasMessageContaining("worker-1 on job")
                .hasMessageContaining("worker-2 on job");

        assertThat(db.queryForLong(OTHER_CONNECTIONS)).isZero();
    }

    @Test
    void deadlineCancelsAStatementAWorkerWaitsOnAndReportsATimeoutNotAFailure(DataSource dataSource,
            PostgresDatabase db) throws Exception {
        TestQueues.createJobs(dataSource, 1, 5);

        assertThatThrownBy(() -> Workers.dequeueWith(TestQueues.updating(TestQueues.FAIR)).workers(2)
                .deadline(Duration.ofMillis(1500)).processing((connection, job) -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT pg_sleep(30)");
                    }
                }).run(dataSource))
                .isInstanceOf(WorkersTimeoutException.class)
                .hasMessageContaining("Workers did not empty the queue within PT1.5S")
                .hasMessageContaining("processing for");

        assertThat(db.queryForLong(OTHER_CONNECTIONS)).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE state = 'running'"))
                .as("the stuck workers' transactions were rolled back, so their jobs are pending again").isZero();
    }
}
