package io.github.queuetestkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Classes running at once get their own databases and see nothing of each other. */
@PostgresTest
class PostgresTestIsolationTest {

    static final Map<String, String> DATABASES = new ConcurrentHashMap<>();
    static final Map<String, Long> TABLES_SEEN = new ConcurrentHashMap<>();
    static volatile CountDownLatch bothCreatedTheirTable;

    @Test
    void givesTwoClassesRunningInParallelTwoDatabasesThatSeeNothingOfEachOther(PostgresDatabase database) {
        DATABASES.clear();
        TABLES_SEEN.clear();
        bothCreatedTheirTable = new CountDownLatch(2);

        var results = EngineRuns.sharing(database).with(Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2")).run(FirstTestCase.class, SecondTestCase.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(DATABASES).containsOnlyKeys("first", "second");
        assertThat(DATABASES.get("first")).isNotEqualTo(DATABASES.get("second"));
        // Each class sees only its own table, although both existed at the same moment.
        assertThat(TABLES_SEEN).containsExactlyInAnyOrderEntriesOf(Map.of("first", 1L, "second", 1L));
    }

    static void createTableAndLook(String who, PostgresDatabase database) throws InterruptedException {
        DATABASES.put(who, database.name());
        database.execute("CREATE TABLE only_" + who + " (id int)");
        bothCreatedTheirTable.countDown();
        assertThat(bothCreatedTheirTable.await(60, TimeUnit.SECONDS)).as("the other class ran concurrently").isTrue();
        TABLES_SEEN.put(who, database.queryForLong(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'only\\_%'"));
    }

    @PostgresTest
    static class FirstTestCase {
        @Test
        void createsItsTable(PostgresDatabase database) throws InterruptedException {
            createTableAndLook("first", database);
        }
    }

    @PostgresTest
    static class SecondTestCase {
        @Test
        void createsItsTable(PostgresDatabase database) throws InterruptedException {
            createTableAndLook("second", database);
        }
    }
}
