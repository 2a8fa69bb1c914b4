package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.QueueTestkitSoftAssertions;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/verdict-jobs.sql")
class NecessityControlTest {

    private static final String DEQUEUE = "SELECT id FROM queue_jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10";
    private static final String TWIN_DEQUEUE = "SELECT id FROM twin_jobs WHERE state = 'queued' ORDER BY run_at LIMIT 10";

    @Test
    void passesWhenThePlanWithoutTheIndexIsMeasurablyWorse(DataSource dataSource) {
        assertThatPlan(dataSource, DEQUEUE).needsIndex("queue_jobs_state_run_at");
    }

    @Test
    void redundantIndexFailsTheNecessityControlWithTheFiguresAndThePlanThatWins(DataSource dataSource) {
        String used = twinInUse(dataSource);
        String other = used.equals("twin_jobs_a") ? "twin_jobs_b" : "twin_jobs_a";

        assertThatThrownBy(() -> assertThatPlan(dataSource, TWIN_DEQUEUE).needsIndex(used))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to need index \"" + used + "\": planned without it (dropped"
                        + " in a transaction that was rolled back), the plan should be measurably worse")
                .hasMessageContaining("but it is not: shared buffers ")
                .hasMessageContaining("rows examined 10 -> 10")
                .hasMessageContaining("(with -> without)")
                .hasMessageContaining("the index is redundant for this statement")
                .hasMessageContaining("Plan without \"" + used + "\" (the plan that wins when it is gone):")
                .hasMessageContaining("Index Scan using " + other + " on twin_jobs");
    }

    @Test
    void customAndGenericPlansAreEachPlannedAgainWithoutTheIndex(DataSource dataSource) {
        Explain both = Explain.of("SELECT id FROM queue_jobs WHERE state = ? ORDER BY run_at LIMIT 10", "queued")
                .withCustomAndGenericPlans();

        assertThatPlan(dataSource, both).needsIndex("queue_jobs_state_run_at");
    }

    @Test
    void theIndexIsBackAfterTheControl(DataSource dataSource, PostgresDatabase db) {
        String used = twinInUse(dataSource);
        assertThatThrownBy(() -> assertThatPlan(dataSource, TWIN_DEQUEUE).needsIndex(used))
                .isInstanceOf(AssertionError.class);

        assertThat(db.queryForLong("SELECT count(*) FROM pg_indexes WHERE tablename = 'twin_jobs'")).isEqualTo(3);
    }

    @Test
    void noSeqScanControlPassesWhenTheIndexKeepsTheTableFromBeingReadWhole(DataSource dataSource) {
        assertThatPlan(dataSource, DEQUEUE).hasNoSeqScanOnThanksTo("queue_jobs", "queue_jobs_state_run_at");
    }

    @Test
    void noSeqScanControlShowsThePlanThatWinsWhenARedundantIndexIsGone(DataSource dataSource) {
        String used = twinInUse(dataSource);

        assertThatThrownBy(() -> assertThatPlan(dataSource, TWIN_DEQUEUE).hasNoSeqScanOnThanksTo("twin_jobs", used))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to avoid a Seq Scan on \"twin_jobs\" thanks to index \"" + used
                        + "\"")
                .hasMessageContaining("(the plan that wins when it is gone)");
    }

    @Test
    void constraintIndexIsDroppedWithItsConstraintAndTheControlPasses(DataSource dataSource) {
        assertThatPlan(dataSource, "SELECT payload FROM queue_jobs WHERE id = 77").needsIndex("queue_jobs_pkey");
    }

    @Test
    void lockHeldByAnotherSessionFailsClearlyAfterTheLockTimeout(DataSource dataSource, Connection holder)
            throws SQLException {
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.execute("LOCK TABLE queue_jobs IN ACCESS SHARE MODE");
            assertThatThrownBy(() -> assertThatPlan(dataSource, DEQUEUE).needsIndex("queue_jobs_state_run_at"))
                    .isInstanceOf(QueueTestkitException.class)
                    .hasMessageContaining("Could not plan without index queue_jobs_state_run_at")
                    .hasMessageContaining("needs an ACCESS EXCLUSIVE lock on its table")
                    .hasMessageContaining("lock_timeout = 2s")
                    .hasMessageContaining("AccessShareLock")
                    .hasMessageContaining("LOCK TABLE queue_jobs");
        } finally {
            holder.rollback();
        }
    }

    @Test
    void softAssertionsCollectTheControlsFailureAndGoOn(DataSource dataSource) {
        String used = twinInUse(dataSource);
        QueueTestkitSoftAssertions softly = new QueueTestkitSoftAssertions();

        softly.assertThatPlan(dataSource, TWIN_DEQUEUE).needsIndex(used).hasNoSort();
        softly.assertThatPlan(dataSource, DEQUEUE).needsIndex("queue_jobs_state_run_at");

        assertThat(softly.errorsCollected()).singleElement().satisfies(e -> assertThat(e.getMessage())
                .contains("Expecting the plan to need index \"" + used + "\""));
    }

    @Test
    void storedPlanCannotBePlannedAgain(DataSource dataSource) {
        Plan stored = Plan.parse(Explain.of(DEQUEUE).explain(dataSource).custom().json(), DEQUEUE, PlanType.CUSTOM);

        assertThatThrownBy(() -> new PlanAssert(stored).needsIndex("queue_jobs_state_run_at"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("needsIndex(\"queue_jobs_state_run_at\") plans the statement again")
                .hasMessageContaining("a plan parsed from JSON cannot be planned again");
    }

    /** Which twin the planner picks on a tie is its own business; the control must fail for either. */
    private static String twinInUse(DataSource dataSource) {
        return Explain.of(TWIN_DEQUEUE).explain(dataSource).custom().nodesWhere(n -> n.indexName() != null).get(0)
                .indexName();
    }
}
