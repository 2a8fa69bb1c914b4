package io.github.queuetestkit.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact wording of every migration error the kit writes itself. */
class MigrationMessagesTest {

    private static final String ON = " on com.example.JobsTest";

    @Test
    void namesTheFlywayDependencyToAdd() {
        assertThat(MigrationMessages.missingFlyway(ON)).isEqualTo("@PostgresTest(flyway) on com.example.JobsTest needs"
                + " Flyway on the test class path, and it is not there. Add the test dependency"
                + " org.flywaydb:flyway-database-postgresql (Flyway 10 or later; it brings flyway-core).");
    }

    @Test
    void namesFlywaysPostgresqlModuleWhenOnlyTheCoreIsThere() {
        assertThat(MigrationMessages.missingFlywayPostgresql(ON)).isEqualTo("@PostgresTest(flyway) on"
                + " com.example.JobsTest finds Flyway but not its PostgreSQL support, which Flyway 10 and later ship"
                + " apart. Add the test dependency org.flywaydb:flyway-database-postgresql, of the same version as"
                + " flyway-core.");
    }

    @Test
    void namesTheLiquibaseDependencyToAdd() {
        assertThat(MigrationMessages.missingLiquibase(ON)).isEqualTo("@PostgresTest(liquibase) on com.example.JobsTest"
                + " needs Liquibase on the test class path, and it is not there. Add the test dependency"
                + " org.liquibase:liquibase-core (4.x).");
    }

    @Test
    void refusesAnEmptyLocationName() {
        assertThat(MigrationMessages.blankLocation(ON)).isEqualTo("@PostgresTest(flyway) on com.example.JobsTest names"
                + " an empty location. Remove it or name one such as \"classpath:db/migration\".");
    }

    @Test
    void saysWhereItLookedForAnEmptyLocation() {
        assertThat(MigrationMessages.emptyLocation("classpath:db/nothing", ON, "the class path under db/nothing"))
                .isEqualTo("Flyway location 'classpath:db/nothing' from @PostgresTest(flyway) on com.example.JobsTest"
                        + " holds no migrations (looked in the class path under db/nothing). An empty location would"
                        + " give an empty schema: fix the location, e.g. \"classpath:db/migration\" for"
                        + " src/main/resources/db/migration, or \"filesystem:src/main/resources/db/migration\".");
    }

    @Test
    void namesTheLocationKindsItReads() {
        assertThat(MigrationMessages.unsupportedLocation("s3:bucket/migrations", ON)).isEqualTo("Flyway location"
                + " 's3:bucket/migrations' from @PostgresTest(flyway) on com.example.JobsTest is not one the kit can"
                + " read: it builds templates from \"classpath:\" and \"filesystem:\" locations. Name the migrations by"
                + " one of those.");
    }

    @Test
    void refusesASettingWithoutTheMigrationsItApplies() {
        assertThat(MigrationMessages.unusedSetting("liquibaseContexts", "liquibase",
                "db/changelog/db.changelog-master.yaml", ON)).isEqualTo("@PostgresTest(liquibaseContexts) on"
                        + " com.example.JobsTest has nothing to apply to: the class names no @PostgresTest(liquibase)."
                        + " Name the migrations, e.g. liquibase = \"db/changelog/db.changelog-master.yaml\", or remove"
                        + " liquibaseContexts.");
    }

    @Test
    void refusesAPlaceholderWithoutEqualsSign() {
        assertThat(MigrationMessages.malformedPlaceholder(2, "schema", ON)).isEqualTo("Placeholder #2 'schema' in"
                + " @PostgresTest(flywayPlaceholders) on com.example.JobsTest is not of the form name=value (for"
                + " example \"schema=public\"). Fix or remove it.");
    }

    @Test
    void listsTheFilesFlywayDidNotTake() {
        assertThat(MigrationMessages.nothingApplied(List.of("classpath:db/migration"), ON,
                List.of("classpath:db/migration/create_jobs.sql"))).isEqualTo("Flyway applied no migration from"
                        + " classpath:db/migration (@PostgresTest(flyway) on com.example.JobsTest), although it holds"
                        + " classpath:db/migration/create_jobs.sql. Flyway takes versioned migrations named like"
                        + " V1__create_jobs.sql and repeatable ones like R__views.sql: rename the files, or fix the"
                        + " location.");
    }

    @Test
    void namesAFailedMigrationWithoutAPosition() {
        assertThat(MigrationMessages.migrationFailed("classpath:db/migration/V3__lock.sql", "version 3", ON,
                "ERROR: canceling statement due to lock timeout")).isEqualTo("Flyway migration"
                        + " classpath:db/migration/V3__lock.sql (version 3) failed: ERROR: canceling statement due to"
                        + " lock timeout\nFix the migration (from @PostgresTest(flyway) on com.example.JobsTest);"
                        + " migrations run once into the template the class database is cloned from.");
    }
}
