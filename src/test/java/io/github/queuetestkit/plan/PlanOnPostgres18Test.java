package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The version-specific plan tests on 18, and what only 18 reports: skip scans' index searches, fractional rows. */
@PostgresTest(image = "postgres:18-alpine", init = {"db/plan-jobs.sql", "db/plan-shapes.sql"})
class PlanOnPostgres18Test extends PlanOnServerVersions {

    /** job_states has an index on (state, run_at) and four states: 18 skips through the states to find a run_at. */
    private static final String SECOND_COLUMN_ONLY = "SELECT id FROM job_states WHERE run_at = '2024-01-02 00:00:00+00'";

    @Override
    int majorVersion() {
        return 18;
    }

    @Test
    void aSkipScanIsNamedByItsIndexAndCountsOneSearchPerLeadingValueItSkipsTo(DataSource dataSource)
            throws SQLException {
        Plan plan = Explain.of(SECOND_COLUMN_ONLY).explain(dataSource).custom();
        PlanNode scan = plan.nodesOn("job_states").get(0);
        Matcher serverSays = Pattern.compile("Index Searches: (\\d+)")
                .matcher(PlanShapes.serverText(dataSource, SECOND_COLUMN_ONLY));

        assertThat(serverSays.find()).isTrue();
        assertThat(scan.indexName()).isEqualTo("job_states_state_run_at");
        assertThat(scan.indexSearches()).hasValue(Long.parseLong(serverSays.group(1)));
        assertThat(scan.indexSearches().orElseThrow()).isGreaterThanOrEqualTo(4);
        assertThat(plan.rowsExamined()).isEqualTo(8);
        assertThat(plan.render()).contains("Index Searches: " + serverSays.group(1));
    }

    @Test
    void verdictsOnASkipScanNameTheIndexItReads(DataSource dataSource) {
        // without the index the table is read whole: the skip scan is what makes the index worth having
        assertThatPlan(dataSource, SECOND_COLUMN_ONLY).usesIndex("job_states_state_run_at").hasNoSeqScan()
                .rowsExaminedAtMost(8).needsIndex("job_states_state_run_at");

        assertThatThrownBy(() -> assertThatPlan(dataSource, SECOND_COLUMN_ONLY).usesIndex("job_states_id"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("Expecting the plan to use index \"job_states_id\"",
                        "\"job_states\" is read by Index Scan using job_states_state_run_at on job_states, which"
                                + " examined 8 rows and kept 8",
                        "Index Searches: ");
        assertThatThrownBy(() -> assertThatPlan(dataSource, SECOND_COLUMN_ONLY).rowsExaminedAtMost(7))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("examined 8 to return 8");
    }

    @Test
    void rowsExaminedCountsFractionalRowsPerLoopInsteadOfRoundingThemAway(DataSource dataSource) {
        // half of the 1,000 ids exist: the inner scan returns 0.50 rows per loop, which 17 prints, and reports, as 0
        Explain join = Explain.of("SELECT count(*) FROM generate_series(1, 1000) g JOIN delayed_jobs d ON d.id = g * 40")
                .withSetting("enable_hashjoin", "off").withSetting("enable_mergejoin", "off");
        Plan plan = join.explain(dataSource).custom();
        PlanNode inner = plan.nodesOn("delayed_jobs").get(0);

        assertThat(inner.actual().orElseThrow().rows()).isEqualTo(0.5);
        assertThat(inner.actual().orElseThrow().loops()).isEqualTo(1000);
        assertThat(plan.rowsExamined()).isEqualTo(500);
        // 0.50 printed per loop stands for anything from 0.495 to 0.505: the check counts the most it can be
        assertThat(plan.rowsExaminedUncertainty()).isEqualTo(5);
        assertThatPlan(dataSource, join).rowsExaminedAtMost(505);
        assertThatThrownBy(() -> assertThatPlan(dataSource, join).rowsExaminedAtMost(500))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("examined 500 (between 495 and 505) to return 1",
                        "which examined 500 rows and kept 500 over 1,000 loops", "rows=0.50 loops=1000",
                        "known only within that rounding times its loops");
    }

    @Test
    void theRightSemiJoinOf18IsNamedAsPsqlNamesIt(DataSource dataSource) {
        // 18 can hash the small outer side of a semi join and probe it with the big one
        Explain exists = Explain.of("SELECT * FROM queues q WHERE EXISTS (SELECT 1 FROM job_runs r"
                + " WHERE r.queue = q.name)").withSetting("enable_nestloop", "off").withSetting("enable_mergejoin", "off")
                .withSetting("enable_hashagg", "off");

        assertThat(exists.explain(dataSource).custom().root().headline()).isEqualTo("Hash Right Semi Join");
        assertThatPlan(dataSource, exists).containsNodeType("Hash Right Semi Join", "Hash Join");
        assertThatThrownBy(() -> assertThatPlan(dataSource, exists).doesNotContainNodeType("Hash Right Semi Join"))
                .isInstanceOf(AssertionError.class)
                .hasMessageMatching("(?s).*\n>> +Hash Right Semi Join  .*");
    }
}
