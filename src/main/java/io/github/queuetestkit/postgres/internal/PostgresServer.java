package io.github.queuetestkit.postgres.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apiguardian.api.API;

/** A running PostgreSQL server the kit may create databases on: a container it started, or an external one. */
@API(status = API.Status.INTERNAL, since = "0.1")
public interface PostgresServer extends AutoCloseable {

    /** @return a JDBC URL for the server's maintenance database, without credentials */
    String maintenanceUrl();

    /** @return the user the kit connects as, or null to take it from the URL */
    String username();

    /** @return that user's password, or null */
    String password();

    /** @return what this server is, for messages: never credentials */
    String describe();

    /** @return whether the kit started this server and so may stop it */
    boolean managed();

    /**
     * @param database a database on this server
     * @return a JDBC URL for it
     */
    default String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(maintenanceUrl(), database);
    }

    /**
     * @param database a database on this server
     * @return a new connection to it, in auto-commit mode
     * @throws SQLException as the driver reports it
     */
    default Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        if (username() != null) {
            properties.setProperty("user", username());
        }
        if (password() != null) {
            properties.setProperty("password", password());
        }
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /**
     * @return a new connection to the maintenance database
     * @throws SQLException as the driver reports it
     */
    default Connection connectMaintenance() throws SQLException {
        String database = JdbcUrls.database(maintenanceUrl());
        return connect(database == null ? "postgres" : database);
    }

    /** Stops the server if the kit manages it; does nothing for an external server. */
    @Override
    void close();
}
