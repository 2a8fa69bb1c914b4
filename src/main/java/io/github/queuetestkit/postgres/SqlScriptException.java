package io.github.queuetestkit.postgres;

import io.github.queuetestkit.QueueTestkitException;
import org.apiguardian.api.API;

/**
 * A SQL script (an init script, a dataset's DDL) that PostgreSQL rejected. The message names the script, the
 * line and column of the failing statement and the server's own message.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class SqlScriptException extends QueueTestkitException {

    private static final long serialVersionUID = 1L;

    private final String script;
    private final int line;
    private final int column;

    /**
     * @param message the full message
     * @param script the script's name as the user gave it
     * @param line 1-based line of the failure in the script
     * @param column 1-based column of the failure in the script
     * @param cause the server's error
     */
    public SqlScriptException(String message, String script, int line, int column, Throwable cause) {
        super(message, cause);
        this.script = script;
        this.line = line;
        this.column = column;
    }

    /** @return the script's name as the user gave it */
    public String script() {
        return script;
    }

    /** @return 1-based line of the failure */
    public int line() {
        return line;
    }

    /** @return 1-based column of the failure */
    public int column() {
        return column;
    }
}
