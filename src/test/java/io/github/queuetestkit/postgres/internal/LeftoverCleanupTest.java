package io.github.queuetestkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a run leaves on a shared server when its JVM is killed, and what the next run's cleanup removes: exactly the
 * marked databases of runs whose lease is gone, never a live run's (another JVM), an unmarked one, a kept one, a
 * reused template or a template a live run clones.
 */
@PostgresTest
class LeftoverCleanupTest {

    @Test
    void dropsTheClassDatabaseSpareAndTemplateOfAKilledJvmAndCountsThem(PostgresDatabase database) throws Exception {
        Map<String, DatabaseMark> left;
        try (OtherJvm other = OtherJvm.start(database, "killed-" + UUID.randomUUID(), 0).awaitReady()) {
            left = markedBy(database, other.runKey());
            assertThat(left.values()).extracting(DatabaseMark::kind).containsExactlyInAnyOrder(
                    DatabaseMark.Kind.CLASS, DatabaseMark.Kind.SPARE, DatabaseMark.Kind.TEMPLATE);
            other.kill();
            awaitLeaseGone(database, other.runKey());
        }
        assertThat(markedBy(database, 0)).containsKeys(left.keySet().toArray(String[]::new));

        LeftoverCleanup.Report report = cleanUp(database);

        assertThat(report.dropped()).containsAll(left.keySet());
        assertThat(report.bytesFreed()).isPositive();
        assertThat(report.failed()).isEmpty();
        assertThat(databasesNamed(database, left.keySet())).isEmpty();
        assertThat(report.message())
                .startsWith("queue-testkit removed " + report.dropped().size() + " databases (")
                .contains(" MB freed) that runs no longer alive left on ")
                .contains(String.join(", ", left.keySet().stream().sorted().toList()))
                .endsWith(". Set queuetestkit.cleanup=false to keep leftovers.");
    }

    @Test
    void leavesTheDatabasesOfARunAliveInAnotherJvm(PostgresDatabase database) throws Exception {
        try (OtherJvm other = OtherJvm.start(database, "alive-" + UUID.randomUUID(), 0).awaitReady()) {
            Map<String, DatabaseMark> alive = markedBy(database, other.runKey());
            assertThat(alive).hasSize(3);

            LeftoverCleanup.Report report = cleanUp(database);

            assertThat(report.dropped()).doesNotContainAnyElementsOf(alive.keySet());
            assertThat(databasesNamed(database, alive.keySet())).containsExactlyInAnyOrderElementsOf(alive.keySet());

            // Its own normal end removes them.
            other.end();
            assertThat(databasesNamed(database, alive.keySet())).isEmpty();
        }
    }

    @Test
    void leavesUnmarkedKeptAndReusedDatabasesOfADeadRunAndDropsItsClassDatabase(PostgresDatabase database) {
        PostgresServer server = server(database);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String unmarked = "qtk_unmarked_" + suffix;
        String foreign = "qtk_foreign_" + suffix;
        String kept = "qtk_kept_" + suffix;
        String reused = "qtk_tpl_reused_" + suffix;
        String classDatabase = "qtk_class_" + suffix;
        for (String name : List.of(unmarked, foreign, kept, reused, classDatabase)) {
            DatabaseAdmin.create(server, name, "template1");
        }
        try {
            database.execute("COMMENT ON DATABASE " + Identifiers.quote(foreign)
                    + " IS 'queue-testkit is what our team calls this database'");
            try (RunLease keeping = RunLease.open(server, true, true)) {
                keeping.markClass(kept);
                keeping.mark(reused, DatabaseMark.Kind.TEMPLATE);
                keeping.mark(classDatabase, DatabaseMark.Kind.CLASS);
            }

            LeftoverCleanup.Report report = cleanUp(database);

            assertThat(report.dropped()).contains(classDatabase).doesNotContain(unmarked, foreign, kept, reused);
            assertThat(databasesNamed(database, List.of(unmarked, foreign, kept, reused, classDatabase)))
                    .containsExactlyInAnyOrder(unmarked, foreign, kept, reused);
        } finally {
            for (String name : List.of(unmarked, foreign, kept, reused, classDatabase)) {
                DatabaseAdmin.drop(server, name);
            }
        }
    }

