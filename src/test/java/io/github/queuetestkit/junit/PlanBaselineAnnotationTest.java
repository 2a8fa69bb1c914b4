package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code @PlanBaseline} turns the gate on in one line: each test method's statements are compared with its own
 * baseline file after the method, and a plan that got worse fails that test.
 */
@PostgresTest
class PlanBaselineAnnotationTest {

    private static final String DEQUEUE = "SELECT id FROM baseline_jobs WHERE locked_by IS NULL ORDER BY run_at"
            + " LIMIT 5 FOR UPDATE SKIP LOCKED";

    @TempDir
    Path dir;

    static void dequeue(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DEQUEUE);
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rs.getLong(1);
            }
        }
    }

    @PostgresTest(init = "db/baseline-jobs.sql")
    @PlanBaseline
    static class DequeueTestCase {
        @Test
        void dequeues(DataSource dataSource) throws SQLException {
            dequeue(dataSource);
        }
    }

    /** The same test after a migration dropped the dequeue's index. */
    @PostgresTest(init = "db/baseline-jobs.sql")
    @PlanBaseline
    static class DequeueAfterMigrationTestCase {
        @BeforeEach
        void migrate(PostgresDatabase db) {
            db.execute("DROP INDEX baseline_jobs_run_at");
        }

        @Test
        void dequeues(DataSource dataSource) throws SQLException {
            dequeue(dataSource);
        }
    }

    /** A parameterized method: one file per invocation, each with the custom and the generic plan. */
    @PostgresTest(init = "db/baseline-jobs.sql")
    @PlanBaseline(withGenericPlans = true)
    static class PerQueueTestCase {
        @ParameterizedTest
        @ValueSource(strings = {"q1", "q2"})
        void counts(String queue, DataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT count(*) FROM baseline_jobs WHERE queue = ?")) {
                statement.setString(1, queue);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    private EngineExecutionResults run(PostgresDatabase database, String mode, Class<?> fixture) {
        return EngineRuns.sharing(database).with(Map.of("queuetestkit.baselines.dir", dir.toString(),
                "queuetestkit.baselines", mode)).run(fixture);
    }

    private Path fileOf(Class<?> fixture) {
        return dir.resolve("io/github/queuetestkit/junit").resolve("PlanBaselineAnnotationTest."
                + fixture.getSimpleName()).resolve("dequeues.plans");
    }

    @Test
    void writesEachMethodsBaselineLocallyAndPasses(PostgresDatabase database) throws Exception {
        run(database, "verify", DequeueTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));

        assertThat(Files.readString(fileOf(DequeueTestCase.class)))
                .contains("statement: select id from baseline_jobs where locked_by is null order by run_at limit ?"
                        + " for update skip locked\nplan: custom\n",
                        "      Index Scan using baseline_jobs_run_at on baseline_jobs\n");
    }

    @Test
    void aMissingBaselineFailsTheTestInCiMode(PostgresDatabase database) {
        EngineExecutionResults results = run(database, "ci", DequeueTestCase.class);

        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(EngineRuns.firstFailure(results)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("but 1 has no baseline.");
        assertThat(fileOf(DequeueTestCase.class)).doesNotExist();
    }

    @Test
    void aMigrationThatDropsTheDequeueIndexFailsTheTestNamingTheStatementAndTheSeqScan(PostgresDatabase database)
            throws Exception {
        run(database, "verify", DequeueTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        Files.createDirectories(fileOf(DequeueAfterMigrationTestCase.class).getParent());
        Files.copy(fileOf(DequeueTestCase.class), fileOf(DequeueAfterMigrationTestCase.class));

        EngineExecutionResults results = run(database, "ci", DequeueAfterMigrationTestCase.class);

        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(EngineRuns.firstFailure(results)).isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("but 1 of 1 statement got worse.",
                        "custom plan: select id from baseline_jobs where locked_by is null order by run_at limit ?",
                        "Worse: new Seq Scan on baseline_jobs")
                .hasMessageMatching("(?s).*\n>> +->  Seq Scan on baseline_jobs .*");
    }

    @Test
    void eachInvocationOfAParameterizedMethodHasItsFileWithTheGenericPlansAsked(PostgresDatabase database)
            throws Exception {
        run(database, "verify", PerQueueTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        Path files = dir.resolve("io/github/queuetestkit/junit/PlanBaselineAnnotationTest.PerQueueTestCase");
        for (String name : new String[] {"counts-1.plans", "counts-2.plans"}) {
            assertThat(Files.readString(files.resolve(name)))
                    .contains("statement: select count(*) from baseline_jobs where queue = ?\nplan: custom\n",
                            "statement: select count(*) from baseline_jobs where queue = ?\nplan: generic\n");
        }
        run(database, "ci", PerQueueTestCase.class).testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
    }

    @Test
    void baselinesLiveUnderTheProjectDirectoryThatHoldsTheBuildFile() {
        Path project = PlanBaselineGate.projectDirectory(PlanBaselineAnnotationTest.class);

        assertThat(project.resolve("pom.xml")).exists();
        assertThat(project.resolve("src/test/java/io/github/queuetestkit/junit/PlanBaselineAnnotationTest.java"))
                .exists();
    }
}
