package io.github.queuetestkit.migrations.internal;

import org.apiguardian.api.API;
import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.postgres.internal.TemplateStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a class's migration attributes into template steps: Flyway's, then Liquibase's. Checked when the class's
 * configuration is read, before any database exists. This class names no Flyway or Liquibase type, so the kit
 * loads and runs without them; they are looked up only for a class that names migrations.
 */
@API(status = API.Status.INTERNAL, since = "0.2")
public final class MigrationSteps {

    static final String FLYWAY_CLASS = "org.flywaydb.core.Flyway";
    // Flyway 10 moved PostgreSQL support into its own module; 9 and earlier had it in flyway-core.
    static final String FLYWAY_POSTGRESQL_CLASS = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";
    static final String FLYWAY_9_POSTGRESQL_CLASS = "org.flywaydb.core.internal.database.postgresql.PostgreSQLDatabaseType";
    static final String LIQUIBASE_CLASS = "liquibase.command.CommandScope";

    private MigrationSteps() {
    }

    /**
     * @param flyway Flyway locations, maybe none
     * @param placeholders Flyway placeholders, each {@code name=value}
     * @param liquibase a Liquibase changelog, or blank
     * @param contexts a Liquibase context expression, or blank
     * @param labels a Liquibase label expression, or blank
     * @param origin " on " and the test class, for messages
     * @param loader where the migrations and the libraries are found
     * @return the steps, Flyway's first; none when the class names no migrations
     * @throws InvalidConfigurationException naming the attribute at fault, or the dependency to add
     */
    public static List<TemplateStep> of(String[] flyway, String[] placeholders, String liquibase, String contexts,
            String labels, String origin, ClassLoader loader) {
        List<TemplateStep> steps = new ArrayList<>();
        if (flyway.length == 0 && placeholders.length > 0) {
            throw new InvalidConfigurationException(MigrationMessages.unusedSetting("flywayPlaceholders", "flyway",
                    "classpath:db/migration", origin));
        }
        if (liquibase.isBlank() && !contexts.isBlank()) {
            throw new InvalidConfigurationException(MigrationMessages.unusedSetting("liquibaseContexts", "liquibase",
                    "db/changelog/db.changelog-master.yaml", origin));
        }
        if (liquibase.isBlank() && !labels.isBlank()) {
            throw new InvalidConfigurationException(MigrationMessages.unusedSetting("liquibaseLabels", "liquibase",
                    "db/changelog/db.changelog-master.yaml", origin));
        }
        if (flyway.length > 0) {
            steps.add(flyway(flyway, placeholders, origin, loader));
        }
        if (!liquibase.isBlank()) {
            if (!present(LIQUIBASE_CLASS, loader)) {
                throw new InvalidConfigurationException(MigrationMessages.missingLiquibase(origin));
            }
            steps.add(LiquibaseStep.of(liquibase.trim(), contexts.trim(), labels.trim(), origin, loader));
        }
        return steps;
    }

    private static TemplateStep flyway(String[] locations, String[] placeholders, String origin, ClassLoader loader) {
        List<String> trimmed = new ArrayList<>();
        for (String location : locations) {
            if (location.isBlank()) {
                throw new InvalidConfigurationException(MigrationMessages.blankLocation(origin));
            }
            trimmed.add(location.trim());
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 0; i < placeholders.length; i++) {
            int equals = placeholders[i].indexOf('=');
            if (equals <= 0) {
                throw new InvalidConfigurationException(MigrationMessages.malformedPlaceholder(i + 1, placeholders[i],
                        origin));
            }
            parsed.put(placeholders[i].substring(0, equals).trim(), placeholders[i].substring(equals + 1));
        }
        if (!present(FLYWAY_CLASS, loader)) {
            throw new InvalidConfigurationException(MigrationMessages.missingFlyway(origin));
        }
        if (!present(FLYWAY_POSTGRESQL_CLASS, loader) && !present(FLYWAY_9_POSTGRESQL_CLASS, loader)) {
            throw new InvalidConfigurationException(MigrationMessages.missingFlywayPostgresql(origin));
        }
        MigrationFiles files = MigrationFiles.resolve(trimmed, origin, loader);
        return new FlywayStep(trimmed, parsed, files, origin, loader);
    }

    static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
