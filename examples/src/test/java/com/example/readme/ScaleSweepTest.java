package com.example.readme;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.Growth;
import io.github.queuetestkit.plan.PlanSweep;
import io.github.queuetestkit.plan.SweepResult;
import io.github.queuetestkit.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;

/**
 * The README's "Scale sweeps" section: the sweep it shows flips from the compound index to the primary key as
 * client 2 grows, so its no-flip assertion fails; the migration it shows keeps one plan at every scale.
 */
@PostgresTest
class ScaleSweepTest {

    @Test
    void theReadmeSweepShowsThePlanFlipAsTheClientGrows(PostgresDatabase db) {
        assertThatThrownBy(() -> sweepOfClientTwo(db))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan conditions to hold at every scale, but they failed at 2 of 3"
                        + " (20,000, 60,000).")
                .hasMessageContaining("    2,000   2,020       40            156  Limit > Sort > Index Scan using"
                        + " records_client_created on records")
                .hasMessageContaining(">> 20,000  20,200       30          1,285  Limit > Index Scan using records_pkey"
                        + " on records");
    }

    @Test
    void theIndexWithTheIdKeepsOnePlanAtEveryScale(PostgresDatabase db) {
        String batch = "SELECT * FROM records WHERE client_id = ? AND id > ? ORDER BY id LIMIT 100";
        assertThat(PlanSweep.of("client-records").atScales(2_000, 20_000, 60_000).explaining(batch, 2, 0)
                .withSetup("CREATE INDEX records_client_id ON records (client_id, id)", "ANALYZE records").run(db))
                .keepsItsPlanShape()
                .atEveryScale(plan -> plan.usesIndex("records_client_id").rowsExaminedPerRowReturnedAtMost(1.1));
    }

    /** The README's block as it stands: the assertion at its end is the one the flip breaks. */
    private static void sweepOfClientTwo(PostgresDatabase db) {
        SweepResult sweep = PlanSweep.of("client-records")                  // or PlanSweep.of(aDatasetSpec)
                .atScales(2_000, 20_000, 60_000)
                .explaining("SELECT * FROM records WHERE client_id = ? AND id > ? ORDER BY id LIMIT 100", 2, 0)
                .run(db);                                                     // the injected PostgresDatabase
        System.out.println(sweep.table());
        assertThat(sweep)
                .atEveryScale(plan -> plan.usesIndex("records_client_created"))   // any plan assertions, at each scale
                .sharedBuffersGrowAtMost(Growth.CONSTANT)                          // or rowsExaminedGrowAtMost(Growth.LINEAR)
                .keepsItsPlanShape();                                              // no flip
    }
}
