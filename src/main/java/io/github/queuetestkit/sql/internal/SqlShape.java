package io.github.queuetestkit.sql.internal;

import io.github.queuetestkit.sql.StatementKind;
import io.github.queuetestkit.sql.TableWrite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What the kit reads from a statement's text: its normalized form, its kind, the tables it names, every write it
 * makes, and the column each placeholder is compared with or inserted into (to hide secret parameters).
 *
 * <p>Normalization drops comments, folds whitespace and unquoted case, replaces every literal and placeholder
 * with {@code ?}, folds every parenthesized or bracketed list made only of values to {@code (...)} /
 * {@code [...]} (so {@code IN (1,2,3)} and {@code IN (4,5)} group), and keeps one of several identical
 * {@code VALUES} rows (so multi-row inserts of different sizes group).
 *
 * <p>The kind is the main statement's verb: a writing CTE under a SELECT is still a SELECT. Writes are found
 * wherever a statement starts (the text's start, after {@code ;}, inside a CTE's parentheses, after a CTE list)
 * and in the clauses that write inside one: {@code ON CONFLICT ... DO UPDATE} (an UPDATE of the insert's table;
 * {@code DO NOTHING} adds none), and a MERGE's {@code THEN UPDATE / DELETE / INSERT} actions (each on the merge's
 * target, besides the MERGE itself). {@code COPY t FROM} writes t; {@code COPY t TO} reads it. {@code FOR UPDATE}
 * and {@code FOR NO KEY UPDATE} are locks, not writes; {@code UPDATE t ... FROM other} and
 * {@code DELETE FROM t USING other} write only t. Only DML and WITH statements are read for writes: DDL such as
 * {@code CREATE RULE ... DO INSTEAD UPDATE} writes nothing when it runs.
 *
 * <p>Tables come from the names after {@code FROM}, {@code JOIN}, the {@code USING} of a DELETE or MERGE, and the
 * targets of writes, at any depth, minus the statement's CTE names. Limits: {@code FROM} inside a function call's
 * parentheses ({@code extract(epoch FROM t)}) and after {@code DISTINCT} is ignored; table functions
 * ({@code FROM unnest(?)}) are no tables; names reached only through views, functions, triggers or rules are not
 * seen, nor are their writes (use the server-side view for those); {@code SELECT ... INTO t} and
 * {@code TRUNCATE} are not read as writes.
 *
 * @param normalized the normalized SQL
 * @param kind what the main statement does
 * @param tables every table read or written, in order of appearance; schema-qualified as written
 * @param writes every (operation, table) the text writes, in order of appearance, each once
 * @param placeholderColumns per placeholder (0-based), the column it is compared with or inserted into, or
 *        null when the tokenizer cannot tell
 * @param valuesRows the rows of the {@code VALUES} list when the statement is {@code INSERT INTO t [(columns)]
 *        VALUES (...), ...}, so the most rows one execution inserts; -1 for any other statement
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record SqlShape(String normalized, StatementKind kind, List<String> tables, List<TableWrite> writes,
        List<String> placeholderColumns, int valuesRows) {

    private static final Set<String> NOT_FUNCTIONS = Set.of("in", "exists", "any", "all", "some", "from", "join",
            "as", "values", "lateral", "on", "where", "and", "or", "not", "select", "set", "using", "with", "into",
            "when", "then", "else", "case", "returning", "by", "having", "union", "except", "intersect", "over",
            "filter", "within", "materialized", "conflict", "do", "is", "like", "ilike", "between");

    private static final Set<String> ALIAS_STOP = Set.of("where", "join", "inner", "left", "right", "full",
            "cross", "natural", "on", "using", "group", "order", "limit", "offset", "for", "union", "except",
            "intersect", "having", "window", "returning", "set", "values", "select", "default", "fetch",
            "lateral", "tablesample", "when", "then", "do", "overriding", "from", "as", "with", "to", "and",
            "or", "skip", "nowait", "conflict");

    // The first words of statements that may write when they run; anything else (DDL, CALL, EXPLAIN) is not read.
    private static final Set<String> DML = Set.of("with", "select", "values", "table", "insert", "update",
            "delete", "merge", "copy");

    // Words that end a type name in a cast: what may follow "? :: int" in an expression.
    private static final Set<String> NOT_TYPE_WORDS = Set.of("as", "and", "or", "not", "is", "in", "like", "ilike",
            "between", "when", "then", "else", "end", "collate", "at", "from", "for");

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

    /** Defensive copies. */
    public SqlShape {
        tables = List.copyOf(tables);
        writes = List.copyOf(writes);
        placeholderColumns = Collections.unmodifiableList(new ArrayList<>(placeholderColumns));
    }

    /**
     * @param sql a statement as sent to the server
     * @return its shape
     */
    public static SqlShape of(String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        StatementKind kind = kind(tokens);
        Scan scan = scan(tokens);
        return new SqlShape(normalize(tokens), kind, new ArrayList<>(scan.tables), new ArrayList<>(scan.writes),
                placeholderColumns(tokens, kind), valuesRows(tokens));
    }

    // "INSERT INTO name [AS alias] [(columns)] [OVERRIDING ... VALUE] VALUES (...), (...)": how many rows; else -1.
    private static int valuesRows(List<SqlToken> tokens) {
        int i = 0;
        if (tokens.size() < 4 || !tokens.get(0).is("insert") || !tokens.get(1).is("into")) {
            return -1;
        }
        for (i = 2; i < tokens.size() && !tokens.get(i).is("values"); i++) {
            SqlToken t = tokens.get(i);
            if (t.is("select") || t.is("default") || t.is("with") || t.is("table") || t.isPunct(";")) {
                return -1;
            }
            if (t.isPunct("(")) {
                i = closing(tokens, i);
            }
        }
        int rows = 0;
        i++;
        while (i < tokens.size() && tokens.get(i).isPunct("(")) {
            rows++;
            i = closing(tokens, i) + 1;
            if (i < tokens.size() && tokens.get(i).isPunct(",")) {
                i++;
            } else {
                break;
            }
        }
        return rows > 0 ? rows : -1;
    }

    // The index of the parenthesis that closes the one at open, or the last index when none does.
    private static int closing(List<SqlToken> tokens, int open) {
        int level = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isPunct("(")) {
                level++;
            } else if (tokens.get(i).isPunct(")") && --level == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }

    /**
     * @param sql a statement as sent to the server
     * @return the names it calls as functions ({@code name(}, {@code schema.name(}), each once, in order, as the
     *     tokenizer reports names; keywords that take parentheses ({@code IN (}, {@code VALUES (}) are left out, type
     *     modifiers such as {@code varchar(10)} are not
     */
    public static List<String> functionCalls(String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (!t.isName() || !tokens.get(i + 1).isPunct("(")
                    || (t.type() == SqlToken.Type.WORD && NOT_FUNCTIONS.contains(t.text()))) {
                continue;
            }
            boolean qualified = i >= 2 && tokens.get(i - 1).isPunct(".") && tokens.get(i - 2).isName();
            names.add(qualified ? tokens.get(i - 2).text() + "." + t.text() : t.text());
        }
        return List.copyOf(names);
    }

    /**
     * @param table a table name as a user writes it: {@code jobs}, {@code "Jobs"}, {@code public.jobs}
     * @return true when this statement names that table; an unqualified name matches a qualified one
     */
    public boolean names(String table) {
        return tables.stream().anyMatch(t -> sameTable(t, table));
    }

    /**
     * @param table a table name as a user writes it
     * @return true when this statement writes that table anywhere in it, by any operation
     */
    public boolean writes(String table) {
        return writes.stream().anyMatch(w -> w.isOn(table));
    }

    /**
     * @param operation INSERT, UPDATE, DELETE, MERGE or COPY
     * @param table a table name as a user writes it
     * @return true when this statement makes that operation on that table anywhere in it
     */
    public boolean writes(StatementKind operation, String table) {
        return writes.stream().anyMatch(w -> w.operation() == operation && w.isOn(table));
    }

    /**
     * @return the main statement's kind first, then the operation of every write, each once: {@code [SELECT, UPDATE]}
     *         for a writing CTE under a SELECT, {@code [INSERT, UPDATE]} for an upsert
     */
    public Set<StatementKind> kinds() {
        Set<StatementKind> kinds = new LinkedHashSet<>();
        kinds.add(kind);
        writes.forEach(w -> kinds.add(w.operation()));
        return Collections.unmodifiableSet(kinds);
    }

    /**
     * @param seen a table name as the tokenizer read it ({@code schema.table}, quoted parts unquoted)
     * @param wanted a table name as a user writes it
     * @return true when they name the same table, ignoring an unwanted schema
     */
    public static boolean sameTable(String seen, String wanted) {
        String w = canonical(wanted);
        if (seen.equals(w)) {
            return true;
        }
        return !w.contains(".") && seen.endsWith("." + w);
    }

    /**
     * @param name a table name as a user writes it
     * @return the name as the tokenizer reports names: unquoted parts lower-cased, quoted parts as written
     */
    public static String canonical(String name) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(name);
        StringBuilder out = new StringBuilder();
        for (SqlToken token : tokens) {
            out.append(token.isPunct(".") ? "." : token.text());
        }
        return out.toString();
    }

    private static StatementKind kind(List<SqlToken> tokens) {
        int i = 0;
        while (i < tokens.size() && tokens.get(i).isPunct("(")) {
            i++;
        }
        if (i >= tokens.size()) {
            return StatementKind.OTHER;
        }
        SqlToken first = tokens.get(i);
        if (first.is("with")) {
            int depth = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                SqlToken t = tokens.get(j);
                if (t.isPunct("(")) {
                    depth++;
                } else if (t.isPunct(")")) {
                    depth--;
                } else if (depth == 0 && t.type() == SqlToken.Type.WORD) {
                    StatementKind k = keywordKind(t.text());
                    if (k != StatementKind.OTHER) {
                        return k;
                    }
                }
            }
            return StatementKind.OTHER;
        }
        return first.type() == SqlToken.Type.WORD ? keywordKind(first.text()) : StatementKind.OTHER;
    }

    private static StatementKind keywordKind(String word) {
        switch (word) {
            case "select":
            case "values":
            case "table":
                return StatementKind.SELECT;
            case "insert":
                return StatementKind.INSERT;
            case "update":
                return StatementKind.UPDATE;
            case "delete":
                return StatementKind.DELETE;
            case "merge":
                return StatementKind.MERGE;
            case "copy":
                return StatementKind.COPY;
            case "call":
                return StatementKind.CALL;
            default:
                return StatementKind.OTHER;
        }
    }

    private static final class Scan {
        final Set<String> tables = new LinkedHashSet<>();
        final Set<TableWrite> writes = new LinkedHashSet<>();
        final Set<String> cteNames;

        Scan(Set<String> cteNames) {
            this.cteNames = cteNames;
        }

        void write(StatementKind operation, String table) {
            tables.add(table);
            writes.add(new TableWrite(operation, table));
        }
    }

    // The statement open at one parenthesis depth: the verb that began it and the table it writes (or reads, COPY).
    private record Open(StatementKind verb, String table) {
    }

    private static Scan scan(List<SqlToken> tokens) {
        Scan out = new Scan(cteNames(tokens));
        // true for each open parenthesis that is a function call, where FROM is an argument keyword.
        Deque<Boolean> parens = new ArrayDeque<>();
        // The writing statement open at each depth, so DO UPDATE and THEN INSERT know whose table they write.
        Map<Integer, Open> open = new HashMap<>();
        Set<Integer> afterWith = mainVerbs(tokens);
        boolean dml = startsDml(tokens, 0);
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            SqlToken prev = i > 0 ? tokens.get(i - 1) : null;
            if (t.isPunct("(")) {
                parens.push(prev != null && prev.isName() && !(prev.type() == SqlToken.Type.WORD
                        && NOT_FUNCTIONS.contains(prev.text())));
                continue;
            }
            if (t.isPunct(")")) {
                open.remove(parens.size());
                if (!parens.isEmpty()) {
                    parens.pop();
                }
                continue;
            }
            if (t.isPunct(";") && parens.isEmpty()) {
                open.clear();
                dml = startsDml(tokens, i + 1);
                continue;
            }
            if (t.type() != SqlToken.Type.WORD || (!parens.isEmpty() && parens.peek())) {
                continue;
            }
            int depth = parens.size();
            Open enclosing = open.get(depth);
            boolean start = dml && (prev == null || prev.isPunct("(") || prev.isPunct(")") || prev.isPunct(";")
                    || afterWith.contains(i));
            boolean action = dml && prev != null && prev.is("then") && enclosing != null
                    && enclosing.verb() == StatementKind.MERGE;
            switch (t.text()) {
                case "from":
                    boolean copyFrom = enclosing != null && enclosing.verb() == StatementKind.COPY;
                    if (!copyFrom && !(prev != null && (prev.is("distinct") || prev.is("delete")))) {
                        readTables(tokens, i + 1, out);
                    }
                    break;
                case "join":
                    readTables(tokens, i + 1, out);
                    break;
                case "using":
                    if (enclosing != null && (enclosing.verb() == StatementKind.DELETE
                            || enclosing.verb() == StatementKind.MERGE)) {
                        readTables(tokens, i + 1, out);
                    }
                    break;
                case "insert":
                    if (start && next(tokens, i).is("into")) {
                        beginWrite(tokens, i + 2, StatementKind.INSERT, depth, open, out);
                    } else if (action) {
                        out.write(StatementKind.INSERT, enclosing.table());
                    }
                    break;
                case "update":
                    if (start) {
                        beginWrite(tokens, i + 1, StatementKind.UPDATE, depth, open, out);
                    } else if (dml && prev != null && prev.is("do") && enclosing != null
                            && enclosing.verb() == StatementKind.INSERT) {
                        out.write(StatementKind.UPDATE, enclosing.table());
                    } else if (action) {
                        out.write(StatementKind.UPDATE, enclosing.table());
                    }
                    break;
                case "delete":
                    if (start && next(tokens, i).is("from")) {
                        beginWrite(tokens, i + 2, StatementKind.DELETE, depth, open, out);
                    } else if (action) {
                        out.write(StatementKind.DELETE, enclosing.table());
                    }
                    break;
                case "merge":
                    if (start && next(tokens, i).is("into")) {
                        beginWrite(tokens, i + 2, StatementKind.MERGE, depth, open, out);
                    }
                    break;
                case "copy":
                    if (start) {
                        copy(tokens, i + 1, depth, open, out);
                    }
                    break;
                case "table":
                    // "TABLE jobs" is "SELECT * FROM jobs", alone or after a set operator.
                    if (start || (dml && prev != null && (prev.is("union") || prev.is("except")
                            || prev.is("intersect") || prev.is("all") || prev.is("distinct")))) {
                        String table = readName(tokens, i + 1);
                        if (table != null && !out.cteNames.contains(table)) {
                            out.tables.add(table);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    // The main verb of every WITH statement: the first statement keyword at the WITH's own depth after its CTE list,
    // which a recursive CTE's SEARCH or CYCLE clause ("SEARCH DEPTH FIRST BY n SET ord INSERT ...") may precede.
    private static Set<Integer> mainVerbs(List<SqlToken> tokens) {
        Set<Integer> verbs = new LinkedHashSet<>();
        for (int w = 0; w < tokens.size(); w++) {
            if (!startsWithClause(tokens, w)) {
                continue;
            }
            int depth = 0;
            for (int i = w + 1; i < tokens.size(); i++) {
                SqlToken t = tokens.get(i);
                if (t.isPunct("(")) {
                    depth++;
                } else if (t.isPunct(")") && --depth < 0) {
                    break;
                } else if (depth == 0 && t.type() == SqlToken.Type.WORD
                        && keywordKind(t.text()) != StatementKind.OTHER) {
                    verbs.add(i);
                    break;
                }
            }
        }
        return verbs;
    }

    private static SqlToken next(List<SqlToken> tokens, int i) {
        return i + 1 < tokens.size() ? tokens.get(i + 1) : new SqlToken(SqlToken.Type.PUNCT, "");
    }

    private static boolean startsDml(List<SqlToken> tokens, int start) {
        int i = start;
        while (i < tokens.size() && tokens.get(i).isPunct("(")) {
            i++;
        }
        return i < tokens.size() && tokens.get(i).type() == SqlToken.Type.WORD
                && DML.contains(tokens.get(i).text());
    }

    // A statement that writes its target: records the write and opens the statement at this depth.
    private static void beginWrite(List<SqlToken> tokens, int nameAt, StatementKind verb, int depth,
            Map<Integer, Open> open, Scan out) {
        String table = readName(tokens, nameAt);
        if (table != null) {
            out.write(verb, table);
            open.put(depth, new Open(verb, table));
        }
    }

    // "COPY t [(columns)] FROM ..." writes t; "COPY t TO ..." reads it; "COPY (query) TO ..." reads the query's.
    private static void copy(List<SqlToken> tokens, int nameAt, int depth, Map<Integer, Open> open, Scan out) {
        String table = readName(tokens, nameAt);
        if (table == null) {
            return;
        }
        int i = nameAt + 1;
        while (i + 1 < tokens.size() && tokens.get(i).isPunct(".")) {
            i += 2;
        }
        if (i < tokens.size() && tokens.get(i).isPunct("(")) {
            int level = 0;
            for (; i < tokens.size(); i++) {
                if (tokens.get(i).isPunct("(")) {
                    level++;
                } else if (tokens.get(i).isPunct(")") && --level == 0) {
                    i++;
                    break;
                }
            }
        }
        if (i < tokens.size() && tokens.get(i).is("from")) {
            out.write(StatementKind.COPY, table);
        } else {
            out.tables.add(table);
        }
        open.put(depth, new Open(StatementKind.COPY, table));
    }

    // A WITH clause begins a statement (after nothing, "(" or ";"); other WITHs (WITH ORDINALITY, WITH TIME ZONE)
    // follow other tokens.
    private static boolean startsWithClause(List<SqlToken> tokens, int w) {
        SqlToken before = w > 0 ? tokens.get(w - 1) : null;
        return tokens.get(w).is("with") && (before == null || before.isPunct("(") || before.isPunct(";"));
    }

    // Every name a WITH clause defines, at any depth: "WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED]
    // (...)". A WITH clause begins a statement; other WITHs (WITH ORDINALITY, WITH TIME ZONE) follow other tokens.
    private static Set<String> cteNames(List<SqlToken> tokens) {
        Set<String> names = new LinkedHashSet<>();
        for (int w = 0; w < tokens.size(); w++) {
            if (!startsWithClause(tokens, w)) {
                continue;
            }
            int depth = 0;
            for (int i = w + 1; i < tokens.size(); i++) {
                SqlToken t = tokens.get(i);
                if (t.isPunct("(")) {
                    depth++;
                } else if (t.isPunct(")")) {
                    if (--depth < 0) {
                        break;
                    }
                } else if (depth == 0 && t.type() == SqlToken.Type.WORD
                        && keywordKind(t.text()) != StatementKind.OTHER) {
                    break;
                } else if (depth == 0 && t.isName() && definesCte(tokens, i + 1)) {
                    names.add(t.text());
                }
            }
        }
        return names;
    }

    // True when "AS" follows at i, or a parenthesized column list and then "AS".
    private static boolean definesCte(List<SqlToken> tokens, int i) {
        if (i < tokens.size() && tokens.get(i).isPunct("(")) {
            int level = 0;
            for (; i < tokens.size(); i++) {
                if (tokens.get(i).isPunct("(")) {
                    level++;
                } else if (tokens.get(i).isPunct(")") && --level == 0) {
                    i++;
                    break;
                }
            }
        }
        return i < tokens.size() && tokens.get(i).is("as");
    }

    // Reads "[ONLY] name[.name]" at i: a write's target, never a CTE.
    private static String readName(List<SqlToken> tokens, int start) {
        int i = start;
        if (i < tokens.size() && tokens.get(i).is("only")) {
            i++;
        }
        // An empty quoted name ("") is a syntax error the server reports; it names no table.
        if (i >= tokens.size() || !tokens.get(i).isName() || tokens.get(i).text().isEmpty()) {
            return null;
        }
        StringBuilder name = new StringBuilder(tokens.get(i).text());
        i++;
        while (i + 1 < tokens.size() && tokens.get(i).isPunct(".") && tokens.get(i + 1).isName()) {
            name.append('.').append(tokens.get(i + 1).text());
            i += 2;
        }
        return name.toString();
    }

    // Reads "[ONLY | LATERAL] name[.name] [[AS] alias] [, ...]" from i, as after FROM: tables read.
    private static void readTables(List<SqlToken> tokens, int start, Scan out) {
        int i = start;
        while (true) {
            while (i < tokens.size() && (tokens.get(i).is("only") || tokens.get(i).is("lateral"))) {
                i++;
            }
            if (i >= tokens.size() || !tokens.get(i).isName()) {
                return;
            }
            StringBuilder name = new StringBuilder(tokens.get(i).text());
            i++;
            while (i + 1 < tokens.size() && tokens.get(i).isPunct(".") && tokens.get(i + 1).isName()) {
                name.append('.').append(tokens.get(i + 1).text());
                i += 2;
            }
            // A parenthesis after the name makes a table function, not a table.
            if (i < tokens.size() && tokens.get(i).isPunct("(")) {
                return;
            }
            if (!out.cteNames.contains(name.toString())) {
                out.tables.add(name.toString());
            }
            if (i < tokens.size() && tokens.get(i).is("as")) {
                i++;
            }
            if (i < tokens.size() && tokens.get(i).isName() && !(tokens.get(i).type() == SqlToken.Type.WORD
                    && ALIAS_STOP.contains(tokens.get(i).text()))) {
                i++;
            }
            if (i < tokens.size() && tokens.get(i).isPunct(",")) {
                i++;
            } else {
                return;
            }
        }
    }

    private static List<String> placeholderColumns(List<SqlToken> tokens, StatementKind kind) {
        List<String> columns = new ArrayList<>();
        List<String> insertColumns = kind == StatementKind.INSERT ? insertColumns(tokens) : List.of();
        boolean inValues = false;
        int valuesDepth = 0;
        int depth = 0;
        int position = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.is("values")) {
                inValues = true;
                valuesDepth = depth;
            } else if (t.isPunct("(")) {
                depth++;
                if (inValues && depth == valuesDepth + 1) {
                    position = 0;
                }
            } else if (t.isPunct(")")) {
                depth--;
                if (inValues && depth < valuesDepth) {
                    inValues = false;
                }
            } else if (t.isPunct(",") && inValues && depth == valuesDepth + 1) {
                position++;
            } else if (t.type() == SqlToken.Type.PARAM) {
                int index = t.text().equals("?") ? columns.size() : Integer.parseInt(t.text().substring(1)) - 1;
                String column = comparedColumn(tokens, i);
                if (column == null && inValues && depth == valuesDepth + 1 && position < insertColumns.size()) {
                    column = insertColumns.get(position);
                }
                while (columns.size() <= index) {
                    columns.add(null);
                }
                if (columns.get(index) == null) {
                    columns.set(index, column);
                }
            }
        }
        return columns;
    }

    private static String comparedColumn(List<SqlToken> tokens, int param) {
        if (param < 2) {
            return null;
        }
        SqlToken op = tokens.get(param - 1);
        SqlToken column = tokens.get(param - 2);
        boolean comparison = (op.type() == SqlToken.Type.PUNCT && COMPARISONS.contains(op.text()))
                || op.is("like") || op.is("ilike");
        return comparison && column.isName() ? column.text() : null;
    }

    private static List<String> insertColumns(List<SqlToken> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).is("into")) {
                int j = i + 1;
                while (j < tokens.size() && (tokens.get(j).isName() || tokens.get(j).isPunct("."))) {
                    j++;
                }
                if (j < tokens.size() && tokens.get(j).isPunct("(")) {
                    List<String> names = new ArrayList<>();
                    for (int k = j + 1; k < tokens.size() && !tokens.get(k).isPunct(")"); k++) {
                        if (tokens.get(k).isName()) {
                            names.add(tokens.get(k).text());
                        }
                    }
                    return names;
                }
                return List.of();
            }
        }
        return List.of();
    }

    private static String normalize(List<SqlToken> tokens) {
        List<String> parts = new ArrayList<>(tokens.size());
        for (SqlToken t : tokens) {
            if (t.isValue()) {
                parts.add("?");
            } else if (t.type() == SqlToken.Type.QUOTED) {
                parts.add('"' + t.text().replace("\"", "\"\"") + '"');
            } else {
                parts.add(t.text());
            }
        }
        while (!parts.isEmpty() && parts.get(parts.size() - 1).equals(";")) {
            parts.remove(parts.size() - 1);
        }
        parts = foldValueLists(parts, "(", ")");
        parts = foldValueLists(parts, "[", "]");
        parts = foldRepeatedRows(parts);
        return render(parts);
    }

    // Replaces "( ? , ? , ? )" with "(...)", in one pass over already-normalized parts. A value is a literal or
    // placeholder, signed ("- ?"), cast ("? :: uuid", "cast(? as bigint)"), or a parenthesized row of values
    // ("(?, ?)"), so IN lists of uuids bound as text or of (queue, key) pairs fold like plain ones.
    private static List<String> foldValueLists(List<String> parts, String open, String close) {
        List<String> out = new ArrayList<>(parts.size());
        int i = 0;
        while (i < parts.size()) {
            if (parts.get(i).equals(open)) {
                int end = valuesEnd(parts, i + 1, close);
                if (end > 0) {
                    out.add(open + "..." + close);
                    i = end + 1;
                    continue;
                }
            }
            out.add(parts.get(i));
            i++;
        }
        return out;
    }

    // Where "value, value, ..." starting at i ends: the index of the closing part, or -1 when something else is there.
    private static int valuesEnd(List<String> parts, int i, String close) {
        int j = i;
        while (true) {
            j = valueEnd(parts, j);
            if (j < 0 || j >= parts.size()) {
                return -1;
            }
            if (parts.get(j).equals(close)) {
                return j;
            }
            if (!parts.get(j).equals(",")) {
                return -1;
            }
            j++;
        }
    }

    // Where one value starting at i ends (exclusive), or -1 when none starts there.
    private static int valueEnd(List<String> parts, int i) {
        int n = parts.size();
        int j = i;
        if (j < n && (parts.get(j).equals("-") || parts.get(j).equals("+"))) {
            j++;
        }
        if (j >= n) {
            return -1;
        }
        String part = parts.get(j);
        if (part.equals("?") || part.equals("(...)")) {
            j++;
        } else if (part.equals("(")) {
            int end = valuesEnd(parts, j + 1, ")");
            if (end < 0) {
                return -1;
            }
            j = end + 1;
        } else if (part.equals("cast") && j + 1 < n && parts.get(j + 1).equals("(")) {
            int as = valueEnd(parts, j + 2);
            if (as < 0 || as >= n || !parts.get(as).equals("as")) {
                return -1;
            }
            int end = typeEnd(parts, as + 1);
            if (end < 0 || end >= n || !parts.get(end).equals(")")) {
                return -1;
            }
            j = end + 1;
        } else {
            return -1;
        }
        while (j < n && parts.get(j).equals("::")) {
            j = typeEnd(parts, j + 1);
            if (j < 0) {
                return -1;
            }
        }
        return j;
    }

    // Where a type name starting at i ends (exclusive): words and dots ("timestamp with time zone", "public.state"),
    // a modifier ("varchar(10)") and array brackets; -1 when no type starts there.
    private static int typeEnd(List<String> parts, int i) {
        int n = parts.size();
        int j = i;
        while (j < n && isWord(parts.get(j))) {
            j++;
            if (j + 1 < n && parts.get(j).equals(".") && isWord(parts.get(j + 1))) {
                j++;
            }
        }
        if (j == i) {
            return -1;
        }
        if (j < n && parts.get(j).equals("(...)")) {
            j++;
        } else if (j < n && parts.get(j).equals("(")) {
            int end = valuesEnd(parts, j + 1, ")");
            if (end < 0) {
                return -1;
            }
            j = end + 1;
        }
        while (j + 1 < n && parts.get(j).equals("[") && parts.get(j + 1).equals("]")) {
            j += 2;
        }
        return j;
    }

    private static boolean isWord(String part) {
        char c = part.charAt(0);
        return !NOT_TYPE_WORDS.contains(part) && (Character.isLetter(c) || c == '_' || c == '"');
    }

    // After VALUES, keeps one row of a run of identical rows: "VALUES (...), (...), (...)" -> "VALUES (...)".
    private static List<String> foldRepeatedRows(List<String> parts) {
        List<String> out = new ArrayList<>(parts.size());
        int i = 0;
        while (i < parts.size()) {
            out.add(parts.get(i));
            if (!parts.get(i).equals("values")) {
                i++;
                continue;
            }
            i++;
            List<String> firstRow = row(parts, i);
            if (firstRow == null) {
                continue;
            }
            out.addAll(firstRow);
            i += firstRow.size();
            while (i < parts.size() && parts.get(i).equals(",")) {
                List<String> next = row(parts, i + 1);
                if (next == null || !next.equals(firstRow)) {
                    break;
                }
                i += 1 + next.size();
            }
        }
        return out;
    }

    private static List<String> row(List<String> parts, int start) {
        if (start >= parts.size()) {
            return null;
        }
        if (parts.get(start).equals("(...)")) {
            return List.of("(...)");
        }
        if (!parts.get(start).equals("(")) {
            return null;
        }
        int depth = 0;
        for (int i = start; i < parts.size(); i++) {
            if (parts.get(i).equals("(")) {
                depth++;
            } else if (parts.get(i).equals(")")) {
                depth--;
                if (depth == 0) {
                    return parts.subList(start, i + 1);
                }
            }
        }
        return null;
    }

    private static String render(List<String> parts) {
        StringBuilder out = new StringBuilder();
        String prev = null;
        for (String part : parts) {
            if (prev != null && spaceBetween(prev, part)) {
                out.append(' ');
            }
            out.append(part);
            prev = part;
        }
        return out.toString();
    }

    private static boolean spaceBetween(String prev, String next) {
        if (prev.equals("(") || prev.equals("[") || prev.equals(".") || prev.equals("::")) {
            return false;
        }
        if (next.equals(",") || next.equals(")") || next.equals("]") || next.equals(".") || next.equals("::")
                || next.equals(";")) {
            return false;
        }
        if (next.equals("(") || next.startsWith("(...") || next.equals("[") || next.startsWith("[...")) {
            // Function calls and array subscripts hug their name; keywords keep their space: "IN (...)".
            boolean name = Character.isLetterOrDigit(prev.charAt(prev.length() - 1)) || prev.endsWith("\"");
            return !name || NOT_FUNCTIONS.contains(prev);
        }
        return true;
    }
}
