package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Before a verdict is given, the tables a plan reads must have statistics that describe their rows: a table never
 * analyzed, or changed by more than autoanalyze's threshold (50 rows + 10%) since its last ANALYZE, is analyzed and
 * the statement planned again. The kit analyzes rather than only telling, because a plan on stale statistics answers
 * a question about data that no longer exists; the failure message says which tables it analyzed and why.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class StatisticsRefresh {

    private StatisticsRefresh() {
    }

    /**
     * What {@link #refresh} did, and the verdict facts when it could read them on its way.
     *
     * @param analyzed one note per table analyzed, e.g. {@code jobs (never analyzed)}; empty when every table was
     *     fresh
     * @param facts the verdict facts of the plans, read on the same connection when no table needed ANALYZE (the
     *     plans then stand as taken); null when the plans must be taken again, or there were no tables
     */
    public record Refreshed(List<String> analyzed, VerdictFacts facts) {

        public Refreshed {
            analyzed = List.copyOf(analyzed);
        }
    }

    /**
     * @param source where the plans were taken
     * @param tables the tables the plans read
     * @return the tables analyzed, and the verdict facts when the plans stand
     * @throws QueueTestkitException when a stale table cannot be analyzed (e.g. in a read-only transaction)
     */
    public static Refreshed refresh(PlanSource source, List<String> tables) {
        if (tables.isEmpty()) {
            return new Refreshed(List.of(), null);
        }
        try {
            return source.use(connection -> {
                flushOwnCounters(connection);
                List<TableStats> stats = TableStats.of(connection, tables);
                List<String> notes = new ArrayList<>();
                for (TableStats each : stats) {
                    String why = each.staleness();
                    if (why != null) {
                        notes.add(analyze(connection, each.table(), why));
                    }
                }
                // One connection fewer per plan: when nothing was stale, the statistics just read are the facts.
                return new Refreshed(notes, notes.isEmpty() ? VerdictFacts.read(connection, tables, stats) : null);
            });
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not check the statistics of " + tables + " before planning: "
                    + e.getMessage(), e);
        }
    }

    /**
     * This session's own inserts and updates reach pg_stat_user_tables only when it next goes idle, and at most once
     * a second (PostgreSQL 15+); asking for the next flush makes the statement after this one see them.
     */
    static void flushOwnCounters(Connection connection) throws SQLException {
        if (connection.getAutoCommit() && connection.getMetaData().getDatabaseMajorVersion() >= 15) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_stat_force_next_flush()");
            }
        }
    }

    /** In the caller's transaction, under a savepoint, so a failing ANALYZE does not abort the caller's work. */
    private static String analyze(Connection connection, String table, String why) throws SQLException {
        String sql = "ANALYZE " + Identifiers.quote(table);
        if (connection.getAutoCommit()) {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
            return table + " (" + why + ")";
        }
        Savepoint savepoint = connection.setSavepoint();
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
            connection.releaseSavepoint(savepoint);
            return table + " (" + why + ")";
        } catch (SQLException e) {
            connection.rollback(savepoint);
            throw new QueueTestkitException("Table " + table + " needs ANALYZE before its plan means anything (" + why
                    + "), but ANALYZE failed in the connection's transaction: " + e.getMessage() + ". Run ANALYZE "
                    + table + " in the test's setup, or pass a DataSource instead of the connection.", e);
        }
    }
}
