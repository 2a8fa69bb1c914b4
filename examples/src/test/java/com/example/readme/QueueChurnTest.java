package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.dataset.Churn;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The README's "Queue churn" section, from code: the bundled jobs made to look like a busy queue table. */
@PostgresTest
class QueueChurnTest {

    @Test
    void updatesAndDeletesAPinnedShareOfTheJobsWithAutovacuumOff(DataSource dataSource, PostgresDatabase db) {
        DatasetSpec.named("jobs").withScale(50_000)
                .withChurn(Churn.of("jobs", "state", "done").withUpdates(0.3).withDeletes(0.5).withFinished("done", "failed"))
                .load(dataSource);

        // 85% done and 5% failed to begin with; 30% of the 15% not done become done; half of the finished go
        assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isBetween(24_000L, 29_500L);
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE state = 'queued'")).isBetween(2_400L, 3_200L);
        assertThat(db.queryForLong("SELECT count(*) FROM pg_class WHERE relname = 'jobs'"
                + " AND 'autovacuum_enabled=false' = ANY (reloptions)")).isEqualTo(1);
    }
}
