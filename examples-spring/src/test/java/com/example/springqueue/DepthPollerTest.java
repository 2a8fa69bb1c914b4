package com.example.springqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Background work keeps running against each class's database: the kit pauses the context's scheduler and closes its
 * pool when a class ends, and resumes them on the next class's clone.
 */
@PostgresTest(flyway = "classpath:db/migration")
@SpringBootTest(properties = "queue.depth-poller.enabled=true")
class DepthPollerTest {

    @Autowired
    QueueDepthPoller poller;

    @Test
    void thePollerReadsThisClassesQueue(PostgresDatabase db) {
        db.execute("INSERT INTO tenants (name) VALUES ('acme')");
        db.execute("INSERT INTO jobs (queue, kind, tenant_id) SELECT 'default', 'SendEmail', 1 FROM generate_series(1, 3)");

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(poller.depth()).isEqualTo(3));
    }
}
