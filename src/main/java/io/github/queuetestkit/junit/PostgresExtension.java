package io.github.queuetestkit.junit;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.internal.ClassConfig;
import io.github.queuetestkit.junit.internal.ClassDatabaseListener;
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
import io.github.queuetestkit.sql.CapturedStatements;
import io.github.queuetestkit.sql.RecordingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link PostgresTest}. It holds no state: the run's servers live in the root store, a
 * class's database in the class store, a method's connection in the method store. Its configuration comes from
 * JUnit configuration parameters, then environment variables. Register it through {@code @PostgresTest}, not
 * directly.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PostgresExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        BeforeTestExecutionCallback, AfterTestExecutionCallback, TestInstancePreConstructCallback {

    private static final System.Logger LOG = System.getLogger(PostgresExtension.class.getName());
    private static final String SERVERS = "servers";
    private static final String CLASS_DATABASE = "class-database";
    private static final String CONNECTION = "connection";
    private static final String RECORDING = "recording-data-source";
    private static final String CAPTURED = "captured-statements";
    private static final String LISTENERS = "class-database-listeners";

    /** Created by JUnit. */
    public PostgresExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Created here rather than on first injection so a broken configuration fails the class up front.
        database(context);
        listeners(context);
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        // With @TestInstance(PER_CLASS) the instance comes before beforeAll, and a framework may inject into it.
        if (context.getTestMethod().isEmpty()) {
            database(context);
            listeners(context);
        }
    }

    // Tells the integrations found on the class path (Spring) about the class's database, once per class; what they
    // return is stored after the database, so JUnit closes it before the database is dropped.
    private static void listeners(ExtensionContext context) {
        ManagedDatabase database = database(context);
        RecordingDataSource recording = recording(context);
        Stores.getOrCompute(context, LISTENERS + " " + context.getUniqueId(), Closing.class, () -> {
            List<AutoCloseable> followers = new ArrayList<>();
            for (ClassDatabaseListener listener : Listeners.FOUND) {
                try {
                    AutoCloseable follower = listener.classDatabaseReady(context, database, recording);
                    if (follower != null) {
                        followers.add(follower);
                    }
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new QueueTestkitException(listener.getClass().getName() + " could not follow database "
                            + database.name() + " of " + context.getDisplayName() + ": " + e.getMessage(), e);
                }
            }
            return new Closing<>(followers, list -> {
                for (AutoCloseable follower : list) {
                    follower.close();
                }
            });
        });
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
        return type == DataSource.class || type == Connection.class || type == PostgresDatabase.class
                || type == CapturedStatements.class;
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        // Capture only the test method's body, so @BeforeEach fixtures do not count against its assertions.
        boolean wanted = Arrays.asList(context.getRequiredTestMethod().getParameterTypes())
                .contains(CapturedStatements.class);
        if (wanted || PlanBaselineGate.of(context).isPresent()
                || Stores.get(context, CAPTURED, Closing.class) != null) {
            captured(context).start();
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Closing<CapturedStatements> captured = Stores.get(context, CAPTURED, Closing.class);
        if (captured != null) {
            captured.value().stop();
            // @PlanBaseline: after the body, so a plan that got worse fails this test.
            PlanBaselineGate.of(context).ifPresent(gate -> PlanBaselineGate.check(context, gate, captured.value()));
        }
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ManagedDatabase database = database(context);
        if (type == PostgresDatabase.class) {
            return database;
        }
        if (type == DataSource.class) {
            return recording(context);
        }
        if (type == Connection.class) {
            // One connection per context: a method's @BeforeEach, @Test and @AfterEach share it. The key names the
            // context because stores inherit their parents' values, and a class's @BeforeAll connection must not
            // leak into its methods. It comes from the recording DataSource so the test method's statements on it
            // are captured too.
            RecordingDataSource recording = recording(context);
            return Stores.getOrCompute(context, CONNECTION + " " + context.getUniqueId(), Closing.class,
                    () -> new Closing<>(open(recording, database), Connection::close)).value();
        }
        if (type == CapturedStatements.class) {
            if (context.getTestMethod().isEmpty()) {
                throw new ParameterResolutionException("CapturedStatements holds what one test method ran; inject"
                        + " it into a @Test, @BeforeEach or @AfterEach method, not into "
                        + context.getDisplayName() + ".");
            }
            return captured(context);
        }
        throw new ParameterResolutionException("queue-testkit cannot inject " + type.getName());
    }

    private static CapturedStatements captured(ExtensionContext context) {
        RecordingDataSource recording = recording(context);
        @SuppressWarnings("unchecked")
        Closing<CapturedStatements> captured = Stores.getOrCompute(context, CAPTURED, Closing.class,
                () -> new Closing<>(recording.newCapture(), CapturedStatements::stop));
        return captured.value();
    }

    // The class database's DataSource, wrapped once per class; it records only while a test method captures.
    private static RecordingDataSource recording(ExtensionContext context) {
        ManagedDatabase database = database(context);
        return Stores.getOrCompute(owner(context), RECORDING, RecordingDataSource.class,
                () -> RecordingDataSource.wrap(database.dataSource()));
    }

    private static Connection open(RecordingDataSource recording, ManagedDatabase database) {
        try {
            return recording.getConnection();
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not connect to database " + database.name() + " at "
                    + JdbcUrls.redact(database.jdbcUrl()) + ": " + e.getMessage(), e);
        }
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
        KitProperties properties = properties(owner);
        ClassConfig config = ClassConfig.of(testClass, annotation, properties);
        boolean keep = properties.keepDatabases();
        ServerRegistry.Handle handle = servers(owner).obtain(config.server());
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

    /** The integrations on the kit's class path, looked up once: a ServiceLoader scan reads every jar's services. */
    private static final class Listeners {
        static final List<ClassDatabaseListener> FOUND = ServiceLoader.load(ClassDatabaseListener.class,
                PostgresExtension.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
    }

    /**
     * @param context any context of the run
     * @return the run's configuration: JUnit configuration parameters, then environment variables
     */
    static KitProperties properties(ExtensionContext context) {
        return KitProperties.of(context::getConfigurationParameter);
    }

    /**
     * @param context any context of the run
     * @return the run's servers, kept in the root store and stopped when the run ends
     */
    static ServerRegistry servers(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        @SuppressWarnings("unchecked")
        Closing<ServerRegistry> servers = Stores.getOrCompute(root, SERVERS, Closing.class,
                () -> new Closing<>(new ServerRegistry(properties(root)), ServerRegistry::close));
        return servers.value();
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
