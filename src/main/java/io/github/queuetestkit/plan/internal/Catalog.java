package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.postgres.internal.Identifiers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Catalog facts plan assertions need to tell a typo from a real "not used": does a relation exist, which table an
 * index belongs to, which indexes a table has.
 */
public final class Catalog {

    private final PlanSource source;

    /**
     * @param source the database to look in
     */
    public Catalog(PlanSource source) {
        this.source = source;
    }

    /**
     * A relation the catalog knows.
     *
     * @param name its name
     * @param kind pg_class.relkind: r table, p partitioned table, i index, I partitioned index, v view, m matview
     * @param table for an index, the table it indexes; else null
     */
    public record Relation(String name, String kind, String table) {

        /** @return true for an index */
        public boolean isIndex() {
            return kind.equals("i") || kind.equals("I");
        }
    }

    /**
     * @param name a relation name as the user wrote it, optionally schema-qualified
     * @return the relation, empty when none has that name on the search path
     */
    public Optional<Relation> find(String name) {
        return query("look up " + name, () -> source.use(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT c.relname, c.relkind::text, t.relname FROM pg_class c"
                    + " LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = x.indrelid"
                    + " WHERE c.oid = to_regclass(?)")) {
                s.setString(1, regclassText(name));
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Relation(rs.getString(1), rs.getString(2), rs.getString(3)))
                            : Optional.<Relation>empty();
                }
            }
        }));
    }

    /**
     * @param table a table name
     * @return its indexes as "name (btree (run_at))", by name; empty when it has none or does not exist
     */
    public List<String> indexesOn(String table) {
        return query("list the indexes of " + table, () -> source.use(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                    + " JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = to_regclass(?) ORDER BY i.relname")) {
                s.setString(1, regclassText(table));
                List<String> indexes = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String definition = rs.getString(2);
                        int using = definition.indexOf(" USING ");
                        indexes.add(rs.getString(1) + (using < 0 ? "" : " (" + definition.substring(using + 7) + ")"));
                    }
                }
                return indexes;
            }
        }));
    }

    /** Unquoted parts fold to lower case, as PostgreSQL folds them; each part is then quoted. */
    static String regclassText(String name) {
        if (name.contains("\"")) {
            return name;
        }
        StringBuilder text = new StringBuilder();
        for (String part : name.split("\\.", -1)) {
            text.append(text.length() > 0 ? "." : "").append(Identifiers.quote(part.toLowerCase(Locale.ROOT)));
        }
        return text.toString();
    }

    private interface Lookup<T> {
        T run() throws SQLException;
    }

    private static <T> T query(String what, Lookup<T> lookup) {
        try {
            return lookup.run();
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not " + what + " in the catalog, to tell a missing index or table"
                    + " from a typo: " + e.getMessage(), e);
        }
    }
}
