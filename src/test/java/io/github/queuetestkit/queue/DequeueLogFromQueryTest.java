package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A dequeue log read from a table that records when each job was taken and by whom. */
@PostgresTest
class DequeueLogFromQueryTest {

    @BeforeEach
    void history(PostgresDatabase db) {
        db.execute("DROP TABLE IF EXISTS taken");
        db.execute("CREATE TABLE taken (job bigint, tenant text, created timestamptz, prio int, at timestamptz, by text)");
        db.execute("INSERT INTO taken VALUES"
                + " (1, 'alice', '2026-01-01 00:00:00+00', 0, '2026-01-01 00:01:00+00', 'w1'),"
                + " (3, 'bob',   '2026-01-01 00:00:02+00', 0, '2026-01-01 00:01:01+00', 'w2'),"
                + " (2, 'alice', '2026-01-01 00:00:01+00', 0, '2026-01-01 00:01:02+00', 'w1')");
    }

    @Test
    void readsTheColumnsByPositionOrByName(DataSource dataSource) {
        DequeueLog positional = DequeueLog.fromQuery(dataSource,
                "SELECT job, tenant, created, prio, at, by FROM taken ORDER BY at");
        DequeueLog named = DequeueLog.fromQuery(dataSource, "SELECT * FROM taken ORDER BY at",
                DequeueLog.Columns.named("job", "tenant", "created", "prio", "at", "by"));

        assertThat(positional.size()).isEqualTo(3);
        assertThat(positional.countsPerKey()).containsEntry("alice", 2).containsEntry("bob", 1);
        assertThat(named.dequeues()).extracting(d -> d.job().id()).containsExactly("1", "3", "2");
        assertThat(named.dequeues()).extracting(Dequeue::worker).containsExactly("w1", "w2", "w1");
        assertThatDequeues(named).hasNoDuplicates().isFifoPerKey().isFairPerKey();
    }

    // Alice has the odd ids, bob the even ones; the queue took all of alice's jobs, then bob's. Read ORDER BY id the
    // rows alternate, and a starving queue would pass as round-robin.
    @Test
    void putsTheRowsInCommitOrderWhateverOrderTheQueryReturnsThemIn(DataSource dataSource, PostgresDatabase db) {
        db.execute("DROP TABLE IF EXISTS served");
        db.execute("CREATE TABLE served (id bigint, tenant text, created timestamptz, prio int, at timestamptz, by text)");
        db.execute("INSERT INTO served SELECT i, CASE WHEN i % 2 = 1 THEN 'alice' ELSE 'bob' END,"
                + " '2026-01-01 00:00:00+00', 0, '2026-01-01 00:01:00+00'::timestamptz + make_interval(secs =>"
                + " CASE WHEN i % 2 = 1 THEN (i - 1) / 2 ELSE 5 + (i - 1) / 2 END), 'w1' FROM generate_series(1, 10) i");

        DequeueLog byId = DequeueLog.fromQuery(dataSource, "SELECT * FROM served ORDER BY id");

        assertThat(byId.dequeues()).extracting(d -> d.job().id())
                .containsExactly("1", "3", "5", "7", "9", "2", "4", "6", "8", "10");
        assertThatThrownBy(() -> assertThatDequeues(byId).hasNoKeyWaitingMoreThan(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("key \"bob\" had an eligible job but waited through 2 dequeues of other keys (#1 to #2)");
        assertThatThrownBy(() -> assertThatDequeues(byId).isFairPerKeyInWindowsOf(4, 1))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThatDequeues(byId).hasJainFairnessIndexAtLeast(0.8))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void rowsWithTheSameDequeueTimeKeepTheQueryOrder(DataSource dataSource) {
        DequeueLog log = DequeueLog.fromQuery(dataSource, "SELECT job, tenant, created, prio,"
                + " '2026-01-01 00:01:00+00'::timestamptz, by FROM taken ORDER BY job DESC");

        assertThat(log.dequeues()).extracting(d -> d.job().id()).containsExactly("3", "2", "1");
    }

    @Test
    void aColumnThatDoesNotExistIsNamed(DataSource dataSource) {
        assertThatThrownBy(() -> DequeueLog.fromQuery(dataSource, "SELECT * FROM taken",
                DequeueLog.Columns.named("job", "tenant", "created", "prio", "taken_at", "by")))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("taken_at");
    }

    @Test
    void readsTheJobsNeverDequeuedFromASecondQuery(DataSource dataSource, PostgresDatabase db) {
        db.execute("DROP TABLE IF EXISTS queued");
        db.execute("CREATE TABLE queued (job bigint, tenant text, created timestamptz, prio int)");
        db.execute("INSERT INTO queued VALUES (4, 'carol', '2026-01-01 00:00:03+00', NULL),"
                + " (5, 'carol', '2026-01-01 00:00:04+00', 2)");

        DequeueLog log = DequeueLog.fromQuery(dataSource, "SELECT job, tenant, created, prio, at, by FROM taken ORDER BY at",
                "SELECT job, tenant, created, prio FROM queued ORDER BY job");

        assertThat(log.size()).isEqualTo(3);
        assertThat(log.waiting()).extracting(Job::id, Job::key, Job::priority)
                .containsExactly(tuple("4", "carol", 0), tuple("5", "carol", 2));
        assertThat(log.concurrency()).isEqualTo(1);
        assertThatThrownBy(() -> assertThatDequeues(log).hasNoKeyWaitingMoreThan(2))
                .hasMessageContaining("key \"carol\" had an eligible job but waited through 3 dequeues of other keys");
        assertThatDequeues(log.withConcurrency(2)).hasNoKeyWaitingMoreThan(2);
        assertThat(log.withConcurrency(2).toString())
                .isEqualTo("DequeueLog[3 dequeues, 3 keys, 2 waiting, 2 concurrent workers]");
    }

    @Test
    void aWaitingQueryReturningADequeuedJobOrTooFewColumnsIsNamed(DataSource dataSource) {
        DequeueLog log = DequeueLog.fromQuery(dataSource, "SELECT job, tenant, created, prio, at, by FROM taken ORDER BY at");

        assertThatThrownBy(() -> log.withWaitingFromQuery(dataSource, "SELECT job, tenant, created, prio FROM taken"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Waiting job 1 (key \"alice\") is also dequeued at #1 by w1")
                .hasMessageContaining("From the waiting jobs query:\n  SELECT job, tenant, created, prio FROM taken");
        assertThatThrownBy(() -> log.withWaitingFromQuery(dataSource, "SELECT job, tenant FROM taken"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Waiting jobs query returns 2 columns, needs 4 (id, key, enqueued at, priority)");
        assertThatThrownBy(() -> log.withWaitingFromQuery(dataSource, "SELECT job, NULL, created, prio FROM taken"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Waiting jobs query returned a null key");
    }
}
