package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

/** The verdict matrix on PostgreSQL 18. */
@PostgresTest(image = "postgres:18-alpine", init = "db/verdict-matrix.sql")
class VerdictMatrixOnPostgres18Test extends VerdictMatrixContract {

    @Override
    int majorVersion() {
        return 18;
    }
}
