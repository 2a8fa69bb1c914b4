package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.queuetestkit.junit.EngineRuns;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.Events;

/** How {@code @PostgresTest} injects {@link CapturedStatements}: one capture per test method body. */
@PostgresTest
class CapturedStatementsInjectionTest {

    @FixtureOnly
    @PostgresTest(init = "db/capture-schema.sql")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerMethodTestCase {

        @BeforeEach
        void fixture(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO jobs (queue) VALUES ('fixture')");
            }
        }

        @Test
        @Order(1)
        void first(DataSource dataSource, CapturedStatements captured) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT count(*) FROM jobs");
                st.execute("SELECT count(*) FROM records");
            }
            assertThat(captured.statements()).extracting(CapturedStatement::sql)
                    .containsExactly("SELECT count(*) FROM jobs", "SELECT count(*) FROM records");
        }

        @Test
        @Order(2)
        void second(Connection connection, CapturedStatements captured, PostgresDatabase db) throws SQLException {
            db.execute("INSERT INTO jobs (queue) VALUES ('helper')");
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT 42");
            }
            assertThat(captured.statements()).extracting(CapturedStatement::sql).containsExactly("SELECT 42");
            assertThat(captured.isRecording()).isTrue();
        }

        @AfterEach
        void afterBody(CapturedStatements captured, DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT count(*) FROM users");
            }
            assertThat(captured.isRecording()).isFalse();
            assertThatStatements(captured).selectsFrom("users").hasNone();
        }
    }

    @FixtureOnly
    @PostgresTest
    static class ConstructorInjectionTestCase {
        ConstructorInjectionTestCase(CapturedStatements captured) {
        }

        @Test
        void never() {
        }
    }

    @Test
    void capturesOnlyEachTestMethodsBodyThroughTheInjectedDataSourceAndConnection(PostgresDatabase database) {
        Events tests = EngineRuns.sharing(database).run(PerMethodTestCase.class).testEvents();
        assertThat(tests.failed().list()).as(() -> String.valueOf(failures(tests))).isEmpty();
        tests.assertStatistics(stats -> stats.succeeded(2));
    }

    @Test
    void rejectsCapturedStatementsOutsideATestMethod(PostgresDatabase database) {
        EngineRuns.sharing(database).run(ConstructorInjectionTestCase.class)
                .testEvents().assertThatEvents().haveExactly(1, event(test("never"),
                        finishedWithFailure(message(m -> m.contains("CapturedStatements holds what one test method ran")
                                && m.contains("@Test, @BeforeEach or @AfterEach")))));
    }

    private static List<String> failures(Events tests) {
        return tests.failed().stream()
                .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .map(Throwable::toString).orElse("?"))
                .toList();
    }
}
