package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The kit without Flyway, Liquibase, Spring or HikariCP on the class path, as most users run it: it loads and works,
 * and a class that names migrations is told which dependency to add. Fixtures run in a class loader that has the
 * test class path less those libraries.
 */
@PostgresTest
class WithoutOptionalLibrariesTest {

    private static final List<String> OPTIONAL = List.of("/org/springframework/", "/org/flywaydb/", "/org/liquibase/",
            "/com/zaxxer/");

    @Test
    void runsAPlainClassWithoutTheOptionalLibraries(PostgresDatabase database) throws Exception {
        assertThat(runAlone(database, PlainTestCase.class)).isEqualTo("succeeded=1 failed=0");
    }

    @Test
    void namesTheFlywayDependencyWhenAClassNamesFlywayMigrations(PostgresDatabase database) throws Exception {
        assertThat(runAlone(database, FlywayTestCase.class)).startsWith("succeeded=0 failed=0 "
                + "io.github.queuetestkit.InvalidConfigurationException: @PostgresTest(flyway) on "
                + FlywayTestCase.class.getName() + " needs Flyway on the test class path, and it is not there. Add"
                + " the test dependency org.flywaydb:flyway-database-postgresql");
    }

    @Test
    void namesTheLiquibaseDependencyWhenAClassNamesAChangelog(PostgresDatabase database) throws Exception {
        assertThat(runAlone(database, LiquibaseTestCase.class)).startsWith("succeeded=0 failed=0 "
                + "io.github.queuetestkit.InvalidConfigurationException: @PostgresTest(liquibase) on "
                + LiquibaseTestCase.class.getName() + " needs Liquibase on the test class path, and it is not"
                + " there. Add the test dependency org.liquibase:liquibase-core");
    }

    // Runs the fixture in a class loader without the optional libraries, against this class's server.
    private static String runAlone(PostgresDatabase database, Class<?> fixture) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath()) {
            String normalized = entry.replace('\\', '/');
            if (OPTIONAL.stream().noneMatch(normalized::contains)) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        String server = database.jdbcUrl().replace("/" + database.name(), "/postgres");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.getResource("org/flywaydb/core/Flyway.class")).isNull();
            assertThat(loader.getResource("org/springframework/context/ApplicationContext.class")).isNull();
            Thread.currentThread().setContextClassLoader(loader);
            System.setProperty("queuetestkit.jdbcUrl", server);
            System.setProperty("queuetestkit.username", database.username());
            System.setProperty("queuetestkit.password", database.password());
            return (String) loader.loadClass(AloneRun.class.getName()).getMethod("run", String.class)
                    .invoke(null, fixture.getName());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            System.clearProperty("queuetestkit.jdbcUrl");
            System.clearProperty("queuetestkit.username");
            System.clearProperty("queuetestkit.password");
        }
    }

    // Surefire hands the class path to the forked JVM in a manifest-only jar.
    private static List<String> classPath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && new File(entry).getName().startsWith("surefirebooter")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String classPath = manifest.getMainAttributes().getValue("Class-Path");
                    for (String url : classPath.split(" ")) {
                        if (!url.isBlank()) {
                            entries.add(toFile(url));
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static String toFile(String url) throws MalformedURLException {
        try {
            return new File(new URL(new File(".").toURI().toURL(), url).toURI()).getPath();
        } catch (java.net.URISyntaxException e) {
            throw new MalformedURLException(e.getMessage());
        }
    }

    /** Runs a fixture through the Jupiter engine of the class loader it is loaded by. */
    public static final class AloneRun {
        private AloneRun() {
        }

        /**
         * @param fixture the fixture class's name
         * @return the counts and the first failure
         */
        public static String run(String fixture) throws ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            // DriverManager hands a caller only drivers its own class loader sees: register this loader's copy.
            Class.forName("org.postgresql.Driver", true, loader);
            Class<?> type = Class.forName(fixture, true, loader);
            EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                    .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(type)).execute();
            long succeeded = results.testEvents().succeeded().count();
            long failed = results.testEvents().failed().count();
            String failure;
            try {
                Throwable thrown = EngineRuns.firstFailure(results);
                failure = " " + thrown.getClass().getName() + ": " + thrown.getMessage();
            } catch (AssertionError none) {
                failure = "";
            }
            return "succeeded=" + succeeded + " failed=" + failed + failure;
        }
    }

    @PostgresTest(init = "db/jobs-schema.sql")
    static class PlainTestCase {
        @Test
        void countsJobs(PostgresDatabase database) {
            assertThat(database.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
        }
    }

    @PostgresTest(flyway = "classpath:db/migration")
    static class FlywayTestCase {
        @Test
        void neverRuns() {
        }
    }

    @PostgresTest(liquibase = "db/changelog/db.changelog-master.yaml")
    static class LiquibaseTestCase {
        @Test
        void neverRuns() {
        }
    }
}
