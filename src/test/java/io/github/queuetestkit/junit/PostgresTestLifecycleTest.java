package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What happens to class databases and templates around a class. */
@PostgresTest
class PostgresTestLifecycleTest {

    static final List<String> databasesOfFixtures = new CopyOnWriteArrayList<>();
    static String databaseOfFixture;

    @BeforeEach
    void forgetEarlierFixtures() {
        databasesOfFixtures.clear();
        TemplatesProbe.READINGS.clear();
    }

    @Test
    void dropsTheClassDatabaseAfterTheClass(PostgresDatabase database) {
        EngineRuns.sharing(database).run(RecordsDatabaseTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(databaseOfFixture).isNotNull().isNotEqualTo(database.name());
        assertThat(database.queryForLong("SELECT count(*) FROM pg_database WHERE datname = ?", databaseOfFixture))
                .isZero();
    }

    @Test
    void keepsTheClassDatabaseWhenAskedForDebugging(PostgresDatabase database) {
        EngineRuns.sharing(database).with(Map.of("queuetestkit.keepDatabases", "true"))
                .run(RecordsDatabaseTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));

        assertThat(database.queryForLong("SELECT count(*) FROM pg_database WHERE datname = ?", databaseOfFixture))
                .isOne();
        database.execute("DROP DATABASE \"" + databaseOfFixture + "\" WITH (FORCE)");
    }

    @Test
    void clonesTheSameInitScriptsTemplateForEveryClassInsteadOfRebuildingIt(PostgresDatabase database) {
        EngineRuns.sharing(database).run(InitScriptTestCase.class, SameInitScriptTestCase.class).testEvents()
                .assertStatistics(s -> s.succeeded(2));

        assertThat(databasesOfFixtures).hasSize(2).doesNotHaveDuplicates();
        assertThat(TemplatesProbe.READINGS).hasSize(2);
        assertThat(TemplatesProbe.READINGS.get(1).builds()).isEqualTo(TemplatesProbe.READINGS.get(0).builds());
    }

    @Test
    void handsTheNextClassADatabaseMadeAheadOfTime(PostgresDatabase database) {
        EngineRuns.sharing(database).run(InitScriptTestCase.class, SameInitScriptTestCase.class).testEvents()
                .assertStatistics(s -> s.succeeded(2));

        assertThat(TemplatesProbe.READINGS).hasSize(2);
        assertThat(TemplatesProbe.READINGS.get(1).sparesTaken())
                .isEqualTo(TemplatesProbe.READINGS.get(0).sparesTaken() + 1);
        assertThat(databasesOfFixtures).allSatisfy(name -> assertThat(name).startsWith("qtk_postgrestestlifecycletest_"));
    }

    @PostgresTest
    static class RecordsDatabaseTestCase {
        @Test
        void records(PostgresDatabase database) {
            databaseOfFixture = database.name();
        }
    }

    @PostgresTest(init = "db/jobs-schema.sql")
    @ExtendWith(TemplatesProbe.class)
    static class InitScriptTestCase {
        @Test
        void seesTheInitScriptsRows(PostgresDatabase database) {
            databasesOfFixtures.add(database.name());
            assertThat(database.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
        }
    }

    @PostgresTest(init = "db/jobs-schema.sql")
    @ExtendWith(TemplatesProbe.class)
    static class SameInitScriptTestCase {
        @Test
        void seesTheInitScriptsRows(PostgresDatabase database) {
            databasesOfFixtures.add(database.name());
            assertThat(database.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
        }
    }
}
