package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatEveryPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan regression gate over captured statements, on a real server: a dequeue's baseline recorded with its index,
 * compared after the index is dropped (worse: fails), after noise (passes), and with no baseline (written locally,
 * failing in CI mode).
 */
@PostgresTest(init = "db/baseline-jobs.sql")
class PlanBaselineTest {

    static final String DEQUEUE = "SELECT id FROM baseline_jobs WHERE locked_by IS NULL ORDER BY run_at LIMIT 5"
            + " FOR UPDATE SKIP LOCKED";
    static final String BY_QUEUE = "SELECT count(*) FROM baseline_jobs WHERE queue = ?";

    @TempDir
    Path dir;

    static void run(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    /** Runs the body without the dequeue's index, and puts the index back for the other tests. */
    static void withoutIndex(PostgresDatabase db, SqlBody body) throws Exception {
        db.execute("DROP INDEX baseline_jobs_run_at");
        try {
            body.run();
        } finally {
            db.execute("CREATE INDEX baseline_jobs_run_at ON baseline_jobs (run_at) WHERE locked_by IS NULL");
        }
    }

    interface SqlBody {
        void run() throws Exception;
    }

    @Test
    void aMissingBaselineIsWrittenLocallyAndPassesAndTheFileIsStable(DataSource dataSource,
            CapturedStatements captured, PostgresDatabase db) throws Exception {
        Path file = dir.resolve("nested/dequeue.plans");
        run(dataSource, DEQUEUE);
        run(dataSource, BY_QUEUE, "q1");

        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY);

        String text = Files.readString(file);
        assertThat(text).startsWith("# queue-testkit plan baseline")
                .contains("postgres: " + db.serverVersion().split("\\.")[0].replaceAll("\\D.*", "") + "\n")
                .contains("\nstatement: select count(*) from baseline_jobs where queue = ?\nplan: custom\nshape:\n")
                .contains("\nstatement: select id from baseline_jobs where locked_by is null order by run_at limit ?"
                        + " for update skip locked\nplan: custom\nshape:\n  Limit\n    LockRows\n"
                        + "      Index Scan using baseline_jobs_run_at on baseline_jobs\n"
                        + "seq scans on large tables: none\nsorts: none\nrows examined: 5\nrows returned: 5\n")
                .doesNotContain(dir.toString()).doesNotContain("cost").doesNotContain("Time");
        assertThat(text.indexOf("select count(*)")).isLessThan(text.indexOf("select id from"));

        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI);
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.UPDATE);
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    @Test
    void aMissingBaselineFailsInCiModeAndIsNotWritten(DataSource dataSource, CapturedStatements captured)
            throws Exception {
        Path file = dir.resolve("dequeue.plans");
        run(dataSource, DEQUEUE);

        assertThatThrownBy(() -> assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("to match the baseline " + file + ", but 1 has no baseline.",
                        "No baseline (CI mode writes none): record it by running the test locally or with"
                                + " -Dqueuetestkit.baselines=update, then commit " + file,
                        "  select id from baseline_jobs where locked_by is null order by run_at limit ? for update"
                                + " skip locked (custom plan)");
        assertThat(file).doesNotExist();
    }

    @Test
    void droppingTheDequeueIndexFailsWithTheFactsSideBySideAndTheNewSeqScanMarked(DataSource dataSource,
            CapturedStatements captured, PostgresDatabase db) throws Exception {
        Path file = dir.resolve("dequeue.plans");
        run(dataSource, DEQUEUE);
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY);
        captured.clear();

        withoutIndex(db, () -> {
            run(dataSource, DEQUEUE);
            assertThatThrownBy(() -> assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContainingAll("to match the baseline " + file + ", but 1 of 1 statement got worse.",
                            "Statement 1 of 1, run once, custom plan: select id from baseline_jobs where locked_by"
                                    + " is null order by run_at limit ? for update skip locked",
                            "Worse: new Seq Scan on baseline_jobs; new sort: 0 -> 1 sorts; rows examined per row"
                                    + " returned 1 -> 4,000 (allowed up to 11); shared buffers 8 -> ",
                            "Index Scan using baseline_jobs_run_at on baseline_jobs | ",
                            "Plan now:")
                    .hasMessageMatching("(?s).*\n>> shape +\\| Limit +\\| Limit\n.*")
                    .hasMessageMatching("(?s).*\n>> seq scans on large tables +\\| none +\\| baseline_jobs\n.*")
                    .hasMessageMatching("(?s).*\n>> +->  Seq Scan on baseline_jobs .*");
        });
    }

    @Test
    void noiseWithinTheTolerancePassesAndBuffersBeyondItFail(DataSource dataSource, CapturedStatements captured)
            throws Exception {
        Path file = dir.resolve("count.plans");
        run(dataSource, BY_QUEUE, "q1");
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY);
        String recorded = Files.readString(file);
        Matcher buffers = Pattern.compile("shared buffers: (\\d+)").matcher(recorded);
        assertThat(buffers.find()).isTrue();
        long now = Long.parseLong(buffers.group(1));
        assertThat(now).isGreaterThan(100);

        // A B-tree gaining a level, a few pages more than recorded: noise.
        Files.writeString(file, recorded.replace("shared buffers: " + now, "shared buffers: " + (now - 8)));
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI);

        // Twice the pages: beyond x1.5 + 10.
        long half = now / 2;
        Files.writeString(file, recorded.replace("shared buffers: " + now, "shared buffers: " + half));
        assertThatThrownBy(() -> assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Worse: shared buffers " + half + " -> " + now + " (allowed up to "
                        + (half * 3 / 2 + 10) + ")")
                .hasMessageMatching("(?s).*\n>> shared buffers +\\| " + half + " +\\| " + now + "\n.*");
    }

    @Test
    void anIndexOnlyScanThatFetchesFromTheHeapBecauseVacuumHasNotRunIsNotARegression(DataSource dataSource,
            CapturedStatements captured, PostgresDatabase db) throws Exception {
        String ready = "SELECT id FROM vm_jobs WHERE state = 'ready' ORDER BY run_at LIMIT 50";
        db.execute("CREATE TABLE vm_jobs (id bigint PRIMARY KEY, state text NOT NULL, run_at timestamptz NOT NULL,"
                + " payload text) WITH (autovacuum_enabled = false);"
                + " INSERT INTO vm_jobs SELECT g, CASE WHEN g % 10 = 0 THEN 'ready' ELSE 'done' END,"
                + " now() - ((g * 7919 % 100000) || ' s')::interval, repeat('p', 80) FROM generate_series(1, 100000) g;"
                + " CREATE INDEX vm_jobs_ready ON vm_jobs (run_at) INCLUDE (id) WHERE state = 'ready';"
                + " CREATE EXTENSION IF NOT EXISTS pg_visibility");
        try {
            // recorded once (auto)vacuum has set the visibility map: the index-only scan never visits the table
            db.execute("ANALYZE vm_jobs");
            // a snapshot still open elsewhere keeps a page from turning all-visible; vacuum again as autovacuum would
            for (int i = 0; i < 30 && db.queryForLong("SELECT (SELECT relpages FROM pg_class WHERE relname = 'vm_jobs')"
                    + " - (SELECT all_visible FROM pg_visibility_map_summary('vm_jobs'))") > 0; i++) {
                db.execute("VACUUM vm_jobs");
                Thread.sleep(200);
            }
            Path file = dir.resolve("vm.plans");
            run(dataSource, ready);
            assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.UPDATE);
            assertThat(Files.readString(file)).contains("Index Only Scan using vm_jobs_ready on vm_jobs",
                    "heap fetches: 0");

            // checked before it runs (a fresh CI database): the same plan and rows fetch every row from the table
            db.execute("SELECT pg_truncate_visibility_map('vm_jobs')");
            captured.clear();
            run(dataSource, ready);
            assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI);
        } finally {
            db.execute("DROP TABLE vm_jobs");
        }
    }

    @Test
    void aBetterPlanPassesAndUpdateModeTightensTheBaseline(DataSource dataSource, CapturedStatements captured,
            PostgresDatabase db) throws Exception {
        Path file = dir.resolve("dequeue.plans");
        withoutIndex(db, () -> {
            run(dataSource, DEQUEUE);
            assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY);
        });
        String withoutIndex = Files.readString(file);
        assertThat(withoutIndex).contains("Seq Scan on baseline_jobs", "seq scans on large tables: baseline_jobs");
        captured.clear();
        run(dataSource, DEQUEUE);

        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI);
        assertThat(Files.readString(file)).isEqualTo(withoutIndex);

        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.UPDATE);
        assertThat(Files.readString(file)).contains("Index Scan using baseline_jobs_run_at on baseline_jobs",
                "seq scans on large tables: none").doesNotContain("Seq Scan");
    }

    @Test
    void baselinesOfStatementsThatNoLongerRunAreReportedAndRemovedByUpdate(DataSource dataSource,
            CapturedStatements captured, PostgresDatabase db) throws Exception {
        Path file = dir.resolve("dequeue.plans");
        run(dataSource, DEQUEUE);
        run(dataSource, BY_QUEUE, "q1");
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY);
        captured.clear();

        withoutIndex(db, () -> {
            run(dataSource, DEQUEUE);
            assertThatThrownBy(() -> assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI))
                    .hasMessageContaining("In the baseline but not run (remove them with"
                            + " -Dqueuetestkit.baselines=update):\n  select count(*) from baseline_jobs where queue = ?"
                            + " (custom plan)");
        });
        captured.clear();
        run(dataSource, DEQUEUE);
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.CI);
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.UPDATE);
        assertThat(Files.readString(file)).doesNotContain("select count(*)").contains("select id from baseline_jobs");
    }

    @Test
    void aBaselineRecordedOnAnotherMajorIsReportedAsSuch(DataSource dataSource, CapturedStatements captured,
            PostgresDatabase db) throws Exception {
        Path file = dir.resolve("dequeue.plans");
        run(dataSource, DEQUEUE);
        assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY);
        String major = db.serverVersion().replaceAll("\\D.*", "");
        Files.writeString(file, Files.readString(file).replace("postgres: " + major + "\n", "postgres: 9\n"));

        assertThatThrownBy(() -> assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY))
                .isInstanceOf(BaselineFileException.class)
                .hasMessageContainingAll("Plan baseline " + file + " was recorded on PostgreSQL 9, but these plans"
                        + " were taken on PostgreSQL " + major + ": another major may plan differently",
                        "-Dqueuetestkit.baselines=update");
    }

    @Test
    void aBaselineFileThatDoesNotParseNamesTheFileAndLine(DataSource dataSource, CapturedStatements captured)
            throws IOException, SQLException {
        Path file = dir.resolve("broken.plans");
        Files.writeString(file, "# comment\npostgres: 17\n\nstatement: select 1\nplan: custom\nshape:\n  Result\n"
                + "rows examined: many\n");
        run(dataSource, DEQUEUE);

        assertThatThrownBy(() -> assertThatEveryPlan(captured).matchesBaseline(file, BaselineMode.VERIFY))
                .isInstanceOf(BaselineFileException.class)
                .hasMessage("Plan baseline " + file + ":8: 'many' is not a whole number. Correct that line, or"
                        + " delete the file and record it again with -Dqueuetestkit.baselines=update.");
    }
}
