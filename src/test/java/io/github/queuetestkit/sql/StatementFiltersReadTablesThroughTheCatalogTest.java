package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatJobs;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.queue.Jobs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Table filters of statement assertions read the names a statement wrote through the catalog (db/table-shapes.sql):
 * a statement on a partition or inheritance child counts for its parent table, a statement on a view for the tables
 * the view reads.
 */
@PostgresTest(init = "db/table-shapes.sql")
class StatementFiltersReadTablesThroughTheCatalogTest {

    private static void run(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    @Test
    void aStatementOnAPartitionCountsForItsPartitionedTable(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        run(dataSource, "SELECT * FROM part_jobs_pending WHERE queue = ?", "q1");
        run(dataSource, "UPDATE part_jobs_done_2024 SET payload = 'x' WHERE id = ?", 11L);

        assertThatStatements(captured).selectsFrom("part_jobs").hasExactly(1);
        assertThatStatements(captured).updates("part_jobs").hasExactly(1);
        assertThatStatements(captured).updates("part_jobs_done").hasExactly(1);
        assertThatStatements(captured).naming("part_jobs_done").hasExactly(1);
        assertThatThrownBy(() -> assertThatStatements(captured).naming("part_jobs").hasAtMost(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting at most 1 statements naming \"part_jobs\", but 2 ran in 2 round trips:");
    }

    @Test
    void aStatementOnAViewCountsForTheTablesTheViewReads(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        run(dataSource, "SELECT * FROM runnable_in_q1 ORDER BY run_at LIMIT 1");
        run(dataSource, "INSERT INTO runnable_jobs (id, state, queue, run_at) VALUES (?, 'pending', 'q7', now())", 90_001L);

        assertThatStatements(captured).selectsFrom("part_jobs").hasExactly(1);
        assertThatStatements(captured).insertsInto("part_jobs").hasExactly(1);
        assertThatStatements(captured).insertsInto("runnable_jobs").hasExactly(1);
        // the view reads the partitioned table, not one partition of it
        assertThatStatements(captured).naming("part_jobs_pending").hasNone();
    }

    @Test
    void aWriteToAnInheritanceChildCountsForItsParent(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        run(dataSource, "DELETE FROM inh_jobs_archive WHERE id = ?", 5L);

        assertThatStatements(captured).deletesFrom("inh_jobs").hasExactly(1);
        assertThatStatements(captured).deletesFrom("inh_jobs_archive").hasExactly(1);
        assertThatStatements(captured).deletesFrom("plain_jobs").hasAtMost(0);
    }

    @Test
    void enqueuesIntoPartitionsCountAsEnqueuesIntoTheJobsTable(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        for (long id = 90_010; id < 90_013; id++) {
            run(dataSource, "INSERT INTO part_jobs_pending (id, state, queue, run_at) VALUES (?, 'pending', 'q9', now())",
                    id);
        }
        Jobs enqueued = Jobs.in(dataSource).inTable("part_jobs").where("queue = 'q9'").keyedBy("id");

        assertThat(captured.count()).isEqualTo(3);
        assertThatThrownBy(() -> assertThatJobs(enqueued).wereEnqueuedInAtMostRoundTrips(1, captured))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 round trips wrote to the table:");
    }

    @Test
    void aNameIsReadOnTheSearchPathTheCodesSessionSet(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement set = connection.prepareStatement("SET search_path TO tenant_b, public")) {
                set.execute();
            }
            for (long id = 90_020; id < 90_022; id++) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO tenant_jobs (id, queue, run_at) VALUES (?, 'q-sp', now())")) {
                    insert.setLong(1, id);
                    insert.execute();
                }
            }
            try (PreparedStatement reset = connection.prepareStatement("RESET search_path")) {
                reset.execute();
            }
        }
        Jobs enqueued = Jobs.in(dataSource).inTable("tenant_b.tenant_jobs").where("queue = 'q-sp'").keyedBy("id");

        assertThatStatements(captured).insertsInto("tenant_b.tenant_jobs").hasExactly(2);
        assertThatStatements(captured).insertsInto("tenant_a.tenant_jobs").hasNone();
        assertThatThrownBy(() -> assertThatJobs(enqueued).wereEnqueuedInAtMostRoundTrips(1, captured))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 round trips wrote to the table:");
    }
}
