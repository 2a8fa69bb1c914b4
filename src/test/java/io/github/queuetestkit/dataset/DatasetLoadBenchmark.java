package io.github.queuetestkit.dataset;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** Ours vs three baselines on the jobs dataset, in one run on one server. Figures go to BENCHMARKS.md. */
@Tag("benchmark")
@PostgresTest
class DatasetLoadBenchmark {

    private static final int ROWS = Integer.getInteger("rows", 1_000_000);
    private static final String JOBS_DDL = "CREATE TABLE jobs (id bigint PRIMARY KEY, queue text NOT NULL, kind text NOT NULL,"
            + " args jsonb NOT NULL, state text NOT NULL, priority integer NOT NULL, tenant_id bigint NOT NULL,"
            + " attempts integer NOT NULL, run_at timestamptz NOT NULL, created_at timestamptz NOT NULL,"
            + " locked_at timestamptz, locked_by text, finished_at timestamptz)";

    private static void reset(PostgresDatabase db) {
        db.execute("DROP SCHEMA public CASCADE");
        db.execute("CREATE SCHEMA public");
    }

    private static void report(String what, long rows, long nanos) {
        System.out.printf("BENCH %-48s %,10d rows %8.2f s %,12.0f rows/s%n", what, rows, nanos / 1e9,
                rows / (nanos / 1e9));
    }

    private static final int ROUNDS = Integer.getInteger("rounds", 3);

    /** Seconds per measured round of one method, and the rows each round loads. */
    private record Runs(String what, long rows, List<Double> seconds) {

        double median() {
            List<Double> sorted = seconds.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        double rowsPerSecond() {
            return rows / median();
        }

        void print() {
            System.out.printf("BENCH %-52s %,10d rows  median %6.2f s %,10.0f rows/s   rounds %s%n", what, rows, median(),
                    rowsPerSecond(), seconds.stream().map(v -> String.format("%.2f", v)).toList());
        }
    }

    private static Runs runs(String what, long rows) {
        return new Runs(what, rows, new java.util.ArrayList<>());
    }

