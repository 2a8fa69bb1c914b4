package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// Itself a @PostgresTest so its server is there to hand to the fixture runs.
@PostgresTest
class DatasetAnnotationTest {

    @PostgresTest
    @Dataset(value = "jobs", scale = 1_500, seed = 9_001)
    @ExtendWith(TemplatesProbe.class)
    static class FirstTestCase {
        @Test
        void seesTheDataset(PostgresDatabase db) {
            assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(1_500);
        }
    }

    @PostgresTest
    @Dataset(value = "jobs", scale = 1_500, seed = 9_001)
    @ExtendWith(TemplatesProbe.class)
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
    void secondClassWithTheSameDatasetGetsAClone(PostgresDatabase database) {
        TemplatesProbe.READINGS.clear();

        EngineRuns.sharing(database).run(FirstTestCase.class, SecondTestCase.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));

        assertThat(TemplatesProbe.READINGS).hasSize(2);
        assertThat(TemplatesProbe.READINGS.get(1).builds()).isEqualTo(TemplatesProbe.READINGS.get(0).builds());
    }

    @Test
    void severalDatasetsLoadInOrder(PostgresDatabase database) {
        EngineRuns.sharing(database).run(SeveralDatasetsTestCase.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void methodLevelDatasetLoadsBeforeThatMethod(PostgresDatabase database) {
        EngineRuns.sharing(database).run(MethodLevelTestCase.class)
                .testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void brokenDefinitionFailsTheClassWithFileLineAndColumn(PostgresDatabase database) {
        EngineRuns.sharing(database).run(BrokenDatasetTestCase.class)
                .containerEvents().failed().assertThatEvents().singleElement()
                .satisfies(event -> assertThat(event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .orElseThrow().getThrowable().orElseThrow())
                        .hasMessageContaining("classpath:datasets/broken-dataset.yaml:5:31")
                        .hasMessageContaining("unknown generator 'zipfian'"));
    }
}
