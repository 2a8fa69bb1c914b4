package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import org.junit.jupiter.api.BeforeEach;

/** The same assertions on PostgreSQL 15, whose EXPLAIN JSON differs in details from 17's. */
@PostgresTest(image = "postgres:15-alpine", init = "db/plan-jobs.sql")
class PlanAssertionsOnPostgres15Test extends PlanAssertionsContract {

    @BeforeEach
    void onPostgres15(PostgresDatabase db) {
        // an external server (QUEUETESTKIT_JDBC_URL) replaces the image; the point here is 15
        OnServerVersion.assumeMajorUnlessContainer(db, 15);
        assertThat(db.serverVersionNum() / 10_000).isEqualTo(15);
    }
}
