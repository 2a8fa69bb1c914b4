package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What the statistics say about one table: its size as the planner sees it (pg_class.reltuples), its live and dead
 * tuples and changes since the last ANALYZE (pg_stat_user_tables), and whether it was ever analyzed.
 *
 * @param table the table name as the plan reported it
 * @param reltuples pg_class.reltuples: the row count the planner uses; -1 when never analyzed or vacuumed
 * @param liveTuples pg_stat_user_tables.n_live_tup
 * @param deadTuples pg_stat_user_tables.n_dead_tup
 * @param modifiedSinceAnalyze pg_stat_user_tables.n_mod_since_analyze
 * @param hasStatistics whether pg_stats has column statistics for it (copied with a template clone)
 * @param analyzedHere whether last_analyze or last_autoanalyze is set in this database
 * @param countersEmpty whether this database's cumulative statistics know nothing of the table yet, as in a fresh
 *     clone of a template (statistics counters are per database and not copied)
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record TableStats(String table, double reltuples, long liveTuples, long deadTuples, long modifiedSinceAnalyze,
        boolean hasStatistics, boolean analyzedHere, boolean countersEmpty) {

    /** The autovacuum defaults (analyze threshold 50, scale factor 0.1): autoanalyze would have run by then. */
    static final long THRESHOLD = 50;
    static final double SCALE_FACTOR = 0.1;

    /**
     * @param connection a connection to the database
     * @param tables table names as plans report them
     * @return the facts of each table that exists, in the order given
     * @throws SQLException from the driver
     */
    public static List<TableStats> of(Connection connection, List<String> tables) throws SQLException {
        List<TableStats> stats = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT c.reltuples, coalesce(t.n_live_tup, 0),"
                + " coalesce(t.n_dead_tup, 0), coalesce(t.n_mod_since_analyze, 0),"
                + " EXISTS (SELECT 1 FROM pg_stats p WHERE p.schemaname = n.nspname AND p.tablename = c.relname),"
                + " t.last_analyze IS NOT NULL OR t.last_autoanalyze IS NOT NULL,"
                + " coalesce(t.n_tup_ins + t.n_tup_upd + t.n_tup_del + t.n_live_tup + t.n_dead_tup, 0) = 0"
                + " AND c.reltuples > 0 AND t.last_vacuum IS NULL AND t.last_autovacuum IS NULL"
                + " AND t.last_analyze IS NULL AND t.last_autoanalyze IS NULL"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_stat_all_tables t ON t.relid = c.oid WHERE c.oid = to_regclass(?)")) {
            for (String table : tables) {
                s.setString(1, Identifiers.quote(table));
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        stats.add(new TableStats(table, rs.getDouble(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7)));
                    }
                }
            }
        }
        return stats;
    }

    /** @return the rows the planner believes the table has (0 when it never counted) */
    public long rows() {
        return Math.max(0, Math.round(reltuples));
    }

    /**
     * @return why ANALYZE should run before planning, or null when the statistics are fresh: never analyzed, or
     *     changed by more than autoanalyze's threshold since
     */
    public String staleness() {
        if (!hasStatistics && !analyzedHere) {
            return "never analyzed";
        }
        long limit = THRESHOLD + Math.round(SCALE_FACTOR * rows());
        if (modifiedSinceAnalyze > limit) {
            return String.format(Locale.ROOT, "%,d rows changed since the last ANALYZE, more than autoanalyze's"
                    + " threshold of %,d", modifiedSinceAnalyze, limit);
        }
        return null;
    }
}
