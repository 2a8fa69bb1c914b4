package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatDequeues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aColumnThatDoesNotExistIsNamed(DataSource dataSource) {
        assertThatThrownBy(() -> DequeueLog.fromQuery(dataSource, "SELECT * FROM taken",
                DequeueLog.Columns.named("job", "tenant", "created", "prio", "taken_at", "by")))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("taken_at");
    }
}
