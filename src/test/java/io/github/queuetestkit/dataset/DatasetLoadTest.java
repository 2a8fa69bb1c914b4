package io.github.queuetestkit.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PostgresTest
class DatasetLoadTest {

    @BeforeEach
    void emptySchema(PostgresDatabase db) {
        db.execute("DROP SCHEMA public CASCADE");
        db.execute("CREATE SCHEMA public");
    }

    private static String checksum(PostgresDatabase db, String table) {
        return db.queryForList("SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) AS sum FROM " + table + " t")
                .get(0).get("sum").toString();
    }

    @Test
    void sameSpecAndSeedGiveSameRowsAcrossLoadsAndThreadCounts(PostgresDatabase db) {
        DatasetSpec spec = DatasetSpec.named("jobs").withScale(20_000).withSeed(7).withoutIndexes();
        spec.withThreads(4).load(db.dataSource());
        String fourThreads = checksum(db, "jobs");
        emptySchema(db);
        spec.withThreads(1).load(db.dataSource());
        String oneThread = checksum(db, "jobs");
        emptySchema(db);
        spec.withThreads(2).load(db.dataSource());

        assertThat(oneThread).isEqualTo(fourThreads).isEqualTo(checksum(db, "jobs"));
    }

    @Test
    void binaryAndTextCopyFormatsGiveTheSameRows(PostgresDatabase db) {
        // every column of jobs has a binary encoding; a numeric column sends the table through the text format
        DatasetSpec binary = DatasetSpec.named("jobs").withScale(5_000).withSeed(3).withoutIndexes();
        binary.load(db.dataSource());
        String viaBinary = checksum(db, "jobs");
        emptySchema(db);
        DatasetSpec text = new DatasetSpec(binary.name(), binary.ddl().replace("priority integer", "priority numeric"),
                binary.tables(), binary.indexes(), binary.scale(), binary.seed(), false, binary.threads(),
                binary.source(), binary.churn());
        text.load(db.dataSource());

        assertThat(db.queryForList("SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute"
                + " WHERE attrelid = 'jobs'::regclass AND attname = 'priority'").get(0)).containsValue("numeric");
        assertThat(checksum(db, "jobs")).isEqualTo(viaBinary);
    }

    @Test
    void jsonChoiceFieldsKeepBooleansAndNumbersAsJsonTypes(PostgresDatabase db) {
        DatasetSpec.ofDdl("json", "CREATE TABLE j (id bigint, args jsonb)")
                .withTable(TableSpec.named("j").withRows("200").withColumn("id", Generator.sequence())
                        .withColumn("args", Generator.json(java.util.Map.of(
                                "retry", Generator.choice(List.of("true", "false"), List.of(1.0, 1.0)),
                                "level", Generator.choice(List.of("10", "2.5"), List.of(1.0, 1.0)),
                                "queue", Generator.choice(List.of("mailers", "007"), List.of(1.0, 1.0))))))
                .load(db.dataSource());

        assertThat(db.queryForList("SELECT DISTINCT jsonb_typeof(args->'retry') AS r, jsonb_typeof(args->'level') AS l,"
                + " jsonb_typeof(args->'queue') AS q FROM j")).extracting(m -> m.values().toString())
                .containsOnly("[boolean, number, string]");
    }

    @Test
    void anIndexAddedToABundledDatasetChangesItsTemplateKey() {
        DatasetSpec bundled = DatasetSpec.named("client-records").withScale(1_000);

        assertThat(bundled.withIndex("CREATE INDEX records_client_id ON records (client_id, id)").key())
                .isNotEqualTo(bundled.key());
        assertThat(DatasetSpec.named("client-records").withScale(1_000).key()).isEqualTo(bundled.key());
    }

    @Test
    void anotherSeedGivesOtherRows(PostgresDatabase db) {
        DatasetSpec.named("jobs").withScale(2_000).withSeed(1).withoutIndexes().load(db.dataSource());
        String first = checksum(db, "jobs");
        emptySchema(db);
        DatasetSpec.named("jobs").withScale(2_000).withSeed(2).withoutIndexes().load(db.dataSource());

        assertThat(checksum(db, "jobs")).isNotEqualTo(first);
    }

