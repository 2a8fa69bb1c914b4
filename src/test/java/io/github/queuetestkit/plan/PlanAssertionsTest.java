package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

/** The plan assertions on the default server, PostgreSQL 17. */
@PostgresTest(init = "db/plan-jobs.sql")
class PlanAssertionsTest extends PlanAssertionsContract {
}
