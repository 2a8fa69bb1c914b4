package com.example.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The first test a team writes: its own database, its own schema, a planner pinned like production's, and
 * the queue's dequeue statement run for real.
 */
@PostgresTest(init = "db/queue.sql", settings = "random_page_cost=1.1")
class FirstQueueTest {

    private static final String DEQUEUE = """
            UPDATE jobs SET locked_by = ?
             WHERE id = (SELECT id FROM jobs WHERE locked_by IS NULL AND run_at <= now()
                          ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id""";

    @Test
    void dequeuesTheOldestRunnableJobOnce(PostgresDatabase database, Connection connection) throws SQLException {
        database.execute("INSERT INTO jobs (run_at) VALUES (now() - interval '2 minutes'), (now() - interval '1 minute')");

        assertThat(dequeue(connection, "worker-1")).isEqualTo(1L);
        assertThat(dequeue(connection, "worker-2")).isEqualTo(2L);
        assertThat(dequeue(connection, "worker-3")).isNull();
    }

    @Test
    void startsEveryClassWithItsOwnEmptySchema(PostgresDatabase database) {
        assertThat(database.name()).startsWith("qtk_firstqueuetest_");
        assertThat(database.queryForLong("SELECT count(*) FROM jobs WHERE queue = 'never-used'")).isZero();
    }

    private static Long dequeue(Connection connection, String worker) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DEQUEUE)) {
            statement.setString(1, worker);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
