package io.github.queuetestkit.sql.internal;

import io.github.queuetestkit.base.SqlLexing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL into {@link SqlToken}s, skipping comments and keeping string literals, dollar quotes and quoted
 * identifiers whole, so a keyword inside a string or comment is never mistaken for SQL.
 *
 * <p>Limits, on purpose: it is a lexer, not a parser. It knows PostgreSQL's and JDBC's lexical forms (line and
 * nested block comments, {@code '...'} with doubled quotes, {@code E'...'} with backslash escapes,
 * {@code $tag$...$tag$}, {@code "..."}, {@code ?}, {@code $1}, numbers with exponents) but not JDBC escape
 * syntax ({@code {fn ...}}), {@code U&'...'} Unicode escapes (read as a plain string), or operators made of
 * several characters other than the common ones ({@code ::}, {@code <=}, {@code >=}, {@code <>}, {@code !=},
 * {@code ->>}, {@code ->}, {@code ||}); other operator characters come out one token each.
 */
final class SqlTokenizer {

    private SqlTokenizer() {
    }

    /**
     * @param sql any SQL text
     * @return its tokens, comments dropped
     */
    public static List<SqlToken> tokenize(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = SqlLexing.lineCommentEnd(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = SqlLexing.blockCommentEnd(sql, i);
            } else if (c == '\'') {
                int end = SqlLexing.quotedEnd(sql, i, '\'', false);
                tokens.add(new SqlToken(SqlToken.Type.STRING, sql.substring(i, end)));
                i = end;
            } else if ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                int end = SqlLexing.quotedEnd(sql, i + 1, '\'', true);
                tokens.add(new SqlToken(SqlToken.Type.STRING, sql.substring(i, end)));
                i = end;
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N')
                    && i + 1 < n && sql.charAt(i + 1) == '\'') {
                int end = SqlLexing.quotedEnd(sql, i + 1, '\'', false);
                tokens.add(new SqlToken(SqlToken.Type.STRING, sql.substring(i, end)));
                i = end;
            } else if (c == '"') {
                int end = SqlLexing.quotedEnd(sql, i, '"', false);
                String inner = sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"");
                tokens.add(new SqlToken(SqlToken.Type.QUOTED, inner));
                i = end;
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new SqlToken(SqlToken.Type.PARAM, sql.substring(i, end)));
                i = end;
            } else if (c == '$') {
                int end = SqlLexing.dollarQuoteEnd(sql, i);
                if (end < 0) {
                    tokens.add(new SqlToken(SqlToken.Type.PUNCT, "$"));
                    i++;
                } else {
                    tokens.add(new SqlToken(SqlToken.Type.STRING, sql.substring(i, end)));
                    i = end;
                }
            } else if (c == '?') {
                // pgjdbc reads "??" as an escaped "?" operator (jsonb), not a placeholder.
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    tokens.add(new SqlToken(SqlToken.Type.PUNCT, "?"));
                    i += 2;
                } else {
                    tokens.add(new SqlToken(SqlToken.Type.PARAM, "?"));
                    i++;
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int end = skipNumber(sql, i);
                tokens.add(new SqlToken(SqlToken.Type.NUMBER, sql.substring(i, end)));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = SqlLexing.identifierEnd(sql, i);
                tokens.add(new SqlToken(SqlToken.Type.WORD, sql.substring(i, end).toLowerCase(Locale.ROOT)));
                i = end;
            } else {
                String op = operator(sql, i);
                tokens.add(new SqlToken(SqlToken.Type.PUNCT, op));
                i += op.length();
            }
        }
        return tokens;
    }

    // Longest first. PostgreSQL's jsonb, array and range operators are one token each, so normalized SQL prints them
    // as written (@>, not @ >).
    private static final String[] OPERATORS = {"->>", "#>>", "::", "<=", ">=", "<>", "!=", "->", "#>", "||", "@>",
        "<@", "&&", "@@", "<<", ">>"};

    private static String operator(String sql, int i) {
        for (String op : OPERATORS) {
            if (sql.startsWith(op, i)) {
                return op;
            }
        }
        return String.valueOf(sql.charAt(i));
    }

    private static int skipNumber(String sql, int start) {
        int n = sql.length();
        int i = start;
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}
