package io.github.queuetestkit.queue;

import io.github.queuetestkit.base.Identifiers;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * Which jobs an enqueue assertion looks at, in a jobs table of any schema: the table, a filter and the key
 * expression. Immutable; every call returns a new value.
 *
 * <p>The table name is an identifier and is quoted ({@code "public.jobs"} is read as schema {@code public}, table
 * {@code jobs}). The filter, key and kind are <b>SQL fragments by design</b>, pasted into the query as written
 * ({@code state = 'pending'}, {@code args->>'car_id'}), so they can use any operator or function; never build them
 * from untrusted input. A fragment that does not parse or names a missing column fails with an
 * {@link io.github.queuetestkit.InvalidConfigurationException} showing the server message and the position.
 *
 * <pre>{@code
 * assertThatJobs(Jobs.in(dataSource).inTable("jobs").where("state = 'pending'").keyedBy("args->>'car_id'"))
 *     .hasAtMostOnePerKey();
 * }</pre>
 *
 * @param dataSource where the table lives
 * @param table the table name, optionally schema-qualified
 * @param filter a SQL boolean expression, or {@code null} for every row
 * @param keyExpression a SQL expression for the key, or {@code null} if not set
 * @param kindExpression a SQL expression for the job kind, or {@code null} if not set
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Jobs(DataSource dataSource, String table, String filter, String keyExpression, String kindExpression) {

    /** Checks the data source and table are set. */
    public Jobs {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(table, "table");
    }

    /**
     * @param dataSource where the jobs table lives
     * @return every row of table {@code jobs}, no key yet
     */
    public static Jobs in(DataSource dataSource) {
        return new Jobs(dataSource, "jobs", null, null, null);
    }

    /**
     * @param name the table, optionally {@code schema.table}; quoted
     * @return a new selection
     */
    public Jobs inTable(String name) {
        return new Jobs(dataSource, Objects.requireNonNull(name), filter, keyExpression, kindExpression);
    }

    /**
     * @param sqlCondition a SQL boolean expression (a fragment, pasted as written), e.g. {@code state = 'pending'}
     * @return a new selection
     */
    public Jobs where(String sqlCondition) {
        return new Jobs(dataSource, table, Objects.requireNonNull(sqlCondition), keyExpression, kindExpression);
    }

    /**
     * @param sqlExpression the key as a SQL expression (a fragment), e.g. {@code args->>'car_id'} or {@code user_id}
     * @return a new selection
     */
    public Jobs keyedBy(String sqlExpression) {
        return new Jobs(dataSource, table, filter, Objects.requireNonNull(sqlExpression), kindExpression);
    }

    /**
     * @param sqlExpression the job kind as a SQL expression (a fragment), e.g. {@code kind} or {@code args->>'job'}
     * @return a new selection
     */
    public Jobs kindBy(String sqlExpression) {
        return new Jobs(dataSource, table, filter, keyExpression, Objects.requireNonNull(sqlExpression));
    }

    /** @return the quoted table name */
    String quotedTable() {
        return Arrays.stream(table.split("\\.", 2)).map(Identifiers::quote).collect(Collectors.joining("."));
    }

    /** @return {@code " WHERE (filter)"} or empty */
    String whereClause() {
        return filter == null ? "" : " WHERE (" + filter + ")";
    }

    /** @return how the selection reads in a message */
    String describe() {
        return "jobs in table \"" + table + "\"" + (filter == null ? "" : " where " + filter)
                + (keyExpression == null ? "" : " keyed by " + keyExpression)
                + (kindExpression == null ? "" : " and kind " + kindExpression);
    }
}
