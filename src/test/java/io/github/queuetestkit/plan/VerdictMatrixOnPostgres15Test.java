package io.github.queuetestkit.plan;

import io.github.queuetestkit.junit.PostgresTest;

/** The verdict matrix on PostgreSQL 15. */
@PostgresTest(image = "postgres:15-alpine", init = "db/verdict-matrix.sql")
class VerdictMatrixOnPostgres15Test extends VerdictMatrixContract {

    @Override
    int majorVersion() {
        return 15;
    }
}
