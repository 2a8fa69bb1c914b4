package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.ServerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What happens to class databases and templates around a class. */
@PostgresTest
class PostgresTestLifecycleTest {

    static String databaseOfFixture;

    @AfterEach
    void clearProperty() {
        System.clearProperty("queuetestkit.keepDatabases");
    }

    @Test
    void dropsTheClassDatabaseAfterTheClass(PostgresDatabase database) {
        EngineRuns.run(RecordsDatabaseTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(databaseOfFixture).isNotNull().isNotEqualTo(database.name());
        assertThat(database.queryForLong("SELECT count(*) FROM pg_database WHERE datname = ?", databaseOfFixture))
                .isZero();
    }

    @Test
    void keepsTheClassDatabaseWhenAskedForDebugging(PostgresDatabase database) {
        System.setProperty("queuetestkit.keepDatabases", "true");

        EngineRuns.run(RecordsDatabaseTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(database.queryForLong("SELECT count(*) FROM pg_database WHERE datname = ?", databaseOfFixture))
                .isOne();
        database.execute("DROP DATABASE \"" + databaseOfFixture + "\" WITH (FORCE)");
    }

    @Test
    void clonesTheSameInitScriptsTemplateForEveryClassInsteadOfRebuildingIt(PostgresDatabase database) {
        EngineRuns.run(InitScriptTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        String firstDatabase = databaseOfFixture;
        int buildsAfterFirst = buildsOfThisServer(database);

        EngineRuns.run(InitScriptTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(databaseOfFixture).isNotEqualTo(firstDatabase);
        assertThat(buildsOfThisServer(database)).isEqualTo(buildsAfterFirst);
        assertThat(database.queryForLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'qtk\\_tpl\\_%'"))
                .isPositive();
    }

    @Test
    void handsTheNextClassADatabaseMadeAheadOfTime(PostgresDatabase database) {
        EngineRuns.run(InitScriptTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        int sparesBefore = ServerRegistry.templatesOf(database).sparesTaken();

        EngineRuns.run(InitScriptTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(ServerRegistry.templatesOf(database).sparesTaken()).isEqualTo(sparesBefore + 1);
        assertThat(databaseOfFixture).startsWith("qtk_postgrestestlifecycletest_initscript");
    }

    private static int buildsOfThisServer(PostgresDatabase database) {
        return ServerRegistry.templatesOf(database).builds();
    }

    @PostgresTest
    static class RecordsDatabaseTestCase {
        @Test
        void records(PostgresDatabase database) {
            databaseOfFixture = database.name();
        }
    }

    @PostgresTest(init = "db/jobs-schema.sql")
    static class InitScriptTestCase {
        @Test
        void seesTheInitScriptsRows(PostgresDatabase database) {
            databaseOfFixture = database.name();
            assertThat(database.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
        }
    }
}