    @Test
    void jobsAtOneMillionRowsSideBySide(PostgresDatabase db) throws Exception {
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        // One warm-up of every method first, so none is measured with a cold JIT or driver; the first full-size load
        // also pays, once per container, the server's first touch of its shared buffers.
        reset(db);
        long first = System.nanoTime();
        LoadResult cold = DatasetSpec.named("jobs").withScale(ROWS).withThreads(threads).withoutIndexes()
                .load(db.dataSource());
        report("ours, first load in a fresh container (warm-up)", cold.totalRows(), System.nanoTime() - first);
        reset(db);
        db.execute(JOBS_DDL);
        handWrittenCopy(db, ROWS);
        reset(db);
        db.execute(JOBS_DDL);
        batchInserts(db, ROWS / 10);

        // Then the methods take turns, round after round, so a noisy moment on a shared machine hits them alike;
        // each figure is the median of its rounds.
        long rows = DatasetSpec.named("jobs").withScale(ROWS).rowCount("jobs")
                + DatasetSpec.named("jobs").withScale(ROWS).rowCount("tenants");
        Runs ours = runs("ours: COPY, " + threads + " threads, rows + primary keys", rows);
        Runs oursRows = runs("  of which rows (COPY)", rows);
        Runs oursKeys = runs("  of which primary keys built after", rows);
        Runs ready = runs("ours: ready to query (DDL+copy+indexes+analyze)", rows);
        Runs a = runs("(a) hand-written single-threaded COPY loop", ROWS);
        Runs b = runs("(b) JDBC batch inserts, reWriteBatchedInserts", ROWS / 5);
        Runs c = runs("(c) INSERT ... SELECT generate_series, random()", ROWS);
        for (int round = 0; round < ROUNDS; round++) {
            reset(db);
            LoadResult loaded = DatasetSpec.named("jobs").withScale(ROWS).withThreads(threads).withoutIndexes()
                    .load(db.dataSource());
            // comparable with the baselines, which load into a table with its primary key: the rows and the keys
            ours.seconds().add(loaded.copy().plus(loaded.keys()).toNanos() / 1e9);
            oursRows.seconds().add(loaded.copy().toNanos() / 1e9);
            oursKeys.seconds().add(loaded.keys().toNanos() / 1e9);

            reset(db);
            long t = System.nanoTime();
            DatasetSpec.named("jobs").withScale(ROWS).withThreads(threads).load(db.dataSource());
            ready.seconds().add((System.nanoTime() - t) / 1e9);

            reset(db);
            db.execute(JOBS_DDL);
            t = System.nanoTime();
            handWrittenCopy(db, ROWS);
            a.seconds().add((System.nanoTime() - t) / 1e9);

            reset(db);
            db.execute(JOBS_DDL);
            t = System.nanoTime();
            batchInserts(db, (int) b.rows());
            b.seconds().add((System.nanoTime() - t) / 1e9);

            reset(db);
            db.execute(JOBS_DDL);
            t = System.nanoTime();
            db.execute("INSERT INTO jobs SELECT g, (ARRAY['default','mailers','reports'])[1 + floor(random() * 3)::int],"
                    + " (ARRAY['SendEmail','ResizeImage','SyncAccount'])[1 + floor(random() * 3)::int],"
                    + " jsonb_build_object('record_id', floor(random() * 1000000)::int, 'retry', random() < 0.5),"
                    + " (ARRAY['done','queued','running','failed'])[1 + floor(random() * 4)::int],"
                    + " (ARRAY[0,10,100])[1 + floor(random() * 3)::int], 1 + floor(random() * 1000)::int,"
                    + " floor(random() * 5)::int, now() - random() * interval '30 days',"
                    + " now() - random() * interval '30 days', NULL, NULL, now() FROM generate_series(1, " + ROWS + ") g");
            c.seconds().add((System.nanoTime() - t) / 1e9);
        }
        for (Runs runs : List.of(ours, oursRows, oursKeys, ready, a, b, c)) {
            runs.print();
        }
        System.out.printf("BENCH ours vs (a) %.2fx, vs (b) %.2fx, vs (c) %.2fx (rows/s, medians)%n",
                ours.rowsPerSecond() / a.rowsPerSecond(), ours.rowsPerSecond() / b.rowsPerSecond(),
                ours.rowsPerSecond() / c.rowsPerSecond());
    }

    /**
     * A cached dataset is a template database that later classes get clones of: the 1M-row jobs dataset, loaded
     * ready to query, then cloned five times as the template cache clones ({@code STRATEGY = FILE_COPY}), the first
     * right after the load.
     */
    @Test
    void cloneOfTheLoadedJobsDataset(PostgresDatabase db) throws Exception {
        reset(db);
        DatasetSpec.named("jobs").withScale(ROWS).load(db.dataSource());
        db.execute("CHECKPOINT");
        Runs clone = runs("clone of the loaded database (FILE_COPY)", 0);
        try (Connection admin = DriverManager.getConnection(db.jdbcUrl().replace("/" + db.name(), "/postgres"),
                db.username(), db.password()); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench_tpl");
            s.execute("CREATE DATABASE bench_tpl TEMPLATE \"" + db.name() + "\"");
            for (int round = 0; round < 5; round++) {
                s.execute("DROP DATABASE IF EXISTS bench_clone");
                long start = System.nanoTime();
                s.execute("CREATE DATABASE bench_clone TEMPLATE bench_tpl STRATEGY = FILE_COPY");
                clone.seconds().add((System.nanoTime() - start) / 1e9);
            }
            s.execute("DROP DATABASE bench_clone");
            s.execute("DROP DATABASE bench_tpl");
        }
        reset(db);
        System.out.printf("BENCH %-52s median %6.2f s   rounds %s%n", clone.what(), clone.median(), clone.seconds()
                .stream().map(v -> String.format("%.2f", v)).toList());
    }

