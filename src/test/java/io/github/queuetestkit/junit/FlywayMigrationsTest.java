package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.migrations.MigrationException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Templates built from Flyway migrations: order, reuse, placeholders and the errors a mistake produces. */
@PostgresTest
class FlywayMigrationsTest {

    private EngineRuns runs;

    @BeforeEach
    void shareTheServer(PostgresDatabase database) {
        runs = EngineRuns.sharing(database);
    }

    // A filesystem location the tests write, so a migration can be edited between two runs.
    static final String EDITED = "target/flyway-edits";

    static long rows;
    static long datasetRows;
    static String column;

    @AfterEach
    void removeEditedMigrations() throws IOException {
        Path directory = Paths.get(EDITED);
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }

    @Test
    void runsMigrationsThenInitScriptsThenDatasetsIntoTheTemplate() {
        runs.run(MigratedTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(rows).as("rows the migrations and the dataset left").isEqualTo(2 + 500);
        assertThat(datasetRows).as("rows of queue 'mail' or 'default' from the dataset").isEqualTo(500);
        assertThat(column).isEqualTo("init-script-after-2");
    }

    @Test
    void reusesTheTemplateOfAnUnchangedSetAndBuildsANewOneWhenAMigrationChanges() throws IOException {
        // A comment unique to this run, so a server kept from an earlier run holds no template of these files.
        String run = "-- run " + UUID.randomUUID() + "\n";
        writeMigration("V1__create_jobs.sql", run + "CREATE TABLE jobs (id bigserial PRIMARY KEY, queue text NOT NULL);");
        writeMigration("V2__seed.sql", "INSERT INTO jobs (queue) VALUES ('first');");
        assertThat(TemplatesProbe.templatesBuiltReusing(runs, EditedTestCase.class)).as("builds of a new set").isEqualTo(1);

        assertThat(TemplatesProbe.templatesBuiltReusing(runs, EditedTestCase.class)).as("builds after an unchanged set").isZero();

        writeMigration("V2__seed.sql", "INSERT INTO jobs (queue) VALUES ('first'), ('second');");
        assertThat(TemplatesProbe.templatesBuiltReusing(runs, EditedTestCase.class)).as("builds after an edited migration").isEqualTo(1);
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void appliesFlywayPlaceholders() {
        runs.run(PlaceholdersTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(column).isEqualTo("mail");
    }

    @Test
    void reportsAFailingMigrationWithItsFileVersionLineColumnAndServerMessage() {
        Throwable failure = EngineRuns.firstFailure(runs.run(BrokenMigrationTestCase.class));

        assertThat(failure).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("Flyway migration classpath:db/flyway-broken/V2__add_priority.sql (version 2)"
                        + " failed at line 5, column 5: ERROR: column \"priorty\" of relation \"jobs\" does not exist")
                .hasMessageContaining("  5 |     priorty) VALUES ('mail', 1);\n    |     ^\n")
                .hasMessageEndingWith("Fix the migration (from @PostgresTest(flyway) on "
                        + BrokenMigrationTestCase.class.getName() + "); migrations run once into the template the"
                        + " class database is cloned from.");
        MigrationException migration = (MigrationException) failure;
        assertThat(migration.script()).isEqualTo("classpath:db/flyway-broken/V2__add_priority.sql");
        assertThat(migration.migration()).isEqualTo("2");
        assertThat(migration.line()).isEqualTo(5);
        assertThat(migration.column()).isEqualTo(5);
    }

    @Test
    void rejectsALocationThatDoesNotExist() {
        Throwable failure = EngineRuns.firstFailure(runs.run(MissingLocationTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Flyway location 'classpath:db/no-such-migrations' from @PostgresTest(flyway)"
                        + " on " + MissingLocationTestCase.class.getName() + " holds no migrations");
    }

    @Test
    void rejectsAnEmptyLocationInsteadOfBuildingAnEmptySchema() throws IOException {
        Files.createDirectories(Paths.get(EDITED));

        Throwable failure = EngineRuns.firstFailure(runs.run(EditedTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Flyway location 'filesystem:" + EDITED + "' from @PostgresTest(flyway) on "
                        + EditedTestCase.class.getName() + " holds no migrations (looked in "
                        + Paths.get(EDITED).toAbsolutePath());
    }

    @Test
    void rejectsFilesFlywayDoesNotTakeAsMigrations() {
        Throwable failure = EngineRuns.firstFailure(runs.run(MisnamedTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Flyway applied no migration from classpath:db/flyway-misnamed")
                .hasMessageContaining("although it holds classpath:db/flyway-misnamed/create_jobs.sql");
    }

    @Test
    void rejectsPlaceholdersWithoutMigrations() {
        Throwable failure = EngineRuns.firstFailure(runs.run(PlaceholdersWithoutFlywayTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("@PostgresTest(flywayPlaceholders) on "
                        + PlaceholdersWithoutFlywayTestCase.class.getName() + " has nothing to apply to");
    }

    private static void writeMigration(String name, String sql) throws IOException {
        Files.createDirectories(Paths.get(EDITED));
        Files.writeString(Paths.get(EDITED, name), sql);
    }

    @PostgresTest(init = "db/migrations-init.sql", flyway = "classpath:db/migration")
    @Dataset(value = "datasets/migrated-jobs.yaml", scale = 500)
    static class MigratedTestCase {
        @Test
        void seesMigrationsAndDataset(PostgresDatabase database) {
            rows = database.queryForLong("SELECT count(*) FROM jobs");
            datasetRows = database.queryForLong("SELECT count(*) FROM jobs WHERE payload = '{}' AND id > 2");
            column = (String) database.queryForList("SELECT name FROM queue_meta").get(0).get("name");
        }
    }

    @PostgresTest(flyway = "filesystem:" + EDITED)
    @ExtendWith(TemplatesProbe.class)
    static class EditedTestCase {
        @Test
        void countsJobs(PostgresDatabase database) {
            rows = database.queryForLong("SELECT count(*) FROM jobs");
        }
    }

    @PostgresTest(flyway = "classpath:db/flyway-placeholders",
            flywayPlaceholders = {"table=queued_jobs", "default_queue=mail"})
    static class PlaceholdersTestCase {
        @Test
        void readsTheDefault(PostgresDatabase database) {
            column = (String) database.queryForList("SELECT queue FROM queued_jobs").get(0).get("queue");
        }
    }

    @PostgresTest(flyway = "classpath:db/flyway-broken")
    static class BrokenMigrationTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(flyway = "classpath:db/no-such-migrations")
    static class MissingLocationTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(flyway = "classpath:db/flyway-misnamed")
    static class MisnamedTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(flywayPlaceholders = "schema=public")
    static class PlaceholdersWithoutFlywayTestCase {
        @Test
        void neverRuns() {
        }
    }
}
