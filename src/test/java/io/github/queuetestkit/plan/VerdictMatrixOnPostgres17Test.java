package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

/** The verdict matrix on PostgreSQL 17. */
@PostgresTest(image = "postgres:17-alpine", init = "db/verdict-matrix.sql")
class VerdictMatrixOnPostgres17Test extends VerdictMatrixContract {

    @Override
    int majorVersion() {
        return 17;
    }
}
