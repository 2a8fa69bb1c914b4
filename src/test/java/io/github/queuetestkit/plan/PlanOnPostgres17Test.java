package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

@PostgresTest(init = "db/plan-jobs.sql")
class PlanOnPostgres17Test extends PlanOnServerVersions {

    @Override
    int majorVersion() {
        return 17;
    }
}
