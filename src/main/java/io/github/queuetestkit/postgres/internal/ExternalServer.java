package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.postgres.ServerUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A server the user runs (a CI service container, a local install), named by {@code QUEUETESTKIT_JDBC_URL}. */
final class ExternalServer implements PostgresServer {

    private final KitProperties.Value url;
    private final String username;
    private final String password;

    private ExternalServer(KitProperties.Value url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /**
     * Connects once to prove the server is reachable and the user may create databases.
     */
    static ExternalServer connect(KitProperties.Value url, KitProperties.Value username,
            KitProperties.Value password) {
        if (!JdbcUrls.isPostgresUrl(url.value())) {
            throw new ServerUnavailableException(url.source() + " is '" + JdbcUrls.redact(url.value())
                    + "', which is not a PostgreSQL JDBC URL. Use the form jdbc:postgresql://host:5432/postgres.",
                    null);
        }
        ExternalServer server = new ExternalServer(url,
                username == null ? null : username.value(), password == null ? null : password.value());
        try (Connection connection = server.connectMaintenance();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new ServerUnavailableException("The user given by "
                        + (username == null ? "the URL in " + url.source() : username.source())
                        + " cannot create databases on " + server.describe()
                        + ", and queue-testkit gives every test class its own database. Grant it with"
                        + " ALTER ROLE <user> CREATEDB, or name a user that has CREATEDB.", null);
            }
        } catch (SQLException e) {
            throw new ServerUnavailableException("Could not connect to " + server.describe() + ": "
                    + e.getMessage() + ". Check that the server runs and accepts connections from this machine,"
                    + " and that " + (username == null ? "the URL's user" : username.source()) + " and "
                    + (password == null ? "the URL's password" : password.source()) + " are right; or unset "
                    + url.source().replaceFirst("^(system property|configuration parameter|environment variable) ", "")
                    + " to let queue-testkit start a PostgreSQL container instead.", e);
        }
        return server;
    }

    @Override
    public String maintenanceUrl() {
        return url.value();
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String describe() {
        return "the external PostgreSQL server " + JdbcUrls.redact(url.value()) + " (from " + url.source() + ")";
    }

    @Override
    public boolean managed() {
        return false;
    }

    @Override
    public void close() {
        // The user runs this server; the kit only drops what it created on it.
    }
}
