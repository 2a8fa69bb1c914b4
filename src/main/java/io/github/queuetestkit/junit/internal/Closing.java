package io.github.queuetestkit.junit.internal;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A value JUnit closes when its store's context ends. It implements both {@link AutoCloseable} (JUnit 5.13+ and
 * 6) and {@link ExtensionContext.Store.CloseableResource} (JUnit 5.10 to 5.12), and closes once whichever JUnit
 * calls.
 *
 * @param <T> the value
 */
@SuppressWarnings("deprecation")
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Closing<T> implements AutoCloseable, ExtensionContext.Store.CloseableResource {

    /** What closes the value. */
    @FunctionalInterface
    public interface Closer<T> {
        /**
         * @param value the value to close
         * @throws Exception as closing it throws
         */
        void close(T value) throws Exception;
    }

    private final T value;
    private final Closer<T> closer;
    private boolean closed;

    /**
     * @param value the value
     * @param closer what closes it
     */
    public Closing(T value, Closer<T> closer) {
        this.value = value;
        this.closer = closer;
    }

    /** @return the value */
    public T value() {
        return value;
    }

    @Override
    public synchronized void close() throws Exception {
        if (!closed) {
            closed = true;
            closer.close(value);
        }
    }
}
