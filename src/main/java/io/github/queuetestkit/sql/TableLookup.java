package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.postgres.internal.RelationCatalog;
import io.github.queuetestkit.sql.internal.RoutineCalls;
import io.github.queuetestkit.sql.internal.SqlShape;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads table names through the catalog of the database the statements ran against, through the unwrapped
 * DataSource so the lookups are never captured: whether a table exists (to tell a filter on a real table that
 * matched nothing from a typo), whether a name a statement wrote reaches the table a filter names (a partition
 * reaches its partitioned table, a view the tables it reads), and what may write rows a statement's text does not
 * show (functions it calls, triggers and rules on the tables it writes). Answers are kept until the next statement
 * is recorded, since that statement may be DDL.
 */
final class TableLookup {

    private static final String UNSEEN = "to tell whether a statement may write a table where its SQL text does not"
            + " show it";
    private static final Pattern EXECUTE = Pattern.compile("\\bexecute\\b");

    /**
     * @param source lower-cased code
     * @param name a table name, lower-cased, without its schema
     * @return whether the code names the table as the target of an {@code INSERT INTO}, {@code MERGE INTO} or
     *     {@code COPY} (schema-qualified or not, quoted or not): a completion function that updates the jobs table
     *     and inserts into a history table does not
     */
    private static boolean insertsInto(String source, String name) {
        return Pattern.compile("\\b(insert\\s+into|merge\\s+into|copy)\\s+(only\\s+)?(\"?[a-z0-9_$]+\"?\\s*\\.\\s*)?\"?"
                + Pattern.quote(name) + "\"?(?![a-z0-9_$])").matcher(source).find();
    }

    private final DataSource target;
    private final LongSupplier recorded;
    private final Map<String, Set<Long>> reached = new HashMap<>();
    private final Map<String, Optional<Long>> oids = new HashMap<>();
    private final Map<String, List<Routine>> routines = new HashMap<>();
    private final Map<String, List<Routine>> hooks = new HashMap<>();
    private final Map<String, List<ReferentialAction>> actions = new HashMap<>();
    private final Map<String, Set<Long>> below = new HashMap<>();
    private final Map<String, Set<String>> names = new HashMap<>();
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
     * @param searchPath the search_path of the code's session when the statement ran, or null for a new session's
     * @param wanted a table name as a filter names it
     * @return true when the catalog says the name the statement wrote, read on its session's search_path, reaches the
     *     filter's table
     */
    synchronized boolean reaches(String seen, String searchPath, String wanted) {
        Optional<Long> oid = oid(wanted);
        if (oid.isEmpty()) {
            return false;
        }
        String key = searchPath == null ? seen : searchPath + '\u0000' + seen;
        Set<Long> reach = reached.get(key);
        if (reach == null) {
            reach = lookup("read what " + seen + " stands for" + (searchPath == null ? ""
                    : " on search_path " + searchPath), c -> RelationCatalog.onSearchPath(c, searchPath,
                            on -> RelationCatalog.reach(on, Identifiers.quoteEachPart(seen))));
            reached.put(key, reach);
        }
        return reach.contains(oid.get());
    }

    /**
     * Code the server runs out of the SQL text's sight: a function or procedure, a trigger's function, a rule's
     * action.
     *
     * @param label how messages name it: "function public.enqueue", "trigger enqueue_report on cars"
     * @param language its language: sql, plpgsql, c...
     * @param source its body (a rule's definition)
     * @param searchPath the search_path it sets for itself ({@code SET search_path = ...} in its definition), where
     *     its own calls are looked up; null when it runs on its caller's
     */
    record Routine(String label, String language, String source, String searchPath) {

        /** Code that runs on its caller's search_path. */
        Routine(String label, String language, String source) {
            this(label, language, source, null);
        }
    }

