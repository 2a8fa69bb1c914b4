package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.spring.app.JobRepository;
import io.github.queuetestkit.spring.app.Poller;
import io.github.queuetestkit.spring.app.QueueApplication;
import io.github.queuetestkit.sql.CapturedStatement;
import io.github.queuetestkit.sql.CapturedStatements;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * A Spring Boot application's own DataSource (Boot's Hikari pool) talks to the class database, is recorded, follows
 * each class's fresh clone behind one cached context, and lets go of a class's database before it is dropped.
 */
@PostgresTest
class SpringApplicationContextTest {

    private EngineRuns runs;

    @BeforeEach
    void shareTheServer(PostgresDatabase database) {
        runs = EngineRuns.sharing(database);
    }

    /** What each fixture class saw: its database, the application's, the jobs it found, the statements captured. */
    record Seen(String classDatabase, String applicationDatabase, long jobs, List<String> captured) {
    }

    static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    // The class databases stay after their classes, so the test can look for connections left to them.
    private static final Map<String, String> KEEP_DATABASES = Map.of("queuetestkit.keepDatabases", "true");

    @AfterEach
    void reset() {
        SEEN.clear();
        Poller.enabled = false;
        Poller.DATABASES.clear();
        Poller.FAILURES.clear();
    }

    @Test
    void pointsTheApplicationsDataSourceAtTheClassDatabaseAndRecordsWhatItsBeansRun() {
        runs.run(FirstClassTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        Seen seen = SEEN.get(0);
        assertThat(seen.applicationDatabase()).isEqualTo(seen.classDatabase());
        assertThat(seen.jobs()).as("jobs the migrations inserted").isEqualTo(2);
        assertThat(seen.captured()).containsExactly("INSERT INTO jobs (queue) VALUES (?)",
                "DELETE FROM jobs WHERE id = (SELECT id FROM jobs WHERE queue = ? ORDER BY priority DESC, run_at LIMIT 1"
                        + " FOR UPDATE SKIP LOCKED) RETURNING id");
    }

    @Test
    void startsEachClassOnAFreshCloneBehindOneCachedContext() {
        runs.run(FirstClassTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        int starts = QueueApplication.STARTS.get();
        SEEN.clear();

        runs.run(FirstClassTestCase.class, SecondClassTestCase.class).testEvents()
                .assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(QueueApplication.STARTS.get()).as("contexts started").isEqualTo(starts);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0).classDatabase()).isNotEqualTo(SEEN.get(1).classDatabase());
        assertThat(SEEN).allSatisfy(seen -> {
            assertThat(seen.applicationDatabase()).isEqualTo(seen.classDatabase());
            assertThat(seen.jobs()).as("jobs: the template's, not the other class's").isEqualTo(2);
        });
    }

