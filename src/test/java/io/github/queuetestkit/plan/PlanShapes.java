package io.github.queuetestkit.plan;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Statements whose plans cover the node types and detail lines a queue's plans show, against db/plan-jobs.sql and
 * db/plan-shapes.sql; the renderer must print each as the server's own text EXPLAIN does, on every version CI runs.
 */
final class PlanShapes {

    /**
     * @param name what the plan shows, for the test's display name
     * @param shows a piece of the server's text that proves the plan has that shape, on every version
     * @param sql the statement, without placeholders
     * @param settings {@code name=value} settings applied with SET LOCAL before both EXPLAINs
     */
    record Shape(String name, String shows, String sql, List<String> settings) {

        Explain explain() {
            Explain explain = Explain.of(sql);
            for (String setting : settings) {
                String[] nameValue = setting.split("=", 2);
                explain = explain.withSetting(nameValue[0], nameValue[1]);
            }
            return explain;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Shape shape(String name, String shows, String sql, String... settings) {
        return new Shape(name, shows, sql, List.of(settings));
    }

    private static final String[] NO_HASH_NO_MERGE = {"enable_hashjoin=off", "enable_mergejoin=off"};

    private static final String[] PARALLEL = {"max_parallel_workers_per_gather=2", "parallel_setup_cost=0",
        "parallel_tuple_cost=0", "min_parallel_table_scan_size=0"};

    static Stream<Shape> all() {
        return Stream.of(
                shape("Limit, top-N Sort, Seq Scan with Filter", "top-N heapsort",
                        PlanFixtures.DELAYED_BEFORE.replace("?", "'host:x'")),
                shape("Limit, Index Scan", "Index Scan using delayed_jobs_priority_run_at",
                        PlanFixtures.DELAYED_ASC.replace("?", "'host:x'")),
                shape("outer Hash Join", "Hash Right Join", "SELECT d.id, b.priority FROM delayed_jobs d"
                        + " LEFT JOIN delayed_jobs_before b ON b.id = d.id WHERE d.queue = 'q1'"),
                shape("InitPlan, HashAggregate, Sort", "InitPlan", "SELECT queue, count(*) FROM delayed_jobs"
                        + " WHERE priority < (SELECT max(priority) FROM delayed_jobs_before) GROUP BY queue"
                        + " ORDER BY 2 DESC"),
                shape("semi join of a subquery", "Join", "SELECT id FROM skewed_jobs WHERE state = 'queued' AND id IN"
                        + " (SELECT id FROM delayed_jobs WHERE priority = 1)"),
                shape("CTE, LockRows, Update, Nested Loop", "LockRows", "WITH next AS (SELECT id FROM delayed_jobs"
                        + " WHERE priority = 0 ORDER BY run_at LIMIT 3 FOR UPDATE SKIP LOCKED) UPDATE delayed_jobs"
                        + " SET locked_at = now(), locked_by = 'w1' FROM next WHERE delayed_jobs.id = next.id"
                        + " RETURNING delayed_jobs.id"),
                shape("BitmapOr, Bitmap Heap Scan with exact Heap Blocks", "Heap Blocks: exact=",
                        "SELECT count(*) FROM skewed_jobs WHERE state = 'queued' OR id < 50"),
                shape("Index Only Scan Backward with Heap Fetches", "Heap Fetches:",
                        "SELECT priority, run_at FROM delayed_jobs WHERE priority = 3 ORDER BY run_at DESC LIMIT 10"),
                shape("correlated SubPlan", "SubPlan 1", "SELECT d.priority, (SELECT count(*) FROM skewed_jobs s"
                        + " WHERE s.id = d.id) FROM delayed_jobs d WHERE d.id < 4"),
                shape("hashed SubPlan of NOT IN", "hashed SubPlan", "SELECT count(*) FROM delayed_jobs"
                        + " WHERE queue NOT IN (SELECT name FROM queues WHERE paused)"),
                shape("Append of partitions with Subplans Removed", "Subplans Removed: 1", "SELECT count(*)"
                        + " FROM job_runs WHERE finished_at >= CAST('2025-06-01 00:00:00+00' AS text)::timestamptz"
                        + " AND attempts = 2"),
                shape("Memoize over an Index Only Scan", "Hits: 7495  Misses: 5", "SELECT count(*) FROM job_runs r"
                        + " JOIN queues q ON q.name = r.queue WHERE r.attempts = 1", NO_HASH_NO_MERGE),
                shape("Incremental Sort", "Presorted Key: priority", "SELECT id, priority, queue FROM delayed_jobs"
                        + " WHERE priority < 3 ORDER BY priority, queue, id LIMIT 50"),
                shape("Merge Join", "Merge Cond", "SELECT count(*) FROM delayed_jobs d JOIN delayed_jobs_before b"
                        + " ON b.id = d.id WHERE d.priority = 1", "enable_hashjoin=off", "enable_nestloop=off"),
                shape("Hash Join in batches", "Batches: 8", "SELECT d.queue, b.payload FROM delayed_jobs d"
                        + " JOIN delayed_jobs_before b ON b.id = d.id WHERE d.priority < 5", "work_mem=64kB"),
                shape("CTE Scan of a materialized CTE", "CTE Scan on recent r", "WITH recent AS MATERIALIZED"
                        + " (SELECT id, queue FROM delayed_jobs WHERE priority = 2 ORDER BY run_at LIMIT 50)"
                        + " SELECT r.queue, count(*) FROM recent r JOIN queues q ON q.name = r.queue GROUP BY r.queue"),
                shape("Insert ON CONFLICT DO UPDATE with a conflict filter", "Rows Removed by Conflict Filter: 1",
                        "INSERT INTO queues (name, weight) VALUES ('q1', 5), ('q4', 5), ('q99', 1)"
                                + " ON CONFLICT (name) DO UPDATE SET weight = excluded.weight"
                                + " WHERE queues.paused IS FALSE"),
                shape("Insert ON CONFLICT DO NOTHING", "Conflict Resolution: NOTHING", "INSERT INTO queues"
                        + " (name, weight) VALUES ('q2', 1) ON CONFLICT DO NOTHING"),
                shape("Merge with a Values Scan", "Tuples: inserted=1 updated=1", "MERGE INTO queues q"
                        + " USING (VALUES ('q1', 3), ('q77', 1)) v(name, w) ON q.name = v.name"
                        + " WHEN MATCHED THEN UPDATE SET weight = v.w"
                        + " WHEN NOT MATCHED THEN INSERT (name, weight) VALUES (v.name, v.w)"),
                shape("Insert firing a foreign key's check trigger", "Trigger for constraint job_events_queue_fkey",
                        "INSERT INTO job_events VALUES (1, 'q1'), (2, 'q2')"),
                shape("Update of a partitioned table", "Update on job_runs_2025 job_runs_2",
                        "UPDATE job_runs SET attempts = attempts + 1 WHERE id < 5"),
                shape("Delete RETURNING", "Delete on delayed_jobs", "DELETE FROM delayed_jobs WHERE priority = 7"
                        + " AND id < 100 RETURNING id"),
                shape("a disabled Seq Scan", "Seq Scan on queues", "SELECT count(*) FROM queues WHERE weight > 3",
                        "enable_seqscan=off"),
                shape("Gather of a Parallel Seq Scan", "Workers Launched: 2", "SELECT count(*) FROM delayed_jobs_before"
                        + " WHERE locked_by IS NULL", PARALLEL),
                shape("WindowAgg", "WindowAgg", "SELECT id, queue, row_number() OVER (PARTITION BY queue"
                        + " ORDER BY run_at) FROM delayed_jobs WHERE priority = 1 AND id < 200"),
                shape("Materialize under a Nested Loop", "Materialize", "SELECT count(*) FROM queues a JOIN queues b"
                        + " ON a.weight < b.weight"),
                shape("Recursive Union, WorkTable Scan", "WorkTable Scan on n", "WITH RECURSIVE n(i) AS (SELECT 1"
                        + " UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n"),
                shape("Sort spilling to disk", "external merge", "SELECT * FROM delayed_jobs_before"
                        + " ORDER BY queue, payload, run_at", "work_mem=64kB"),
                shape("HashAggregate with HAVING", "Rows Removed by Filter: 5", "SELECT queue, count(*)"
                        + " FROM delayed_jobs GROUP BY queue HAVING count(*) > 4000"),
                shape("HashSetOp Except", "HashSetOp Except", "SELECT id FROM delayed_jobs WHERE priority = 1 EXCEPT"
                        + " SELECT id FROM delayed_jobs_before WHERE priority = 1 AND queue = 'q1'"),
                shape("Unique over a sorted scan", "Unique", "SELECT DISTINCT priority FROM delayed_jobs_before",
                        "enable_hashagg=off"),
                shape("Function Scan, Result with a One-Time Filter", "One-Time Filter", "SELECT g"
                        + " FROM generate_series(1, 10) g WHERE g % 2 = 0 AND now() > '2000-01-01'"),
                shape("never executed inner side", "(never executed)", "SELECT * FROM queues q JOIN delayed_jobs d"
                        + " ON d.id = q.weight WHERE q.name = 'none'", NO_HASH_NO_MERGE),
                shape("Tid Scan", "TID Cond", "SELECT * FROM queues WHERE ctid = '(0,1)'"),
                shape("IN subquery made unique by a HashAggregate", "HashAggregate", "SELECT * FROM queues WHERE name IN"
                        + " (SELECT queue FROM job_runs)"),
                shape("anti join", "Anti Join", "SELECT count(*) FROM queues q WHERE NOT EXISTS"
                        + " (SELECT 1 FROM job_runs r WHERE r.queue = q.name)"),
                shape("index scan on the second column of a two-column index", "using job_states_state_run_at",
                        "SELECT id FROM job_states WHERE run_at = '2024-01-02 00:00:00+00'"));
    }

    /**
     * What psql prints, minus what differs between two runs of the same plan: times, buffer counts, memory, and heap
     * fetches, which fall from one run to the next while the first sets hint bits on pages a rolled-back write left.
     */
    static List<String> structure(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.stripTrailing();
            if (l.strip().startsWith("Buffers:") || l.strip().equals("Planning:") || l.contains("Planning Time:")
                    || l.contains("Execution Time:") || l.matches(" *Rows Removed by [A-Za-z ]+: 0")) {
                // Text mode prints a removed-rows count that averages to under one per loop as 0; JSON, which the
                // model is built from, rounds it to 0 and cannot tell it from none.
                continue;
            }
            lines.add(l.replaceAll("actual time=[0-9.]+\\.\\.[0-9.]+", "actual time=T")
                    .replaceAll("^(Trigger .*): time=[0-9.]+ ", "$1: time=T ")
                    .replaceAll("(Memory|Memory Usage|Disk|Disk Usage|Maximum Storage): [0-9]+kB", "$1: NkB")
                    .replaceAll("Heap Fetches: [0-9]+", "Heap Fetches: N"));
        }
        return lines;
    }

    /** The server's own {@code EXPLAIN (ANALYZE, BUFFERS)} text of the statement, in a rolled-back transaction. */
    static String serverText(DataSource dataSource, String sql, List<String> settings) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                for (String setting : settings) {
                    String[] nameValue = setting.split("=", 2);
                    s.execute("SET LOCAL " + nameValue[0] + " = '" + nameValue[1] + "'");
                }
                try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)) {
                    StringBuilder out = new StringBuilder();
                    while (rs.next()) {
                        out.append(rs.getString(1)).append('\n');
                    }
                    return out.toString();
                }
            } finally {
                c.rollback();
            }
        }
    }

    static String serverText(DataSource dataSource, String sql) throws SQLException {
        return serverText(dataSource, sql, List.of());
    }

    private PlanShapes() {
    }
}
