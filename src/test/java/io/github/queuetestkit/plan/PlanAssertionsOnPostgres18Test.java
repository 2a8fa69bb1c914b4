package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

/** The plan assertions on PostgreSQL 18, the default image: fractional rows, index searches, skip scans. */
@PostgresTest(image = "postgres:18-alpine", init = "db/plan-jobs.sql")
class PlanAssertionsOnPostgres18Test extends PlanAssertionsContract {

    @Override
    int majorVersion() {
        return 18;
    }
}
