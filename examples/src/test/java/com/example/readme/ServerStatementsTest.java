package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.sql.ServerStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's "Server-side view": the trigger's INSERT shows in pg_stat_statements, never in captured SQL. */
@PostgresTest(init = "db/last-dequeues.sql")
class ServerStatementsTest {

    @Test
    void theLastDequeueTriggersInsertShowsAsANestedStatement(DataSource dataSource) throws SQLException {
        ServerStatements before = ServerStatements.snapshot(dataSource);
        dequeue(dataSource);
        ServerStatements.Diff ran = before.diff();
        assertThat(ran.nested()).anyMatch(s -> s.names("last_dequeues"));   // the last-dequeue trigger's INSERT
        assertThat(ran.calls("^update jobs set state")).isEqualTo(1);
    }

    private static void dequeue(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE jobs SET state = 'running', started_at = now() WHERE id = (SELECT id FROM jobs"
                    + " WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)");
        }
    }
}
