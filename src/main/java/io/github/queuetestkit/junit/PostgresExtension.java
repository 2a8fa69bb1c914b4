package io.github.queuetestkit.junit;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.internal.ClassConfig;
import io.github.queuetestkit.junit.internal.DatasetStep;
import io.github.queuetestkit.junit.internal.Closing;
import io.github.queuetestkit.junit.internal.Stores;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.ClassDatabaseFactory;
import io.github.queuetestkit.postgres.internal.DatabaseAdmin;
import io.github.queuetestkit.postgres.internal.JdbcUrls;
import io.github.queuetestkit.postgres.internal.KitProperties;
import io.github.queuetestkit.postgres.internal.ManagedDatabase;
import io.github.queuetestkit.postgres.internal.ServerRegistry;
import io.github.queuetestkit.postgres.internal.TemplateRecipe;
import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link PostgresTest}. It holds no state: the run's servers live in the root store, a
 * class's database in the class store, a method's connection in the method store. Register it through
 * {@code @PostgresTest}, not directly.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PostgresExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final System.Logger LOG = System.getLogger(PostgresExtension.class.getName());
    private static final String RUN_SCOPE = "run-scope";
    private static final String CLASS_DATABASE = "class-database";
    private static final String CONNECTION = "connection";

    /** Created by JUnit. */
    public PostgresExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Created here rather than on first injection so a broken configuration fails the class up front.
        database(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // A method-level @Dataset loads into the class's database just before that method.
        for (Dataset dataset : AnnotationSupport.findRepeatableAnnotations(context.getRequiredTestMethod(),
                Dataset.class)) {
            DatasetStep.of(dataset, context.getRequiredTestClass().getClassLoader()).apply(database(context));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DataSource.class || type == Connection.class || type == PostgresDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ManagedDatabase database = database(context);
        if (type == PostgresDatabase.class) {
            return database;
        }
        if (type == DataSource.class) {
            return database.dataSource();
        }
        if (type == Connection.class) {
            // One connection per context: a method's @BeforeEach, @Test and @AfterEach share it. The key names the
            // context because stores inherit their parents' values, and a class's @BeforeAll connection must not
            // leak into its methods.
            return Stores.getOrCompute(context, CONNECTION + " " + context.getUniqueId(), Closing.class,
                    () -> new Closing<>(database.openConnection(), Connection::close)).value();
        }
        throw new ParameterResolutionException("queue-testkit cannot inject " + type.getName());
    }

    /**
     * @param context any context inside a {@code @PostgresTest} class
     * @return that class's database, created on first use
     */
    static ManagedDatabase database(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Class<?> testClass = owner.getRequiredTestClass();
        @SuppressWarnings("unchecked")
        Closing<ManagedDatabase> resource = Stores.getOrCompute(owner, CLASS_DATABASE, Closing.class,
                () -> createDatabase(owner, testClass));
        return resource.value();
    }

    private static Closing<ManagedDatabase> createDatabase(ExtensionContext owner, Class<?> testClass) {
        PostgresTest annotation = AnnotationSupport.findAnnotation(testClass, PostgresTest.class).orElseThrow();
        ClassConfig config = ClassConfig.of(testClass, annotation);
        boolean reuse = KitProperties.reuse();
        boolean keep = KitProperties.keepDatabases();
        @SuppressWarnings("unchecked")
        Closing<ServerRegistry.RunScope> run = Stores.getOrCompute(owner.getRoot(), RUN_SCOPE, Closing.class,
                () -> new Closing<>(new ServerRegistry.RunScope(reuse), ServerRegistry.RunScope::close));
        ServerRegistry.Handle handle = ServerRegistry.obtain(config.server(), run.value());
        ServerRegistry.verifyServerSettings(handle, config.server(), "@PostgresTest(serverSettings) on "
                + testClass.getName());
        ManagedDatabase database = ClassDatabaseFactory.create(handle, new TemplateRecipe(config.steps()),
                config.settings(), testClass.getName(), config.settingsOrigin());
        return new Closing<>(database, db -> {
            if (keep) {
                LOG.log(System.Logger.Level.INFO, () -> "queuetestkit.keepDatabases=true: kept database "
                        + db.name() + " of " + testClass.getName() + " at " + JdbcUrls.redact(db.jdbcUrl()));
            } else {
                DatabaseAdmin.drop(db.server(), db.name());
            }
        });
    }

    // The nearest enclosing class context whose class carries @PostgresTest itself: a @Nested class without
    // its own annotation shares its outer class's database.
    private static ExtensionContext owner(ExtensionContext context) {
        Optional<ExtensionContext> current = Optional.of(context);
        while (current.isPresent()) {
            ExtensionContext each = current.get();
            if (each.getTestMethod().isEmpty() && each.getTestClass().isPresent()
                    && AnnotationSupport.isAnnotated(each.getTestClass().get(), PostgresTest.class)) {
                return each;
            }
            current = each.getParent();
        }
        throw new QueueTestkitException("No @PostgresTest class encloses " + context.getDisplayName()
                + ". Annotate the test class with @PostgresTest.");
    }
}
