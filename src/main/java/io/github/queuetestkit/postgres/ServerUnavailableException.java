package io.github.queuetestkit.postgres;

import io.github.queuetestkit.QueueTestkitException;
import org.apiguardian.api.API;

/**
 * No PostgreSQL server could be had: Docker is missing, the image would not start, or the external server
 * named by {@code QUEUETESTKIT_JDBC_URL} could not be reached or cannot create databases.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class ServerUnavailableException extends QueueTestkitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which server, why it could not be used, and the ways out
     * @param cause the underlying failure, or null
     */
    public ServerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
