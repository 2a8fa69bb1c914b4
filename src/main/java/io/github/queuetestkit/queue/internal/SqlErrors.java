package io.github.queuetestkit.queue.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import java.sql.SQLException;
import org.apiguardian.api.API;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a failed user-supplied query into our exception with the server message and the position marked. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * @param what what the query was for, first words of the message
     * @param sql the statement that failed
     * @param e the failure
     * @return an exception naming the server message and pointing at the failing position
     */
    public static InvalidConfigurationException invalidQuery(String what, String sql, SQLException e) {
        StringBuilder message = new StringBuilder(what).append(" failed: ").append(serverMessage(e));
        int position = position(e);
        message.append("\n  ").append(sql.replace('\n', ' '));
        if (position > 0 && position <= sql.length()) {
            message.append("\n  ").append(" ".repeat(position - 1)).append('^').append(" position ").append(position);
        }
        message.append("\nCheck the table, column and expression names against the schema.");
        return new InvalidConfigurationException(message.toString(), e);
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            return m.getSeverity() + ": " + m.getMessage() + " (SQLState " + m.getSQLState() + ")";
        }
        return e.getMessage() + " (SQLState " + e.getSQLState() + ")";
    }

    private static int position(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getPosition();
        }
        return 0;
    }
}
