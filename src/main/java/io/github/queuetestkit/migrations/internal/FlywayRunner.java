package io.github.queuetestkit.migrations.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.migrations.MigrationException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.SqlScriptException;
import io.github.queuetestkit.postgres.internal.SqlScript;
import io.github.queuetestkit.postgres.internal.SqlScriptRunner;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/** Runs a {@link FlywayStep} with Flyway: the one class of the kit that names Flyway's types. */
final class FlywayRunner {

    private FlywayRunner() {
    }

    static void migrate(FlywayStep step, PostgresDatabase database) {
        Flyway flyway = Flyway.configure(step.loader())
                .dataSource(database.dataSource())
                .locations(step.locations().toArray(String[]::new))
                .placeholders(step.placeholders())
                .failOnMissingLocations(true)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            throw failure(step, e);
        }
        if (result.migrationsExecuted == 0) {
            throw new InvalidConfigurationException(MigrationMessages.nothingApplied(step.locations(), step.origin(),
                    step.files().names()));
        }
    }

    private static RuntimeException failure(FlywayStep step, FlywayException e) {
        SQLException server = serverError(e);
        MigrationInfo migration = property(e, "getMigration", MigrationInfo.class);
        if (migration == null || server == null) {
            return new InvalidConfigurationException(MigrationMessages.flywayFailed(step.locations(), step.origin(),
                    e.getMessage()), e);
        }
        String version = migration.getVersion() == null ? "repeatable, " + migration.getDescription()
                : "version " + migration.getVersion().getVersion();
        Map.Entry<String, String> file = step.files().find(migration.getScript());
        String name = file == null ? migration.getScript() : file.getKey();
        Throwable script = causeWith(e, "getStatement");
        String statement = script == null ? null : property(script, "getStatement", String.class);
        Integer line = script == null ? null : property(script, "getLineNumber", Integer.class);
        if (file != null && line != null && line > 0 && statement != null) {
            SqlScript text = SqlScript.parse(name + " (" + version + ")", file.getValue());
            int offset = statementOffset(file.getValue(), line, statement);
            SqlScriptException located = SqlScriptRunner.failure(text, new SqlScript.Statement(statement, offset),
                    server, "Flyway migration", MigrationMessages.migrationFix(step.origin()));
            return new MigrationException(located.getMessage(), name, versionOf(migration), located.line(),
                    located.column(), e);
        }
        return new MigrationException(MigrationMessages.migrationFailed(name, version, step.origin(),
                server.getMessage()), name, versionOf(migration), 0, 0, e);
    }

    private static String versionOf(MigrationInfo migration) {
        return migration.getVersion() == null ? migration.getDescription() : migration.getVersion().getVersion();
    }

    // Flyway knows the line a statement starts on; the server's position counts from the statement's first character.
    static int statementOffset(String text, int line, String statement) {
        int lineStart = 0;
        for (int i = 1; i < line; i++) {
            lineStart = text.indexOf('\n', lineStart) + 1;
            if (lineStart == 0) {
                return 0;
            }
        }
        int found = statement.isEmpty() ? -1 : text.indexOf(statement, lineStart);
        return found >= 0 ? found : lineStart;
    }

    private static SQLException serverError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /*
     * What failed and where, from Flyway's exceptions: the migration (getMigration() of its migrate exception), the
     * statement and its line (getStatement(), getLineNumber() of its SQL script exception). Those classes are
     * Flyway's internals and their shape moves between releases (Flyway 11.14 changed even the callback API), so they
     * are read by name: a Flyway without them still gets its failure named, only less precisely.
     */
    private static Throwable causeWith(Throwable e, String getter) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            try {
                cause.getClass().getMethod(getter);
                return cause;
            } catch (NoSuchMethodException absent) {
                // try its cause
            }
        }
        return null;
    }

    private static <T> T property(Throwable e, String getter, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            try {
                Object value = cause.getClass().getMethod(getter).invoke(cause);
                if (type.isInstance(value)) {
                    return type.cast(value);
                }
            } catch (ReflectiveOperationException | RuntimeException absent) {
                // not this exception's getter; try its cause
            }
        }
        return null;
    }
}
