package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

/** The plan assertions on PostgreSQL 15, whose EXPLAIN JSON differs in details from 17's. */
@PostgresTest(image = "postgres:15-alpine", init = "db/plan-jobs.sql")
class PlanAssertionsOnPostgres15Test extends PlanAssertionsContract {

    @Override
    int majorVersion() {
        return 15;
    }
}
