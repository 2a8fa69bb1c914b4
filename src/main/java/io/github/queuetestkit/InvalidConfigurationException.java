package io.github.queuetestkit;

import org.apiguardian.api.API;

/**
 * A setting, annotation attribute or definition that queue-testkit cannot use. Thrown before anything is
 * created, with the name of the setting and where it came from.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class InvalidConfigurationException extends QueueTestkitException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the setting at fault, where it came from, and how to fix it
     */
    public InvalidConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message the setting at fault, where it came from, and how to fix it
     * @param cause the underlying failure
     */
    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
