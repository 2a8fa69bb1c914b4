package io.github.queuetestkit.migrations.internal;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.migrations.MigrationException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.SqlScript;
import io.github.queuetestkit.postgres.internal.SqlScriptRunner;
import java.io.File;
import java.io.FileNotFoundException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.listener.SqlListener;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.CompositeResourceAccessor;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.resource.ResourceAccessor;
import liquibase.ui.LoggerUIService;
import liquibase.util.LiquibaseUtil;

/** Parses and runs a {@link LiquibaseStep} with Liquibase: the one class of the kit that names Liquibase's types. */
final class LiquibaseRunner {

    private LiquibaseRunner() {
    }

    /**
     * @param changelog the changelog's path
     * @param origin " on " and the test class, for messages
     * @param loader where it is found
     * @return every changeset's identity and checksum, one a line, after Liquibase's version
     */
    static String changesets(String changelog, String origin, ClassLoader loader) {
        DatabaseChangeLog parsed;
        try {
            parsed = inScope(loader, null, () -> ChangeLogParserFactory.getInstance()
                    .getParser(changelog, Scope.getCurrentScope().getResourceAccessor())
                    .parse(changelog, new ChangeLogParameters(), Scope.getCurrentScope().getResourceAccessor()));
        } catch (Exception e) {
            throw new InvalidConfigurationException(MigrationMessages.unreadableChangelog(changelog, origin,
                    e.getMessage()), e);
        }
        if (parsed.getChangeSets().isEmpty()) {
            throw new InvalidConfigurationException(MigrationMessages.noChangesets(changelog, origin));
        }
        StringBuilder key = new StringBuilder(LiquibaseUtil.getBuildVersion());
        try {
            inScope(loader, null, () -> {
                for (ChangeSet changeSet : parsed.getChangeSets()) {
                    key.append('\n').append(changeSet.toString(false)).append(' ')
                            .append(changeSet.getContextFilter()).append(' ').append(changeSet.getLabels())
                            .append(' ').append(changeSet.generateCheckSum(ChecksumVersion.latest()));
                }
                return null;
            });
        } catch (Exception e) {
            throw new InvalidConfigurationException(MigrationMessages.unreadableChangelog(changelog, origin,
                    e.getMessage()), e);
        }
        return key.toString();
    }

    static void update(LiquibaseStep step, PostgresDatabase database) {
        LastStatement last = new LastStatement();
        FailedChangeset failed = new FailedChangeset(last);
        try (Connection connection = database.openConnection()) {
            Database target = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(
                    new JdbcConnection(connection));
            inScope(step.loader(), last, () -> new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, target)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, step.changelog())
                    .addArgumentValue(UpdateCommandStep.CONTEXTS_ARG, step.contexts())
                    .addArgumentValue(UpdateCommandStep.LABEL_FILTER_ARG, step.labels())
                    .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, failed)
                    .execute());
        } catch (Exception e) {
            throw failure(step, failed.changeSet, failed.sql, e);
        }
    }

    private static RuntimeException failure(LiquibaseStep step, ChangeSet changeSet, String sql, Exception e) {
        SQLException server = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException each) {
                server = each;
                break;
            }
        }
        if (changeSet == null || server == null) {
            return new InvalidConfigurationException(MigrationMessages.liquibaseFailed(step.changelog(),
                    step.origin(), e.getMessage()), e);
        }
        String file = changeSet.getFilePath();
        String id = changeSet.getId() + "::" + changeSet.getAuthor();
        String fix = MigrationMessages.changesetFix(file, step.origin());
        if (sql != null) {
            String message = SqlScriptRunner.failure(SqlScript.parse(file + "::" + id, sql),
                    new SqlScript.Statement(sql, 0), server, "Liquibase changeset", fix).getMessage();
            return new MigrationException(message, file, id, 0, 0, e);
        }
        return new MigrationException(MigrationMessages.changesetFailed(file + "::" + id, file, step.origin(),
                server.getMessage()), file, id, 0, 0, e);
    }

    // Liquibase reads its resources, its UI and its settings from a scope: the test's class path (and the working
    // directory, for file paths), a UI that logs instead of printing, and no usage reporting over the network.
    private static <T> T inScope(ClassLoader loader, SqlListener listener, Scope.ScopedRunnerWithReturn<T> runner)
            throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put(Scope.Attr.resourceAccessor.name(), accessor(loader));
        values.put(Scope.Attr.ui.name(), new LoggerUIService());
        values.put("liquibase.analytics.enabled", Boolean.FALSE);
        if (listener == null) {
            return Scope.child(values, runner);
        }
        Object[] result = new Object[1];
        Scope.child(listener, values, () -> result[0] = runner.run());
        @SuppressWarnings("unchecked")
        T typed = (T) result[0];
        return typed;
    }

    private static ResourceAccessor accessor(ClassLoader loader) throws FileNotFoundException {
        return new CompositeResourceAccessor(new ClassLoaderResourceAccessor(loader),
                new DirectoryResourceAccessor(new File(".").getAbsoluteFile()));
    }

    /**
     * The changeset that failed, from Liquibase's public listener API, and the statement it failed on (taken then:
     * Liquibase releases its lock with another statement before it throws).
     */
    private static final class FailedChangeset extends AbstractChangeExecListener {
        private final LastStatement last;
        private volatile ChangeSet changeSet;
        private volatile String sql;

        FailedChangeset(LastStatement last) {
            this.last = last;
        }

        @Override
        public void runFailed(ChangeSet failed, DatabaseChangeLog changeLog, Database database, Exception exception) {
            changeSet = failed;
            sql = last.sql;
        }
    }

    /** The last statement Liquibase sent: the one the server's position counts in when a changeset fails. */
    private static final class LastStatement extends SqlListener {
        private volatile String sql;

        @Override
        public void writeSqlWillRun(String statement) {
            sql = statement;
        }
    }
}
