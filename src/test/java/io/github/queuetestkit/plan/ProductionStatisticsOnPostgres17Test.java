package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Before PostgreSQL 18 there are no functions to restore statistics with: the request says which version it needs. */
@PostgresTest(image = "postgres:17-alpine", init = "db/stat-jobs.sql")
class ProductionStatisticsOnPostgres17Test {

    @Test
    void productionStatisticsNeedPostgres18(DataSource dataSource, PostgresDatabase db) {
        OnServerVersion.assumeMajorUnlessContainer(db, 17);
        StatisticsDump production = StatisticsDump.fromClasspath("stats/stat-jobs-production.sql");

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of("SELECT id FROM stat_jobs WHERE state = 'queued'")
                .withStatistics(production)))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageStartingWith("Explain.withStatistics(stats/stat-jobs-production.sql) needs PostgreSQL 18 or"
                        + " later: pg_restore_relation_stats and pg_restore_attribute_stats arrived in 18, and this"
                        + " server is 17.");
    }
}
