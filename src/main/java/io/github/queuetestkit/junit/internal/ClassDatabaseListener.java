package io.github.queuetestkit.junit.internal;

import org.apiguardian.api.API;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.RecordingDataSource;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something that follows a test class's database, such as a Spring application context whose DataSource must talk
 * to it. Found with {@link java.util.ServiceLoader}, so the extension names no integration and an integration's
 * library is loaded only when it is on the class path.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public interface ClassDatabaseListener {

    /**
     * Called once per test class (a {@code @Nested} class too) when its database exists, before the class's first
     * test instance is made.
     *
     * @param classContext the class's extension context
     * @param database the database the class uses (its own or its enclosing class's)
     * @param recording the class's recording DataSource, whose captures the test methods' CapturedStatements read
     * @return what to close before the database is dropped (the extension closes it first), or null when this
     *         listener has nothing to do for the class
     * @throws Exception as following the database fails; the class fails with it
     */
    AutoCloseable classDatabaseReady(ExtensionContext classContext, PostgresDatabase database,
            RecordingDataSource recording) throws Exception;
}
