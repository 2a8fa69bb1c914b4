package io.github.queuetestkit.migrations.internal;

import java.util.List;

/** The wording of every error about a migration set that is not the server's: written once, tested word for word. */
final class MigrationMessages {

    static final String FLYWAY_DEPENDENCY = "org.flywaydb:flyway-database-postgresql";
    static final String LIQUIBASE_DEPENDENCY = "org.liquibase:liquibase-core";

    private MigrationMessages() {
    }

    static String missingFlyway(String origin) {
        return "@PostgresTest(flyway)" + origin + " needs Flyway on the test class path, and it is not there. Add the"
                + " test dependency " + FLYWAY_DEPENDENCY + " (Flyway 10 or later; it brings flyway-core).";
    }

    static String missingFlywayPostgresql(String origin) {
        return "@PostgresTest(flyway)" + origin + " finds Flyway but not its PostgreSQL support, which Flyway 10 and"
                + " later ship apart. Add the test dependency " + FLYWAY_DEPENDENCY
                + ", of the same version as flyway-core.";
    }

    static String missingLiquibase(String origin) {
        return "@PostgresTest(liquibase)" + origin + " needs Liquibase on the test class path, and it is not there."
                + " Add the test dependency " + LIQUIBASE_DEPENDENCY + " (4.x).";
    }

    static String blankLocation(String origin) {
        return "@PostgresTest(flyway)" + origin + " names an empty location. Remove it or name one such as"
                + " \"classpath:db/migration\".";
    }

    static String emptyLocation(String location, String origin, String lookedIn) {
        return "Flyway location '" + location + "' from @PostgresTest(flyway)" + origin + " holds no migrations"
                + " (looked in " + lookedIn + "). An empty location would give an empty schema: fix the location, e.g."
                + " \"classpath:db/migration\" for src/main/resources/db/migration, or"
                + " \"filesystem:src/main/resources/db/migration\".";
    }

    static String unsupportedLocation(String location, String origin) {
        return "Flyway location '" + location + "' from @PostgresTest(flyway)" + origin + " is not one the kit can"
                + " read: it builds templates from \"classpath:\" and \"filesystem:\" locations. Name the migrations"
                + " by one of those.";
    }

    static String unusedSetting(String attribute, String needed, String example, String origin) {
        return "@PostgresTest(" + attribute + ")" + origin + " has nothing to apply to: the class names no"
                + " @PostgresTest(" + needed + "). Name the migrations, e.g. " + needed + " = \"" + example
                + "\", or remove " + attribute + ".";
    }

    static String malformedPlaceholder(int index, String placeholder, String origin) {
        return "Placeholder #" + index + " '" + placeholder + "' in @PostgresTest(flywayPlaceholders)" + origin
                + " is not of the form name=value (for example \"schema=public\"). Fix or remove it.";
    }

    static String flywayFailed(List<String> locations, String origin, String message) {
        return "Flyway could not build the template from " + String.join(", ", locations)
                + " (@PostgresTest(flyway)" + origin + "): " + message;
    }

    static String nothingApplied(List<String> locations, String origin, List<String> files) {
        return "Flyway applied no migration from " + String.join(", ", locations) + " (@PostgresTest(flyway)" + origin
                + "), although it holds " + String.join(", ", files) + ". Flyway takes versioned migrations named"
                + " like V1__create_jobs.sql and repeatable ones like R__views.sql: rename the files, or fix the"
                + " location.";
    }

    static String migrationFix(String origin) {
        return "Fix the migration (from @PostgresTest(flyway)" + origin + "); migrations run once into the template"
                + " the class database is cloned from.";
    }

    static String migrationFailed(String file, String migration, String origin, String serverMessage) {
        return "Flyway migration " + file + " (" + migration + ") failed: " + serverMessage + "\n"
                + migrationFix(origin);
    }

    static String unreadableChangelog(String changelog, String origin, String message) {
        return "Liquibase changelog '" + changelog + "' from @PostgresTest(liquibase)" + origin + " could not be read: "
                + message + "\nFix the path or the changelog: class path names look like"
                + " \"db/changelog/db.changelog-master.yaml\" (from src/main/resources or src/test/resources).";
    }

    static String noChangesets(String changelog, String origin) {
        return "Liquibase changelog '" + changelog + "' from @PostgresTest(liquibase)" + origin + " holds no"
                + " changesets. An empty changelog would give an empty schema: name the changelog that includes your"
                + " changesets.";
    }

    static String changesetFix(String file, String origin) {
        return "The SQL shown is what Liquibase generated for the changeset. Fix the changeset in " + file
                + " (from @PostgresTest(liquibase)" + origin + "); the changelog runs once into the template the class"
                + " database is cloned from.";
    }

    static String changesetFailed(String changeset, String file, String origin, String message) {
        return "Liquibase changeset " + changeset + " in " + file + " failed: " + message + "\n"
                + changesetFix(file, origin);
    }

    static String liquibaseFailed(String changelog, String origin, String message) {
        return "Liquibase could not build the template from " + changelog + " (@PostgresTest(liquibase)" + origin
                + "): " + message;
    }
}
