package io.github.queuetestkit.base;

import org.apiguardian.api.API;

/**
 * Where PostgreSQL's quoted and commented forms end. The kit reads SQL in three places (init scripts split into
 * statements, JDBC statements searched for {@code ?}, captured statements tokenized) and all three must agree on
 * what a quote or comment hides. Each method takes the index of the form's first character and returns the index
 * just after its end, or the text's length when the form is never closed (the server reports that, not us).
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class SqlLexing {

    private SqlLexing() {
    }

    /**
     * @param sql the text
     * @param start the index of the opening {@code --}
     * @return the index after the line break that ends the comment
     */
    public static int lineCommentEnd(String sql, int start) {
        int newline = sql.indexOf('\n', start);
        return newline < 0 ? sql.length() : newline + 1;
    }

    /**
     * @param sql the text
     * @param start the index of the opening {@code /*}
     * @return the index after the matching {@code *}{@code /}: PostgreSQL's block comments nest
     */
    public static int blockCommentEnd(String sql, int start) {
        int depth = 0;
        int i = start;
        int n = sql.length();
        while (i < n) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /**
     * @param sql the text
     * @param start the index of the opening quote
     * @param quote {@code '} for a string, {@code "} for an identifier; doubled, it stands for itself
     * @param backslashEscapes whether a backslash escapes the next character ({@code E'...'} strings)
     * @return the index after the closing quote
     */
    public static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return n;
    }

    /**
     * @param sql the text
     * @param start the index of a {@code $}
     * @return the index after the closing {@code $tag$} when the {@code $} opens {@code $$} or {@code $tag$} (a tag
     *     is an identifier, so {@code $1} is a parameter, not a quote), else -1
     */
    public static int dollarQuoteEnd(String sql, int start) {
        int n = sql.length();
        int i = start + 1;
        while (i < n && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_'
                || (i > start + 1 && Character.isDigit(sql.charAt(i))))) {
            i++;
        }
        if (i >= n || sql.charAt(i) != '$') {
            return -1;
        }
        String tag = sql.substring(start, i + 1);
        int close = sql.indexOf(tag, i + 1);
        return close < 0 ? n : close + tag.length();
    }

    /**
     * @param sql the text
     * @param start the index of an unquoted identifier's or keyword's first character (a letter or underscore)
     * @return the index after its last character: PostgreSQL's identifiers go on with letters, digits, underscores
     *     and dollar signs
     */
    public static int identifierEnd(String sql, int start) {
        int end = start + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                || sql.charAt(end) == '$')) {
            end++;
        }
        return end;
    }

    /**
     * @param sql the text
     * @param start where to start
     * @return the index of the first character from {@code start} on that is neither whitespace nor inside a
     *     comment; the text's length when there is none
     */
    public static int blanksEnd(String sql, int start) {
        int i = start;
        int n = sql.length();
        while (i < n) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                i = lineCommentEnd(sql, i);
            } else if (sql.startsWith("/*", i)) {
                i = blockCommentEnd(sql, i);
            } else {
                return i;
            }
        }
        return n;
    }

    /**
     * A plain {@code java.sql.Statement} has no placeholders, so a {@code ?} in it is an operator (jsonb's
     * {@code ?}); run through a PreparedStatement, the same text needs each such {@code ?} written {@code ??}.
     *
     * @param sql a statement as sent through a plain Statement
     * @return it with every {@code ?} outside quotes, dollar quotes and comments doubled
     */
    public static String questionMarksEscaped(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 4);
        int i = 0;
        while (i < sql.length()) {
            int end = opaqueEnd(sql, i);
            if (end == i && sql.charAt(i) == '?') {
                out.append("??");
                i++;
                continue;
            }
            end = Math.max(end, i + 1);
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    /**
     * Where a run the SQL text does not read as words ends: a string ({@code 'x'}, {@code E'x'}), a quoted
     * identifier, a line or block comment, or a dollar-quoted string starting at {@code i}.
     *
     * @param sql a statement
     * @param i an index into it
     * @return the index after that run, or {@code i} when none starts there
     */
    public static int opaqueEnd(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'') {
            boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                    && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
            return quotedEnd(sql, i, '\'', escapes);
        } else if (c == '"') {
            return quotedEnd(sql, i, '"', false);
        } else if (sql.startsWith("--", i)) {
            return lineCommentEnd(sql, i);
        } else if (sql.startsWith("/*", i)) {
            return blockCommentEnd(sql, i);
        } else if (c == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
            int end = dollarQuoteEnd(sql, i);
            return end > i + 1 ? end : i;
        }
        return i;
    }
}
