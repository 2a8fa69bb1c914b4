package io.github.queuetestkit.spring.internal;

import org.apiguardian.api.API;
import io.github.queuetestkit.junit.internal.ClassDatabaseListener;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.RecordingDataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Binds a Spring test class's application context to its class database. Registered with
 * {@link java.util.ServiceLoader}; it names no Spring type, so it loads whether or not Spring is on the class path,
 * and does nothing for a class that Spring's JUnit extension does not run.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class SpringClassDatabaseListener implements ClassDatabaseListener {

    static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";

    /** Created by {@link java.util.ServiceLoader}. */
    public SpringClassDatabaseListener() {
    }

    @Override
    public AutoCloseable classDatabaseReady(ExtensionContext classContext, PostgresDatabase database,
            RecordingDataSource recording) {
        Class<?> testClass = classContext.getRequiredTestClass();
        if (!springPresent(testClass.getClassLoader()) || !runBySpring(testClass)) {
            return null;
        }
        return SpringBinding.bind(classContext, new ClassDatabase(testClass, database, recording));
    }

    private static boolean springPresent(ClassLoader loader) {
        try {
            Class.forName(SPRING_EXTENSION, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    // @SpringBootTest, @JdbcTest and @SpringJUnitConfig all carry @ExtendWith(SpringExtension.class); a @Nested (inner)
    // class inherits its enclosing class's extensions, a static nested class does not.
    private static boolean runBySpring(Class<?> testClass) {
        for (Class<?> each = testClass; each != null; each = ClassDatabases.enclosingOfInner(each)) {
            for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(each, ExtendWith.class)) {
                for (Class<? extends Extension> extension : extendWith.value()) {
                    if (extension.getName().equals(SPRING_EXTENSION)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
