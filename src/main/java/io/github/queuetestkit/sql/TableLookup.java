package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.postgres.internal.RelationCatalog;
import io.github.queuetestkit.sql.internal.SqlShape;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Reads table names through the catalog of the database the statements ran against, through the unwrapped
 * DataSource so the lookups are never captured: whether a table exists (to tell a filter on a real table that
 * matched nothing from a typo), and whether a name a statement wrote reaches the table a filter names (a partition
 * reaches its partitioned table, a view the tables it reads). Answers are kept until the next statement is
 * recorded, since that statement may be DDL.
 */
final class TableLookup {

    private final DataSource target;
    private final LongSupplier recorded;
    private final Map<String, Set<Long>> reached = new HashMap<>();
    private final Map<String, Optional<Long>> oids = new HashMap<>();
    private long generation = -1;

    /**
     * @param target the database, unwrapped
     * @param recorded how many statements have been recorded so far: a change empties the cache
     */
    TableLookup(DataSource target, LongSupplier recorded) {
        this.target = target;
        this.recorded = recorded;
    }

    boolean exists(String table) {
        return oid(table).isPresent();
    }

    /**
     * @param seen a table name as the statement wrote it (canonical, see {@link SqlShape#canonical})
     * @param wanted a table name as a filter names it
     * @return true when the catalog says the name the statement wrote reaches the filter's table
     */
    synchronized boolean reaches(String seen, String wanted) {
        Optional<Long> oid = oid(wanted);
        if (oid.isEmpty()) {
            return false;
        }
        Set<Long> reach = reached.get(seen);
        if (reach == null) {
            reach = lookup("read what " + seen + " stands for", c -> RelationCatalog.reach(c, quoted(seen)));
            reached.put(seen, reach);
        }
        return reach.contains(oid.get());
    }

    private synchronized Optional<Long> oid(String table) {
        long now = recorded.getAsLong();
        if (now != generation) {
            reached.clear();
            oids.clear();
            generation = now;
        }
        String canonical = SqlShape.canonical(table);
        Optional<Long> oid = oids.get(canonical);
        if (oid == null) {
            oid = lookup("check whether table " + table + " exists",
                    c -> RelationCatalog.find(c, quoted(canonical)).map(RelationCatalog.Relation::oid));
            oids.put(canonical, oid);
        }
        return oid;
    }

    private static String quoted(String canonical) {
        StringBuilder quoted = new StringBuilder();
        for (String part : canonical.split("\\.", -1)) {
            if (quoted.length() > 0) {
                quoted.append('.');
            }
            quoted.append(Identifiers.quote(part));
        }
        return quoted.toString();
    }

    private interface Lookup<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T lookup(String what, Lookup<T> lookup) {
        try (Connection connection = target.getConnection()) {
            return lookup.run(connection);
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not " + what + " in the catalog, to read a statement's tables as"
                    + " the filter means them: " + e.getMessage(), e);
        }
    }
}
