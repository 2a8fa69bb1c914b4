package io.github.queuetestkit.sql.internal;

import io.github.queuetestkit.sql.StatementKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the kit reads from a statement's text: its normalized form, its kind, the tables it reads and the one it
 * writes, and the column each placeholder is compared with or inserted into (to hide secret parameters).
 *
 * <p>Normalization drops comments, folds whitespace and unquoted case, replaces every literal and placeholder
 * with {@code ?}, folds every parenthesized or bracketed list made only of values to {@code (...)} /
 * {@code [...]} (so {@code IN (1,2,3)} and {@code IN (4,5)} group), and keeps one of several identical
 * {@code VALUES} rows (so multi-row inserts of different sizes group).
 *
 * <p>Tables come from the names after {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE},
 * {@code DELETE FROM}, {@code MERGE INTO} and {@code COPY}, at any depth, minus the statement's own CTE names.
 * Limits: {@code FROM} inside a function call's parentheses ({@code extract(epoch FROM t)}) and after
 * {@code DISTINCT} is ignored; table functions ({@code FROM unnest(?)}) are no tables; names reached only
 * through views, functions or triggers are not seen (use the server-side view for those).
 *
 * @param normalized the normalized SQL
 * @param kind what the statement does
 * @param tables every table read or written, in order of appearance; schema-qualified as written
 * @param target the table written by INSERT, UPDATE, DELETE, MERGE or COPY, or null
 * @param placeholderColumns per placeholder (0-based), the column it is compared with or inserted into, or
 *        null when the tokenizer cannot tell
 */
