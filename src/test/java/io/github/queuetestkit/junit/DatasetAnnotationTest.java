package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.queuetestkit.junit.internal.ClassConfig;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.postgres.internal.ServerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

// Itself a @PostgresTest so the server outlives the fixture runs, whose own run scopes would otherwise stop it.
@PostgresTest
class DatasetAnnotationTest {

    @PostgresTest
    @Dataset(value = "jobs", scale = 1_500, seed = 9_001)
    static class FirstTestCase {
        @Test
        void seesTheDataset(PostgresDatabase db) {
            assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(1_500);
        }
    }

    @PostgresTest
    @Dataset(value = "jobs", scale = 1_500, seed = 9_001)
    static class SecondTestCase {
        @Test
        void seesTheSameDataset(PostgresDatabase db) {
            assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(1_500);
        }
    }

    @PostgresTest
    @Dataset(value = "jobs", scale = 500, seed = 1)
    @Dataset(value = "delayed-jobs", scale = 300, seed = 1)
    static class SeveralDatasetsTestCase {
        @Test
        void loadsBothInOrder(PostgresDatabase db) {
            assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(500);
            assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs")).isEqualTo(300);
        }
    }

    @PostgresTest
    static class MethodLevelTestCase {
        @Test
        @Dataset(value = "fair-queue", scale = 400, seed = 3)
        void loadsBeforeTheMethod(PostgresDatabase db) {
            assertThat(db.queryForLong("SELECT count(*) FROM batch_spec_workspace_execution_jobs")).isEqualTo(400);
        }
    }

    @PostgresTest
    @Dataset(value = "datasets/broken-dataset.yaml")
    static class BrokenDatasetTestCase {
        @Test
        void neverRuns() {
        }
    }

    @Test
    void secondClassWithTheSameDatasetGetsAClone() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(FirstTestCase.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
        ServerRegistry.Handle server = ServerRegistry.obtain(
                ClassConfig.of(FirstTestCase.class, FirstTestCase.class.getAnnotation(PostgresTest.class)).server(),
                new ServerRegistry.RunScope(false));
        int builds = server.templates().builds();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SecondTestCase.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

        assertThat(server.templates().builds()).isEqualTo(builds);
    }

    @Test
    void severalDatasetsLoadInOrder() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(SeveralDatasetsTestCase.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void methodLevelDatasetLoadsBeforeThatMethod() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(MethodLevelTestCase.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void brokenDefinitionFailsTheClassWithFileLineAndColumn() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(BrokenDatasetTestCase.class)).execute()
                .containerEvents().failed().assertThatEvents().singleElement()
                .satisfies(event -> assertThat(event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .orElseThrow().getThrowable().orElseThrow())
                        .hasMessageContaining("classpath:datasets/broken-dataset.yaml:5:31")
                        .hasMessageContaining("unknown generator 'zipfian'"));
    }
}
