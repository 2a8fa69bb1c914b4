package io.github.queuetestkit.spring.internal;

import org.apiguardian.api.API;
import io.github.queuetestkit.InvalidConfigurationException;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Makes an application context of a {@code @PostgresTest} class follow the class database: registers the
 * {@link ClassDatabaseBinding} and the post-processor that puts the DataSource beans behind it, and gives Spring Boot a
 * {@code spring.datasource.url} to build its pool from when the application names none. All instances are equal, so
 * every {@code @PostgresTest} class with the same Spring configuration shares one cached context.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class ClassDatabaseContextCustomizer implements ContextCustomizer {

    /** Created by the factory. */
    public ClassDatabaseContextCustomizer() {
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
        ClassDatabase database = ClassDatabases.binding();
        if (database == null) {
            database = ClassDatabases.of(configuration.getTestClass());
        }
        if (database == null) {
            throw new InvalidConfigurationException(SpringMessages.noClassDatabase(configuration.getTestClass()));
        }
        ClassDatabaseBinding binding = new ClassDatabaseBinding(database, context);
        context.getBeanFactory().registerSingleton(ClassDatabaseBinding.BEAN_NAME, binding);
        context.getBeanFactory().addBeanPostProcessor(new ClassDataSources(binding));
        // Last, so the application's own settings win: these only fill in what it leaves out. The URL is the first
        // class's; later classes' pools are built by the binding, whatever the property says. "none" keeps Spring
        // Boot's JDBC test slices from replacing the DataSource with an embedded database.
        context.getEnvironment().getPropertySources().addLast(new MapPropertySource("queue-testkit class database",
                Map.of("spring.datasource.url", database.database().jdbcUrl(),
                        "spring.test.database.replace", "none")));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClassDatabaseContextCustomizer;
    }

    @Override
    public int hashCode() {
        return ClassDatabaseContextCustomizer.class.hashCode();
    }
}