    /**
     * Memory stays flat: the same load in a JVM limited to -Xmx64m, at 1M and at 10M rows (-DmemoryRows=N), each
     * printing the heap still live after garbage collections. Flat means the second figure is no bigger.
     */
    @Test
    void tenMillionRowsInSixtyFourMegabytesOfHeap(PostgresDatabase db) throws Exception {
        long big = Long.getLong("memoryRows", 10_000_000L);
        for (long rows : new long[] {big / 10, big}) {
            reset(db);
            Process probe = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    DatasetMemoryProbe.class.getName(), db.jdbcUrl(), db.username(), db.password(),
                    Long.toString(rows)).redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = probe.waitFor();
            String line = output.lines().filter(l -> l.startsWith("PROBE")).findFirst()
                    .orElseThrow(() -> new AssertionError("the -Xmx64m load failed (exit " + exit + "):\n" + output));
            System.out.printf("BENCH %-48s %s%n", "ours in a -Xmx64m JVM", line.substring("PROBE ".length()));
            org.assertj.core.api.Assertions.assertThat(exit).isZero();
            org.assertj.core.api.Assertions.assertThat(db.queryForList("SELECT count(*) AS n FROM jobs").get(0)
                    .get("n")).isEqualTo(rows);
        }
        reset(db);
    }

    private static void handWrittenCopy(PostgresDatabase db, int rows) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        String[] queues = {"default", "mailers", "reports"};
        String[] states = {"done", "queued", "running", "failed"};
        try (Connection connection = db.openConnection()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY jobs (id, queue, kind, args, state, priority, tenant_id, attempts, run_at, created_at,"
                            + " finished_at) FROM STDIN");
            StringBuilder b = new StringBuilder(1 << 17);
            long base = java.time.Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();
            for (int i = 1; i <= rows; i++) {
                java.time.Instant at = java.time.Instant.ofEpochSecond(base - random.nextInt(2_592_000));
                b.append(i).append('\t').append(queues[random.nextInt(3)]).append("\tSendEmail\t{\"record_id\": ")
                        .append(random.nextInt(1_000_000)).append(", \"retry\": \"true\"}\t")
                        .append(states[random.nextInt(4)]).append('\t').append(random.nextInt(3) * 10).append('\t')
                        .append(1 + random.nextInt(1000)).append('\t').append(random.nextInt(5)).append('\t')
                        .append(at).append('\t').append(at).append('\t').append(at.plusSeconds(random.nextInt(60)))
                        .append('\n');
                if (b.length() > (1 << 16)) {
                    byte[] bytes = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    b.setLength(0);
                }
            }
            byte[] bytes = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        }
    }

    private static void batchInserts(PostgresDatabase db, int rows) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        try (Connection connection = DriverManager.getConnection(url, db.username(), db.password());
                PreparedStatement insert = connection.prepareStatement("INSERT INTO jobs (id, queue, kind, args,"
                        + " state, priority, tenant_id, attempts, run_at, created_at) VALUES (?, ?, ?, ?::jsonb, ?, ?,"
                        + " ?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.parse("2025-01-01T00:00:00Z"));
            for (int i = 1; i <= rows; i++) {
                insert.setLong(1, i);
                insert.setString(2, "default");
                insert.setString(3, "SendEmail");
                insert.setString(4, "{\"record_id\": " + random.nextInt(1_000_000) + "}");
                insert.setString(5, "done");
                insert.setInt(6, random.nextInt(3) * 10);
                insert.setLong(7, 1 + random.nextInt(1000));
                insert.setInt(8, random.nextInt(5));
                insert.setTimestamp(9, now);
                insert.setTimestamp(10, now);
                insert.addBatch();
                if (i % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }
}
