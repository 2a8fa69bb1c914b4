package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

/** The plan assertions on PostgreSQL 17, the major before the default. */
@PostgresTest(image = "postgres:17-alpine", init = "db/plan-jobs.sql")
class PlanAssertionsOnPostgres17Test extends PlanAssertionsContract {

    @Override
    int majorVersion() {
        return 17;
    }
}