public record SqlShape(String normalized, StatementKind kind, List<String> tables, String target,
        List<String> placeholderColumns) {

    private static final Set<String> NOT_FUNCTIONS = Set.of("in", "exists", "any", "all", "some", "from", "join",
            "as", "values", "lateral", "on", "where", "and", "or", "not", "select", "set", "using", "with", "into",
            "when", "then", "else", "case", "returning", "by", "having", "union", "except", "intersect", "over",
            "filter", "within", "materialized", "conflict", "do", "is", "like", "ilike", "between");

    private static final Set<String> ALIAS_STOP = Set.of("where", "join", "inner", "left", "right", "full",
            "cross", "natural", "on", "using", "group", "order", "limit", "offset", "for", "union", "except",
            "intersect", "having", "window", "returning", "set", "values", "select", "default", "fetch",
            "lateral", "tablesample", "when", "then", "do", "overriding", "from", "as", "with", "to", "and",
            "or", "skip", "nowait", "conflict");

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

    /** Defensive copies. */
    public SqlShape {
        tables = List.copyOf(tables);
        placeholderColumns = Collections.unmodifiableList(new ArrayList<>(placeholderColumns));
    }

    /**
     * @param sql a statement as sent to the server
     * @return its shape
     */
    public static SqlShape of(String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        StatementKind kind = kind(tokens);
        Tables tables = tables(tokens, kind);
        return new SqlShape(normalize(tokens), kind, new ArrayList<>(tables.all), tables.target,
                placeholderColumns(tokens, kind));
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
     * @return true when this statement writes that table
     */
    public boolean writes(String table) {
        return target != null && sameTable(target, table);
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

    private static final class Tables {
        final Set<String> all = new LinkedHashSet<>();
        final Set<String> cteNames = new LinkedHashSet<>();
        String target;
    }

    private static Tables tables(List<SqlToken> tokens, StatementKind kind) {
        Tables out = new Tables();
        collectCteNames(tokens, out);
        // true for each open parenthesis that is a function call, where FROM is an argument keyword.
        Deque<Boolean> parens = new ArrayDeque<>();
        boolean targetSeen = false;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            SqlToken prev = i > 0 ? tokens.get(i - 1) : null;
            if (t.isPunct("(")) {
                parens.push(prev != null && prev.isName() && !(prev.type() == SqlToken.Type.WORD
                        && NOT_FUNCTIONS.contains(prev.text())));
                continue;
            }
            if (t.isPunct(")")) {
                if (!parens.isEmpty()) {
                    parens.pop();
                }
                continue;
            }
            if (t.type() != SqlToken.Type.WORD || (!parens.isEmpty() && parens.peek())) {
                continue;
            }
            switch (t.text()) {
                case "from":
                    if (prev != null && prev.is("distinct")) {
                        break;
                    }
                    if (prev != null && prev.is("delete") && !targetSeen) {
                        out.target = readTable(tokens, i + 1, out, false);
                        targetSeen = true;
                    } else {
                        readTable(tokens, i + 1, out, true);
                    }
                    break;
                case "join":
                    readTable(tokens, i + 1, out, true);
                    break;
                case "into":
                    if (!targetSeen && (kind == StatementKind.INSERT || kind == StatementKind.MERGE)
                            && prev != null && (prev.is("insert") || prev.is("merge"))) {
                        out.target = readTable(tokens, i + 1, out, false);
                        targetSeen = true;
                    }
                    break;
                case "update":
                    if (!targetSeen && kind == StatementKind.UPDATE && (prev == null || !(prev.is("for")
                            || prev.is("key") || prev.is("do")))) {
                        out.target = readTable(tokens, i + 1, out, false);
                        targetSeen = true;
                    }
                    break;
                case "copy":
                    if (i == 0 && kind == StatementKind.COPY) {
                        out.target = readTable(tokens, i + 1, out, false);
                        targetSeen = true;
                    }
                    break;
                default:
                    break;
            }
        }
        return out;
    }

    private static void collectCteNames(List<SqlToken> tokens, Tables out) {
        if (tokens.isEmpty() || !tokens.get(0).is("with")) {
            return;
        }
        int depth = 0;
        for (int i = 1; i + 1 < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.isPunct("(")) {
                depth++;
            } else if (t.isPunct(")")) {
                depth--;
            } else if (depth == 0 && t.isName() && tokens.get(i + 1).is("as")) {
                out.cteNames.add(t.text());
            } else if (depth == 0 && t.type() == SqlToken.Type.WORD
                    && keywordKind(t.text()) != StatementKind.OTHER) {
                return;
            }
        }
    }

    // Reads "[ONLY] name[.name] [[AS] alias] [, ...]" from i; returns the first name, or null.
    private static String readTable(List<SqlToken> tokens, int start, Tables out, boolean list) {
        String first = null;
        int i = start;
        while (true) {
            while (i < tokens.size() && (tokens.get(i).is("only") || tokens.get(i).is("lateral"))) {
                i++;
            }
            if (i >= tokens.size() || !tokens.get(i).isName()) {
                return first;
            }
            StringBuilder name = new StringBuilder(tokens.get(i).text());
            i++;
            while (i + 1 < tokens.size() && tokens.get(i).isPunct(".") && tokens.get(i + 1).isName()) {
                name.append('.').append(tokens.get(i + 1).text());
                i += 2;
            }
            // After INSERT INTO and COPY a parenthesis is a column list; after FROM it makes a table function.
            boolean function = list && i < tokens.size() && tokens.get(i).isPunct("(");
            if (!function && !out.cteNames.contains(name.toString())) {
                out.all.add(name.toString());
                if (first == null) {
                    first = name.toString();
                }
            }
            if (function || !list) {
                return first;
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
                return first;
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

    // Replaces "( ? , ? , ? )" with "(...)", in one pass over already-normalized parts.
    private static List<String> foldValueLists(List<String> parts, String open, String close) {
        List<String> out = new ArrayList<>(parts.size());
        int i = 0;
        while (i < parts.size()) {
            if (parts.get(i).equals(open)) {
                int j = i + 1;
                boolean expectValue = true;
                while (j < parts.size() && parts.get(j).equals(expectValue ? "?" : ",")) {
                    expectValue = !expectValue;
                    j++;
                }
                if (j > i + 1 && !expectValue && j < parts.size() && parts.get(j).equals(close)) {
                    out.add(open + "..." + close);
                    i = j + 1;
                    continue;
                }
            }
            out.add(parts.get(i));
            i++;
        }
        return out;
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
