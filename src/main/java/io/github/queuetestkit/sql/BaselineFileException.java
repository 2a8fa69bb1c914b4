package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import org.apiguardian.api.API;

/**
 * A plan baseline file that cannot be used: it does not parse (the message names the file and line), it was
 * recorded on another PostgreSQL major, or it cannot be read or written.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public class BaselineFileException extends QueueTestkitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with which file, and how to fix it
     */
    public BaselineFileException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with which file, and how to fix it
     * @param cause the underlying failure
     */
    public BaselineFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
