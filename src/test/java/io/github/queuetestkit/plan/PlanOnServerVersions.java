package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The plan features whose JSON or SQL differ between PostgreSQL versions, run on each version a subclass names. */
abstract class PlanOnServerVersions {

    private static final String CLAIM = "UPDATE delayed_jobs SET locked_by = ? WHERE id IN (SELECT id FROM delayed_jobs"
            + " WHERE priority = ? ORDER BY run_at LIMIT 5 FOR UPDATE SKIP LOCKED) RETURNING id";

    abstract int majorVersion();

    @org.junit.jupiter.api.BeforeEach
    void onTheVersionAskedFor(PostgresDatabase database) {
        OnServerVersion.assumeMajorUnlessContainer(database, majorVersion());
    }

    @Test
    void runsOnTheVersionTheClassAsksFor(PostgresDatabase database) {
        assertThat(database.serverVersionNum() / 10_000).isEqualTo(majorVersion());
    }

    @Test
    void delayedJobStoryExaminesEveryRowBeforeAndFiveAfter(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, PlanFixtures.DELAYED_BEFORE, "host:x")
                .rowsExaminedAtMost(50).hasNoSort())
                .hasMessageContaining("examined 20,000 to return 5")
                .hasMessageContaining(">>         ->  Seq Scan on delayed_jobs_before");
        assertThatPlan(dataSource, PlanFixtures.DELAYED_ASC, "host:x").usesIndex("delayed_jobs_priority_run_at")
                .hasNoSort().hasNoSeqScan().rowsExaminedAtMost(5).sharedBuffersAtMost(20);
    }

    @Test
    void rendersLikeTheServersTextFormat(DataSource dataSource) throws SQLException {
        String sql = "SELECT queue, count(*) FROM delayed_jobs WHERE priority < (SELECT max(priority) FROM"
                + " delayed_jobs_before) AND id IN (SELECT id FROM skewed_jobs WHERE state = 'queued') GROUP BY queue"
                + " ORDER BY 2 DESC";

        assertThat(PlanRenderTest.structure(Explain.of(sql).explain(dataSource).custom().render()))
                .containsExactlyElementsOf(PlanRenderTest.structure(PlanRenderTest.serverText(dataSource, sql)));
    }

    @Test
    void customAndGenericPlansOfAClaimChangeNothing(DataSource dataSource, PostgresDatabase database) {
        Plans plans = Explain.of(CLAIM, "w1", 1).withCustomAndGenericPlans().explain(dataSource);

        assertThat(plans.all()).allSatisfy(p -> assertThat(p.rowsReturned()).isEqualTo(5));
        assertThat(plans.generic().render()).contains("$2");
        assertThat(database.queryForLong("SELECT count(*) FROM delayed_jobs WHERE locked_by IS NOT NULL")).isZero();
    }

    @Test
    void parseErrorsPointAtThePosition(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatPlan(dataSource, "SELECT * FROM delayed_jobs WHER priority = ?", 1))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("syntax error at or near \"priority\"")
                .hasMessageContaining("at line 1, column 33");
    }
}
