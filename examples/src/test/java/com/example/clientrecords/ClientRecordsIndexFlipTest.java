package com.example.clientrecords;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThat;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.PlanSweep;
import io.github.queuetestkit.plan.SweepResult;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.CapturedStatements;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * "For clients exceeding a threshold of 80k records or so, Postgres fell back to the primary key index." In the
 * client-records dataset client 1 owns ~89% of the records and client 2 ~8%: the sweep walks client 2 from a few
 * hundred records to several thousand, and the plan flips where the incident's did.
 */
@PostgresTest
@Dataset(value = "client-records", scale = 100_000, seed = 42)
class ClientRecordsIndexFlipTest {

    private static final PlanSweep CLIENT_GROWS = PlanSweep.of("client-records").atScales(5_000, 20_000, 100_000)
            .explaining(ClientRecordBatches.BATCH, 2L, 0L, 1_000);

    @Test
    void beforeThePlannerLeavesTheCompoundIndexAsTheClientGrows(PostgresDatabase db) {
        SweepResult sweep = CLIENT_GROWS.run(db);
        System.out.println(sweep.table());

        assertThatThrownBy(() -> assertThat(sweep).keepsItsPlanShape())
                .hasMessageContaining("Expecting the plan to keep its shape at every scale, but it flipped")
                .hasMessageContaining("Index Scan using records_pkey on records");
        assertThatThrownBy(() -> assertThat(sweep).atEveryScale(plan -> plan.rowsExaminedPerRowReturnedAtMost(1.1)))
                .hasMessageContaining("Expecting the plan conditions to hold at every scale")
                .hasMessageContaining("Index Scan using records_pkey on records");
    }

    @Test
    void afterTheIndexWithTheIdServesEveryBatchAtEveryScale(PostgresDatabase db) {
        SweepResult sweep = CLIENT_GROWS.withSetup(ClientRecordBatches.MIGRATION, "ANALYZE records").run(db);
        System.out.println(sweep.table());

        assertThat(sweep)
                .keepsItsPlanShape()
                .atEveryScale(plan -> plan.allowingTinyTables().usesIndex("records_client_id").hasNoSort()
                        .rowsExaminedPerRowReturnedAtMost(1.1));
    }

    @Test
    void theBatchedRetrievalRunsOneStatementPerThousandRecords(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws Exception {
        long records = db.queryForLong("SELECT count(*) FROM records WHERE client_id = 2");
        AtomicLong seen = new AtomicLong();

        try (Connection connection = dataSource.getConnection()) {
            new ClientRecordBatches(1_000).forEachBatch(connection, 2, ids -> seen.addAndGet(ids.size()));
        }

        org.assertj.core.api.Assertions.assertThat(seen.get()).isEqualTo(records);
        assertThatStatements(captured).selectsFrom("records")
                .hasAtMost((int) (records / 1_000 + 1))
                .hasAtMostRowsPerStatement(1_000);
    }
}