    /** A function's own search_path, from its {@code SET search_path} clause (pg_proc.proconfig), or null. */
    private static final String OWN_PATH = "(SELECT substr(s, 13) FROM unnest(p.proconfig) s"
            + " WHERE s LIKE 'search_path=%')";

    /**
     * @param name a name a statement calls, as {@link io.github.queuetestkit.sql.internal.RoutineCalls#names} reads it
     * @return the functions and procedures of that name the call may run that can write: volatile and not built in;
     *     empty for built-ins, stable or immutable functions, and names that are no function (keywords, types, column
     *     lists)
     */
    synchronized List<Routine> writingRoutines(String name) {
        return writingRoutines(name, null, Set.of());
    }

    /**
     * @param name a name a statement calls
     * @param searchPath the search_path of the statement's session, where an unqualified name is looked up; null for
     *     a new connection's
     * @param arguments how many arguments its calls pass (see {@code RoutineCalls.argumentCounts}); empty for any:
     *     an overload that takes none of those counts is not the one called (a STABLE one-argument overload beside a
     *     writing two-argument one)
     * @return as {@link #writingRoutines(String)}
     */
    synchronized List<Routine> writingRoutines(String name, String searchPath, Set<Integer> arguments) {
        forgetIfStale();
        String key = (searchPath == null ? name : searchPath + '\u0000' + name) + '\u0000' + arguments;
        List<Routine> found = routines.get(key);
        if (found == null) {
            int dot = name.lastIndexOf('.');
            String schema = dot < 0 ? null : name.substring(0, dot);
            String routine = name.substring(dot + 1);
            Integer[] counts = arguments.toArray(Integer[]::new);
            // Oids below 16384 (FirstNormalObjectId) are the server's own: built-ins write no table of the code's.
            found = lookup("read which functions named " + name + " may write", UNSEEN,
                    on -> RelationCatalog.onSearchPath(on, searchPath, c -> routines(c, "SELECT CASE"
                    + " p.prokind WHEN 'p' THEN 'procedure ' ELSE 'function ' END || n.nspname || '.' || p.proname,"
                    + " l.lanname, p.prosrc, " + OWN_PATH + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = ?"
                    + " AND p.oid >= 16384 AND p.prokind IN ('f', 'p') AND p.provolatile = 'v'"
                    + " AND (CASE WHEN ?::text IS NULL THEN n.nspname = ANY (current_schemas(true))"
                    + " ELSE n.nspname = ?::text END) AND (cardinality(?::int[]) = 0 OR p.provariadic <> 0"
                    + " OR EXISTS (SELECT 1 FROM unnest(?::int[]) a(n)"
                    + " WHERE a.n BETWEEN p.pronargs - p.pronargdefaults AND p.pronargs)) ORDER BY 1",
                    routine, schema, schema, counts, counts)));
            routines.put(key, found);
        }
        return found;
    }

    /**
     * @param written a table name as a statement wrote it (canonical)
     * @param operation the write
     * @return the enabled triggers and rules that write of it sets off, on the table, its partitions, or the tables
     *     of a view; empty for none
     */
    synchronized List<Routine> triggersAndRules(String written, StatementKind operation, String searchPath) {
        forgetIfStale();
        String key = operation + " " + written + '\u0000' + searchPath;
        List<Routine> found = hooks.get(key);
        if (found == null) {
            // pg_trigger.tgtype bits: 4 INSERT, 8 DELETE, 16 UPDATE. pg_rewrite.ev_type: 2 UPDATE, 3 INSERT, 4 DELETE.
            int triggerBits = switch (operation) {
                case INSERT, COPY -> 4;
                case UPDATE -> 16;
                case DELETE -> 8;
                default -> 28;
            };
            String ruleTypes = switch (operation) {
                case INSERT -> "{3}";
                case UPDATE -> "{2}";
                case DELETE -> "{4}";
                case COPY -> "{}";
                default -> "{2,3,4}";
            };
            found = lookup("read the triggers and rules on " + written, UNSEEN, on -> RelationCatalog.onSearchPath(on,
                    searchPath, c -> {
                Optional<RelationCatalog.Relation> table = RelationCatalog.find(c, Identifiers.quoteEachPart(written));
                if (table.isEmpty()) {
                    return List.<Routine>of();
                }
                return hooksOn(c, written(c, table.get()), triggerBits, ruleTypes);
            }));
            hooks.put(key, found);
        }
        return found;
    }

