package io.github.queuetestkit.plan;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitAssertions;
import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.dataset.DatasetSpec;
import io.github.queuetestkit.dataset.Generator;
import io.github.queuetestkit.dataset.TableSpec;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plans under production's statistics (PostgreSQL 18): a dump of them is restored inside the explain's transaction
 * and rolled back with it (db/stat-jobs.sql, stats/stat-jobs-production.sql).
 */
@PostgresTest(image = "postgres:18-alpine", init = "db/stat-jobs.sql")
class ProductionStatisticsTest {

    /** The queued jobs of one queue, in one batch: few on the generated data, 60% of the table in production. */
    private static final String BATCH = "SELECT id FROM stat_jobs WHERE state = 'queued' AND queue = ?";
    private static final StatisticsDump PRODUCTION = StatisticsDump.fromClasspath("stats/stat-jobs-production.sql");

    @BeforeEach
    void onPostgres18(PostgresDatabase db) {
        OnServerVersion.assumeMajorUnlessContainer(db, 18);
    }

    @Test
    void aVerdictThatHoldsOnGeneratedDataFailsUnderProductionsStatisticsAndHoldsAgainAfterTheRollback(
            DataSource dataSource, PostgresDatabase db) {
        String before = db.queryForList("SELECT most_common_vals::text AS v FROM pg_stats WHERE tablename = 'stat_jobs'"
                + " AND attname = 'state'").get(0).get("v").toString();

        assertThatPlan(dataSource, BATCH, "q0").hasNoSeqScanOn("stat_jobs").usesIndex("stat_jobs_state_run_at");
        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(BATCH, "q0").withStatistics(PRODUCTION))
                .hasNoSeqScanOn("stat_jobs"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to have no Seq Scan on \"stat_jobs\", but it has 1:")
                .hasMessageContaining("Statistics: restored from stats/stat-jobs-production.sql (3 tables:"
                        + " public.stat_jobs, public.stat_jobs_pkey, public.stat_jobs_state_run_at; taken on PostgreSQL"
                        + " 18.6 (Debian 18.6-3); when is not recorded (pg_dump --verbose writes it)) inside the"
                        + " explain's transaction, rolled back after");
        assertThatPlan(dataSource, BATCH, "q0").hasNoSeqScanOn("stat_jobs").usesIndex("stat_jobs_state_run_at");
        assertThat(db.queryForList("SELECT most_common_vals::text AS v FROM pg_stats WHERE tablename = 'stat_jobs'"
                + " AND attname = 'state'").get(0).get("v").toString()).isEqualTo(before);
    }

    @Test
    void aSweepRestoresTheStatisticsForEachScalesOwnTables(PostgresDatabase db) {
        DatasetSpec jobs = DatasetSpec.ofDdl("stat-jobs", "CREATE TABLE stat_jobs (id bigint PRIMARY KEY, queue text NOT"
                + " NULL, state text NOT NULL, run_at timestamptz NOT NULL, payload text NOT NULL DEFAULT '');"
                + " CREATE INDEX stat_jobs_state_run_at ON stat_jobs (state, run_at)")
                .withTable(TableSpec.named("stat_jobs").withRows("scale")
                        .withColumn("id", Generator.sequence())
                        .withColumn("queue", Generator.choice(List.of("q0", "q1", "q2", "q3"), List.of(1.0, 1.0, 1.0, 1.0)))
                        .withColumn("state", Generator.choice(List.of("queued", "done"), List.of(1.0, 99.0)))
                        .withColumn("run_at", Generator.timestampBetween(Instant.parse("2025-01-01T00:00:00Z"),
                                Duration.ZERO, Duration.ofDays(30))));
        PlanSweep sweep = PlanSweep.of(jobs).atScales(20_000, 40_000).explaining(BATCH, "q0");

        QueueTestkitAssertions.assertThat(sweep.run(db)).atEveryScale(plan -> plan.hasNoSeqScanOn("stat_jobs"));
        assertThatThrownBy(() -> QueueTestkitAssertions.assertThat(PlanSweep.of(jobs).atScales(20_000, 40_000)
                .explaining(Explain.of(BATCH, "q0").withStatistics(PRODUCTION)).run(db))
                .atEveryScale(plan -> plan.hasNoSeqScanOn("stat_jobs")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Seq Scan on stat_jobs");
    }

    @Test
    void theKitsOwnStatisticsRefreshDoesNotUndoTheRestoredStatistics(DataSource dataSource, PostgresDatabase db) {
        // thousands of changes since the last ANALYZE make the table stale: the kit analyzes it before planning
        db.execute("UPDATE stat_jobs SET payload = 'y' WHERE id <= 10000");

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(BATCH, "q0").withStatistics(PRODUCTION))
                .hasNoSeqScanOn("stat_jobs"))
                .hasMessageContaining("Statistics: ANALYZE ran before planning on stat_jobs")
                .hasMessageContaining("Statistics: restored from stats/stat-jobs-production.sql");
    }

    @Test
    void aDumpOfAnotherMajorIsRefusedUnlessItIsMeant(DataSource dataSource) {
        StatisticsDump from17 = StatisticsDump.parse("stats-17.sql", StatisticsDump.fromClasspath(
                "stats/stat-jobs-production.sql").calls().stream().map(c -> c.sql().replace("'180006'", "'170005'")
                + ";").reduce("", (a, b) -> a + b + "\n"));

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(BATCH, "q0").withStatistics(from17)))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageStartingWith("Statistics dump stats-17.sql was taken on PostgreSQL 17 and this server is"
                        + " PostgreSQL 18 (18.")
                .hasMessageContaining("or say it is meant with StatisticsDump.fromAnotherMajor().");
        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(BATCH, "q0")
                .withStatistics(from17.fromAnotherMajor())).hasNoSeqScanOn("stat_jobs"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aDumpForTablesOrColumnsTheDatabaseLacksNamesThem(DataSource dataSource) {
        String text = "SELECT * FROM pg_catalog.pg_restore_relation_stats('version', '180006'::integer,"
                + " 'schemaname', 'public', 'relname', 'stat_jobz', 'relpages', '10'::integer);\n"
                + "SELECT * FROM pg_catalog.pg_restore_attribute_stats('version', '180006'::integer,"
                + " 'schemaname', 'public', 'relname', 'stat_jobs', 'attname', 'tenant', 'inherited', 'f'::boolean,"
                + " 'null_frac', '0'::real);\n";
        StatisticsDump dump = StatisticsDump.parse("renamed.sql", text);

        assertThatThrownBy(() -> assertThatPlan(dataSource, Explain.of(BATCH, "q0").withStatistics(dump)))
                .isInstanceOf(QueueTestkitException.class)
                .hasMessage("Statistics dump renamed.sql has statistics for what this database lacks: table"
                        + " public.stat_jobz (line 1), column public.stat_jobs.tenant (line 2). Dump production's"
                        + " statistics for the tables the test's schema has (pg_dump --statistics-only --table=...), or"
                        + " bring the schema up to production's.");
    }

    @Test
    void aFileWithoutStatisticsIsRefusedNamingIt() {
        assertThatThrownBy(() -> StatisticsDump.parse("schema.sql", "SET search_path = public;\nCREATE TABLE t (id int);"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Statistics dump schema.sql holds no pg_restore_relation_stats or pg_restore_attribute_stats"
                        + " call, so it would change no plan. Write it with pg_dump 18 --statistics-only"
                        + " --table=<the queue's tables> (plain format), not a schema or data dump.");
        assertThatThrownBy(() -> StatisticsDump.fromClasspath("stats/missing.sql"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("No statistics dump stats/missing.sql on the class path.");
    }

    @Test
    void theDumpIsReadAsPgDumpWroteIt() {
        assertThat(PRODUCTION.tables()).containsExactly("public.stat_jobs", "public.stat_jobs_pkey",
                "public.stat_jobs_state_run_at");
        assertThat(PRODUCTION.sourceMajor()).isEqualTo(18);
        assertThat(PRODUCTION.dumpedFrom()).hasValue("18.6 (Debian 18.6-3)");
        assertThat(PRODUCTION.calls()).extracting(StatisticsDump.Call::column).contains("state", "queue", null);
        assertThat(PRODUCTION.calls().get(0).line()).isEqualTo(26);
    }
}
