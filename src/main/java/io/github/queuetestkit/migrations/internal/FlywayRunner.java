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
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/** Runs a {@link FlywayStep} with Flyway: the one class of the kit that names Flyway's types. */
final class FlywayRunner {

    private FlywayRunner() {
    }

    static void migrate(FlywayStep step, PostgresDatabase database) {
        CurrentMigration current = new CurrentMigration();
        Flyway flyway = Flyway.configure(step.loader())
                .dataSource(database.dataSource())
                .locations(step.locations().toArray(String[]::new))
                .placeholders(step.placeholders())
                .failOnMissingLocations(true)
                .callbacks(current)
                .load();
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            throw failure(step, current.info, e);
        }
        if (result.migrationsExecuted == 0) {
            throw new InvalidConfigurationException(MigrationMessages.nothingApplied(step.locations(), step.origin(),
                    step.files().names()));
        }
    }

    private static RuntimeException failure(FlywayStep step, MigrationInfo migration, FlywayException e) {
        SQLException server = serverError(e);
        if (migration == null || server == null) {
            return new InvalidConfigurationException(MigrationMessages.flywayFailed(step.locations(), step.origin(),
                    e.getMessage()), e);
        }
        String version = migration.getVersion() == null ? "repeatable, " + migration.getDescription()
                : "version " + migration.getVersion().getVersion();
        Map.Entry<String, String> file = step.files().find(migration.getScript());
        String name = file == null ? migration.getScript() : file.getKey();
        FlywaySqlScriptException statement = statementOf(e);
        if (file != null && statement != null && statement.getLineNumber() > 0) {
            SqlScript script = SqlScript.parse(name + " (" + version + ")", file.getValue());
            int offset = statementOffset(file.getValue(), statement.getLineNumber(), statement.getStatement());
            SqlScriptException located = SqlScriptRunner.failure(script, new SqlScript.Statement(
                    statement.getStatement(), offset), server, "Flyway migration",
                    MigrationMessages.migrationFix(step.origin()));
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
        for (int i = 1; i < line && lineStart >= 0; i++) {
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

    // FlywaySqlScriptException is Flyway's internal type, stable since Flyway 5; without it the failure is still
    // named, only not placed at its line.
    private static FlywaySqlScriptException statementOf(Throwable e) {
        try {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof FlywaySqlScriptException script) {
                    return script;
                }
            }
        } catch (LinkageError missing) {
            return null;
        }
        return null;
    }

    /** Remembers the migration Flyway is running, through its public callback API, so a failure can name it. */
    private static final class CurrentMigration implements Callback {
        private volatile MigrationInfo info;

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            info = context.getMigrationInfo();
        }

        @Override
        public String getCallbackName() {
            return "queue-testkit current migration";
        }
    }
}
