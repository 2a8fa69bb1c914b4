package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The statement given to a plan assertion could not be explained: it does not parse or plan (the server's message,
 * with a caret under the position in the SQL), it has the wrong number of parameters, or it is not a statement
 * EXPLAIN accepts (DDL). Never an {@link AssertionError}: the test is broken, not the plan.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ExplainException extends QueueTestkitException {

    private static final long serialVersionUID = 1L;

    /** The server's SQLSTATE, or null when the statement was refused before it reached the server. */
    private final String sqlState;

    /**
     * @param message what is wrong, where in the SQL, and how to fix it
     * @param sqlState the server's SQLSTATE, or null
     * @param cause the driver's exception, or null
     */
    public ExplainException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** @return the server's SQLSTATE (e.g. 42P01 for an unknown table), empty when the kit refused the statement */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
