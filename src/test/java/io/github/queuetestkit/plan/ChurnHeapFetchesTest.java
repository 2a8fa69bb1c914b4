package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.dataset.Churn;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Churn makes a jobs table look like a busy queue's: its index-only scans visit the heap, and messages say why. */
@PostgresTest
class ChurnHeapFetchesTest {

    private static final String TENANT_JOBS = "SELECT tenant_id, created_at FROM jobs WHERE tenant_id = 3"
            + " ORDER BY created_at LIMIT 100";
    private static final DatasetSpec JOBS = DatasetSpec.named("jobs").withScale(20_000).withSeed(42);
    /** Only the VACUUM churn starts with: the visibility map as autovacuum leaves it, no dead tuples. */
    private static final Churn CALM = Churn.of("jobs", "state", "done").withUpdates(0);
    private static final Churn BUSY = Churn.of("jobs", "state", "done").withUpdates(0.3).withDeletes(0.5);

    @AfterEach
    void dropTheDataset(PostgresDatabase db) {
        db.execute("DROP TABLE IF EXISTS jobs, tenants");
        db.execute("DROP SCHEMA IF EXISTS queuetestkit CASCADE");
    }

    @Test
    void churnChangesHeapFetchesOfAnIndexOnlyScanAndTheMessageShowsIt(DataSource dataSource, PostgresDatabase db) {
        JOBS.withChurn(CALM).load(dataSource);
        assertThatPlan(dataSource, TENANT_JOBS).usesIndexOnlyScan("jobs_tenant").heapFetchesAtMost(0);
        dropTheDataset(db);

        JOBS.withChurn(BUSY).load(dataSource);

        assertThatThrownBy(() -> assertThatPlan(dataSource, TENANT_JOBS).usesIndexOnlyScan("jobs_tenant")
                .heapFetchesAtMost(0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Heap Fetches: ")
                .hasMessageNotContaining("Statistics: ANALYZE ran")
                .hasMessageMatching("(?s).*Tables: jobs [0-9,]+ rows, [0-9,]+ live / [1-9][0-9,]* dead tuples.*")
                .hasMessageContaining("@Dataset(value = \"jobs\", scale = 20_000, seed = 42): tenants 30 rows, jobs ")
                .hasMessageContaining("churn: jobs.state -> done on 30% of rows, 50% of (done) deleted (");
    }

    @Test
    void churnUpdatesAFractionOfTheStatesAndDeletesFinishedRowsWithAutovacuumOff(DataSource dataSource,
            PostgresDatabase db) {
        JOBS.load(dataSource);
        long active = db.queryForLong("SELECT count(*) FROM jobs WHERE state <> 'done'");
        long done = db.queryForLong("SELECT count(*) FROM jobs WHERE state = 'done'");
        dropTheDataset(db);

        JOBS.withChurn(BUSY).load(dataSource);

        long stillActive = db.queryForLong("SELECT count(*) FROM jobs WHERE state <> 'done'");
        assertThat((double) stillActive / active).isBetween(0.65, 0.75);
        assertThat((double) db.queryForLong("SELECT count(*) FROM jobs WHERE state = 'done'")
                / (done + active - stillActive)).isBetween(0.45, 0.55);
        assertThat(db.queryForLong("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'jobs'"))
                .isGreaterThan(5_000L);
        assertThat(db.queryForLong("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = 'jobs'"))
                .isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM pg_class WHERE relname = 'jobs'"
                + " AND 'autovacuum_enabled=false' = ANY (reloptions)")).isEqualTo(1);
    }

    @Test
    void sameSeedChurnsTheSameRows(DataSource dataSource, PostgresDatabase db) {
        JOBS.withScale(3_000).withChurn(BUSY).load(dataSource);
        long first = db.queryForLong("SELECT sum(id) FROM jobs WHERE state = 'done'");
        dropTheDataset(db);

        JOBS.withScale(3_000).withThreads(1).withChurn(BUSY).load(dataSource);

        assertThat(db.queryForLong("SELECT sum(id) FROM jobs WHERE state = 'done'")).isEqualTo(first);
    }
}
