package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plan features whose JSON, text or SQL differ between PostgreSQL versions, run on each version a subclass names
 * with {@code @PostgresTest(image)}: in container mode each runs on its own image; against an external server only
 * the class of that server's version runs.
 */
abstract class PlanOnServerVersions {

    private static final String CLAIM = "UPDATE delayed_jobs SET locked_by = ? WHERE id IN (SELECT id FROM delayed_jobs"
            + " WHERE priority = ? ORDER BY run_at LIMIT 5 FOR UPDATE SKIP LOCKED) RETURNING id";

    abstract int majorVersion();

    @BeforeEach
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.queuetestkit.plan.PlanShapes#all")
    void rendersEachShapeWithTheNodesIndentationAndDetailsOfTheServersTextFormat(PlanShapes.Shape shape,
            DataSource dataSource) throws SQLException {
        List<String> expected = PlanShapes.structure(PlanShapes.serverText(dataSource, shape.sql(), shape.settings()));
        assertThat(String.join("\n", expected)).as("the server's plan is the shape named").contains(shape.shows());

        List<String> rendered = PlanShapes.structure(shape.explain().explain(dataSource).custom().render());

        assertThat(rendered).containsExactlyElementsOf(expected);
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

    /**
     * The writing dequeue joins back through the primary key: {@code rows=1 loops=5}, which before 18 is a rounded
     * average, but a unique lookup cannot have found more than one row a loop, so exactly 10 rows were examined.
     */
    @Test
    void aLookupThroughAUniqueIndexExaminesAtMostOneRowPerLoop(DataSource dataSource, PostgresDatabase database) {
        database.execute("""
                CREATE TABLE vjobs (id bigserial PRIMARY KEY, state text NOT NULL, priority int NOT NULL);
                INSERT INTO vjobs (state, priority) SELECT CASE WHEN g % 50 = 0 THEN 'available' ELSE 'done' END,
                    g % 4 FROM generate_series(1, 20000) g;
                CREATE INDEX vjobs_fetch ON vjobs (priority, id) WHERE state = 'available';
                ANALYZE vjobs;
                """);
        try {
            String dequeue = "UPDATE vjobs SET state = 'running' WHERE id IN (SELECT id FROM vjobs"
                    + " WHERE state = 'available' ORDER BY priority, id LIMIT 5 FOR UPDATE SKIP LOCKED) RETURNING id";
            PlanNode lookup = Explain.of(dequeue).explain(dataSource).custom().nodes()
                    .filter(n -> "vjobs_pkey".equals(n.indexName())).findFirst().orElseThrow();
            assertThat(lookup.actual().orElseThrow().loops()).isEqualTo(5);
            assertThat(lookup.properties()).containsEntry(PlanNode.UNIQUE_LOOKUP, true);
            assertThat(lookup.mostRowsExamined()).isEqualTo(5);
            assertThatPlan(dataSource, dequeue).rowsExaminedAtMost(10).rowsExaminedPerRowReturnedAtMost(2);
            assertThatThrownBy(() -> assertThatPlan(dataSource, dequeue).rowsExaminedAtMost(9))
                    .hasMessageContaining("examined 10 ");
        } finally {
            database.execute("DROP TABLE vjobs");
        }
    }
}
