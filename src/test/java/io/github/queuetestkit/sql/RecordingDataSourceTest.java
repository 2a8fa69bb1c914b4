package io.github.queuetestkit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.base.UnrecordedDataSource;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.StringReader;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

@PostgresTest(init = "db/capture-schema.sql")
class RecordingDataSourceTest {

    private RecordingDataSource recording;

    @BeforeEach
    void wrap(PostgresDatabase db) {
        recording = RecordingDataSource.wrap(db.dataSource());
    }

    @Test
    void recordsSqlParametersThreadAndDurationOfAPreparedStatement() throws Exception {
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT id FROM records WHERE client_id = ? AND amount < ?")) {
                ps.setInt(1, 2);
                ps.setNull(2, Types.INTEGER);
                ps.executeQuery().close();
            }
        });
        assertThat(captured.statements()).singleElement().satisfies(s -> {
            assertThat(s.sql()).isEqualTo("SELECT id FROM records WHERE client_id = ? AND amount < ?");
            assertThat(s.parameters()).containsExactly(2, null);
            assertThat(s.via()).isEqualTo(CapturedStatement.Via.PREPARED);
            assertThat(s.threadName()).isEqualTo(Thread.currentThread().getName());
            assertThat(s.duration()).isPositive();
            assertThat(s.batch()).isFalse();
            assertThat(s.inTransaction()).isFalse();
            assertThat(s.kind()).isEqualTo(StatementKind.SELECT);
            assertThat(s.tables()).containsExactly("records");
        });
    }

    @Test
    void recordsEachSetterWithItsTypeArgumentsAndTheDriversRowLimits() throws Exception {
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        Timestamp noon = Timestamp.valueOf("2024-01-01 12:00:00");
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id FROM jobs WHERE state = ? AND (? IS NULL OR user_id = ?) AND run_at > ? AND queue = ?")) {
                ps.setObject(1, "queued", Types.OTHER);
                ps.setNull(2, Types.INTEGER);
                ps.setNull(3, Types.INTEGER);
                ps.setTimestamp(4, noon, tokyo);
                ps.setString(5, "q1");
                ps.setMaxRows(5);
                ps.setFetchSize(10);
                ps.executeQuery().close();
            }
        });

        CapturedStatement statement = captured.statements().get(0);
        assertThat(statement.parameters()).containsExactly("queued", null, null, noon, "q1");
        assertThat(statement.maxRows()).isEqualTo(5);
        assertThat(statement.fetchSize()).isEqualTo(10);
        List<BoundParameter> bindings = statement.bindings();
        assertThat(bindings).extracting(BoundParameter::setter)
                .containsExactly("setObject", "setNull", "setNull", "setTimestamp", "setString");
        assertThat(bindings).extracting(BoundParameter::position).containsExactly(1, 2, 3, 4, 5);
        assertThat(bindings.get(0).arguments()).containsExactly("queued", Types.OTHER);
        assertThat(bindings.get(3).arguments()).containsExactly(noon, tokyo);
        assertThat(bindings).extracting(BoundParameter::binding)
                .containsExactly("Types.OTHER", "Types.INTEGER", "Types.INTEGER", "Calendar Asia/Tokyo", "");
        assertThat(bindings).allSatisfy(b -> assertThat(b.whyNotReplayable()).isEmpty());
        assertThat(bindings.get(0)).hasToString("setObject(1, queued, 1111)");
        assertThat(statement.bindingSets()).containsExactly(bindings);
        assertThat(captured.groups().get(0).bindings()).isEqualTo(bindings);
    }

    @Test
    void aStatementWithoutLimitsRecordsNone() throws Exception {
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
            }
        });

        assertThat(captured.statements()).singleElement().satisfies(s -> {
            assertThat(s.maxRows()).isZero();
            assertThat(s.fetchSize()).isZero();
            assertThat(s.bindings()).isEmpty();
        });
    }

    @Test
    void countsRowsReturnedAsTheCodeReadsThem() throws Exception {
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT id FROM records WHERE id <= ? ORDER BY id");
                    Statement st = c.createStatement()) {
                ps.setLong(1, 7);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        assertThat(rs.getLong(1)).isPositive();
                    }
                }
                // execute() then getResultSet(): the rows belong to the same statement.
                assertThat(st.execute("SELECT id FROM records WHERE id <= 4")).isTrue();
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        assertThat(rs.getLong(1)).isPositive();
                    }
                }
            }
        });
        assertThat(captured.statements()).extracting(CapturedStatement::rowsReturned).containsExactly(7L, 4L);
        assertThat(captured.statements()).extracting(CapturedStatement::rowsAffected).containsExactly(-1L, -1L);
    }

    @Test
    void keepsJdbcBatchingAsOneRoundTripWithEveryParameterSet(PostgresDatabase db) throws Exception {
        List<int[]> counts = new ArrayList<>();
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue, user_id) VALUES (?, ?)")) {
                for (int i = 0; i < 5; i++) {
                    ps.setString(1, "batch");
                    ps.setInt(2, i);
                    ps.addBatch();
                }
                counts.add(ps.executeBatch());
            }
        });
        assertThat(counts.get(0)).containsExactly(1, 1, 1, 1, 1);
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE queue = 'batch'")).isEqualTo(5);
        assertThat(captured.roundTrips()).isEqualTo(1);
        assertThat(captured.count()).isEqualTo(5);
        assertThat(captured.statements()).singleElement().satisfies(s -> {
            assertThat(s.batchSize()).isEqualTo(5);
            assertThat(s.rowsAffected()).isEqualTo(5);
            assertThat(s.parameterSets()).hasSize(5).last().isEqualTo(List.of("batch", 4));
        });
    }

    @Test
    void recordsAStatementBatchOfDifferentSqlAsOneRoundTrip() throws Exception {
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection(); Statement st = c.createStatement()) {
                st.addBatch("INSERT INTO jobs (queue) VALUES ('stmt-batch')");
                st.addBatch("UPDATE jobs SET state = 'x' WHERE queue = 'stmt-batch'");
                st.executeBatch();
            }
        });
        assertThat(captured.statements()).extracting(CapturedStatement::kind)
                .containsExactly(StatementKind.INSERT, StatementKind.UPDATE);
        assertThat(captured.statements()).extracting(CapturedStatement::rowsAffected).containsExactly(1L, 1L);
        assertThat(captured.roundTrips()).isEqualTo(1);
        assertThat(captured.count()).isEqualTo(2);
    }

    @Test
    void keepsAutoCommitOffTransactionsAndMarksTheirStatements(PostgresDatabase db) throws Exception {
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue) VALUES (?)")) {
                    ps.setString(1, "tx-rolled-back");
                    ps.executeUpdate();
                }
                assertThat(c.getAutoCommit()).isFalse();
                c.rollback();
                c.setAutoCommit(true);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue) VALUES (?)")) {
                    ps.setString(1, "autocommitted");
                    ps.executeUpdate();
                }
            }
        });
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE queue = 'tx-rolled-back'")).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE queue = 'autocommitted'")).isEqualTo(1);
        assertThat(captured.statements()).extracting(CapturedStatement::inTransaction).containsExactly(true, false);
        assertThat(captured.statements()).extracting(CapturedStatement::rowsAffected).containsExactly(1L, 1L);
    }

    @Test
    void returnsGeneratedKeysThroughTheRecordingDataSource() throws Exception {
        List<Long> keys = new ArrayList<>();
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue) VALUES (?)",
                            Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "keys");
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    while (rs.next()) {
                        keys.add(rs.getLong("id"));
                    }
                }
            }
        });
        assertThat(keys).singleElement().satisfies(id -> assertThat(id).isPositive());
        assertThat(captured.statements()).singleElement().extracting(CapturedStatement::rowsAffected).isEqualTo(1L);
    }

    @Test
    void unwrapsToPgConnectionSoCopyWorks(PostgresDatabase db) throws Exception {
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection()) {
                assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                long rows = copy.copyIn("COPY jobs (queue, user_id) FROM STDIN (FORMAT csv)",
                        new StringReader("copied,1\ncopied,2\ncopied,3\n"));
                assertThat(rows).isEqualTo(3);
            }
        });
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE queue = 'copied'")).isEqualTo(3);
        // COPY through CopyManager bypasses JDBC statements; the server-side view shows it.
        assertThat(captured.statements()).isEmpty();
    }

    @Test
    void recordsCallableStatementsWithTheirInParameters() throws Exception {
        List<String> out = new ArrayList<>();
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection(); CallableStatement cs = c.prepareCall("{? = call upper(?)}")) {
                cs.registerOutParameter(1, Types.VARCHAR);
                cs.setString(2, "abc");
                cs.execute();
                out.add(cs.getString(1));
            }
        });
        assertThat(out).containsExactly("ABC");
        assertThat(captured.statements()).singleElement().satisfies(s -> {
            assertThat(s.via()).isEqualTo(CapturedStatement.Via.CALLABLE);
            assertThat(s.parameters()).containsExactly(null, "abc");
            assertThat(s.bindings().get(0)).isNull();
            assertThat(s.bindings().get(1).setter()).isEqualTo("setString");
        });
    }

    @Test
    void recordsAFailedStatementAndRethrowsTheDriversException() {
        CapturedStatements captured = recording.start();
        assertThatThrownBy(() -> {
            try (Connection c = recording.getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT * FROM no_such_table");
            }
        }).isInstanceOf(PSQLException.class).hasMessageContaining("no_such_table");
        captured.stop();
        assertThat(captured.statements()).singleElement()
                .satisfies(s -> assertThat(s.failure()).hasValueSatisfying(m -> assertThat(m).contains("no_such_table")));
    }

    @Test
    void recordsOnlyWhileACaptureRunsAndFromEveryThread() throws Exception {
        try (Connection c = recording.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
            CapturedStatements captured = recording.start();
            st.execute("SELECT 2");
            Thread worker = new Thread(() -> {
                try (Connection wc = recording.getConnection(); Statement ws = wc.createStatement()) {
                    ws.execute("SELECT 3");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, "capture-worker");
            worker.start();
            worker.join();
            captured.stop();
            st.execute("SELECT 4");
            assertThat(captured.statements()).extracting(CapturedStatement::sql).containsExactly("SELECT 2", "SELECT 3");
            assertThat(captured.statements()).extracting(CapturedStatement::threadName).last().isEqualTo("capture-worker");
            assertThat(captured.isRecording()).isFalse();
        }
    }

    @Test
    void groupsStatementsByNormalizedSqlWithEverythingAPlanCheckNeeds() throws Exception {
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT * FROM records WHERE client_id = ?")) {
                for (int client = 1; client <= 3; client++) {
                    ps.setInt(1, client);
                    ps.executeQuery().close();
                }
                try (Statement st = c.createStatement()) {
                    st.executeQuery("SELECT * FROM records WHERE id IN (1, 2, 3)").close();
                    st.executeQuery("SELECT * FROM records WHERE id IN (4, 5)").close();
                }
            }
        });
        List<StatementGroup> groups = captured.groups();
        assertThat(groups).extracting(StatementGroup::normalizedSql).containsExactly(
                "select * from records where client_id = ?", "select * from records where id in (...)");
        assertThat(groups.get(0).sql()).isEqualTo("SELECT * FROM records WHERE client_id = ?");
        assertThat(groups.get(0).parameters()).containsExactly(1);
        assertThat(groups.get(0).parameterSets()).containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(groups.get(0).roundTrips()).isEqualTo(3);
        assertThat(groups.get(1).executions()).isEqualTo(2);
    }

    @Test
    void wrappingARecordingDataSourceReturnsItAndUnwrapReachesTheTarget(PostgresDatabase db) throws SQLException {
        assertThat(RecordingDataSource.wrap(recording)).isSameAs(recording);
        assertThat(recording.unwrap(org.postgresql.ds.PGSimpleDataSource.class)).isSameAs(db.dataSource());
        assertThat(recording.target()).isSameAs(db.dataSource());
    }

    @Test
    void answersTheUnrecordedDataSourceThroughUnwrapSoPlansTakenThroughItAreNotCaptured(PostgresDatabase db)
            throws Exception {
        assertThat(recording.isWrapperFor(UnrecordedDataSource.class)).isTrue();
        assertThat(recording.unwrap(UnrecordedDataSource.class).unrecorded()).isSameAs(db.dataSource());
        assertThat(UnrecordedDataSource.beneath(db.dataSource())).isSameAs(db.dataSource());

        CapturedStatements captured = recording.capture(
                () -> Explain.of("SELECT * FROM records WHERE client_id = ?", 1).explain(recording));

        assertThat(captured.statements()).isEmpty();
    }
}
