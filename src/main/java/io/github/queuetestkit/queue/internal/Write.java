package io.github.queuetestkit.queue.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One write in a statement's words ({@code UPDATE}, {@code DELETE}, {@code MERGE} or {@code INSERT}) and which rows
 * of its table it can reach, as far as its words tell.
 *
 * <p>Why the lock-wait rule needs the rows and not only the table: a dequeue that takes one job with {@code SKIP
 * LOCKED} and in the same statement updates other rows of the same table ({@code WITH next AS (... FOR UPDATE SKIP
 * LOCKED) UPDATE jobs ... FROM next WHERE jobs.user_id = next.user_id}, every job of the user it took) queues behind
 * the rows other workers hold, on a table it does lock with {@code SKIP LOCKED}.
 *
 * @param verb {@code UPDATE}, {@code DELETE}, {@code MERGE} or {@code INSERT}
 * @param verbAt the index of the verb in the words
 * @param tableAt the index of the table's name (after {@code FROM} or {@code INTO})
 * @param table the table's name, unqualified ("" where it is not a plain name)
 */
record Write(String verb, int verbAt, int tableAt, String table) {

    /**
     * Whether the write reaches only rows its statement locked: an {@code UPDATE} or {@code DELETE} whose
     * {@code WHERE} (a {@code MERGE}'s {@code ON}), among the conditions joined by {@code AND}, equates
     * ({@code =}, {@code IN}, {@code = ANY}) every column of a unique key of its table, or its {@code ctid}, or says
     * {@code CURRENT OF} a cursor. What it equates them with is not followed (a key equated with another row's, a
     * parent job's, say, reads as the locked row). An {@code INSERT ... ON CONFLICT} into the table waits for whoever
     * inserted or holds the row of the key it inserts, which its words cannot relate to the locked rows: it never
     * does. When the table's keys are not known (a table named at run time), the write counts by its table alone.
     *
     * @param words the statement's words
     * @param uniqueKeys the unique keys of tables by name; a table missing is one whose keys are not known
     */
    boolean onlyRowsItLocked(List<String> words, Map<String, List<List<String>>> uniqueKeys) {
        List<List<String>> keys = uniqueKeys.get(table);
        if (keys == null) {
            return true;
        }
        if (verb.equals("INSERT")) {
            return false;
        }
        int end = end(words);
        int nameEnd = SqlWords.nameEnd(words, tableAt);
        String alias = SqlWords.aliasAt(words, nameEnd);
        List<String> condition = condition(words, nameEnd, end);
        if (condition == null) {
            return false;
        }
        if (SqlWords.at(condition, 0, "CURRENT") && SqlWords.at(condition, 1, "OF")) {
            return true;
        }
        Set<String> equated = new HashSet<>();
        for (List<String> conjunct : conjuncts(condition)) {
            String column = equatedColumn(conjunct, alias);
            if (column != null) {
                equated.add(column);
            }
        }
        return equated.contains("ctid") || keys.stream().anyMatch(key -> !key.isEmpty() && equated.containsAll(key));
    }

