package io.github.queuetestkit.sql;

import io.github.queuetestkit.sql.internal.SqlShape;
import org.apiguardian.api.API;

/**
 * What the server ran of one statement between two {@link ServerStatements} snapshots, as pg_stat_statements
 * counts it: also statements no client sent, run by triggers and functions ({@code topLevel} false).
 *
 * @param queryId pg_stat_statements' query id
 * @param query the statement's text as pg_stat_statements normalized it ({@code $1} for constants)
 * @param topLevel true when a client sent it, false when a trigger or function ran it
 * @param calls how many times it ran between the snapshots
 * @param rows rows it returned or changed between the snapshots
 * @param totalMillis execution time between the snapshots, in milliseconds
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ServerStatement(long queryId, String query, boolean topLevel, long calls, long rows,
        double totalMillis) {

    /** @return the query normalized as the kit normalizes captured SQL, so both views compare */
    public String normalizedSql() {
        return SqlShape.of(query).normalized();
    }

    /**
     * @param table a table name
     * @return true when the statement names the table
     */
    public boolean names(String table) {
        return SqlShape.of(query).names(table);
    }

    @Override
    public String toString() {
        return calls + "x" + (topLevel ? "" : " (nested)") + " " + rows + " rows: " + query.replaceAll("\\s+", " ");
    }
}
