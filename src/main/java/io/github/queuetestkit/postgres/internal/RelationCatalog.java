package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Resolves a relation name the way a user means it, through the catalog: the name is looked up on the connection's
 * {@code search_path} (or by its schema), then widened to what a plan or a statement can show for it. A partitioned
 * table stands for its partitions, a table for its inheritance children, a view for the tables it reads (through
 * nested views), a partitioned index for the indexes of its partitions.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RelationCatalog {

    private RelationCatalog() {
    }

    /**
     * A relation as the catalog knows it.
     *
     * @param oid its oid
     * @param schema its schema
     * @param name its name, unqualified
     * @param kind {@code pg_class.relkind}: r table, p partitioned table, i index, I partitioned index, v view,
     *     m materialized view, f foreign table, S sequence
     * @param partition whether it is a partition of a partitioned table or index ({@code relispartition})
     * @param table for an index, the table it indexes; else null
     */
    public record Relation(long oid, String schema, String name, String kind, boolean partition, String table) {

        /** @return true for an index or a partitioned index */
        public boolean isIndex() {
            return kind.equals("i") || kind.equals("I");
        }

        /** @return true for a view (not a materialized view, which is scanned as a table) */
        public boolean isView() {
            return kind.equals("v");
        }

        /** @return true for relations a plan scans or modifies by name: tables of every kind, matviews */
        public boolean isTableLike() {
            return kind.equals("r") || kind.equals("p") || kind.equals("m") || kind.equals("f");
        }

        /** @return "table", "partitioned table", "view", "index"... as messages name the kind */
        public String kindName() {
            return switch (kind) {
                case "r" -> "table";
                case "p" -> "partitioned table";
                case "i" -> "index";
                case "I" -> "partitioned index";
                case "v" -> "view";
                case "m" -> "materialized view";
                case "f" -> "foreign table";
                case "S" -> "sequence";
                case "c" -> "composite type";
                default -> "relation of kind " + kind;
            };
        }
    }

    /**
     * One relation a name stands for, and how it is reached from the name.
     *
     * @param relation the relation
     * @param how how the name reaches it, for messages: empty for the named relation itself, else e.g.
     *     "a partition of jobs", "an inheritance child of jobs", "read by view runnable_jobs"
     */
    public record Member(Relation relation, String how) {

        /** @return true when this is the named relation itself */
        public boolean isNamed() {
            return how.isEmpty();
        }
    }

    /**
     * What a name stands for.
     *
     * @param named the relation the name resolves to
     * @param members the relations that count as it: the named one (unless a view) and every relation it reaches
     */
    public record Coverage(Relation named, List<Member> members) {

        /** Copies the members. */
        public Coverage {
            members = List.copyOf(members);
        }

        /**
         * @param schema a schema as a plan reports it, or null when the plan does not say
         * @param name an unqualified relation name as a plan reports it
         * @return the member with that name, if any
         */
        public Optional<Member> member(String schema, String name) {
            if (name == null) {
                return Optional.empty();
            }
            return members.stream().filter(m -> m.relation().name().equals(name)
                    && (schema == null || m.relation().schema().equals(schema))).findFirst();
        }

        /** @return the members' names, unqualified, without repeats */
        public List<String> names() {
            return members.stream().map(m -> m.relation().name()).distinct().toList();
        }
    }

    /** A catalog read that needs a connection. */
    @FunctionalInterface
    public interface Read<T> {
        /**
         * @param connection where to read
         * @return what was read
         * @throws SQLException from the driver
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * Reads with a session's search_path in place, then puts the connection's own back: a name a captured statement
     * wrote is read as the code's session read it, after the code set its search_path.
     *
     * @param connection where to read
     * @param searchPath the search_path to read on, or null for the connection's own
     * @param read the reading
     * @return what it read
     * @throws SQLException from the driver
     */
    public static <T> T onSearchPath(Connection connection, String searchPath, Read<T> read) throws SQLException {
        if (searchPath == null) {
            return read.run(connection);
        }
        String before;
        try (PreparedStatement set = connection.prepareStatement(
                "SELECT pg_catalog.current_setting('search_path'), pg_catalog.set_config('search_path', ?, false)")) {
            set.setString(1, searchPath);
            try (ResultSet rs = set.executeQuery()) {
                rs.next();
                before = rs.getString(1);
            }
        }
        try {
            return read.run(connection);
        } finally {
            try (PreparedStatement reset = connection.prepareStatement(
                    "SELECT pg_catalog.set_config('search_path', ?, false)")) {
                reset.setString(1, before);
                reset.executeQuery().close();
            }
        }
    }

    /**
     * @param connection where to look, with the search_path the statement used
     * @param name a relation name as a user writes it: {@code jobs}, {@code public.jobs}, {@code "Jobs"}
     * @return the relation, empty when none has that name on the search path
     * @throws SQLException from the driver
     */
    public static Optional<Relation> find(Connection connection, String name) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT c.oid, n.nspname, c.relname, c.relkind::text,"
                + " c.relispartition, t.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = x.indrelid"
                + " WHERE c.oid = to_regclass(?)")) {
            s.setString(1, regclassText(name));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(relation(rs)) : Optional.empty();
            }
        }
    }

    /**
     * @param connection where to look
     * @param name a relation name as a user writes it
     * @return what it stands for, empty when no relation has that name
     * @throws SQLException from the driver
     */
    public static Optional<Coverage> cover(Connection connection, String name) throws SQLException {
        Optional<Relation> found = find(connection, name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Relation named = found.get();
        List<Member> members = new ArrayList<>();
        if (named.isView()) {
            for (Relation table : tablesReadBy(connection, named.oid())) {
                String how = "read by view " + named.name();
                members.add(new Member(table, how));
                for (Relation child : descendants(connection, table.oid())) {
                    members.add(new Member(child, childHow(child, table) + ", " + how));
                }
            }
        } else {
            members.add(new Member(named, ""));
            for (Relation child : descendants(connection, named.oid())) {
                members.add(new Member(child, childHow(child, named)));
            }
        }
        return Optional.of(new Coverage(named, members));
    }

    private static String childHow(Relation child, Relation ancestor) {
        if (child.isIndex()) {
            return "an index of a partition, attached to " + ancestor.name();
        }
        return (child.partition() ? "a partition of " : "an inheritance child of ") + ancestor.name();
    }

    /**
     * Partitions (at every level), inheritance children, and the partitions' indexes attached to a partitioned
     * index: everything {@code pg_inherits} hangs below the relation.
     *
     * @param connection where to look
     * @param oid the parent
     * @return its descendants, breadth first
     * @throws SQLException from the driver
     */
    public static List<Relation> descendants(Connection connection, long oid) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("WITH RECURSIVE tree(relid, depth) AS ("
                + " SELECT i.inhrelid, 1 FROM pg_inherits i WHERE i.inhparent = ?::oid"
                + " UNION ALL SELECT i.inhrelid, t.depth + 1 FROM pg_inherits i JOIN tree t ON i.inhparent = t.relid)"
                + " SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relispartition, ix.relname FROM tree"
                + " JOIN pg_class c ON c.oid = tree.relid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class ix ON ix.oid = x.indrelid"
                + " ORDER BY tree.depth, c.relname")) {
            s.setLong(1, oid);
            return relations(s);
        }
    }

    /**
     * The relations a view's query reads, through nested views to the tables, materialized views and foreign
     * tables at the bottom (from the dependencies of the views' rewrite rules).
     *
     * @param connection where to look
     * @param viewOid the view
     * @return the relations it reads, by name
     * @throws SQLException from the driver
     */
    public static List<Relation> tablesReadBy(Connection connection, long viewOid) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("WITH RECURSIVE reads(relid) AS ("
                + " SELECT ?::oid UNION SELECT d.refobjid FROM reads r JOIN pg_class rc ON rc.oid = r.relid"
                + " AND rc.relkind = 'v' JOIN pg_rewrite w ON w.ev_class = r.relid JOIN pg_depend d"
                + " ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid <> r.relid)"
                + " SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relispartition, NULL::name FROM reads"
                + " JOIN pg_class c ON c.oid = reads.relid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p', 'm', 'f') ORDER BY c.relname")) {
            s.setLong(1, viewOid);
            return relations(s);
        }
    }

    /**
     * What a statement that names a relation reaches, upwards: the relation, the partitioned tables or inheritance
     * parents above it, and for a view the tables it reads (through nested views) with theirs. A statement naming
     * partition {@code jobs_2024} or view {@code runnable_jobs} reaches {@code jobs}.
     *
     * @param connection where to look
     * @param name a relation name as a statement wrote it
     * @return the oids reached; empty when the name resolves to nothing
     * @throws SQLException from the driver
     */
    public static Set<Long> reach(Connection connection, String name) throws SQLException {
        Optional<Relation> found = find(connection, name);
        if (found.isEmpty()) {
            return Set.of();
        }
        List<Long> starts = new ArrayList<>();
        starts.add(found.get().oid());
        if (found.get().isView()) {
            tablesReadBy(connection, found.get().oid()).forEach(t -> starts.add(t.oid()));
        }
        Set<Long> reached = new LinkedHashSet<>();
        try (PreparedStatement s = connection.prepareStatement("WITH RECURSIVE up(relid) AS (SELECT unnest(?::oid[])"
                + " UNION SELECT i.inhparent FROM pg_inherits i JOIN up ON i.inhrelid = up.relid) SELECT relid FROM up")) {
            s.setArray(1, connection.createArrayOf("oid", starts.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reached.add(rs.getLong(1));
                }
            }
        }
        return reached;
    }

    /**
     * @param connection where to look
     * @param table a table name
     * @return its indexes as "name (btree (run_at))", by name; empty when it has none or does not exist
     * @throws SQLException from the driver
     */
    public static List<String> indexesOn(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
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
    }

    /**
     * Unquoted parts fold to lower case, as PostgreSQL folds them; each part is then quoted.
     *
     * @param name a name as a user writes it
     * @return the text {@code to_regclass} takes for it
     */
    public static String regclassText(String name) {
        if (name.contains("\"")) {
            return name;
        }
        StringBuilder text = new StringBuilder();
        for (String part : name.split("\\.", -1)) {
            text.append(text.length() > 0 ? "." : "").append(Identifiers.quote(part.toLowerCase(Locale.ROOT)));
        }
        return text.toString();
    }

    private static List<Relation> relations(PreparedStatement s) throws SQLException {
        List<Relation> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(relation(rs));
            }
        }
        return out;
    }

    private static Relation relation(ResultSet rs) throws SQLException {
        return new Relation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                rs.getString(6));
    }
}