    /** The index where the write ends: the parenthesis closing its CTE, or the end of the words. */
    private int end(List<String> words) {
        int depth = 0;
        for (int i = verbAt; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("(")) {
                depth++;
            } else if (word.equals(")") && --depth < 0) {
                return i;
            }
        }
        return words.size();
    }

    /** The words of the {@code WHERE} (a MERGE's {@code ON}) at the write's own depth, or null when it has none. */
    private List<String> condition(List<String> words, int from, int end) {
        String opens = verb.equals("MERGE") ? "ON" : "WHERE";
        Set<String> closes = verb.equals("MERGE") ? Set.of("WHEN") : Set.of("RETURNING");
        int depth = 0;
        int start = -1;
        for (int i = from; i < end; i++) {
            String word = words.get(i);
            if (word.equals("(")) {
                depth++;
            } else if (word.equals(")")) {
                depth--;
            } else if (depth == 0 && start < 0 && word.equals(opens)) {
                start = i + 1;
            } else if (depth == 0 && start >= 0 && closes.contains(word)) {
                return words.subList(start, i);
            }
        }
        return start < 0 ? null : words.subList(start, end);
    }

    /** The conditions joined by {@code AND} at the top ({@code BETWEEN}'s own {@code AND} does not split). */
    private static List<List<String>> conjuncts(List<String> condition) {
        List<List<String>> conjuncts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean between = false;
        for (int i = 0; i < condition.size(); i++) {
            String word = condition.get(i);
            if (word.equals("(")) {
                depth++;
            } else if (word.equals(")")) {
                depth--;
            } else if (depth == 0 && word.equals("BETWEEN")) {
                between = true;
            } else if (depth == 0 && word.equals("AND")) {
                if (between) {
                    between = false;
                } else {
                    conjuncts.add(condition.subList(start, i));
                    start = i + 1;
                }
            }
        }
        conjuncts.add(condition.subList(start, condition.size()));
        return conjuncts;
    }

    /** @return the column of the write's table that a condition equates with something, or null */
    private String equatedColumn(List<String> conjunct, String alias) {
        List<String> words = withoutOuterParentheses(conjunct);
        if (atTop(words, "OR")) {
            return null;
        }
        int depth = 0;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals("(")) {
                depth++;
            } else if (word.equals(")")) {
                depth--;
            } else if (depth == 0 && (isEquals(words, i) || isIn(words, i))) {
                String column = columnOf(words.subList(0, i), alias);
                return column != null || !word.equals("=") ? column
                        : columnOf(words.subList(i + 1, words.size()), alias);
            }
        }
        return null;
    }

    private static boolean atTop(List<String> words, String word) {
        int depth = 0;
        for (String each : words) {
            if (each.equals("(")) {
                depth++;
            } else if (each.equals(")")) {
                depth--;
            } else if (depth == 0 && each.equals(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEquals(List<String> words, int i) {
        if (!words.get(i).equals("=")) {
            return false;
        }
        String before = i > 0 ? words.get(i - 1) : "";
        String after = i + 1 < words.size() ? words.get(i + 1) : "";
        return !Set.of("<", ">", "!", ":", "=").contains(before) && !Set.of(">", "=").contains(after);
    }

    private static boolean isIn(List<String> words, int i) {
        return words.get(i).equals("IN") && SqlWords.at(words, i + 1, "(") && (i == 0 || !words.get(i - 1).equals(
                "NOT"));
    }

    private static List<String> withoutOuterParentheses(List<String> words) {
        while (words.size() >= 2 && words.get(0).equals("(") && closingOf(words, 0) == words.size() - 1) {
            words = words.subList(1, words.size() - 1);
        }
        return words;
    }

    private static int closingOf(List<String> words, int open) {
        int depth = 0;
        for (int i = open; i < words.size(); i++) {
            if (words.get(i).equals("(")) {
                depth++;
            } else if (words.get(i).equals(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** @return the column when the words are a column of the write's table (unqualified or by its name or alias) */
    private String columnOf(List<String> side, String alias) {
        List<String> words = withoutOuterParentheses(side);
        if (words.size() == 1 && SqlWords.isName(words.get(0))) {
            return SqlWords.name(words.get(0));
        }
        if (words.size() >= 3 && words.size() % 2 == 1 && SqlWords.isName(words.get(words.size() - 1))) {
            for (int i = 1; i < words.size(); i += 2) {
                if (!words.get(i).equals(".") || !SqlWords.isName(words.get(i - 1))) {
                    return null;
                }
            }
            String qualifier = SqlWords.name(words.get(words.size() - 3));
            if (qualifier.equals(table) || qualifier.equals(alias)) {
                return SqlWords.name(words.get(words.size() - 1));
            }
        }
        return null;
    }
}
