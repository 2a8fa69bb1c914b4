package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.ServerUnavailableException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An external server named by QUEUETESTKIT_JDBC_URL: what is checked, and how refusals read. */
@PostgresTest
class ExternalServerTest {

    private static final String SECRET = "s3cret-Pa55word";

    @Test
    void connectsToAReachableServerWhoseUserCanCreateDatabases(PostgresDatabase database) {
        ExternalServer server = ExternalServer.connect(
                new KitProperties.Value(database.jdbcUrl(), "environment variable QUEUETESTKIT_JDBC_URL"),
                value(database.username(), "QUEUETESTKIT_USERNAME"), value(database.password(), "QUEUETESTKIT_PASSWORD"));

        assertThat(server.managed()).isFalse();
        assertThat(server.describe()).contains("environment variable QUEUETESTKIT_JDBC_URL");
    }

    @Test
    void namesTheVariableOfAnUnreachableServerWithoutItsPassword() {
        assertThatThrownBy(() -> ExternalServer.connect(
                new KitProperties.Value("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2",
                        "system property queuetestkit.jdbcUrl"),
                value("someone", "QUEUETESTKIT_USERNAME"), value(SECRET, "QUEUETESTKIT_PASSWORD")))
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("Could not connect to the external PostgreSQL server"
                        + " jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2 (from system property queuetestkit.jdbcUrl)")
                .hasMessageContaining("or unset queuetestkit.jdbcUrl to let queue-testkit start a PostgreSQL container")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void masksAPasswordGivenInTheUrl() {
        assertThatThrownBy(() -> ExternalServer.connect(
                new KitProperties.Value("jdbc:postgresql://127.0.0.1:1/postgres?user=x&password=" + SECRET,
                        "environment variable QUEUETESTKIT_JDBC_URL"), null, null))
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("password=***")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void rejectsATextThatIsNotAJdbcUrl() {
        assertThatThrownBy(() -> ExternalServer.connect(
                new KitProperties.Value("postgres://localhost/db", "environment variable QUEUETESTKIT_JDBC_URL"),
                null, null))
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessage("environment variable QUEUETESTKIT_JDBC_URL is 'postgres://localhost/db', which is not a"
                        + " PostgreSQL JDBC URL. Use the form jdbc:postgresql://host:5432/postgres.");
    }

    @Test
    void refusesAUserWithoutCreatedb(PostgresDatabase database) {
        String role = "qtk_no_createdb_" + Long.toHexString(System.nanoTime());
        database.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + SECRET + "' NOCREATEDB");
        try {
            assertThatThrownBy(() -> ExternalServer.connect(
                    new KitProperties.Value(database.jdbcUrl(), "environment variable QUEUETESTKIT_JDBC_URL"),
                    value(role, "QUEUETESTKIT_USERNAME"), value(SECRET, "QUEUETESTKIT_PASSWORD")))
                    .isInstanceOf(ServerUnavailableException.class)
                    .hasMessageContaining("The user given by environment variable QUEUETESTKIT_USERNAME cannot create"
                            + " databases")
                    .hasMessageContaining("ALTER ROLE <user> CREATEDB")
                    .hasMessageNotContaining(SECRET);
        } finally {
            database.execute("DROP ROLE " + role);
        }
    }

    @Test
    void saysBothWaysOutWhenThereIsNeitherDockerNorAnExternalServer() {
        String message = ServerRegistry.noServerMessage(
                new ServerRequest("postgres:17-alpine", "the default image", Map.of()));

        assertThat(message)
                .contains("Docker is not available to start postgres:17-alpine (from the default image)")
                .contains("Either start Docker")
                .contains("QUEUETESTKIT_JDBC_URL, QUEUETESTKIT_USERNAME and QUEUETESTKIT_PASSWORD")
                .contains("-Dqueuetestkit.jdbcUrl");
    }

    private static KitProperties.Value value(String value, String variable) {
        return value == null ? null : new KitProperties.Value(value, "environment variable " + variable);
    }
}