    @Test
    void addingAColumnChangesNoOtherColumn(PostgresDatabase db) {
        String ddl = "CREATE TABLE t (id bigint, a bigint, b bigint)";
        TableSpec base = TableSpec.named("t").withRows("1000").withColumn("id", Generator.sequence())
                .withColumn("a", Generator.uniform(1, 1_000_000));
        DatasetSpec.ofDdl("narrow", ddl).withTable(base).load(db.dataSource());
        String narrow = db.queryForList("SELECT md5(string_agg(a::text, ',' ORDER BY id)) AS s FROM t").get(0)
                .get("s").toString();
        emptySchema(db);
        DatasetSpec.ofDdl("wide", ddl).withTable(base.withColumn("b", Generator.zipf(10, 1))).load(db.dataSource());

        assertThat(db.queryForList("SELECT md5(string_agg(a::text, ',' ORDER BY id)) AS s FROM t").get(0).get("s"))
                .isEqualTo(narrow);
    }

    @Test
    void zipfTopRankShareMatchesExpectation(PostgresDatabase db) {
        long n = 100;
        double s = 1.2;
        DatasetSpec.ofDdl("zipf", "CREATE TABLE z (id bigint, rank bigint)")
                .withTable(TableSpec.named("z").withRows("scale").withColumn("id", Generator.sequence())
                        .withColumn("rank", Generator.zipf(n, s)))
                .withScale(50_000).load(db.dataSource());
        double harmonic = 0;
        for (int k = 1; k <= n; k++) {
            harmonic += 1 / Math.pow(k, s);
        }
        double expectedTop = 1 / harmonic;
        double expectedSecond = Math.pow(2, -s) / harmonic;

        double top = db.queryForLong("SELECT count(*) FROM z WHERE rank = 1") / 50_000.0;
        double second = db.queryForLong("SELECT count(*) FROM z WHERE rank = 2") / 50_000.0;
        assertThat(top).isCloseTo(expectedTop, within(0.01));
        assertThat(second).isCloseTo(expectedSecond, within(0.01));
        assertThat(db.queryForLong("SELECT max(rank) FROM z")).isLessThanOrEqualTo(n);
        assertThat(db.queryForLong("SELECT min(rank) FROM z")).isEqualTo(1);
    }

