package io.github.queuetestkit.plan;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.queuetestkit.postgres.PostgresDatabase;

/**
 * Classes that ask for an image with {@code @PostgresTest(image)} run on that version in container mode; an external
 * server (QUEUETESTKIT_JDBC_URL or -Dqueuetestkit.jdbcUrl) replaces the image, so there they run only when it is
 * the same major version. In container mode nothing is skipped: a wrong version fails the class's own checks.
 */
final class OnServerVersion {

    private OnServerVersion() {
    }

    static void assumeMajorUnlessContainer(PostgresDatabase db, int major) {
        boolean external = System.getenv("QUEUETESTKIT_JDBC_URL") != null
                || System.getProperty("queuetestkit.jdbcUrl") != null;
        assumeTrue(!external || db.serverVersionNum() / 10_000 == major,
                "runs on PostgreSQL " + major + " only; the configured external server is another version");
    }
}
