package io.github.queuetestkit.junit.internal;

import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one place the extension reads and fills JUnit's {@link ExtensionContext.Store}. JUnit 6 renames
 * {@code getOrComputeIfAbsent}; while JUnit 5.10+ is supported, this keeps that call in one place.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Stores {

    /** The namespace of every value queue-testkit keeps in a store. */
    public static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create("io.github.queuetestkit");

    private Stores() {
    }

    /**
     * @param context whose store to use
     * @param key the value's key
     * @param type the value's type
     * @param factory makes the value the first time
     * @param <T> the value's type
     * @return the value in that context's store, made once
     */
    @SuppressWarnings("deprecation")
    public static <T> T getOrCompute(ExtensionContext context, String key, Class<T> type, Supplier<T> factory) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> factory.get(), type);
    }

    /**
     * @param context whose store to read
     * @param key the value's key
     * @param type the value's type
     * @param <T> the value's type
     * @return the value, or null when absent
     */
    public static <T> T get(ExtensionContext context, String key, Class<T> type) {
        return context.getStore(NAMESPACE).get(key, type);
    }
}
