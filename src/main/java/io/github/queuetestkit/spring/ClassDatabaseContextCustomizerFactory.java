package io.github.queuetestkit.spring;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.spring.internal.ClassDatabaseContextCustomizer;
import java.util.List;
import org.apiguardian.api.API;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Spring's entry into the kit, registered in {@code META-INF/spring.factories}: a test class that carries
 * {@link PostgresTest} (itself, by inheritance or on an enclosing class) and is a Spring test gets an application
 * context whose DataSource talks to the class database, as zonky's embedded-database-spring-test and
 * Testcontainers' {@code @ServiceConnection} do for theirs. Nothing to call: it works by being on the class path.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class ClassDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    /** Created by Spring. */
    public ClassDatabaseContextCustomizerFactory() {
    }

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configurationAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, PostgresTest.class)
                ? new ClassDatabaseContextCustomizer()
                : null;
    }
}
