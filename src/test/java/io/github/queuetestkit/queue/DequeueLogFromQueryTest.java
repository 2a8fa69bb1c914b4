package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
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
        assertThatThrownBy(() -> log.withWaitingFromQuery(dataSource,
                "SELECT job, NULL::text AS tenant, created, prio FROM taken ORDER BY job"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Waiting jobs query returned a null key in column \"tenant\" of row 1 (id 1, key"
                        + " NULL, enqueue time 2026-01-01 00:00:00+00, priority 0); every waiting job needs its id, key"
                        + " and enqueue time: filter such rows out (for example WHERE tenant IS NOT NULL) or give them"
                        + " a key (for example coalesce(tenant, 'none'))");
    }

    // Read as text, a NULL key was the key "null", one with a tenant really named 'null', and two NULL ids one job
    // "dequeued again".
    @Test
    void aNullKeyIsRejectedNamingTheColumnTheRowAndTheFix(DataSource dataSource, PostgresDatabase db) {
        db.execute("INSERT INTO taken VALUES (4, NULL, '2026-01-01 00:00:03+00', 0, '2026-01-01 00:01:03+00', 'w2'),"
                + " (5, 'null', '2026-01-01 00:00:04+00', 0, '2026-01-01 00:01:04+00', 'w2')");
        String sql = "SELECT * FROM taken ORDER BY at";

        assertThatThrownBy(() -> DequeueLog.fromQuery(dataSource, sql))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(JobRows.nullValue("Dequeue log query", sql,
                        "every dequeue needs its id, key, enqueue time and dequeue time", "key", "tenant", 4,
                        "id 4, key NULL, enqueue time 2026-01-01 00:00:03+00, priority 0,"
                                + " dequeue time 2026-01-01 00:01:03+00, worker w2"));
        assertThat(DequeueLog.fromQuery(dataSource, "SELECT * FROM taken WHERE tenant IS NOT NULL").countsPerKey())
                .containsEntry("null", 1).containsEntry("alice", 2).containsEntry("bob", 1);
    }

    @Test
    void aNullIdIsRejectedNamingTheColumnTheRowAndTheFix(DataSource dataSource, PostgresDatabase db) {
        db.execute("INSERT INTO taken VALUES (NULL, 'bob', '2026-01-01 00:00:03+00', 0, '2026-01-01 00:01:03+00', 'w2')");

        assertThatThrownBy(() -> DequeueLog.fromQuery(dataSource, "SELECT * FROM taken",
                DequeueLog.Columns.named("job", "tenant", "created", "prio", "at", "by")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Dequeue log query returned a null id in column \"job\" of row 4 (id NULL, key"
                        + " bob, enqueue time 2026-01-01 00:00:03+00, priority 0, dequeue time 2026-01-01"
                        + " 00:01:03+00, worker w2)")
                .hasMessageContaining("filter such rows out (for example WHERE job IS NOT NULL) or select an id that"
                        + " is never null:\n  SELECT * FROM taken");
    }

    @Test
    void aNullDequeueTimeIsRejectedNamingTheColumnAndTheRow(DataSource dataSource) {
        assertThatThrownBy(() -> DequeueLog.fromQuery(dataSource,
                "SELECT job, tenant, created, prio, CASE WHEN job = 3 THEN NULL ELSE at END AS at, by FROM taken"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Dequeue log query returned a null dequeue time in column \"at\" of row 2 (id 3,"
                        + " key bob,")
                .hasMessageContaining("filter such rows out (for example WHERE at IS NOT NULL):\n  SELECT");
    }

    @Test
    void aPriorityWithAFractionIsRejectedRatherThanCut(DataSource dataSource) {
        String sql = "SELECT job, tenant, created, CASE WHEN job = 2 THEN 1.7 ELSE prio END AS prio, at, by FROM taken"
                + " ORDER BY at";

        assertThatThrownBy(() -> DequeueLog.fromQuery(dataSource, sql))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(JobRows.notWhole("Dequeue log query", sql, "prio", 3, "id 2, key alice, enqueue time"
                        + " 2026-01-01 00:00:01+00, priority 1.7, dequeue time 2026-01-01 00:01:02+00, worker w1",
                        "1.7"));
        assertThat(DequeueLog.fromQuery(dataSource, "SELECT job, tenant, created, 2.0, at, by FROM taken").dequeues())
                .extracting(d -> d.job().priority()).containsOnly(2);
        assertThatThrownBy(() -> log(dataSource).withWaitingFromQuery(dataSource,
                "SELECT 9, 'carol', created, 0.5::float8 AS urgency FROM taken WHERE job = 1"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Waiting jobs query returned priority 0.5 in column \"urgency\" of row 1");
    }

    // The dequeue function builds Job with getString, as the README's does: a boolean key is "t", an interval
    // "1 day", where getObject().toString() gives "true" and "1 days".
    @Test
    void readsIdsAndKeysAsGetStringGivesThem(DataSource dataSource) {
        DequeueLog log = DequeueLog.fromQuery(dataSource, "SELECT job::numeric(4,1), job = 3, created, prio, at, by"
                + " FROM taken ORDER BY at", "SELECT 9, interval '1 day', created, prio FROM taken WHERE job = 1");

        assertThat(log.dequeues()).extracting(d -> d.job().id()).containsExactly("1.0", "3.0", "2.0");
        assertThat(log.countsPerKey()).containsExactly(entry("f", 2), entry("t", 1), entry("1 day", 0));
    }

    private static DequeueLog log(DataSource dataSource) {
        return DequeueLog.fromQuery(dataSource, "SELECT job, tenant, created, prio, at, by FROM taken ORDER BY at");
    }
}
