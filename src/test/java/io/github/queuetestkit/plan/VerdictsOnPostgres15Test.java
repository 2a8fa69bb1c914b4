package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.dataset.Churn;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The oldest server CI covers: statistics views, the flush function and hashing behave as on 17. */
@PostgresTest(image = "postgres:15-alpine", init = "db/verdict-jobs.sql")
class VerdictsOnPostgres15Test {

    @BeforeEach
    void onPostgres15(PostgresDatabase db) {
        // an external server (QUEUETESTKIT_JDBC_URL) replaces the image; these checks are about 15 only
        OnServerVersion.assumeMajorUnlessContainer(db, 15);
        assertThat(db.serverVersionNum() / 10_000).isEqualTo(15);
    }

    @Test
    void redundantIndexFailsTheNecessityControl(DataSource dataSource) {
        String sql = "SELECT id FROM twin_jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10";
        String used = Explain.of(sql).explain(dataSource).custom().nodesWhere(n -> n.indexName() != null).get(0)
                .indexName();

        assertThatPlan(dataSource, "SELECT id FROM queue_jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10")
                .needsIndex("queue_jobs_state_run_at");
        assertThatThrownBy(() -> assertThatPlan(dataSource, sql).needsIndex(used))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the index is redundant for this statement")
                .hasMessageContaining("Reproduce: PostgreSQL 15.");
    }

    @Test
    void churnedDatasetShowsDeadTuplesAndItsRecipe(DataSource dataSource) {
        DatasetSpec.named("jobs").withScale(10_000)
                .withChurn(Churn.of("jobs", "state", "done").withUpdates(0.5).withDeletes(0.2)).load(dataSource);

        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT tenant_id, created_at FROM jobs WHERE tenant_id = 3"
                + " ORDER BY created_at LIMIT 100").heapFetchesAtMost(0))
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("(?s).*Tables: jobs [0-9,]+ rows, [0-9,]+ live / [1-9][0-9,]* dead tuples.*")
                .hasMessageContaining("churn: jobs.state -> done on 50% of rows, 20% of (done) deleted (");
    }
}
