package io.github.queuetestkit.postgres.internal;

import io.github.queuetestkit.postgres.SqlScriptException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.apiguardian.api.API;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Runs a {@link SqlScript} statement by statement and reports a failure at the script's line and column. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class SqlScriptRunner {

    private SqlScriptRunner() {
    }

    /**
     * @param connection where to run it, in its current auto-commit mode
     * @param script the script
     * @param role what the script is, for the message, e.g. "Init script"
     * @param fix what the user can do, for the message
     * @throws SqlScriptException naming the script, line, column and server message
     */
    public static void run(Connection connection, SqlScript script, String role, String fix) {
        try (Statement statement = connection.createStatement()) {
            for (SqlScript.Statement each : script.statements()) {
                try {
                    statement.execute(each.sql());
                } catch (SQLException e) {
                    throw failure(script, each, e, role, fix);
                }
            }
        } catch (SQLException e) {
            throw new SqlScriptException(role + " " + script.name() + " could not run: " + e.getMessage(),
                    script.name(), 1, 1, e);
        }
    }

    /**
     * @param script the script
     * @param statement the statement that failed, with its offset in the script
     * @param e the server's error
     * @param role what the script is, for the message, e.g. "Init script"
     * @param fix what the user can do, for the message
     * @return the failure at the script's line and column, with a caret under the server's position
     */
    public static SqlScriptException failure(SqlScript script, SqlScript.Statement statement, SQLException e,
            String role, String fix) {
        int offset = statement.offset();
        String serverMessage = e.getMessage();
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            // The server's position is 1-based within the statement we sent.
            if (server.getPosition() > 0) {
                offset += server.getPosition() - 1;
            }
            serverMessage = server.getSeverity() + ": " + server.getMessage()
                    + (server.getDetail() == null ? "" : "\n  Detail: " + server.getDetail())
                    + (server.getHint() == null ? "" : "\n  Hint: " + server.getHint());
        }
        int[] at = script.lineAndColumn(offset);
        String lineNumber = String.valueOf(at[0]);
        String excerpt = "  " + lineNumber + " | " + script.line(at[0]) + "\n"
                + "  " + " ".repeat(lineNumber.length()) + " | " + " ".repeat(at[1] - 1) + "^";
        String message = role + " " + script.name() + " failed at line " + at[0] + ", column " + at[1] + ": "
                + serverMessage + "\n" + excerpt + "\n" + fix;
        return new SqlScriptException(message, script.name(), at[0], at[1], e);
    }
}
