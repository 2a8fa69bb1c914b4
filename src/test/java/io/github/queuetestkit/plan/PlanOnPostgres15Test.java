package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

@PostgresTest(image = "postgres:15-alpine", init = {"db/plan-jobs.sql", "db/plan-shapes.sql"})
class PlanOnPostgres15Test extends PlanOnServerVersions {

    @Override
    int majorVersion() {
        return 15;
    }
}
