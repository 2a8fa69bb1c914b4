package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.base.SqlLexing;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * A SQL script split into statements, each remembering where it starts, so a server error can be reported
 * at the script's own line and column. Testcontainers' ScriptUtils splits scripts too, but forgets where each
 * statement came from, which is the one thing our error messages need.
 *
 * @param name the script's name as the user gave it, for messages
 * @param text the whole script
 * @param statements the statements, in order, without their terminating semicolons
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public record SqlScript(String name, String text, List<Statement> statements) {

    /**
     * One statement of a script.
     *
     * @param sql the statement's text
     * @param offset the index in the script of its first character
     */
    public record Statement(String sql, int offset) {
    }

    public SqlScript {
        statements = List.copyOf(statements);
    }

    /**
     * Splits a script on semicolons outside quotes, dollar quotes and comments.
     *
     * @param name the script's name, for messages
     * @param text the script
     * @return the parsed script
     */
    public static SqlScript parse(String name, String text) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                i = SqlLexing.lineCommentEnd(text, i);
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i = SqlLexing.blockCommentEnd(text, i);
            } else if (c == '\'') {
                boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e');
                i = SqlLexing.quotedEnd(text, i, '\'', escapes);
            } else if (c == '"') {
                i = SqlLexing.quotedEnd(text, i, '"', false);
            } else if (c == '$') {
                int end = SqlLexing.dollarQuoteEnd(text, i);
                i = end >= 0 ? end : i + 1;
            } else if (c == ';') {
                add(statements, text, start, i);
                start = i + 1;
                i++;
            } else {
                i++;
            }
        }
        add(statements, text, start, n);
        return new SqlScript(name, text, statements);
    }

    /**
     * @param offset an index into the script
     * @return the 1-based line and column of that index, as {@code int[]{line, column}}
     */
    public int[] lineAndColumn(int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /**
     * @param line a 1-based line number
     * @return that line of the script, without its line break
     */
    public String line(int line) {
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1].replace("\r", "") : "";
    }

    private static void add(List<Statement> statements, String text, int start, int end) {
        String sql = text.substring(start, end);
        if (!isBlank(sql)) {
            int lead = 0;
            while (lead < sql.length() && Character.isWhitespace(sql.charAt(lead))) {
                lead++;
            }
            statements.add(new Statement(sql.substring(lead), start + lead));
        }
    }

    // A statement made only of whitespace and comments is nothing to run.
    private static boolean isBlank(String sql) {
        return SqlLexing.blanksEnd(sql, 0) == sql.length();
    }
}
