package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

@PostgresTest(image = "postgres:17-alpine", init = {"db/plan-jobs.sql", "db/plan-shapes.sql"})
class PlanOnPostgres17Test extends PlanOnServerVersions {

    @Override
    int majorVersion() {
        return 17;
    }
}
