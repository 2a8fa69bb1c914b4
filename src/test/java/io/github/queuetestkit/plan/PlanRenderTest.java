package io.github.queuetestkit.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.junit.PostgresTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@PostgresTest(init = "db/plan-jobs.sql")
class PlanRenderTest {

    /** What psql prints, minus what differs between two runs of the same plan: times and buffer counts. */
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
                    .replaceAll("(Memory|Memory Usage|Disk): [0-9]+kB", "$1: NkB"));
        }
        return lines;
    }

    static String serverText(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)) {
                StringBuilder out = new StringBuilder();
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
                return out.toString();
            } finally {
                c.rollback();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            PlanFixtures.DELAYED_BEFORE,
            PlanFixtures.DELAYED_ASC,
            "SELECT d.id FROM delayed_jobs d LEFT JOIN delayed_jobs_before b ON b.id = d.id WHERE d.queue = 'q1'",
            "SELECT queue, count(*) FROM delayed_jobs WHERE priority < (SELECT max(priority) FROM delayed_jobs_before)"
                    + " GROUP BY queue ORDER BY 2 DESC",
            "SELECT id FROM skewed_jobs WHERE state = 'queued' AND id IN (SELECT id FROM delayed_jobs WHERE priority = 1)",
            "WITH next AS (SELECT id FROM delayed_jobs WHERE priority = 0 ORDER BY run_at LIMIT 3 FOR UPDATE SKIP LOCKED)"
                    + " UPDATE delayed_jobs SET locked_at = now(), locked_by = 'w1' FROM next WHERE delayed_jobs.id = next.id"
                    + " RETURNING delayed_jobs.id",
            "SELECT count(*) FROM skewed_jobs WHERE state = 'queued' OR id < 50",
            "SELECT priority, run_at FROM delayed_jobs WHERE priority = 3 ORDER BY run_at DESC LIMIT 10",
            "SELECT d.priority, (SELECT count(*) FROM skewed_jobs s WHERE s.id = d.id) FROM delayed_jobs d WHERE d.id < 4"})
    void rendersTheSameNodesIndentationAndDetailsAsTheServersTextFormat(String sql, DataSource dataSource)
            throws SQLException {
        String literal = sql.replace("?", "'host:x'");
        List<String> expected = structure(serverText(dataSource, literal));

        List<String> rendered = structure(Explain.of(literal).explain(dataSource).custom().render());

        assertThat(rendered).containsExactlyElementsOf(expected);
    }

    @Test
    void rendersBuffersAndTimesAsPsqlDoes() {
        Plan plan = Plan.parse(PlanModelTest.resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_BEFORE,
                PlanType.CUSTOM, "host:x");

        assertThat(plan.render()).isEqualTo("""
                Limit  (cost=980.16..980.17 rows=5 width=72) (actual time=5.019..5.020 rows=5 loops=1)
                  Buffers: shared hit=6 read=148 dirtied=148
                  ->  Sort  (cost=980.16..1030.15 rows=19998 width=72) (actual time=5.018..5.018 rows=5 loops=1)
                        Sort Key: priority DESC, run_at
                        Sort Method: top-N heapsort  Memory: 25kB
                        Buffers: shared hit=6 read=148 dirtied=148
                        ->  Seq Scan on delayed_jobs_before  (cost=0.00..648.00 rows=19998 width=72) \
                (actual time=0.024..3.728 rows=20000 loops=1)
                              Filter: ((failed_at IS NULL) AND (((run_at <= now()) AND ((locked_at IS NULL) OR \
                (locked_at < (now() - '04:00:00'::interval)))) OR (locked_by = 'host:x'::text)))
                              Buffers: shared read=148 dirtied=148
                Planning:
                  Buffers: shared hit=89 read=16 dirtied=3
                Planning Time: 0.544 ms
                Execution Time: 5.041 ms""");
    }

    @Test
    void marksTheNodesAtFaultInTheMargin() {
        Plan plan = Plan.parse(PlanModelTest.resource("delayed-jobs-before.json"), PlanFixtures.DELAYED_BEFORE,
                PlanType.CUSTOM, "host:x");

        String text = plan.render(plan.nodesOfType("Seq Scan"));

        assertThat(text.lines().filter(l -> l.startsWith(">> ")))
                .containsExactly(">>         ->  Seq Scan on delayed_jobs_before  (cost=0.00..648.00 rows=19998 width=72)"
                        + " (actual time=0.024..3.728 rows=20000 loops=1)");
        assertThat(text.lines().filter(l -> !l.startsWith(">> "))).allMatch(l -> l.startsWith("   "));
        assertThat(text.lines().findFirst()).hasValue("   Limit  (cost=980.16..980.17 rows=5 width=72)"
                + " (actual time=5.019..5.020 rows=5 loops=1)");
    }
}
