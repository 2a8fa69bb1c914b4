package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.junit.PostgresTest;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Calendar;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Plan requests that carry what the code's driver does: parameters bound with a type ({@link SqlParameter}) and a
 * row limit applied outside the SQL ({@link Explain#withDriverRowLimit}). Colder storage costs, so a whole read of
 * scattered_jobs sorts and a read of its first rows uses the index.
 */
@PostgresTest(init = "db/replan-jobs.sql", settings = {"random_page_cost=4", "effective_cache_size=1MB"})
class ExplainAsTheCodeBindsTest {

    private static final String BY_STATE = "SELECT id FROM typed_jobs WHERE state = ?";
    private static final String NULLABLE = "SELECT id FROM typed_jobs WHERE ? IS NULL OR attempts = ?";
    private static final String BY_RANK = "SELECT id, payload FROM scattered_jobs ORDER BY rank";

    @Test
    void anEnumTypedAsOtherIsExplainedInBothPlansWhereAPlainStringIsNot(DataSource dataSource) {
        Plans plans = Explain.of(BY_STATE, SqlParameter.typed("queued", Types.OTHER)).withCustomAndGenericPlans()
                .explain(dataSource);

        assertThat(plans.all()).extracting(Plan::rowsReturned).containsExactly(200L, 200L);
        assertThat(plans.custom().nodesOn("typed_jobs").get(0).indexCond()).isEqualTo("(state = 'queued'::job_state)");
        assertThat(plans.generic().render()).contains("(state = $1)");
        assertThatThrownBy(() -> Explain.of(BY_STATE, "queued").explain(dataSource))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("operator does not exist: job_state = character varying");
    }

    @Test
    void typedNullsPrepareTheGenericPlanWithTheirTypesWherePlainNullsCannot(DataSource dataSource) {
        Plans plans = Explain.of(NULLABLE, SqlParameter.nullOf(Types.INTEGER), SqlParameter.nullOf(Types.INTEGER))
                .withCustomAndGenericPlans().explain(dataSource);

        assertThat(plans.all()).extracting(Plan::rowsReturned).containsExactly(20_000L, 20_000L);
        assertThat(plans.generic().root().filter()).isEqualTo("(($1 IS NULL) OR (attempts = $2))");
        assertThatThrownBy(() -> Explain.of(NULLABLE, null, null).withGenericPlan().explain(dataSource))
                .isInstanceOf(ExplainException.class)
                .hasMessageContaining("could not determine data type of parameter $1");
    }

    @Test
    void aBoundParameterIsBoundByItsOwnBinderInBothPlans(DataSource dataSource) {
        // A zone hours away from the JVM's, so the Calendar moves the wall-clock time the server compares.
        String zone = TimeZone.getDefault().getRawOffset() >= 0 ? "America/New_York" : "Asia/Tokyo";
        Calendar elsewhere = Calendar.getInstance(TimeZone.getTimeZone(zone));
        Timestamp noon = Timestamp.valueOf("2024-01-01 12:00:00");
        SqlParameter inZone = SqlParameter.bound(noon, "Calendar " + zone, (s, i) -> s.setTimestamp(i, noon, elsewhere));
        String sql = "SELECT id FROM typed_jobs WHERE run_at < ?";

        Plans plans = Explain.of(sql, inZone).withCustomAndGenericPlans().explain(dataSource);

        long inThatZone = Explain.of(sql, noon.toInstant().atZone(elsewhere.getTimeZone().toZoneId()).toLocalDateTime())
                .explain(dataSource).custom().rowsReturned();
        long inTheJvmsZone = Explain.of(sql, noon).explain(dataSource).custom().rowsReturned();
        assertThat(plans.all()).extracting(Plan::rowsReturned).containsExactly(inThatZone, inThatZone);
        assertThat(inThatZone).isNotEqualTo(inTheJvmsZone);
        assertThat(plans.custom().parameters()).singleElement().hasToString("2024-01-01 12:00:00.0 (Calendar " + zone + ")");
    }

    @Test
    void aDriverRowLimitMakesTheRatioCountTheRowsTheCodeReceives(DataSource dataSource) {
        assertThatPlan(dataSource, BY_RANK).rowsExaminedPerRowReturnedAtMost(2);
        assertThatPlan(dataSource, BY_RANK + " LIMIT 5").rowsExaminedPerRowReturnedAtMost(2);

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(BY_RANK).withDriverRowLimit(5))
                .rowsExaminedPerRowReturnedAtMost(2))
                .hasMessageContaining("Expecting the plan to examine at most 2.00 rows per row returned, but it"
                        + " examined 20,000 to return 5 to the code, 4,000.00 per row")
                .hasMessageContaining("The limit of 5 rows came from the driver (Statement.setMaxRows(5)), not the"
                        + " SQL: the server planned the statement for all 20,000 rows its plan returns.");
        Plans limited = Explain.of(BY_RANK).withDriverRowLimit(5).withCustomAndGenericPlans().explain(dataSource);
        assertThat(limited.all()).allSatisfy(plan -> {
            assertThat(plan.rowsReturned()).isEqualTo(20_000);
            assertThat(plan.rowsReceived()).isEqualTo(5);
        });
        assertThat(limited.request().driverRowLimit()).isEqualTo(5);
    }

    @Test
    void aNegativeDriverRowLimitIsRefused() {
        assertThatThrownBy(() -> Explain.of(BY_RANK).withDriverRowLimit(-1))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Driver row limit -1 is negative. Pass what Statement.setMaxRows got: a positive number of"
                        + " rows, or 0 for no limit.");
    }
}
