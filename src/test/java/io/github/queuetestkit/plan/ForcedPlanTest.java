package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** "The planner chooses X at this data" (the default) versus "X can serve this query" (forced). */
@PostgresTest(init = "db/verdict-jobs.sql")
class ForcedPlanTest {

    /** 198 of 200 rows: the planner reads the table whole, although the index fits. */
    private static final String DONE = "SELECT * FROM tiny_jobs WHERE state = 'done'";

    @Test
    void naturalPlanDoesNotChooseTheIndexThatCanServeTheQuery(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, DONE).allowingTinyTables().usesIndex("tiny_jobs_state_run_at"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to use index \"tiny_jobs_state_run_at\"");

        assertThatPlan(dataSource, DONE).allowingTinyTables().canBeServedByIndex("tiny_jobs_state_run_at");
    }

    @Test
    void indexThatCannotServeTheQueryFailsEvenWhenForced(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, DONE).allowingTinyTables().canBeServedByIndex("tiny_jobs_queue"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting index \"tiny_jobs_queue\" to be able to serve the statement, but even"
                        + " with the planner forced (enable_seqscan=off, enable_sort=off) no node of the plan reads it")
                .hasMessageContaining("Index Scan using tiny_jobs_state_run_at on tiny_jobs")
                .hasMessageContaining("Planner forced: enable_seqscan=off, enable_sort=off (SET LOCAL): this plan shows"
                        + " what CAN serve the statement, not what the planner chooses at this data.");
    }

    @Test
    void forcedExplainSaysSoInEveryFailure(DataSource dataSource) {
        Explain forced = Explain.of(DONE).withPlannerForcedToAvoidSeqScanAndSort();

        assertThatThrownBy(() -> assertThatPlan(dataSource, forced).allowingTinyTables().usesIndex("tiny_jobs_queue"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Planner forced: enable_seqscan=off, enable_sort=off")
                .hasMessageContaining("plan settings (SET LOCAL) enable_seqscan=off, enable_sort=off");
    }

    @Test
    void unknownIndexIsAnErrorNotAVerdict(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, DONE).canBeServedByIndex("tiny_jobs_stat"))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("tiny_jobs_stat");
    }
}
