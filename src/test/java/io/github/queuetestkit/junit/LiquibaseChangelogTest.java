package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.migrations.MigrationException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Templates built from a Liquibase changelog: contexts, labels, reuse and the errors a mistake produces. */
@PostgresTest
class LiquibaseChangelogTest {

    private EngineRuns runs;

    @BeforeEach
    void shareTheServer(PostgresDatabase database) {
        runs = EngineRuns.sharing(database);
    }

    static List<Object> queues;
    static long changesets;

    @Test
    void runsEveryChangesetOfTheChangelogAndItsIncludes() {
        runs.run(ChangelogTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(queues).containsExactly("demo-label", "test-context");
        assertThat(changesets).isEqualTo(4);
    }

    @Test
    void runsOnlyTheChangesetsOfTheGivenContextsAndLabels() {
        runs.run(ContextTestCase.class, LabelTestCase.class).testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(ContextTestCase.seen).containsExactly("demo-label");
        assertThat(LabelTestCase.seen).containsExactly("test-context");
    }

    @Test
    void reusesTheTemplateOfAnUnchangedChangelog() {
        assertThat(TemplatesProbe.templatesBuiltReusing(runs, ChangelogTestCase.class)).as("builds of the first run")
                .isLessThanOrEqualTo(1);

        assertThat(TemplatesProbe.templatesBuiltReusing(runs, ChangelogTestCase.class))
                .as("builds of a second run, which finds the first one's template on the server").isZero();
    }

    @Test
    void reportsAFailingChangesetWithItsFileIdServerMessageAndPosition() {
        Throwable failure = EngineRuns.firstFailure(runs.run(BrokenChangesetTestCase.class));

        assertThat(failure).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("Liquibase changeset db/changelog-broken/db.changelog-master.yaml::2-index::alice"
                        + " failed at line 1, column 26: ERROR: column \"priorty\" of relation \"jobs\" does not exist")
                .hasMessageContaining("  1 | INSERT INTO jobs (queue, priorty) VALUES ('mail', 1)\n"
                        + "    |                          ^\n")
                .hasMessageEndingWith("The SQL shown is what Liquibase generated for the changeset. Fix the changeset"
                        + " in db/changelog-broken/db.changelog-master.yaml (from @PostgresTest(liquibase) on "
                        + BrokenChangesetTestCase.class.getName() + "); the changelog runs once into the template the"
                        + " class database is cloned from.");
        MigrationException migration = (MigrationException) failure;
        assertThat(migration.script()).isEqualTo("db/changelog-broken/db.changelog-master.yaml");
        assertThat(migration.migration()).isEqualTo("2-index::alice");
    }

    @Test
    void rejectsAChangelogThatDoesNotExist() {
        Throwable failure = EngineRuns.firstFailure(runs.run(MissingChangelogTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Liquibase changelog 'db/changelog/nothing-here.yaml' from"
                        + " @PostgresTest(liquibase) on " + MissingChangelogTestCase.class.getName()
                        + " could not be read: ");
    }

    @Test
    void rejectsAChangelogWithoutChangesets() {
        Throwable failure = EngineRuns.firstFailure(runs.run(EmptyChangelogTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Liquibase changelog 'db/changelog-broken/empty.yaml' from"
                        + " @PostgresTest(liquibase) on " + EmptyChangelogTestCase.class.getName()
                        + " holds no changesets.");
    }

    private static List<Object> queues(PostgresDatabase database) {
        return database.queryForList("SELECT queue FROM jobs ORDER BY queue").stream().map(row -> row.get("queue"))
                .toList();
    }

    @PostgresTest(liquibase = "classpath:db/changelog/db.changelog-master.yaml")
    @ExtendWith(TemplatesProbe.class)
    static class ChangelogTestCase {
        @Test
        void readsJobs(PostgresDatabase database) {
            queues = queues(database);
            changesets = database.queryForLong("SELECT count(*) FROM databasechangelog");
        }
    }

    @PostgresTest(liquibase = "db/changelog/db.changelog-master.yaml", liquibaseContexts = "prod")
    static class ContextTestCase {
        static List<Object> seen;

        @Test
        void readsJobs(PostgresDatabase database) {
            seen = queues(database);
        }
    }

    @PostgresTest(liquibase = "db/changelog/db.changelog-master.yaml", liquibaseLabels = "!demo")
    static class LabelTestCase {
        static List<Object> seen;

        @Test
        void readsJobs(PostgresDatabase database) {
            seen = queues(database);
        }
    }

    @PostgresTest(liquibase = "db/changelog-broken/db.changelog-master.yaml")
    static class BrokenChangesetTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(liquibase = "db/changelog/nothing-here.yaml")
    static class MissingChangelogTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(liquibase = "db/changelog-broken/empty.yaml")
    static class EmptyChangelogTestCase {
        @Test
        void neverRuns() {
        }
    }

}
