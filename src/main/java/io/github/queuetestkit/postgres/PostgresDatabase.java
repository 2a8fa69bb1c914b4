package io.github.queuetestkit.postgres;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * A handle on the database a test class was given: its name and coordinates, the server's version, and a way
 * to run SQL without writing JDBC boilerplate.
 *
 * <pre>{@code
 * @PostgresTest
 * class QueueTest {
 *     @Test
 *     void startsEmpty(PostgresDatabase db) {
 *         db.execute("CREATE TABLE jobs (id bigserial PRIMARY KEY)");
 *         assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isZero();
 *     }
 * }
 * }</pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface PostgresDatabase {

    /** @return the database's name, unique to its test class */
    String name();

    /** @return a JDBC URL for this database, without credentials */
    String jdbcUrl();

    /** @return the user the kit connects as */
    String username();

    /** @return that user's password; never printed by the kit */
    String password();

    /** @return the server's version as {@code server_version_num}, e.g. 170002 */
    int serverVersionNum();

    /** @return the server's version as it reports it, e.g. "17.2 (Debian 17.2-1)" */
    String serverVersion();

    /** @return a {@link DataSource} for this database; each {@code getConnection()} opens a new connection */
    DataSource dataSource();

    /**
     * Opens a new connection to this database; the caller closes it.
     *
     * @return an open connection
     */
    Connection openConnection();

    /**
     * Runs one statement with parameters bound as a prepared statement binds them.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param parameters values for the placeholders, in order
     * @return the number of rows the statement changed, or 0 for statements that change none
     */
    int execute(String sql, Object... parameters);

    /**
     * Runs a query whose first column of its single row is a number, e.g. {@code SELECT count(*) FROM jobs}.
     *
     * @param sql the query, with {@code ?} placeholders
     * @param parameters values for the placeholders, in order
     * @return the value as a long
     */
    long queryForLong(String sql, Object... parameters);

    /**
     * Runs a query and returns every row as a map from column label to value, in column order.
     *
     * @param sql the query, with {@code ?} placeholders
     * @param parameters values for the placeholders, in order
     * @return the rows, in the order the server returned them
     */
    List<Map<String, Object>> queryForList(String sql, Object... parameters);
}