    @Test
    void bootsOwnFlywayFindsTheTemplateMigratedAndAppliesNothing() {
        QueueApplication.BOOT_MIGRATIONS.clear();

        runs.run(FlywayAtStartTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(QueueApplication.BOOT_MIGRATIONS).containsExactly(0);
        assertThat(SEEN.get(0).jobs()).as("rows of flyway_schema_history").isEqualTo(2);
    }

    @Test
    void bootsOwnLiquibaseFindsTheTemplateMigratedAndAppliesNothing() {
        runs.run(LiquibaseAtStartTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(SEEN.get(0).jobs()).as("deployments in databasechangelog, all of the template's").isEqualTo(1);
        assertThat(SEEN.get(0).captured()).as("changesets").containsExactly("4");
    }

    @Test
    void pausesBackgroundPollersAndClosesThePoolBeforeEachClassDatabaseGoes(PostgresDatabase database) {
        Poller.enabled = true;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(new Tee(err, logged), true, StandardCharsets.UTF_8));
        try {
            runs.with(KEEP_DATABASES).run(PollingFirstTestCase.class, PollingSecondTestCase.class).testEvents()
                    .assertStatistics(s -> s.succeeded(2).failed(0));
        } finally {
            System.setErr(err);
        }

        List<String> databases = SEEN.stream().map(Seen::classDatabase).toList();
        assertThat(Poller.DATABASES).as("databases the poller reached").containsExactlyInAnyOrderElementsOf(databases);
        assertThat(Poller.FAILURES).isEmpty();
        // Flyway 11.7 warns once that it was not tested on PostgreSQL 18; nothing else may warn.
        assertThat(logged.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("WARN") || line.contains("ERROR") || line.contains("Exception"))
                .filter(line -> !line.contains("Flyway upgrade recommended"))).isEmpty();
        for (String kept : databases) {
            assertThat(database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE datname = ?", kept))
                    .as("connections left to " + kept).isZero();
            database.execute("DROP DATABASE \"" + kept + "\" WITH (FORCE)");
        }
    }

    @Test
    void closesThePoolsOfContextsSpringReloadsDuringTheClass(PostgresDatabase database) {
        runs.with(KEEP_DATABASES).run(DirtiedTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(SEEN).hasSize(2).allSatisfy(seen -> assertThat(seen.applicationDatabase())
                .isEqualTo(seen.classDatabase()));
        String kept = SEEN.get(0).classDatabase();
        assertThat(database.queryForLong("SELECT count(*) FROM pg_stat_activity WHERE datname = ?", kept))
                .as("connections left to " + kept).isZero();
        database.execute("DROP DATABASE \"" + kept + "\" WITH (FORCE)");
    }

    @Test
    void aJdbcTestSliceKeepsTheClassDatabase() {
        runs.run(JdbcSliceTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(SEEN.get(0).applicationDatabase()).isEqualTo(SEEN.get(0).classDatabase());
    }

    @Test
    void refusesTwoClassesThatShareAContextAndRunAtTheSameTime() {
        var results = runs.with(Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2")).run(
                SlowFirstTestCase.class, SlowSecondTestCase.class);

        assertThat(EngineRuns.firstFailure(results)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("share one Spring application context and run at the same time");
        results.testEvents().assertStatistics(s -> s.succeeded(1));
    }

    @Test
    void refusesADataSourceItCannotPointAtTheClassDatabase() {
        Throwable failure = EngineRuns.firstFailure(runs.run(OwnDataSourceTestCase.class));

        assertThat(failure).hasRootCauseInstanceOf(InvalidConfigurationException.class)
                .rootCause().hasMessageStartingWith("The application's DataSource bean 'dataSource' is a"
                        + " org.springframework.jdbc.datasource.SimpleDriverDataSource.");
    }

    private static List<String> sqlOf(CapturedStatements captured) {
        return captured.statements().stream().map(CapturedStatement::sql).toList();
    }

    @PostgresTest(flyway = "classpath:db/migration")
    @SpringBootTest(classes = QueueApplication.class, properties = "spring.liquibase.enabled=false")
    static class FirstClassTestCase {
        @Autowired
        JobRepository jobs;

        @Test
        void enqueuesAndDequeues(PostgresDatabase database, CapturedStatements captured) {
            long before = jobs.count();
            String applicationDatabase = jobs.currentDatabase();
            captured.clear();
            jobs.enqueue("mail");
            jobs.dequeue("mail");
            SEEN.add(new Seen(database.name(), applicationDatabase, before, sqlOf(captured)));
        }
    }

    static class SecondClassTestCase extends FirstClassTestCase {
    }

    @PostgresTest(flyway = "classpath:db/migration")
    @SpringBootTest(classes = QueueApplication.class, properties = {"spring.liquibase.enabled=false",
            "queuetestkit.fixture=boot-flyway"})
    static class FlywayAtStartTestCase {
        @Test
        void readsTheHistory(PostgresDatabase database) {
            SEEN.add(new Seen(database.name(), null,
                    database.queryForLong("SELECT count(*) FROM flyway_schema_history"), List.of()));
        }
    }

    @PostgresTest(liquibase = "db/changelog/db.changelog-master.yaml")
    @SpringBootTest(classes = QueueApplication.class, properties = "spring.flyway.enabled=false")
    static class LiquibaseAtStartTestCase {
        @Test
        void readsTheChangelogTable(PostgresDatabase database) {
            SEEN.add(new Seen(database.name(), null,
                    database.queryForLong("SELECT count(DISTINCT deployment_id) FROM databasechangelog"),
                    List.of(String.valueOf(database.queryForLong("SELECT count(*) FROM databasechangelog")))));
        }
    }

    @PostgresTest(flyway = "classpath:db/migration")
    @SpringBootTest(classes = QueueApplication.class, properties = {"spring.liquibase.enabled=false",
            "queuetestkit.fixture=polling"})
    static class PollingFirstTestCase {
        @Test
        void letsThePollerRun(PostgresDatabase database) throws InterruptedException {
            long until = System.nanoTime() + 300_000_000L;
            while (!Poller.DATABASES.contains(database.name()) && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            SEEN.add(new Seen(database.name(), null, 0, List.of()));
        }
    }

    static class PollingSecondTestCase extends PollingFirstTestCase {
    }

    @PostgresTest(flyway = "classpath:db/migration")
    @SpringBootTest(classes = QueueApplication.class, properties = {"spring.liquibase.enabled=false",
            "queuetestkit.fixture=dirtied"})
    @DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
    static class DirtiedTestCase {
        @Autowired
        JobRepository jobs;

        @Test
        void first(PostgresDatabase database) {
            SEEN.add(new Seen(database.name(), jobs.currentDatabase(), jobs.count(), List.of()));
        }

        @Test
        void second(PostgresDatabase database) {
            SEEN.add(new Seen(database.name(), jobs.currentDatabase(), jobs.count(), List.of()));
        }
    }

    @PostgresTest(flyway = "classpath:db/migration")
    @JdbcTest(properties = "spring.liquibase.enabled=false")
    @ContextConfiguration(classes = JdbcSliceTestCase.SliceApplication.class)
    static class JdbcSliceTestCase {
        @SpringBootConfiguration
        static class SliceApplication {
        }

        @Autowired
        JdbcTemplate jdbc;

        @Test
        void queries(PostgresDatabase database) {
            SEEN.add(new Seen(database.name(), jdbc.queryForObject("SELECT current_database()", String.class), 0,
                    List.of()));
        }
    }

    @PostgresTest(flyway = "classpath:db/migration")
    @SpringBootTest(classes = QueueApplication.class, properties = {"spring.liquibase.enabled=false",
            "queuetestkit.fixture=parallel"})
    static class SlowFirstTestCase {
        @Test
        void takesItsTime() throws InterruptedException {
            Thread.sleep(1_500);
        }
    }

    static class SlowSecondTestCase extends SlowFirstTestCase {
    }

    @PostgresTest
    @SpringBootTest(classes = OwnDataSourceTestCase.OwnDataSourceApplication.class)
    static class OwnDataSourceTestCase {
        @SpringBootConfiguration
        static class OwnDataSourceApplication {
            @Bean
            DataSource dataSource() {
                return new SimpleDriverDataSource(new org.postgresql.Driver(), "jdbc:postgresql://nowhere/app");
            }
        }

        @Test
        void neverRuns() {
        }
    }

    /** Writes to two streams: the real one, and one the test reads. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
