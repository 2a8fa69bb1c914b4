package io.github.queuetestkit.dataset.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.Identifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary keys, unique constraints, foreign keys and indexes that a dataset's own DDL puts on the tables it
 * loads, taken off before the rows go in and put back after, as {@code pg_restore} and PostgreSQL's "Populating a
 * Database" advice do. A btree built once from all rows costs a third of one kept up row by row, two COPY
 * streams no longer fight over its rightmost page, and a foreign key is checked by one join instead of a
 * trigger per row. The tables end up with the same definitions and names.
 *
 * <p>All or nothing: when anything on these tables could not be put back exactly as it was (triggers or rules
 * that may rely on an index, partitions, inheritance, comments, tablespaces, clustering, replica identity,
 * per-column statistics targets on an index, exclusion constraints), nothing is taken off.
 */
final class DeferredKeys {

    private final List<Restore> keysAndIndexes;
    private final List<Restore> foreignKeys;

    /** One statement that puts an object back, and what it puts back, for messages. */
    private record Restore(String table, String object, String sql) {
    }

    private DeferredKeys(List<Restore> keysAndIndexes, List<Restore> foreignKeys) {
        this.keysAndIndexes = keysAndIndexes;
        this.foreignKeys = foreignKeys;
    }

    /** @return how many objects were taken off and will be put back */
    int size() {
        return keysAndIndexes.size() + foreignKeys.size();
    }

    /**
     * Takes the keys and indexes off the given tables, in one transaction on {@code connection}.
     *
     * @param connection a connection in auto-commit mode
     * @param tables the tables about to be loaded, as the dataset names them (resolved through the search path)
     * @return what to put back after the rows are in; empty when nothing can be taken off safely
     */
    static DeferredKeys takeOff(Connection connection, List<String> tables) throws SQLException {
        connection.setAutoCommit(false);
        try {
            DeferredKeys deferred = find(connection, tables);
            try (Statement statement = connection.createStatement()) {
                for (Restore fk : deferred.foreignKeys) {
                    statement.execute("ALTER TABLE " + fk.table() + " DROP CONSTRAINT " + fk.object());
                }
                for (Restore key : deferred.keysAndIndexes) {
                    statement.execute(key.sql().startsWith("ALTER TABLE")
                            ? "ALTER TABLE " + key.table() + " DROP CONSTRAINT " + key.object()
                            : "DROP INDEX " + key.object());
                }
            }
            connection.commit();
            return deferred;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static DeferredKeys find(Connection connection, List<String> tables) throws SQLException {
        List<Long> oids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.oid FROM pg_class c WHERE c.oid = to_regclass(?) AND c.relkind = 'r'"
                        + " AND NOT c.relispartition AND NOT c.relhassubclass"
                        + " AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)"
                        + " AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)"
                        + " AND NOT EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.ev_class = c.oid)")) {
            for (String table : tables) {
                statement.setString(1, Identifiers.quote(table));
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return none();
                    }
                    oids.add(rs.getLong(1));
                }
            }
        }
        Array set = connection.createArrayOf("oid", oids.toArray());
        if (anythingThatCannotBePutBack(connection, set)) {
            return none();
        }
        List<Restore> keysAndIndexes = new ArrayList<>();
        List<Restore> foreignKeys = new ArrayList<>();
        // constraints and plain indexes in creation order, so they come back with their OIDs in the same order
        // and the planner, which breaks ties between equal-cost indexes by that order, plans as before
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT k.contype, k.conrelid::regclass::text, quote_ident(k.conname), pg_get_constraintdef(k.oid), k.oid"
                        + " FROM pg_constraint k WHERE k.contype IN ('p', 'u', 'f')"
                        + " AND (k.conrelid = ANY (?) OR k.confrelid = ANY (?))"
                        + " UNION ALL"
                        + " SELECT 'i', i.indrelid::regclass::text, i.indexrelid::regclass::text,"
                        + " pg_get_indexdef(i.indexrelid), i.indexrelid FROM pg_index i"
                        + " WHERE i.indrelid = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
                        + " WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))"
                        + " ORDER BY 5")) {
            statement.setArray(1, set);
            statement.setArray(2, set);
            statement.setArray(3, set);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    String table = rs.getString(2);
                    String name = rs.getString(3);
                    String definition = rs.getString(4);
                    if (kind.equals("i")) {
                        keysAndIndexes.add(new Restore(table, name, definition));
                    } else {
                        Restore restore = new Restore(table, name,
                                "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + definition);
                        (kind.equals("f") ? foreignKeys : keysAndIndexes).add(restore);
                    }
                }
            }
        }
        return new DeferredKeys(List.copyOf(keysAndIndexes), List.copyOf(foreignKeys));
    }

    private static boolean anythingThatCannotBePutBack(Connection connection, Array tables) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                // objects whose definition pg_get_constraintdef / pg_get_indexdef do not carry in full
                "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid"
                        + " WHERE i.indrelid = ANY (?) AND (i.indisclustered OR i.indisreplident"
                        + " OR x.reltablespace <> 0 OR NOT i.indisvalid"
                        + " OR EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = x.oid)"
                        + " OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = x.oid AND a.attstattarget > 0)))"
                        + " OR EXISTS (SELECT 1 FROM pg_constraint k WHERE (k.conrelid = ANY (?) OR k.confrelid = ANY (?))"
                        + " AND (k.contype = 'x' OR (k.contype IN ('p', 'u', 'f') AND (NOT k.conislocal"
                        + " OR k.coninhcount > 0 OR NOT k.convalidated"
                        + " OR EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = k.oid)"
                        + " OR EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = k.conrelid"
                        + " AND (r.relkind <> 'r' OR r.relispartition OR r.relhassubclass))))))")) {
            statement.setArray(1, tables);
            statement.setArray(2, tables);
            statement.setArray(3, tables);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static DeferredKeys none() {
        return new DeferredKeys(List.of(), List.of());
    }

    /**
     * Puts everything back: keys and indexes one after another in their original order, then the foreign keys,
     * which need the keys they reference.
     *
     * @param connection a connection to the loaded database, in auto-commit mode
     * @param dataset the dataset's name, for messages
     */
    void putBack(Connection connection, String dataset) throws SQLException {
        if (size() == 0) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (Restore restore : keysAndIndexes) {
                run(statement, restore, dataset);
            }
            for (Restore restore : foreignKeys) {
                run(statement, restore, dataset);
            }
        }
    }

    private static void run(Statement statement, Restore restore, String dataset) throws SQLException {
        try {
            statement.execute(restore.sql());
        } catch (SQLException e) {
            throw new QueueTestkitException("Loading dataset " + dataset + " failed: the rows generated for table "
                    + restore.table() + " break " + restore.object() + ", which its DDL declares ("
                    + restore.sql() + "): " + e.getMessage() + "\nFix the generators of the columns it covers:"
                    + " keys must be distinct (a sequence is), and a foreign key must pick from the table it references"
                    + " (the foreign_key generator does).", e);
        }
    }
}
