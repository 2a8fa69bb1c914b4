package io.github.queuetestkit.sql.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What a statement's text shows of code it runs on the server, where SQL text cannot follow: the names it calls as
 * functions or procedures ({@code SELECT enqueue(?)}, {@code CALL enqueue_proc(?)}, {@code FROM add_jobs(?)}) and
 * whether it is an anonymous {@code DO} block. Names only: which of them are functions, and which of those may write,
 * the catalog says.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class RoutineCalls {

    private RoutineCalls() {
    }

    /**
     * Every name written right before an opening parenthesis, so keywords ({@code VALUES (}, {@code IN (}), types
     * ({@code numeric(10, 2)}) and column lists ({@code INSERT INTO jobs (key)}) come too; the catalog tells them
     * from functions.
     *
     * @param sql a statement
     * @return the names, {@code schema.name} when qualified, unquoted parts lower-cased, each once, in order
     */
    public static List<String> names(String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 1; i < tokens.size(); i++) {
            String name = calledAt(tokens, i);
            if (name != null) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * How many arguments each call passes: the top-level commas between a name's parenthesis and its match, plus
     * one (none for {@code f()}). A name followed by a parenthesis that is no call (a keyword, a type, a column list)
     * gets a count too; the catalog tells them apart.
     *
     * @param sql a statement
     * @return by name as {@link #names} reads it, the argument counts its calls pass
     */
    public static Map<String, Set<Integer>> argumentCounts(String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        Map<String, Set<Integer>> counts = new LinkedHashMap<>();
        for (int i = 1; i < tokens.size(); i++) {
            String name = calledAt(tokens, i);
            if (name == null) {
                continue;
            }
            int depth = 0;
            int commas = 0;
            boolean empty = true;
            for (int j = i + 1; j < tokens.size(); j++) {
                SqlToken t = tokens.get(j);
                if (t.isPunct("(") || t.isPunct("[")) {
                    depth++;
                } else if (t.isPunct(")") || t.isPunct("]")) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (t.isPunct(",") && depth == 0) {
                    commas++;
                }
                empty = false;
            }
            counts.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(empty ? 0 : commas + 1);
        }
        return counts;
    }

    /** The name written right before the parenthesis at {@code i}, {@code schema.name} when qualified, or null. */
    private static String calledAt(List<SqlToken> tokens, int i) {
        if (!tokens.get(i).isPunct("(") || !tokens.get(i - 1).isName()) {
            return null;
        }
        String name = tokens.get(i - 1).text();
        if (i >= 3 && tokens.get(i - 2).isPunct(".") && tokens.get(i - 3).isName()) {
            name = tokens.get(i - 3).text() + "." + name;
        }
        return name;
    }

    /**
     * @param sql a statement
     * @return true for an anonymous code block, {@code DO $$ ... $$}
     */
    public static boolean isDoBlock(String sql) {
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        return !tokens.isEmpty() && tokens.get(0).is("do");
    }
}