    @Test
    void leavesADeadRunsTemplateThatALiveRunClonesAndDropsItOnceNoRunDoes(PostgresDatabase database) {
        PostgresServer server = server(database);
        String template = "qtk_tpl_shared_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        DatabaseAdmin.create(server, template, "template1");
        try {
            try (RunLease builder = RunLease.open(server, false, false)) {
                builder.mark(template, DatabaseMark.Kind.TEMPLATE);
            }
            try (RunLease cloning = RunLease.open(server, false, false)) {
                cloning.useTemplate(template);

                assertThat(cleanUp(database).dropped()).doesNotContain(template);
                assertThat(databasesNamed(database, List.of(template))).containsExactly(template);
            }

            assertThat(cleanUp(database).dropped()).contains(template);
            assertThat(databasesNamed(database, List.of(template))).isEmpty();
        } finally {
            DatabaseAdmin.drop(server, template);
        }
    }

    @Test
    void cleanupFalseKeepsADeadRunsLeftoversUntilARunWithCleanupComes(PostgresDatabase database) {
        PostgresServer server = server(database);
        String leftover = "qtk_class_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        DatabaseAdmin.create(server, leftover, "template1");
        try {
            try (RunLease dead = RunLease.open(server, false, false)) {
                dead.markClass(leftover);
            }
            Map<String, String> settings = new LinkedHashMap<>(externalSettings(database));
            settings.put("queuetestkit.cleanup", "false");
            try (ServerRegistry registry = new ServerRegistry(KitProperties.of(name -> Optional.ofNullable(
                    settings.get(name)), variable -> null))) {
                registry.obtain(new ServerRequest(KitProperties.DEFAULT_IMAGE, "the test", Map.of()));
            }
            assertThat(databasesNamed(database, List.of(leftover))).containsExactly(leftover);

            settings.remove("queuetestkit.cleanup");
            try (ServerRegistry registry = new ServerRegistry(KitProperties.of(name -> Optional.ofNullable(
                    settings.get(name)), variable -> null))) {
                registry.obtain(new ServerRequest(KitProperties.DEFAULT_IMAGE, "the test", Map.of()));
            }
            assertThat(databasesNamed(database, List.of(leftover))).isEmpty();
        } finally {
            DatabaseAdmin.drop(server, leftover);
        }
    }

    private static LeftoverCleanup.Report cleanUp(PostgresDatabase database) {
        try (RunLease lease = RunLease.open(server(database), false, false)) {
            return LeftoverCleanup.run(lease);
        }
    }

    static PostgresServer server(PostgresDatabase database) {
        Map<String, String> settings = externalSettings(database);
        return ExternalServer.connect(new KitProperties.Value(settings.get("queuetestkit.jdbcUrl"), "the test"),
                new KitProperties.Value(database.username(), "the test"),
                new KitProperties.Value(database.password(), "the test"));
    }

    private static Map<String, String> externalSettings(PostgresDatabase database) {
        return Map.of("queuetestkit.jdbcUrl", JdbcUrls.withDatabase(database.jdbcUrl(), "postgres"),
                "queuetestkit.username", database.username(), "queuetestkit.password", database.password());
    }

    // Every kit-marked database on the server, or those of one run when runKey is not 0.
    static Map<String, DatabaseMark> markedBy(PostgresDatabase database, int runKey) {
        Map<String, DatabaseMark> marked = new LinkedHashMap<>();
        for (Map<String, Object> row : database.queryForList("SELECT datname, shobj_description(oid, 'pg_database')"
                + " AS comment FROM pg_database ORDER BY datname")) {
            DatabaseMark mark = DatabaseMark.parse((String) row.get("comment"));
            if (mark != null && (runKey == 0 || mark.runKey() == runKey)) {
                marked.put((String) row.get("datname"), mark);
            }
        }
        return marked;
    }

    static List<String> databasesNamed(PostgresDatabase database, java.util.Collection<String> names) {
        return database.queryForList("SELECT datname FROM pg_database WHERE datname = ANY (?) ORDER BY datname",
                        (Object) names.toArray(String[]::new))
                .stream().map(row -> (String) row.get("datname")).toList();
    }

    // The server notices a killed client when its socket closes; give it a moment.
    private static void awaitLeaseGone(PostgresDatabase database, int runKey) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (database.queryForLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = ?"
                    + " AND objid::bigint = ? AND objsubid = 2", (long) RunLease.RUN_LOCKS, (long) runKey) == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the killed run's lease is still held after 10 s");
    }
}
