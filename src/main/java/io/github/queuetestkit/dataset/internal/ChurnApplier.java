package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.dataset.Churn;
import io.github.queuetestkit.dataset.DatasetDefinitionException;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Applies a dataset's {@link Churn} after loading: autovacuum off for the table, one VACUUM (the state autovacuum
 * would have left before the busy period), the state updates and the deletes of finished rows in one transaction,
 * then ANALYZE and never VACUUM, so the dead tuples stay.
 */
final class ChurnApplier {

    /** Rows are picked by the low 20 bits of a hash of the whole row: fractions resolve to about one in a million. */
    private static final long BUCKETS = 1 << 20;

    private ChurnApplier() {
    }

    /**
     * What churn did to one table.
     *
     * @param churn the churn applied
     * @param updated rows whose state was updated
     * @param deleted finished rows deleted
     */
    public record Result(Churn churn, long updated, long deleted) {

        /** @return e.g. {@code jobs.state -> done on 30% of rows (2,940 updated), 50% of (done) deleted (4,120)} */
        public String describe() {
            return churn.describe() + " (" + String.format(Locale.ROOT, "%,d", updated) + " updated, "
                    + String.format(Locale.ROOT, "%,d", deleted) + " deleted)";
        }
    }

    /**
     * Checks, inside the DDL transaction and before any row is loaded, that each churned table has the state column.
     *
     * @param connection the connection running the dataset's DDL
     * @param spec the dataset
     * @throws SQLException from the driver
     */
    static void check(Connection connection, DatasetSpec spec) throws SQLException {
        for (Churn churn : spec.churn()) {
            String at = churn.origin() == null ? "" : churn.origin() + ": ";
            if (spec.tables().stream().noneMatch(t -> t.name().equals(churn.table()))) {
                throw new DatasetDefinitionException(at + "churn on table " + churn.table() + ", which is not a table"
                        + " of dataset " + spec.name() + ". Expected one of "
                        + spec.tables().stream().map(t -> t.name()).toList() + ".");
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM pg_attribute WHERE attrelid ="
                    + " to_regclass(?) AND attname = ? AND attnum > 0 AND NOT attisdropped")) {
                s.setString(1, Identifiers.quote(churn.table()));
                s.setString(2, churn.column());
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new DatasetDefinitionException(at + "churn on unknown column " + churn.column()
                                + " of table " + churn.table() + ". Expected the table's state column.");
                    }
                }
            }
        }
    }

    /**
     * @param spec the dataset, already loaded and analyzed
     * @param dataSource where it was loaded
     * @return what each churn did, in order
     * @throws SQLException from the driver
     */
    static List<Result> apply(DatasetSpec spec, DataSource dataSource) throws SQLException {
        List<Result> results = new ArrayList<>();
        if (spec.churn().isEmpty()) {
            return results;
        }
        try (Connection connection = dataSource.getConnection()) {
            for (Churn churn : spec.churn()) {
                results.add(apply(connection, churn, spec.seed()));
            }
        }
        return results;
    }

    /**
     * VACUUM marks a page all-visible only when it can set its rows' commit hint bits, which a server with
     * synchronous_commit off (the kit's containers) allows only after its WAL writer's next round (about 200 ms);
     * right after loading, one VACUUM often leaves every page not all-visible. So: VACUUM until the visibility map
     * covers the table, for at most about three seconds.
     */
    private static void vacuumUntilAllVisible(Connection connection, String name) throws SQLException {
        String table = Identifiers.quote(name);
        for (int attempt = 0; attempt < 30; attempt++) {
            try (Statement s = connection.createStatement()) {
                s.execute("VACUUM " + table);
                try (ResultSet rs = s.executeQuery("SELECT relallvisible >= relpages FROM pg_class WHERE oid = '"
                        + table.replace("'", "''") + "'::regclass")) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while vacuuming " + name + " before its churn", e);
            }
        }
        System.getLogger(ChurnApplier.class.getName()).log(System.Logger.Level.WARNING, "VACUUM " + name + " left pages"
                + " not all-visible after 30 attempts (an open transaction holding back the xmin horizon?); the churn"
                + " starts from that state.");
    }

    /**
     * This session's counters reach pg_stat_user_tables when it next goes idle, and at most once a second: without a
     * forced flush between the churn and its ANALYZE, the updates and deletes would be counted after the ANALYZE, as
     * changes since it, and a plan taken at once would see no dead tuples.
     */
    private static void flushCounters(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseMajorVersion() >= 15) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_stat_force_next_flush()");
            }
        }
    }

    private static Result apply(Connection connection, Churn churn, long seed) throws SQLException {
        String table = Identifiers.quote(churn.table());
        String column = "t." + Identifiers.quote(churn.column());
        try (Statement s = connection.createStatement()) {
            s.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
        }
        vacuumUntilAllVisible(connection, churn.table());
        long updated;
        long deleted;
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                // The row's text, which the hash picks by, must not depend on the session's time zone or styles.
                s.execute("SET LOCAL TimeZone = 'UTC'");
                s.execute("SET LOCAL DateStyle = 'ISO, MDY'");
                s.execute("SET LOCAL IntervalStyle = 'postgres'");
                s.execute("SET LOCAL extra_float_digits = 1");
            }
            String to = Identifiers.literal(churn.to());
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " AS t SET "
                    + Identifiers.quote(churn.column()) + " = " + to + " WHERE " + column + " IS DISTINCT FROM " + to
                    + " AND (hashtextextended(t::text, ?) & " + (BUCKETS - 1) + ") < ?")) {
                update.setLong(1, seed);
                update.setLong(2, Math.round(churn.updates() * BUCKETS));
                updated = update.executeUpdate();
            }
            String finished = churn.finished().stream().map(Identifiers::literal).collect(Collectors.joining(", "));
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " AS t WHERE "
                    + column + " IN (" + finished + ") AND (hashtextextended(t::text, ?) & " + (BUCKETS - 1) + ") < ?")) {
                delete.setLong(1, seed + 1);
                delete.setLong(2, Math.round(churn.deletes() * BUCKETS));
                deleted = delete.executeUpdate();
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        flushCounters(connection);
        try (Statement s = connection.createStatement()) {
            s.execute("ANALYZE " + table);
        }
        flushCounters(connection);
        return new Result(churn, updated, deleted);
    }
}