    /** @return the relation's oid and its partitions' and inheritance children's */
    private static List<Long> andBelow(Connection c, RelationCatalog.Relation relation) throws SQLException {
        List<Long> oids = new ArrayList<>();
        oids.add(relation.oid());
        RelationCatalog.descendants(c, relation.oid()).forEach(r -> oids.add(r.oid()));
        return oids;
    }

    /**
     * @return the relations a write of this one writes: it and those below it, and for a view also the tables it
     *     reads and those below them (a write through a view writes them, and sets off their triggers and keys)
     */
    private static List<Long> written(Connection c, RelationCatalog.Relation relation) throws SQLException {
        List<Long> oids = andBelow(c, relation);
        if (relation.isView()) {
            for (RelationCatalog.Relation read : RelationCatalog.tablesReadBy(c, relation.oid())) {
                oids.addAll(andBelow(c, read));
            }
        }
        return oids;
    }

    private static List<Routine> hooksOn(Connection c, List<Long> relations, int triggerBits, String ruleTypes)
            throws SQLException {
        return routines(c, "SELECT 'trigger ' || t.tgname || ' on ' || c.relname, l.lanname, p.prosrc, " + OWN_PATH
                + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid"
                + " JOIN pg_language l ON l.oid = p.prolang WHERE t.tgrelid = ANY (?::oid[])"
                + " AND NOT t.tgisinternal AND t.tgenabled <> 'D' AND (t.tgtype & ?::int) <> 0"
                + " UNION SELECT 'rule ' || r.rulename || ' on ' || c.relname, 'sql', pg_get_ruledef(r.oid), NULL"
                + " FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE r.ev_class = ANY (?::oid[])"
                + " AND r.rulename <> '_RETURN' AND r.ev_enabled <> 'D' AND r.ev_type::text = ANY (?::text[])"
                + " ORDER BY 1", relations, triggerBits, relations, ruleTypes);
    }

    /**
     * @param action a referential action
     * @return the enabled triggers and rules that its deletes and updates set off on the tables it reaches (an
     *     audit trigger on a table a cascade deletes from)
     */
    synchronized List<Routine> hooksSetOffBy(ReferentialAction action) {
        forgetIfStale();
        String key = "action " + action;
        List<Routine> found = hooks.get(key);
        if (found == null) {
            found = lookup("read the triggers and rules on the tables " + action.label() + " reaches", UNSEEN, c -> {
                List<Routine> all = new ArrayList<>();
                if (!action.deletes().isEmpty()) {
                    all.addAll(hooksOn(c, List.copyOf(action.deletes()), 8, "{4}"));
                }
                if (!action.updates().isEmpty()) {
                    all.addAll(hooksOn(c, List.copyOf(action.updates()), 16, "{2}"));
                }
                return List.copyOf(all);
            });
            hooks.put(key, found);
        }
        return found;
    }

    /**
     * A foreign key's referential action that a write sets off, with the tables its actions may delete rows from and
     * update, followed from table to table as PostgreSQL runs them.
     *
     * @param label e.g. "foreign key jobs_account_id_fkey on jobs (ON DELETE CASCADE)"
     * @param deletes the tables (oids) whose rows it may delete
     * @param updates the tables (oids) whose rows it may update
     */
    record ReferentialAction(String label, Set<Long> deletes, Set<Long> updates) {
    }

