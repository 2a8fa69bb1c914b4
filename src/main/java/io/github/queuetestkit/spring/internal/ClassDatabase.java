package io.github.queuetestkit.spring.internal;

import org.apiguardian.api.API;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.RecordingDataSource;

/**
 * The database of one running test class, as an application context follows it.
 *
 * @param testClass the class
 * @param database its database
 * @param recording its recording DataSource, whose captures the class's test methods read
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public record ClassDatabase(Class<?> testClass, PostgresDatabase database, RecordingDataSource recording) {
}
