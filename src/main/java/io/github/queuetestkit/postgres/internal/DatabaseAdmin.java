package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.apiguardian.api.API;

/** Creates and drops databases through the server's maintenance database. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class DatabaseAdmin {

    private DatabaseAdmin() {
    }

    /**
     * @param server the server
     * @param name the new database
     * @param template the database to clone
     */
    public static void create(PostgresServer server, String name, String template) {
        try (Connection connection = server.connectMaintenance();
                Statement statement = connection.createStatement()) {
            // FILE_COPY (PostgreSQL 15+) copies the template's files instead of WAL-logging every block, which
            // on a test server without fsync is several times faster for all but tiny templates.
            String strategy = connection.getMetaData().getDatabaseMajorVersion() >= 15 ? " STRATEGY = FILE_COPY" : "";
            statement.execute("CREATE DATABASE " + Identifiers.quote(name) + " TEMPLATE " + Identifiers.quote(template)
                    + strategy);
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not create database " + name + " from template " + template
                    + " on " + server.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param server the server
     * @param from the database's name now
     * @param to its new name
     */
    static void rename(PostgresServer server, String from, String to) {
        try (Connection connection = server.connectMaintenance();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE " + Identifiers.quote(from) + " RENAME TO " + Identifiers.quote(to));
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not rename database " + from + " to " + to + " on "
                    + server.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops a database, ending any session still connected to it.
     *
     * @param server the server
     * @param name the database
     */
    public static void drop(PostgresServer server, String name) {
        try (Connection connection = server.connectMaintenance();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not drop database " + name + " on " + server.describe()
                    + ": " + e.getMessage() + ". Drop it by hand with DROP DATABASE " + Identifiers.quote(name), e);
        }
    }
}
