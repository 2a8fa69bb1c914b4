package io.github.queuetestkit.queue.internal;

import io.github.queuetestkit.base.SqlLexing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SQL and PL/pgSQL text as the lock-wait rule reads it: words in upper case, quoted identifiers and strings whole,
 * comments and blanks dropped. Not a parser: what the rule asks of a text is which words stand next to which.
 */
final class SqlWords {

    private SqlWords() {
    }

    /** Starts a token that is a string's content ({@code 'x'}, {@code E'x'}, {@code $$x$$}); never starts a word. */
    static final char STRING = '\'';

    /**
     * Words in upper case, a quoted identifier as one word {@code "..."}, each string's content as one token
     * starting with {@link #STRING}, and each other character as one word; comments and blanks dropped.
     */
    static List<String> tokens(String sql) {
        List<String> words = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            i = SqlLexing.blanksEnd(sql, i);
            if (i >= n) {
                break;
            }
            char c = sql.charAt(i);
            if (c == '\'') {
                boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e');
                int end = SqlLexing.quotedEnd(sql, i, '\'', escapes);
                boolean closed = end > i + 1 && sql.charAt(end - 1) == '\'';
                String content = sql.substring(i + 1, closed ? end - 1 : end);
                String unquoted = content.replace("''", "'");
                words.add(STRING + (escapes ? unquoted.replaceAll("\\\\(.)", "$1") : unquoted));
                i = end;
            } else if (c == '"') {
                int end = SqlLexing.quotedEnd(sql, i, '"', false);
                words.add(sql.substring(i, end));
                i = end;
            } else if (c == '$' && SqlLexing.dollarQuoteEnd(sql, i) > 0) {
                int end = SqlLexing.dollarQuoteEnd(sql, i);
                String tag = sql.substring(i, sql.indexOf('$', i + 1) + 1);
                boolean closed = end - tag.length() >= i + tag.length() && sql.startsWith(tag, end - tag.length());
                words.add(STRING + sql.substring(i + tag.length(), closed ? end - tag.length() : end));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = SqlLexing.identifierEnd(sql, i);
                words.add(sql.substring(i, end).toUpperCase(Locale.ROOT));
                i = end;
            } else {
                words.add(String.valueOf(c));
                i++;
            }
        }
        return words;
    }

    /**
     * Words in upper case, a quoted identifier as one word {@code "..."}, and each other character as one word;
     * strings, comments and blanks dropped.
     */
    static List<String> words(String sql) {
        return withoutStrings(tokens(sql));
    }

    static List<String> withoutStrings(List<String> tokens) {
        return tokens.stream().filter(token -> token.charAt(0) != STRING).collect(Collectors.toList());
    }

    static boolean isName(String word) {
        char first = word.charAt(0);
        return first == '"' ? word.length() > 2 : Character.isLetter(first) || first == '_';
    }

    static String name(String word) {
        return word.startsWith("\"") ? word.substring(1, word.length() - 1).replace("\"\"", "\"")
                : word.toLowerCase(Locale.ROOT);
    }

    /** Words that can follow a table's name where it has no alias (in a FROM list, or as a write's target). */
    private static final Set<String> AFTER_TABLE = Set.of("ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL",
            "CROSS", "NATURAL", "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "FETCH", "FOR",
            "UNION", "INTERSECT", "EXCEPT", "TABLESAMPLE", "RETURNING", "SET", "WHEN", "VALUES", "SELECT", "DEFAULT",
            "OVERRIDING", "WITH");

    /** @return the index after the possibly schema-qualified table name (after {@code ONLY}) that starts at {@code at} */
    static int nameEnd(List<String> words, int at) {
        if (at(words, at, "ONLY")) {
            at++;
        }
        while (at(words, at + 1, ".")) {
            at += 2;
        }
        return Math.min(at + 1, words.size());
    }

    /** @return the alias at {@code at}, after a table's name ({@code AS} optional), or null when it has none */
    static String aliasAt(List<String> words, int at) {
        if (at(words, at, "AS")) {
            at++;
        }
        if (at >= words.size() || AFTER_TABLE.contains(words.get(at)) || !isName(words.get(at))) {
            return null;
        }
        return name(words.get(at));
    }

    static boolean at(List<String> words, int index, String word) {
        return index < words.size() && words.get(index).equals(word);
    }
}
