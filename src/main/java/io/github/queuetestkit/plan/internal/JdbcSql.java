package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.base.SqlLexing;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Reads a JDBC statement the way pgjdbc does: finds its {@code ?} placeholders outside quotes, dollar quotes and
 * comments ({@code ??} is a literal {@code ?}), rewrites them as {@code $1, $2...}, and maps server error positions
 * back to the text the user wrote.
 *
 * @param original the statement as written, with {@code ?} placeholders
 * @param nativeSql the statement with {@code $n} placeholders, as the server sees it
 * @param placeholders how many placeholders there are
 * @param originIndex for each character of {@code nativeSql}, the index of the character of {@code original} it
 *        comes from
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record JdbcSql(String original, String nativeSql, int placeholders, int[] originIndex) {

    /**
     * @param sql a statement with {@code ?} placeholders
     * @return it, parsed
     */
    public static JdbcSql parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        int[] origin = new int[sql.length() * 2 + 16];
        int count = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end = Math.max(i + 1, SqlLexing.opaqueEnd(sql, i));
            if (end == i + 1 && c == '?') {
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    origin = append(out, origin, "?", i, false);
                    i += 2;
                    continue;
                }
                count++;
                origin = append(out, origin, "$" + count, i, true);
                i++;
                continue;
            }
            origin = append(out, origin, sql.substring(i, end), i, false);
            i = end;
        }
        int[] exact = new int[out.length()];
        System.arraycopy(origin, 0, exact, 0, out.length());
        return new JdbcSql(sql, out.toString(), count, exact);
    }

    private static int[] append(StringBuilder out, int[] origin, String text, int from, boolean placeholder) {
        int[] o = origin;
        if (out.length() + text.length() > o.length) {
            o = java.util.Arrays.copyOf(o, (out.length() + text.length()) * 2);
        }
        for (int k = 0; k < text.length(); k++) {
            o[out.length() + k] = placeholder ? from : from + k;
        }
        out.append(text);
        return o;
    }

    /**
     * @return the first keyword, lower case, after comments, whitespace and opening parentheses; empty if none
     */
    public String firstKeyword() {
        String s = original;
        int i = SqlLexing.blanksEnd(s, 0);
        while (i < s.length() && s.charAt(i) == '(') {
            i = SqlLexing.blanksEnd(s, i + 1);
        }
        int start = i;
        while (i < s.length() && Character.isLetter(s.charAt(i))) {
            i++;
        }
        return s.substring(start, i).toLowerCase(Locale.ROOT);
    }

    /**
     * @param position a server error position: 1-based character index into the sent text
     * @param prefixLength how many characters were sent before {@link #nativeSql()}
     * @return the 0-based index into {@link #original()}, or -1 when the position is outside the statement
     */
    public int originalIndex(int position, int prefixLength) {
        int k = position - 1 - prefixLength;
        if (k < 0 || k > originIndex.length) {
            return -1;
        }
        return k == originIndex.length ? original.length() : originIndex[k];
    }

    /**
     * Shows where in the statement an index points: the line, a caret under the column, and "line L, column C".
     *
     * @param sql the statement
     * @param index 0-based character index
     * @return the excerpt, each line indented by two spaces
     */
    public static String caret(String sql, int index) {
        int lineStart = sql.lastIndexOf('\n', Math.max(0, index - 1)) + 1;
        if (index == 0) {
            lineStart = 0;
        }
        int lineEnd = sql.indexOf('\n', index);
        lineEnd = lineEnd < 0 ? sql.length() : lineEnd;
        int line = 1;
        for (int k = 0; k < lineStart; k++) {
            if (sql.charAt(k) == '\n') {
                line++;
            }
        }
        int column = index - lineStart + 1;
        StringBuilder pad = new StringBuilder();
        for (int k = lineStart; k < index; k++) {
            pad.append(sql.charAt(k) == '\t' ? '\t' : ' ');
        }
        return "  " + sql.substring(lineStart, lineEnd) + "\n  " + pad + "^\n  at line " + line + ", column " + column;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JdbcSql other && other.original.equals(original);
    }

    @Override
    public int hashCode() {
        return original.hashCode();
    }

    @Override
    public String toString() {
        return nativeSql;
    }
}
