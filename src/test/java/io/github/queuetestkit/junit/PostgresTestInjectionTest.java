package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@PostgresTest(init = "db/jobs-schema.sql")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresTestInjectionTest {

    private static String databaseSeenInBeforeAll;
    private static Connection connectionOfFirstTest;
    private final PostgresDatabase constructorDatabase;
    private Connection connectionOfBeforeEach;

    PostgresTestInjectionTest(PostgresDatabase database) {
        this.constructorDatabase = database;
    }

    @BeforeAll
    static void beforeAll(PostgresDatabase database, Connection connection) throws SQLException {
        databaseSeenInBeforeAll = database.name();
        assertThat(connection.isValid(1)).isTrue();
    }

    @BeforeEach
    void beforeEach(Connection connection) {
        connectionOfBeforeEach = connection;
    }

    @Test
    @Order(1)
    void runsInitScriptsIntoTheClassDatabase(PostgresDatabase database) {
        assertThat(database.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
        assertThat(database.name()).startsWith("qtk_postgrestestinjectiontest_");
    }

    @Test
    @Order(2)
    void injectsTheSameDatabaseIntoConstructorLifecycleMethodsAndTests(PostgresDatabase database, DataSource dataSource)
            throws SQLException {
        assertThat(constructorDatabase.name()).isEqualTo(database.name()).isEqualTo(databaseSeenInBeforeAll);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(database.name());
        }
    }

    @Test
    @Order(3)
    void sharesOneConnectionBetweenBeforeEachAndTheTest(Connection connection) throws SQLException {
        assertThat(connection).isSameAs(connectionOfBeforeEach);
        assertThat(connection.isClosed()).isFalse();
        connectionOfFirstTest = connection;
    }

    @Test
    @Order(4)
    void closesTheMethodConnectionAfterItsMethod(Connection connection) throws SQLException {
        assertThat(connection).isNotSameAs(connectionOfFirstTest);
        assertThat(connectionOfFirstTest.isClosed()).isTrue();
    }

    @Test
    @Order(5)
    void pinsDeterministicPlannerSettingsOnTheClassDatabase(PostgresDatabase database) {
        assertThat(database.queryForList("SELECT current_setting('jit') AS jit,"
                + " current_setting('max_parallel_workers_per_gather') AS workers,"
                + " current_setting('random_page_cost') AS rpc")).singleElement()
                .satisfies(row -> {
                    assertThat(row.get("jit")).isEqualTo("off");
                    assertThat(row.get("workers")).isEqualTo("0");
                    assertThat(row.get("rpc")).isEqualTo("1.1");
                });
    }

    @Test
    @Order(6)
    void reportsTheServerVersion(PostgresDatabase database) {
        assertThat(database.serverVersionNum()).isGreaterThanOrEqualTo(130000);
        assertThat(database.serverVersion()).startsWith(String.valueOf(database.serverVersionNum() / 10000));
    }

    @Nested
    class NestedClassWithoutItsOwnAnnotation {
        @Test
        void sharesItsOuterClassDatabase(PostgresDatabase database) {
            assertThat(database.name()).isEqualTo(databaseSeenInBeforeAll);
        }
    }

    @AfterAll
    static void afterAll(PostgresDatabase database) {
        assertThat(database.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
    }
}
