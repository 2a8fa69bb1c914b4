package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitSoftAssertions;
import io.github.queuetestkit.junit.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/capture-schema.sql")
class StatementsAssertTest {

    // The N+1 of the background-job incident: one query per client instead of one for all.
    private static void readPerClient(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM records WHERE client_id = ?")) {
            for (int client = 1; client <= 3; client++) {
                ps.setInt(1, client);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong("id");
                    }
                }
            }
        }
    }

    // The batched-follow-up-jobs incident: one enqueue per row.
    private static void enqueueOneByOne(DataSource dataSource, int count) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue, user_id) VALUES ('report', ?)")) {
            for (int i = 0; i < count; i++) {
                ps.setInt(1, i);
                ps.executeUpdate();
            }
        }
    }

    private static void enqueueBatched(DataSource dataSource, int count) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue, user_id) VALUES ('report', ?)")) {
            for (int i = 0; i < count; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Test
    void failsOnTooManyStatementsListingThemGroupedWithCountsNormalizedAndRaw(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("records").hasAtMost(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting at most 1 selects from \"records\", but 3 ran in 3 round trips:")
                .hasMessageContaining("3x in 3 round trips: select * from records where client_id = ?")
                .hasMessageContaining("#1 SELECT * FROM records WHERE client_id = ?  [1]")
                .hasMessageContaining("#3 SELECT * FROM records WHERE client_id = ?  [3]");
        assertThatStatements(captured).selectsFrom("records").hasExactly(3).hasAtMost(3);
    }

    @Test
    void detectsNPlusOneAndPerRowInsertsButAcceptsABatch(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        enqueueOneByOne(dataSource, 4);
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1))
                .hasMessageContaining("Expecting inserts into \"jobs\" in at most 1 round trip (a JDBC batch is one),"
                        + " but they took 4:")
                .hasMessageContaining("4x in 4 round trips: insert into jobs(queue, user_id) values (...)");
        assertThatThrownBy(() -> assertThatStatements(captured).hasNoNPlusOne(1))
                .hasMessageContaining("Expecting none of statements to run in more than 1 round trip (N+1), but 1"
                        + " statement did");
        captured.clear();
        enqueueBatched(dataSource, 4);
        assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1).hasExactly(4).hasNoNPlusOne(1);
    }

    @Test
    void failsWhenAStatementReturnsMoreRowsThanAllowed(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        readPerClient(dataSource);
        assertThatStatements(captured).selectsFrom("records").hasAtMostRowsPerStatement(100);
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("records").hasAtMostRowsPerStatement(50))
                .hasMessageContaining("Expecting each of selects from \"records\" to return or change at most 50 rows,"
                        + " but 3 statements did not:")
                .hasMessageContaining("#1 (100 rows) select * from records where client_id = ?");
    }

    @Test
    void rejectsAFilterOnATableNoStatementOrDatabaseHasEvenForZero(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("recrods").hasAtMost(0))
                .hasMessageContaining("No captured statement is among selects from \"recrods\" and the database has no"
                        + " table recrods")
                .hasMessageContaining("Captured statements (3):")
                .hasMessageContaining("select * from records where client_id = ?");
        assertThatThrownBy(() -> assertThatStatements(captured).deletesFrom("recrods").hasNone())
                .hasMessageContaining("has no table recrods");
    }

    @Test
    void acceptsZeroOnATableThatExistsButNothingTouched(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        readPerClient(dataSource);
        assertThatStatements(captured).deletesFrom("jobs").hasNone().hasAtMost(0).hasAtMostRoundTrips(0);
        assertThatStatements(captured).updates("users").hasExactly(0);
    }

    @Test
    void rejectsAPatternThatMatchesNothingUnlessNoneIsExpected(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).matching("from recrods").hasAtMost(5))
                .hasMessageContaining("No captured statement is among statements matching /from recrods/")
                .hasMessageContaining("Use hasNone() to assert that it never runs")
                .hasMessageContaining("3x in 3 round trips: select * from records where client_id = ?");
        assertThatStatements(captured).matching("for update").hasNone();
        assertThatStatements(captured).matching("where client_id = \\?").hasExactly(3);
    }

    @Test
    void neverPrintsParametersMarkedSecret(DataSource dataSource, CapturedStatements captured) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, password) VALUES (?, ?)")) {
            for (String name : new String[] {"bob", "eve"}) {
                ps.setString(1, name);
                ps.setString(2, "s3cret-" + name);
                ps.executeUpdate();
            }
        }
        CapturedStatements byColumn = captured.withSecrets(SecretParameters.columnsMatching("(?i)password|token"));
        assertThatThrownBy(() -> assertThatStatements(byColumn).insertsInto("users").hasAtMost(1))
                .hasMessageContaining("['bob', <secret>]")
                .hasMessageNotContaining("s3cret");
        CapturedStatements byPosition = captured.withSecrets(SecretParameters.atPositions(1, 2));
        assertThat(byPosition.describe()).contains("[<secret>, <secret>]").doesNotContain("s3cret", "bob");
        assertThat(captured.statements().get(0).parameters()).containsExactly("bob", "s3cret-bob");
    }

    @Test
    void rejectsBadSecretsAndPatternsWithOurOwnException() {
        assertThatThrownBy(() -> SecretParameters.atPositions(0))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("Positions count from 1");
        assertThatThrownBy(() -> StatementFilter.matching("from (jobs"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'from (jobs'");
    }

    @Test
    void softAssertionsCollectEveryFailure(DataSource dataSource, CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        enqueueOneByOne(dataSource, 2);
        QueueTestkitSoftAssertions softly = new QueueTestkitSoftAssertions();
        softly.assertThatStatements(captured).selectsFrom("records").hasAtMost(1);
        softly.assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);
        softly.assertThatStatements(captured).matching("records").hasAtMost(3);
        assertThat(softly.errorsCollected()).hasSize(2);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("at most 1 selects from \"records\"");
        assertThat(softly.errorsCollected().get(1)).hasMessageContaining("but they took 2");
    }

    @Test
    void describedAsPrefixesTheFailure(DataSource dataSource, CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).as("report job").selectsFrom("records").hasAtMost(1))
                .hasMessageStartingWith("[report job] Expecting at most 1");
    }
}
