package io.github.queuetestkit.spring.internal;

import org.apiguardian.api.API;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The databases of the running {@code @PostgresTest} classes, by test class, and the one being bound on this thread.
 * This is the one bridge between JUnit's extension context, where the kit keeps a class's database, and Spring's
 * test context, which loads and restarts application contexts without seeing JUnit's: entries live from the
 * class's start to its end, so nothing outlives a class.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class ClassDatabases {

    private static final Map<Class<?>, ClassDatabase> RUNNING = new ConcurrentHashMap<>();
    private static final ThreadLocal<ClassDatabase> BINDING = new ThreadLocal<>();
    // The application contexts that follow each database: more than the class's own when @DirtiesContext made Spring
    // load a new context during the class.
    private static final Map<ClassDatabase, Set<ClassDatabaseBinding>> FOLLOWERS = new ConcurrentHashMap<>();

    private ClassDatabases() {
    }

    static void started(ClassDatabase database) {
        RUNNING.put(database.testClass(), database);
    }

    static void finished(ClassDatabase database) {
        RUNNING.remove(database.testClass(), database);
    }

    static void followed(ClassDatabase database, ClassDatabaseBinding binding) {
        FOLLOWERS.computeIfAbsent(database, d -> ConcurrentHashMap.newKeySet()).add(binding);
    }

    static void unfollowed(ClassDatabase database, ClassDatabaseBinding binding) {
        FOLLOWERS.computeIfPresent(database, (d, bindings) -> {
            bindings.remove(binding);
            return bindings.isEmpty() ? null : bindings;
        });
    }

    /** @return the application contexts' bindings that follow the database now */
    static List<ClassDatabaseBinding> followers(ClassDatabase database) {
        return List.copyOf(FOLLOWERS.getOrDefault(database, Set.of()));
    }

    /**
     * @param testClass a test class, maybe {@code @Nested} in a running one
     * @return the database of it or of the nearest class it is nested in that is running, or null
     */
    static ClassDatabase of(Class<?> testClass) {
        for (Class<?> each = testClass; each != null; each = enclosingOfInner(each)) {
            ClassDatabase database = RUNNING.get(each);
            if (database != null) {
                return database;
            }
        }
        return null;
    }

    /**
     * @param type a class
     * @return the class enclosing it when it is an inner class (what JUnit runs as {@code @Nested}), else null
     */
    static Class<?> enclosingOfInner(Class<?> type) {
        return type.isMemberClass() && !Modifier.isStatic(type.getModifiers()) ? type.getEnclosingClass() : null;
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
