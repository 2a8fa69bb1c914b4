package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/jobs-schema.sql")
class PostgresTestSmokeTest {
    @Test
    void runsInitScriptIntoTheClassDatabase(PostgresDatabase db) {
        assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(2);
        assertThat(db.name()).startsWith("qtk_postgrestestsmoketest_");
    }
}
