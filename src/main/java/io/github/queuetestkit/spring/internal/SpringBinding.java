package io.github.queuetestkit.spring.internal;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Binds a starting test class's application context to its database, and releases it when the class ends. */
final class SpringBinding {

    private SpringBinding() {
    }

    /**
     * @param classContext the class's JUnit context
     * @param database its database
     * @return what releases the context before the database is dropped
     */
    static AutoCloseable bind(ExtensionContext classContext, ClassDatabase database) {
        ClassDatabases.started(database);
        try {
            // Loading (or Spring 7 restarting) the context here, with the database known, lets the customizer and the
            // binding attach it before any bean connects: Boot's Flyway at context start sees the class database.
            ApplicationContext loaded = ClassDatabases.whileBinding(database,
                    () -> SpringExtension.getApplicationContext(classContext));
            if (!(loaded instanceof ConfigurableApplicationContext context)
                    || !context.containsBean(ClassDatabaseBinding.BEAN_NAME)) {
                ClassDatabases.finished(database);
                return null;
            }
            ClassDatabaseBinding binding = context.getBean(ClassDatabaseBinding.BEAN_NAME, ClassDatabaseBinding.class);
            binding.follow(database);
            // Every context that follows the database when the class ends: a @DirtiesContext class may have had
            // Spring load new ones since.
            return () -> {
                try {
                    for (ClassDatabaseBinding follower : ClassDatabases.followers(database)) {
                        follower.release(database);
                    }
                } finally {
                    ClassDatabases.finished(database);
                }
            };
        } catch (RuntimeException | Error e) {
            ClassDatabases.finished(database);
            throw e;
        }
    }
}
