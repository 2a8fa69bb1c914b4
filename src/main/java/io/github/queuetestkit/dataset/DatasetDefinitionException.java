package io.github.queuetestkit.dataset;

import io.github.queuetestkit.InvalidConfigurationException;
import org.apiguardian.api.API;

/**
 * A dataset definition that cannot be loaded: the message names the file, line and column and what was
 * expected there. Thrown before any row is loaded.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DatasetDefinitionException extends InvalidConfigurationException {

    private static final long serialVersionUID = 1L;

    /** @param message where and what, and how to fix it */
    public DatasetDefinitionException(String message) {
        super(message);
    }

    /** @param message where and what @param cause the underlying error */
    public DatasetDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
