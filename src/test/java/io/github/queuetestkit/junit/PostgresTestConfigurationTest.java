package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.ServerUnavailableException;
import io.github.queuetestkit.postgres.SqlScriptException;
import io.github.queuetestkit.postgres.internal.KitProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings and init scripts per class, and the errors a mistake in them produces. */
@PostgresTest
class PostgresTestConfigurationTest {

    @Test
    void appliesClassSettingsToItsDatabaseOverridingPlannerDefaults(PostgresDatabase database) {
        var results = EngineRuns.sharing(database).run(SettingsTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(SettingsTestCase.seen).containsEntry("random_page_cost", "2.5").containsEntry("work_mem", "64MB");
    }

    @Test
    void reportsAFailingInitScriptWithFileLineColumnAndServerMessage(PostgresDatabase database) {
        Throwable failure = EngineRuns.firstFailure(EngineRuns.sharing(database).run(BrokenInitScriptTestCase.class));

        assertThat(failure).isInstanceOf(SqlScriptException.class)
                .hasMessageContaining("Init script db/broken.sql failed at line 6, column 8")
                .hasMessageContaining("relation \"missing_table\" does not exist")
                .hasMessageContaining("  6 |   FROM missing_table;\n    |        ^");
        assertThat((SqlScriptException) failure).extracting(SqlScriptException::line, SqlScriptException::column)
                .containsExactly(6, 8);
    }

    @Test
    void rejectsAMissingInitScriptBeforeCreatingAnything(PostgresDatabase database) {
        Throwable failure = EngineRuns.firstFailure(EngineRuns.sharing(database).run(MissingInitScriptTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Init script 'db/no-such-script.sql' from @PostgresTest(init) on "
                        + MissingInitScriptTestCase.class.getName())
                .hasMessageContaining("was found neither on the classpath nor as a file");
    }

    @Test
    void namesASettingPostgresRejects(PostgresDatabase database) {
        Throwable failure = EngineRuns.firstFailure(EngineRuns.sharing(database).run(RejectedSettingTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("PostgreSQL rejected setting 'work_mem=plenty' from @PostgresTest(settings) on "
                        + RejectedSettingTestCase.class.getName())
                .hasMessageContaining("invalid value for parameter \"work_mem\"");
    }

    @Test
    void namesAnUnknownSettingName(PostgresDatabase database) {
        Throwable failure = EngineRuns.firstFailure(EngineRuns.sharing(database).run(UnknownSettingTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("PostgreSQL rejected setting 'random_page_costs=1.1'")
                .hasMessageContaining("unrecognized configuration parameter \"random_page_costs\"");
    }

    @Test
    void pointsServerLevelSettingsToServerSettings(PostgresDatabase database) {
        Throwable failure = EngineRuns.firstFailure(EngineRuns.sharing(database).run(ServerLevelSettingTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("'shared_buffers=64MB'")
                .hasMessageContaining("put it in @PostgresTest(serverSettings)");
    }

    @Test
    void rejectsASettingWithoutEqualsSign(PostgresDatabase database) {
        Throwable failure = EngineRuns.firstFailure(EngineRuns.sharing(database).run(MalformedSettingTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Setting #2 'work_mem 64MB' in @PostgresTest(settings) on "
                        + MalformedSettingTestCase.class.getName()
                        + " is not of the form name=value (for example \"random_page_cost=1.1\"). Fix or remove it.");
    }

    @Test
    void startsAServerWithServerSettingsOrRefusesAnExternalServerThatLacksThem() {
        var results = EngineRuns.inContainerMode().run(ServerSettingsTestCase.class);

        if (KitProperties.fromSystem().jdbcUrl() == null) {
            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
            assertThat(ServerSettingsTestCase.sharedBuffers).isEqualTo("48MB");
        } else {
            assertThat(EngineRuns.firstFailure(results)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("asks for shared_buffers=48MB")
                    .hasMessageContaining("Start that server with the setting, or remove it from serverSettings");
        }
    }

    @Test
    void aConfigurationParameterNamesTheServerAheadOfTheEnvironmentAndMessagesSaySo() {
        // In external-server mode QUEUETESTKIT_JDBC_URL is set too: the parameter must still win.
        String unreachable = "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2";

        Throwable failure = EngineRuns.firstFailure(EngineRuns.inContainerMode()
                .with(Map.of("queuetestkit.jdbcUrl", unreachable)).run(SettingsTestCase.class));

        assertThat(failure).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("Could not connect to the external PostgreSQL server " + unreachable
                        + " (from configuration parameter queuetestkit.jdbcUrl)")
                .hasMessageContaining("or unset queuetestkit.jdbcUrl");
    }

    @Test
    void aConfigurationParameterNamesTheImageWhenTheAnnotationDoesNot() {
        assumeTrue(KitProperties.fromSystem().jdbcUrl() == null, "only a container server has an image");

        Throwable failure = EngineRuns.firstFailure(EngineRuns.inContainerMode()
                .with(Map.of("queuetestkit.image", "Not An Image!")).run(SettingsTestCase.class));

        assertThat(failure).isInstanceOf(ServerUnavailableException.class)
                .hasMessageContaining("PostgreSQL container from image 'Not An Image!' (from configuration parameter"
                        + " queuetestkit.image) did not start");
    }

    @Test
    void aConfigurationParameterThatIsNotABooleanFailsTheClassNamingIt(PostgresDatabase database) {
        Throwable failure = EngineRuns.firstFailure(EngineRuns.sharing(database)
                .with(Map.of("queuetestkit.keepDatabases", "yes")).run(SettingsTestCase.class));

        assertThat(failure).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("configuration parameter queuetestkit.keepDatabases is 'yes', but it takes true or false."
                        + " Set it to true or false, or remove it.");
    }

    @PostgresTest(settings = {"random_page_cost=2.5", "work_mem=64MB"})
    static class SettingsTestCase {
        static Map<String, Object> seen;

        @Test
        void readsSettings(PostgresDatabase database) {
            List<Map<String, Object>> rows = database.queryForList("SELECT current_setting('random_page_cost') AS"
                    + " random_page_cost, current_setting('work_mem') AS work_mem");
            seen = rows.get(0);
        }
    }

    @PostgresTest(init = {"db/jobs-schema.sql", "db/broken.sql"})
    static class BrokenInitScriptTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(init = "db/no-such-script.sql")
    static class MissingInitScriptTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(settings = "work_mem=plenty")
    static class RejectedSettingTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(settings = "random_page_costs=1.1")
    static class UnknownSettingTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(settings = "shared_buffers=64MB")
    static class ServerLevelSettingTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(settings = {"work_mem=64MB", "work_mem 64MB"})
    static class MalformedSettingTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(serverSettings = "shared_buffers=48MB")
    static class ServerSettingsTestCase {
        static String sharedBuffers;

        @Test
        void readsSharedBuffers(PostgresDatabase database) {
            sharedBuffers = (String) database.queryForList("SHOW shared_buffers").get(0).get("shared_buffers");
        }
    }
}
