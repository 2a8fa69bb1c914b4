package io.github.queuetestkit;

import org.apiguardian.api.API;

/**
 * Base of every exception queue-testkit throws for bad input or an unusable environment. Its message names
 * the thing at fault and says how to fix it; it is never an {@link AssertionError}, so a broken test setup
 * is not mistaken for a failed assertion.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class QueueTestkitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and how to fix it
     */
    public QueueTestkitException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause the underlying failure, kept for its stack trace
     */
    public QueueTestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
