package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.EngineRuns;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/capture-schema.sql")
class ServerStatementsTest {

    // The fair-queue dequeue: the client sends one UPDATE; a trigger keeps last_dequeues current.
    private static long dequeue(DataSource dataSource, int userId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET state = 'running', started_at = now() WHERE id = (SELECT id FROM jobs"
                        + " WHERE state = 'queued' AND user_id = ? ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id")) {
            ps.setInt(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void showsStatementsATriggerRanThatTheClientNeverSent(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("INSERT INTO jobs (queue, user_id) SELECT 'fair', 7 FROM generate_series(1, 3)");
        ServerStatements before = ServerStatements.snapshot(dataSource);
        dequeue(dataSource, 7);
        dequeue(dataSource, 7);
        ServerStatements.Diff ran = before.diff();

        assertThatStatements(captured).naming("last_dequeues").hasNone();
        assertThatStatements(captured).updates("jobs").hasExactly(2);
        assertThat(ran.nested()).as(ran.describe()).singleElement().satisfies(s -> {
            assertThat(s.names("last_dequeues")).isTrue();
            assertThat(s.calls()).isEqualTo(2);
            assertThat(s.rows()).isEqualTo(2);
            assertThat(s.normalizedSql()).startsWith("insert into last_dequeues(user_id, latest_dequeue) values");
        });
        assertThat(ran.calls("^update jobs set state")).as(ran.describe()).isEqualTo(2);
        assertThat(db.queryForLong("SELECT count(*) FROM last_dequeues WHERE user_id = 7")).isEqualTo(1);
    }

    @Test
    void leavesOutItsOwnSnapshotQueriesAndStatementsBeforeTheSnapshot(PostgresDatabase db, DataSource dataSource)
            throws SQLException {
        db.execute("SELECT count(*) FROM records");
        ServerStatements before = ServerStatements.snapshot(dataSource);
        ServerStatements.snapshot(dataSource);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps =
                c.prepareStatement("SELECT * FROM jobs_for_user(?)")) {
            ps.setInt(1, 1);
            ps.executeQuery().close();
        }
        ServerStatements.Diff ran = before.diff();
        assertThat(ran.statements()).as(ran.describe()).noneMatch(s -> s.query().contains("pg_stat_statements"))
                .noneMatch(s -> s.names("records"));
        assertThat(ran.nested()).as(ran.describe()).anyMatch(s -> s.normalizedSql()
                .contains("from jobs where user_id = p_user"));
    }

    @Test
    void leavesOutEverythingItsOwnSnapshotsRanIncludingCreatingTheExtension(PostgresDatabase db,
            DataSource dataSource) {
        // a fresh start: the first snapshot creates the extension again, the second finds it
        db.execute("DROP EXTENSION IF EXISTS pg_stat_statements");
        ServerStatements first = ServerStatements.snapshot(dataSource);
        ServerStatements.snapshot(dataSource);

        ServerStatements.Diff ran = first.diff();

        assertThat(db.queryForLong("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'"))
                .isOne();
        assertThat(ran.statements()).as(ran.describe()).noneMatch(s -> s.normalizedSql().contains("extension"))
                .noneMatch(s -> s.query().contains("pg_stat_statements") || s.query().contains("pg_settings"))
                .noneMatch(s -> s.query().contains("shared_preload_libraries"));
    }

    @Test
    void leavesOutTheSessionSetupOfItsOwnConnectionButNotOfTheTests(DataSource dataSource)
            throws SQLException {
        ServerStatements.Diff nothing = ServerStatements.snapshot(dataSource).diff();
        ServerStatements before = ServerStatements.snapshot(dataSource);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM records WHERE client_id = ?")) {
            ps.setInt(1, 3);
            ps.executeQuery().close();
        }
        ServerStatements.Diff ran = before.diff();

        // the test's connection ran the driver's session setup (SET application_name) once, and so did the later
        // snapshot's own connection: only the test's counts
        assertThat(ran.statements()).as(ran.describe()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.calls()).isEqualTo(1);
            assertThat(s.normalizedSql()).matches("(set |select count\\(\\*\\) from records).*");
        });
        assertThat(ran.calls("^select count\\(\\*\\) from records")).isEqualTo(1);
        assertThat(nothing.statements()).as(nothing.describe()).isEmpty();
    }

    @FixtureOnly
    @PostgresTest(serverSettings = "shared_preload_libraries=auto_explain")
    static class WithoutPgStatStatementsTestCase {
        @Test
        void snapshot(DataSource dataSource) {
            ServerStatements.snapshot(dataSource);
        }
    }

    @Test
    void explainsHowToLoadPgStatStatementsWhenTheServerLacksIt() {
        // Only a container can be started without the library (so this run starts one of its own); an external
        // server runs as it was started.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.github.queuetestkit.postgres.internal.KitProperties.fromSystem().jdbcUrl() == null);
        EngineRuns.inContainerMode().run(WithoutPgStatStatementsTestCase.class)
                .testEvents().assertThatEvents().haveExactly(1, event(test("snapshot"), finishedWithFailure(
                        instanceOf(QueueTestkitException.class),
                        message(m -> m.contains("pg_stat_statements is not loaded on this server")
                                && m.contains("shared_preload_libraries = 'auto_explain'")
                                && m.contains("shared_preload_libraries=pg_stat_statements and"
                                        + " pg_stat_statements.track=all")))));
    }
}
