package com.example.followup;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatJobs;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.followup.CarUserBulkCreate.CarUser;
import io.github.queuetestkit.junit.Dataset;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.queue.Jobs;
import io.github.queuetestkit.sql.CapturedStatements;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "One report job per car, not one per row": 30 car users for 3 cars must enqueue at most one report job per car,
 * in one round trip. The DataSource the kit injects records every statement of the test, so the assertions see
 * what the code really sent.
 */
@PostgresTest
@Dataset(value = "car-users", scale = 20_000, seed = 42)
class BatchedFollowUpJobsTest {

    @BeforeEach
    void idsFromSequences(PostgresDatabase db) {
        // the dataset's tables take explicit ids; the application's schema has sequences
        for (String table : List.of("car_users", "jobs")) {
            db.execute("CREATE SEQUENCE IF NOT EXISTS " + table + "_id_seq");
            db.execute("SELECT setval('" + table + "_id_seq', (SELECT max(id) FROM " + table + "))");
            db.execute("ALTER TABLE " + table + " ALTER COLUMN id SET DEFAULT nextval('" + table + "_id_seq')");
        }
    }

    private static List<CarUser> tenUsersForEachOf(long... cars) {
        List<CarUser> rows = new ArrayList<>();
        for (long car : cars) {
            for (long user = 1; user <= 10; user++) {
                rows.add(new CarUser(car, user));
            }
        }
        return rows;
    }

    private static Jobs reportJobsFor(DataSource dataSource, String cars) {
        return Jobs.in(dataSource).inTable("jobs")
                .where("kind = 'CarReportJob' AND state = 'queued' AND (args->>'car_id')::bigint IN (" + cars + ")")
                .keyedBy("args->>'car_id'");
    }

    private static void create(DataSource dataSource, CarUserBulkCreate version, List<CarUser> rows) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            version.createInBulk(connection, rows);
            connection.commit();
        }
    }

    @Test
    void beforeEnqueuesAJobPerRowInARoundTripEach(DataSource dataSource, CapturedStatements captured) throws Exception {
        create(dataSource, CarUserBulkCreate.BEFORE, tenUsersForEachOf(1, 2, 3));

        assertThatThrownBy(() -> assertThatJobs(reportJobsFor(dataSource, "1, 2, 3")).hasAtMostOnePerKey())
                .hasMessageContaining("to have at most one job per key")
                .hasMessageContaining("1=10");
        assertThatThrownBy(() -> assertThatJobs(reportJobsFor(dataSource, "1, 2, 3"))
                .wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("30 round trips wrote to the table")
                .hasMessageContaining("INSERT INTO jobs");
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("car_users").hasAtMostRoundTrips(1))
                .hasMessageContaining("INSERT INTO car_users");
    }

    @Test
    void afterEnqueuesOneJobPerCarInOneRoundTrip(DataSource dataSource, CapturedStatements captured) throws Exception {
        create(dataSource, CarUserBulkCreate.AFTER, tenUsersForEachOf(4, 5, 6));
        create(dataSource, CarUserBulkCreate.AFTER, tenUsersForEachOf(4));   // a second bulk for a car already queued

        assertThatJobs(reportJobsFor(dataSource, "4, 5, 6"))
                .hasExactlyOnePerKey("4", "5", "6")
                .wereEnqueuedInAtMostRoundTrips(2, captured);   // one per bulk operation
        assertThatStatements(captured).insertsInto("car_users").hasAtMostRoundTrips(2);
    }
}
