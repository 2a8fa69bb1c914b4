package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanType;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Row limits the driver applies outside the SQL. Costs as on colder storage make the difference visible on
 * scattered_jobs: read whole, its ORDER BY is a Sort over a Seq Scan; read for its first rows, an Index Scan.
 */
@PostgresTest(init = "db/replan-jobs.sql", settings = {"random_page_cost=4", "effective_cache_size=1MB"})
class EveryPlanDriverLimitsTest {

    private static final String BY_RANK = "SELECT id, payload FROM scattered_jobs ORDER BY rank";
    private static final String SORTED = "Sort > Seq Scan on scattered_jobs";
    private static final String FIRST_ROWS = "Index Scan using scattered_jobs_rank on scattered_jobs";

    /** The code under test: reads every row the driver hands it. */
    private static long codeReads(Connection connection, String sql, int maxRows, int fetchSize) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            return codeReads(ps, maxRows, fetchSize);
        }
    }

    private static long codeReads(PreparedStatement ps, int maxRows, int fetchSize) throws SQLException {
        ps.setMaxRows(maxRows);
        ps.setFetchSize(fetchSize);
        long rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }

    private static long codeReads(DataSource dataSource, String sql, int maxRows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return codeReads(c, sql, maxRows, 0);
        }
    }

    @Test
    void rowsPerRowReturnedCountTheRowsTheDriverHandedTheCode(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        assertThat(codeReads(dataSource, BY_RANK, 5)).isEqualTo(5);
        assertThat(captured.statements()).singleElement().satisfies(s -> {
            assertThat(s.maxRows()).isEqualTo(5);
            assertThat(s.rowsReturned()).isEqualTo(5);
        });

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().rowsExaminedPerRowReturnedAtMost(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the plan to examine at most 2.00 rows per row returned, but it"
                        + " examined 20,000 to return 5 to the code, 4,000.00 per row: Seq Scan on scattered_jobs,"
                        + " which examined 20,000 rows and kept 20,000. The limit of 5 rows came from the driver"
                        + " (Statement.setMaxRows(5)), not the SQL: the server planned the statement for all 20,000"
                        + " rows its plan returns. Write the limit into the SQL (LIMIT 5) so the planner can choose a"
                        + " plan that stops early.")
                .hasMessageContaining("\n>>   ->  Seq Scan on scattered_jobs");
        assertThatStatements(captured).everyPlan().satisfy(plan -> plan.satisfies(p -> {
            assertThat(p.rowsReturned()).isEqualTo(20_000);
            assertThat(p.rowsReceived()).isEqualTo(5);
            assertThat(p.limitedByDriver()).isTrue();
        }));
    }

    @Test
    void theSameReadWithoutTheLimitOrWithTheLimitInTheSqlPasses(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        assertThat(codeReads(dataSource, BY_RANK, 0)).isEqualTo(20_000);
        assertThat(codeReads(dataSource, BY_RANK + " LIMIT 5", 0)).isEqualTo(5);

        assertThatStatements(captured).everyPlan().rowsExaminedPerRowReturnedAtMost(2);
        assertThatStatements(captured).everyPlan().satisfy(plan -> plan.satisfies(p -> {
            assertThat(p.driverRowLimit()).isZero();
            assertThat(p.rowsReceived()).isEqualTo(p.rowsReturned());
        }));
    }

    @Test
    void genericPlansCountTheRowsTheCodeReceivedToo(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, payload FROM scattered_jobs WHERE id > ?"
                        + " ORDER BY rank")) {
            ps.setMaxRows(5);
            ps.setInt(1, 0);
            ps.executeQuery().close();
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().withGenericPlans()
                .rowsExaminedPerRowReturnedAtMost(2))
                .hasMessageContaining("Expecting every captured statement's generic plan to satisfy"
                        + " rowsExaminedPerRowReturnedAtMost(2.0), but 1 of 1 did not.")
                .hasMessageContaining("Expecting the generic plan to examine at most 2.00 rows per row returned")
                .hasMessageContaining("(Statement.setMaxRows(5))");
    }

    /**
     * What the server ran, from auto_explain's notice: the plan of every execution, as the executor got it. Neither a
     * fetch size (a portal read 10 rows at a time) nor setMaxRows (a row count on the protocol's Execute) reaches the
     * planner, while a cursor, which does tell it it wants the first rows, plans an Index Scan here.
     */
    @Test
    void fetchSizeAndMaxRowsLeaveThePlanAsTheServerPlansTheWholeRead(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        List<String> ran = new ArrayList<>();
        try (Connection c = db.openConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("LOAD 'auto_explain'");
                s.execute("SET auto_explain.log_min_duration = 0");
                s.execute("SET auto_explain.log_level = notice");
                s.execute("SET auto_explain.log_format = json");
                s.execute("SET cursor_tuple_fraction = 0.01");
            }
            try (PreparedStatement ps = c.prepareStatement(BY_RANK)) {
                assertThat(codeReads(ps, 0, 0)).isEqualTo(20_000);
                ran.add(ranPlan(ps, c));
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(BY_RANK)) {
                assertThat(codeReads(ps, 0, 10)).isEqualTo(20_000);
                c.commit();
                ran.add(ranPlan(ps, c));
            }
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(BY_RANK)) {
                assertThat(codeReads(ps, 5, 0)).isEqualTo(5);
                ran.add(ranPlan(ps, c));
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DECLARE first_rows CURSOR FOR " + BY_RANK);
                s.execute("FETCH 10 FROM first_rows");
                s.execute("CLOSE first_rows");
                c.commit();
                ran.add(ranPlan(s, c));
            }
        }
        assertThat(ran).containsExactly(SORTED, SORTED, SORTED, FIRST_ROWS);

        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            codeReads(c, BY_RANK, 0, 10);
            c.commit();
        }
        assertThat(captured.statements()).filteredOn(s -> s.sql().equals(BY_RANK)).singleElement()
                .satisfies(s -> assertThat(s.fetchSize()).isEqualTo(10));
        assertThatStatements(captured).selectsFrom("scattered_jobs").everyPlan()
                .satisfy(plan -> plan.satisfies(p -> assertThat(p.shape()).isEqualTo(SORTED)));
    }

    /**
     * The plan auto_explain reported for the statement (its notice lands on the statement, or on the connection when
     * the portal closes at commit), as a shape; warnings cleared.
     */
    private static String ranPlan(Statement statement, Connection c) throws SQLException {
        String json = null;
        for (SQLWarning first : new SQLWarning[] {statement.getWarnings(), c.getWarnings()}) {
            for (SQLWarning w = first; w != null; w = w.getNextWarning()) {
                if (w.getMessage().contains("plan:")) {
                    json = w.getMessage().substring(w.getMessage().indexOf('{'));
                }
            }
        }
        statement.clearWarnings();
        c.clearWarnings();
        assertThat(json).as("auto_explain's plan").isNotNull();
        return Plan.parse(json, BY_RANK, PlanType.CUSTOM).shape();
    }
}