    @Test
    void loadResultCountsRowsPerTable(PostgresDatabase db) {
        LoadResult result = DatasetSpec.named("jobs").withScale(3_000).load(db.dataSource());

        assertThat(result.rowsPerTable()).containsEntry("jobs", 3_000L).containsEntry("tenants", 13L);
        assertThat(db.queryForLong("SELECT count(*) FROM jobs")).isEqualTo(3_000);
        assertThat(db.queryForLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'jobs_tenant'")).isEqualTo(1);
    }

    @Test
    void withoutIndexesLeavesTheListedIndexesOut(PostgresDatabase db) {
        DatasetSpec.named("jobs").withScale(1_000).withoutIndexes().load(db.dataSource());

        assertThat(db.queryForLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'jobs_tenant'")).isZero();
    }

    @Test
    void analyzesSoThePlannerSeesTheRows(PostgresDatabase db) {
        DatasetSpec.named("jobs").withScale(5_000).load(db.dataSource());

        assertThat(db.queryForLong("SELECT reltuples::bigint FROM pg_class WHERE relname = 'jobs'")).isEqualTo(5_000);
    }

    @Test
    void noLoadedRowCountsAsChangedSinceTheAnalyze(PostgresDatabase db) throws Exception {
        DatasetSpec.named("jobs").withScale(20_000).load(db.dataSource());
        // the copy backends' insert counts must be in the statistics before the ANALYZE, not trickle in after it
        Thread.sleep(1_500);

        assertThat(db.queryForLong("SELECT sum(n_mod_since_analyze) FROM pg_stat_user_tables"
                + " WHERE relname IN ('jobs', 'tenants')")).isZero();
        assertThat(db.queryForLong("SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = 'jobs'"))
                .isEqualTo(20_000);
    }

    @Test
    void conditionalAndOrderedColumnsHoldTheirPromises(PostgresDatabase db) {
        DatasetSpec.named("fair-queue").withScale(10_000).load(db.dataSource());
        String table = "batch_spec_workspace_execution_jobs";

        assertThat(db.queryForLong("SELECT count(*) FROM " + table
                + " WHERE finished_at IS NOT NULL AND state NOT IN ('completed', 'errored')")).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM " + table
                + " WHERE state IN ('completed', 'errored') AND finished_at IS NULL")).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM " + table + " WHERE finished_at < started_at")).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER"
                + " (PARTITION BY user_id ORDER BY id) AS back FROM " + table + ") x WHERE back")).isZero();
    }

    @Test
    void nullRateAndFakerPoolAndJsonBehave(PostgresDatabase db) {
        DatasetSpec.ofDdl("misc", "CREATE TABLE m (id bigint, email text, doc jsonb, note text)")
                .withTable(TableSpec.named("m").withRows("4000").withColumn("id", Generator.sequence())
                        .withColumn("email", ((Generator.Faker) Generator.faker("#{Internet.emailAddress}")).withPool(50))
                        .withColumn("doc", Generator.json(java.util.Map.of("n", Generator.uniform(5, 5))))
                        .withColumn(ColumnSpec.of("note", Generator.text(3, 3)).withNullRate(0.25)))
                .load(db.dataSource());

        assertThat(db.queryForLong("SELECT count(DISTINCT email) FROM m")).isBetween(40L, 50L);
        assertThat(db.queryForLong("SELECT count(*) FROM m WHERE email NOT LIKE '%@%'")).isZero();
        assertThat(db.queryForLong("SELECT count(*) FROM m WHERE (doc->>'n')::int = 5")).isEqualTo(4000);
        assertThat(db.queryForLong("SELECT count(*) FROM m WHERE note IS NULL") / 4000.0).isCloseTo(0.25, within(0.03));
    }

    @Test
    void delayedJobsAreMostlyRunnableWithAFewLockedOrFailed(PostgresDatabase db) {
        DatasetSpec.named("delayed-jobs").withScale(10_000).load(db.dataSource());
        String now = "'2009-11-04 06:58:49'::timestamp";

        long runnable = db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE run_at <= " + now
                + " AND locked_at IS NULL AND failed_at IS NULL");
        assertThat(runnable).isBetween(7_500L, 9_500L);
        assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE locked_at IS NOT NULL")).isBetween(150L, 450L);
        assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE failed_at IS NOT NULL")).isBetween(100L, 350L);
        assertThat(db.queryForLong("SELECT count(*) FROM delayed_jobs WHERE (locked_at IS NULL) <> (locked_by IS NULL)"))
                .isZero();
    }

    @Test
    void clientRecordsHaveOneClientWithMostRecords(PostgresDatabase db) {
        DatasetSpec.named("client-records").withScale(20_000).load(db.dataSource());
        List<java.util.Map<String, Object>> top = db.queryForList(
                "SELECT client_id, count(*) AS n FROM records GROUP BY client_id ORDER BY n DESC LIMIT 2");

        assertThat(db.queryForLong("SELECT count(*) FROM clients")).isEqualTo(200);
        assertThat(((Number) top.get(0).get("n")).doubleValue() / 20_000).isCloseTo(0.89, within(0.03));
        assertThat(top.get(0).get("client_id")).isEqualTo(1L);
    }

    @Test
    void carUsersHaveCarsUsersAndOneJobPerCarUser(PostgresDatabase db) {
        LoadResult result = DatasetSpec.named("car-users").withScale(2_000).load(db.dataSource());

        assertThat(result.rowsPerTable()).containsExactly(java.util.Map.entry("cars", 200L),
                java.util.Map.entry("users", 1_000L), java.util.Map.entry("car_users", 2_000L),
                java.util.Map.entry("jobs", 2_000L));
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE (args->>'car_id')::bigint BETWEEN 1 AND 200"))
                .isEqualTo(2_000);
    }

    @Test
    void fairQueueHasFortyUsersWithSkewedCounts(PostgresDatabase db) {
        DatasetSpec.named("fair-queue").withScale(10_000).load(db.dataSource());

        assertThat(db.queryForLong("SELECT count(DISTINCT user_id) FROM batch_spec_workspace_execution_jobs"))
                .isBetween(30L, 40L);
        assertThat(db.queryForLong("SELECT count(*) FROM batch_spec_workspace_execution_jobs WHERE user_id = 1"))
                .isGreaterThan(2_000);
        assertThat(db.queryForLong("SELECT count(*) FROM batch_spec_workspace_execution_jobs WHERE state = 'queued'"))
                .isBetween(800L, 1_200L);
    }
}