    /**
     * The foreign keys whose referential actions a write of the table sets off: a DELETE sets off the keys'
     * {@code ON DELETE} actions ({@code CASCADE} deletes the referencing rows, {@code SET NULL} and
     * {@code SET DEFAULT} update them), an UPDATE their {@code ON UPDATE} actions (all of which update; they fire
     * only when the referenced columns change: they may), a MERGE both. A deleted referencing row sets off its own
     * table's {@code ON DELETE} actions, an updated one its {@code ON UPDATE} actions, and so on down.
     *
     * @param written a table name as a statement wrote it (canonical)
     * @param operation the write
     * @param searchPath the search_path of the statement's session, or null for a new connection's
     * @return one per foreign key the write sets off directly; empty for none, and for an INSERT or COPY
     */
    synchronized List<ReferentialAction> referentialActions(String written, StatementKind operation,
            String searchPath) {
        boolean deletes = operation == StatementKind.DELETE || operation == StatementKind.MERGE;
        boolean updates = operation == StatementKind.UPDATE || operation == StatementKind.MERGE;
        if (!deletes && !updates) {
            return List.of();
        }
        forgetIfStale();
        String key = operation + " " + written + '\u0000' + searchPath;
        List<ReferentialAction> found = actions.get(key);
        if (found == null) {
            found = lookup("read the foreign keys that reference " + written, UNSEEN,
                    on -> RelationCatalog.onSearchPath(on, searchPath, c -> {
                Optional<RelationCatalog.Relation> table = RelationCatalog.find(c, Identifiers.quoteEachPart(written));
                if (table.isEmpty()) {
                    return List.<ReferentialAction>of();
                }
                List<Long> relations = written(c, table.get());
                // op: d = the action deletes the referencing rows, u = it updates them (their key columns, cols);
                // an updated row sets off the ON UPDATE actions of the keys that reference the columns it changed
                String sql = "WITH RECURSIVE first AS ("
                        + " SELECT 'foreign key ' || k.conname || ' on ' || k.conrelid::regclass::text || ' (ON DELETE '"
                        + " || CASE k.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT'"
                        + " END || ')' AS label, k.conrelid AS relid,"
                        + " CASE k.confdeltype WHEN 'c' THEN 'd' ELSE 'u' END AS op, k.conkey AS cols"
                        + " FROM pg_constraint k WHERE ? AND k.contype = 'f' AND k.confrelid = ANY (?::oid[])"
                        + " AND k.confdeltype IN ('c', 'n', 'd')"
                        + " UNION SELECT 'foreign key ' || k.conname || ' on ' || k.conrelid::regclass::text"
                        + " || ' (ON UPDATE ' || CASE k.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL'"
                        + " ELSE 'SET DEFAULT' END || ')', k.conrelid, 'u', k.conkey"
                        + " FROM pg_constraint k WHERE ? AND k.contype = 'f' AND k.confrelid = ANY (?::oid[])"
                        + " AND k.confupdtype IN ('c', 'n', 'd')),"
                        + " reached(label, relid, op, cols) AS (SELECT label, relid, op, cols FROM first"
                        + " UNION SELECT r.label, k.conrelid, CASE WHEN r.op = 'd' AND k.confdeltype = 'c' THEN 'd'"
                        + " ELSE 'u' END, k.conkey FROM reached r JOIN pg_constraint k ON k.confrelid = r.relid"
                        + " AND k.contype = 'f' WHERE (r.op = 'd' AND k.confdeltype IN ('c', 'n', 'd'))"
                        + " OR (r.op = 'u' AND k.confupdtype IN ('c', 'n', 'd') AND k.confkey && r.cols))"
                        + " SELECT label, relid::int8, op FROM reached ORDER BY 1";
                Map<String, Set<Long>[]> byLabel = new java.util.TreeMap<>();
                try (PreparedStatement query = c.prepareStatement(sql)) {
                    Array oids = c.createArrayOf("oid", relations.toArray());
                    query.setBoolean(1, deletes);
                    query.setArray(2, oids);
                    query.setBoolean(3, updates);
                    query.setArray(4, oids);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            @SuppressWarnings("unchecked")
                            Set<Long>[] sets = byLabel.computeIfAbsent(rs.getString(1),
                                    k -> new Set[] {new HashSet<Long>(), new HashSet<Long>()});
                            sets["d".equals(rs.getString(3)) ? 0 : 1].add(rs.getLong(2));
                        }
                    }
                }
                List<ReferentialAction> listed = new ArrayList<>();
                byLabel.forEach((label, sets) -> listed.add(new ReferentialAction(label, Set.copyOf(sets[0]),
                        Set.copyOf(sets[1]))));
                return List.copyOf(listed);
            }));
            actions.put(key, found);
        }
        return found;
    }

    /**
     * @param table a table name as a filter names it
     * @return its oid and those of its partitions and inheritance children: where rows of it can be deleted or
     *     updated; empty when no table has that name
     */
    synchronized Set<Long> tableAndBelow(String table) {
        forgetIfStale();
        String canonical = SqlShape.canonical(table);
        Set<Long> found = below.get(canonical);
        if (found == null) {
            found = lookup("read the partitions and children of " + table, UNSEEN, c -> {
                Optional<RelationCatalog.Relation> relation =
                        RelationCatalog.find(c, Identifiers.quoteEachPart(canonical));
                if (relation.isEmpty()) {
                    return Set.<Long>of();
                }
                return Set.copyOf(andBelow(c, relation.get()));
            });
            below.put(canonical, found);
        }
        return found;
    }

    /**
     * @param table a table name as a filter names it
     * @return the names, lower-cased, that code writing that table would mention: the table's, its partitions' and
     *     children's, its parents', the views that read any of those, and for a view the tables it reads
     */
    synchronized Set<String> namesFor(String table) {
        forgetIfStale();
        String canonical = SqlShape.canonical(table);
        Set<String> found = names.get(canonical);
        if (found == null) {
            found = lookup("read the relations of " + table, UNSEEN, c -> {
                Set<String> related = new HashSet<>();
                related.add(canonical.substring(canonical.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
                Optional<RelationCatalog.Coverage> cover =
                        RelationCatalog.cover(c, Identifiers.quoteEachPart(canonical));
                if (cover.isPresent()) {
                    related.add(cover.get().named().name().toLowerCase(Locale.ROOT));
                    cover.get().members().forEach(m -> related.add(m.relation().name().toLowerCase(Locale.ROOT)));
                    Set<Long> above = new HashSet<>(RelationCatalog.reach(c, Identifiers.quoteEachPart(canonical)));
                    above.add(cover.get().named().oid());
                    // with the views that read them, down to the table (code may insert through one)
                    try (PreparedStatement s = c.prepareStatement("WITH RECURSIVE v(oid) AS (SELECT unnest(?::oid[])"
                            + " UNION SELECT r.ev_class FROM v JOIN pg_depend d ON d.refobjid = v.oid"
                            + " AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                            + " JOIN pg_rewrite r ON r.oid = d.objid AND r.rulename = '_RETURN'"
                            + " WHERE r.ev_class <> v.oid)"
                            + " SELECT relname FROM pg_class WHERE oid IN (SELECT oid FROM v)")) {
                        s.setArray(1, c.createArrayOf("oid", above.toArray()));
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                related.add(rs.getString(1).toLowerCase(Locale.ROOT));
                            }
                        }
                    }
                }
                return Set.copyOf(related);
            });
            names.put(canonical, found);
        }
        return found;
    }

    /**
     * Whether code the server runs may write a table of those names. Code in a language other than SQL or PL/pgSQL,
     * or running dynamic SQL ({@code EXECUTE}), may write anything; else its text must mention one of the names, or
     * call a routine that may (followed up to five calls deep, then taken as writing).
     *
     * @param routine the code
     * @param names from {@link #namesFor}
     * @return false only when its text shows it cannot
     */
    synchronized boolean mayWrite(Routine routine, Set<String> names) {
        return mayWrite(routine, names, null);
    }

    /**
     * {@link #mayWrite(Routine, Set)} for one operation: for an INSERT or COPY, readable code that mentions the table
     * must also say {@code INSERT}, {@code MERGE} or {@code COPY} (a dequeue function that only updates the table
     * enqueues nothing); other operations are read as any write.
     *
     * @param routine the code
     * @param names from {@link #namesFor}
     * @param operation the write asked about, or null for any
     * @return false only when its text shows it cannot
     */
    synchronized boolean mayWrite(Routine routine, Set<String> names, StatementKind operation) {
        return mayWrite(routine, names, operation, null);
    }

    /**
     * @param routine the code
     * @param names from {@link #namesFor}
     * @param operation the write asked about, or null for any
     * @param searchPath where the code's unqualified calls are looked up (the statement's session's), or null
     * @return as {@link #mayWrite(Routine, Set, StatementKind)}
     */
    synchronized boolean mayWrite(Routine routine, Set<String> names, StatementKind operation, String searchPath) {
        boolean inserts = operation == StatementKind.INSERT || operation == StatementKind.COPY;
        return mayWrite(routine, names, inserts, searchPath, new HashSet<>(), 0);
    }

    private boolean mayWrite(Routine routine, Set<String> names, boolean inserts, String searchPath,
            Set<String> followed, int depth) {
        String source = routine.source() == null ? "" : routine.source().toLowerCase(Locale.ROOT);
        boolean readable = routine.language().equals("sql") || routine.language().equals("plpgsql");
        // A body of SQL-standard form (BEGIN ATOMIC) keeps no source text: nothing to read, so it may write.
        if (!readable || source.isBlank() || depth >= 5 || EXECUTE.matcher(source).find()) {
            return true;
        }
        if (inserts ? names.stream().anyMatch(name -> insertsInto(source, name))
                : names.stream().anyMatch(source::contains)) {
            return true;
        }
        if (!followed.add(routine.label())) {
            return false;
        }
        // a function that sets its own search_path looks its calls up there
        String callsOn = routine.searchPath() != null ? routine.searchPath() : searchPath;
        for (Map.Entry<String, Set<Integer>> called : RoutineCalls.argumentCounts(routine.source()).entrySet()) {
            for (Routine next : writingRoutines(called.getKey(), callsOn, called.getValue())) {
                if (mayWrite(next, names, inserts, callsOn, followed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Routine> routines(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                if (parameter instanceof List<?> list) {
                    s.setArray(i + 1, connection.createArrayOf("oid", list.toArray()));
                } else {
                    s.setObject(i + 1, parameter);
                }
            }
            List<Routine> found = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new Routine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return List.copyOf(found);
        }
    }

    private void forgetIfStale() {
        long now = recorded.getAsLong();
        if (now != generation) {
            reached.clear();
            oids.clear();
            routines.clear();
            hooks.clear();
            actions.clear();
            below.clear();
            names.clear();
            generation = now;
        }
    }

    private synchronized Optional<Long> oid(String table) {
        forgetIfStale();
        String canonical = SqlShape.canonical(table);
        Optional<Long> oid = oids.get(canonical);
        if (oid == null) {
            oid = lookup("check whether table " + table + " exists",
                    c -> RelationCatalog.find(c, Identifiers.quoteEachPart(canonical))
                            .map(RelationCatalog.Relation::oid));
            oids.put(canonical, oid);
        }
        return oid;
    }

    private interface Lookup<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T lookup(String what, Lookup<T> lookup) {
        return lookup(what, "to read a statement's tables as the filter means them", lookup);
    }

    private <T> T lookup(String what, String why, Lookup<T> lookup) {
        try (Connection connection = target.getConnection()) {
            return lookup.run(connection);
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not " + what + " in the catalog, " + why + ": " + e.getMessage(), e);
        }
    }
}
