package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.postgresql.ds.PGSimpleDataSource;

/** A database on a {@link PostgresServer}, as the kit hands it to tests and template steps. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ManagedDatabase implements PostgresDatabase {

    private final PostgresServer server;
    private final String name;
    private final PGSimpleDataSource dataSource;
    private volatile String version;
    private volatile int versionNum;

    /**
     * @param server the server the database lives on
     * @param name the database's name
     */
    public ManagedDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl(name));
        if (server.username() != null) {
            dataSource.setUser(server.username());
        }
        if (server.password() != null) {
            dataSource.setPassword(server.password());
        }
    }

    /** @return the server this database lives on */
    public PostgresServer server() {
        return server;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    @Override
    public String username() {
        return server.username();
    }

    @Override
    public String password() {
        return server.password();
    }

    @Override
    public int serverVersionNum() {
        loadVersion();
        return versionNum;
    }

    @Override
    public String serverVersion() {
        loadVersion();
        return version;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Connection openConnection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not connect to database " + name + " on " + server.describe()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int execute(String sql, Object... parameters) {
        try (Connection connection = openConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.execute();
            return Math.max(0, statement.getUpdateCount());
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public long queryForLong(String sql, Object... parameters) {
        try (Connection connection = openConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new QueueTestkitException("Query returned no row, but queryForLong needs one: " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public List<Map<String, Object>> queryForList(String sql, Object... parameters) {
        try (Connection connection = openConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + name + " on " + server.describe() + "]";
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private QueueTestkitException failed(String sql, SQLException e) {
        return new QueueTestkitException("SQL failed in database " + name + ": " + e.getMessage()
                + "\nStatement: " + sql, e);
    }

    private void loadVersion() {
        if (version == null) {
            List<Map<String, Object>> rows = queryForList(
                    "SELECT current_setting('server_version') AS v, current_setting('server_version_num')::int AS n");
            versionNum = (Integer) rows.get(0).get("n");
            version = (String) rows.get(0).get("v");
        }
    }
}
