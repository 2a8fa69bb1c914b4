package io.github.queuetestkit.spring.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The databases of the running {@code @PostgresTest} classes, by test class, and the one being bound on this thread.
 * This is the one bridge between JUnit's extension context, where the kit keeps a class's database, and Spring's
 * test context, which loads and restarts application contexts without seeing JUnit's: entries live from the
 * class's start to its end, so nothing outlives a class.
 */
public final class ClassDatabases {

    private static final Map<Class<?>, ClassDatabase> RUNNING = new ConcurrentHashMap<>();
    private static final ThreadLocal<ClassDatabase> BINDING = new ThreadLocal<>();

    private ClassDatabases() {
    }

    static void started(ClassDatabase database) {
        RUNNING.put(database.testClass(), database);
    }

    static void finished(ClassDatabase database) {
        RUNNING.remove(database.testClass(), database);
    }

    /**
     * @param testClass a test class, maybe {@code @Nested} in a running one
     * @return the database of it or of the nearest enclosing class that is running, or null
     */
    static ClassDatabase of(Class<?> testClass) {
        for (Class<?> each = testClass; each != null; each = each.getEnclosingClass()) {
            ClassDatabase database = RUNNING.get(each);
            if (database != null) {
                return database;
            }
        }
        return null;
    }

    /** @return the database this thread is binding an application context to, or null */
    static ClassDatabase binding() {
        return BINDING.get();
    }

    /**
     * Runs code that may load or restart an application context, which then attaches to this database.
     *
     * @param database the class database
     * @param action the code
     * @param <T> what it returns
     * @return what it returned
     */
    static <T> T whileBinding(ClassDatabase database, Supplier<T> action) {
        ClassDatabase previous = BINDING.get();
        BINDING.set(database);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                BINDING.remove();
            } else {
                BINDING.set(previous);
            }
        }
    }
}
