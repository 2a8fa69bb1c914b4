package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.plan.PlanType;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PGobject;

/**
 * Each way code binds a parameter, run for real through the recording DataSource, captured and planned again by
 * {@code everyPlan()}: custom, generic and both plans must return exactly the rows the code read, which they do only
 * when every parameter is bound with the type and value the code used (an enum as Types.OTHER, a typed null, a
 * timestamp with its Calendar). Before parameters kept their setters, the enum, jsonb-as-OTHER, typed-null and
 * Calendar shapes failed here: "could not be explained", or planned with other rows.
 */
@PostgresTest(init = "db/replan-jobs.sql")
class EveryPlanTypedParametersTest {

    private static final Calendar TOKYO = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));

    /** The code under test's own binding of its one statement. */
    interface Binding {
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /** Runs the statement as the code does, reads every row, and returns how many there were (at least one). */
    private static long codeRuns(DataSource dataSource, String sql, Binding binding) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binding.bind(c, ps);
            long rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            assertThat(rows).as("rows the code read").isPositive();
            return rows;
        }
    }

    /** The custom plan, the generic plan and both each return the rows the code read, and are the plans asked for. */
    private static void everyPlanReturnsWhatTheCodeRead(CapturedStatements captured, long rows) {
        assertThat(captured.statements()).singleElement().satisfies(s -> assertThat(s.failure()).isEmpty());
        List<PlanType> custom = new ArrayList<>();
        List<PlanType> generic = new ArrayList<>();
        List<PlanType> both = new ArrayList<>();

        assertThatStatements(captured).everyPlan().satisfy(plan -> plan.satisfies(p -> {
            custom.add(p.type());
            assertThat(p.rowsReturned()).as("custom plan's rows").isEqualTo(rows);
        }));
        assertThatStatements(captured).everyPlan().withGenericPlans().satisfy(plan -> plan.satisfies(p -> {
            generic.add(p.type());
            assertThat(p.rowsReturned()).as("generic plan's rows").isEqualTo(rows);
        }));
        assertThatStatements(captured).everyPlan().withCustomAndGenericPlans().satisfy(plan -> plan.satisfies(p -> {
            both.add(p.type());
            assertThat(p.rowsReturned()).as(p.type().label() + " plan's rows").isEqualTo(rows);
        }));

        assertThat(custom).containsExactly(PlanType.CUSTOM);
        assertThat(generic).containsExactly(PlanType.GENERIC);
        assertThat(both).containsExactly(PlanType.CUSTOM, PlanType.GENERIC);
    }

    private static void check(DataSource dataSource, CapturedStatements captured, String sql, Binding binding)
            throws SQLException {
        everyPlanReturnsWhatTheCodeRead(captured, codeRuns(dataSource, sql, binding));
    }

    @Test
    void enumBoundAsOtherIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE state = ?",
                (c, ps) -> ps.setObject(1, "queued", Types.OTHER));
    }

    @Test
    void enumInAnotherSchemaWithAMixedCaseNameIsPreparedQuotedAndQualified(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE kind = ?",
                (c, ps) -> ps.setObject(1, "Sms", Types.OTHER));
    }

    @Test
    void setStringCastToTheEnumInTheSqlIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE state = ?::job_state",
                (c, ps) -> ps.setString(1, "queued"));
    }

    @Test
    void plainStringOnAnEnumIsPlannedAsItRanWithStringtypeUnspecified(PostgresDatabase db) throws Exception {
        PGSimpleDataSource unspecified = new PGSimpleDataSource();
        unspecified.setUrl(db.jdbcUrl());
        unspecified.setUser(db.username());
        unspecified.setPassword(db.password());
        unspecified.setStringType("unspecified");
        RecordingDataSource recording = RecordingDataSource.wrap(unspecified);
        long[] rows = new long[1];

        CapturedStatements captured = recording.capture(() -> rows[0] = codeRuns(recording,
                "SELECT id FROM typed_jobs WHERE state = ?", (c, ps) -> ps.setObject(1, "queued")));

        everyPlanReturnsWhatTheCodeRead(captured, rows[0]);
    }

    @Test
    void anyOfAnArrayFromCreateArrayOfIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE id = ANY(?)",
                (c, ps) -> ps.setArray(1, c.createArrayOf("bigint", new Object[] {1L, 2L, 3L})));
    }

    @Test
    void anyOfALongObjectArrayIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE id = ANY(?)",
                (c, ps) -> ps.setObject(1, new Long[] {1L, 2L}));
    }

    @Test
    void anyOfAPrimitiveLongArrayIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE id = ANY(?)",
                (c, ps) -> ps.setObject(1, new long[] {1L, 2L, 3L, 4L}));
    }

    @Test
    void textArrayIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE tags && ?",
                (c, ps) -> ps.setArray(1, c.createArrayOf("text", new Object[] {"t1", "t2"})));
    }

    @Test
    void jsonbBoundAsOtherIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE payload @> ?",
                (c, ps) -> ps.setObject(1, "{\"k\": 3}", Types.OTHER));
    }

    @Test
    void jsonbAsAPgObjectIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE payload @> ?", (c, ps) -> {
            PGobject json = new PGobject();
            json.setType("jsonb");
            json.setValue("{\"k\": 3}");
            ps.setObject(1, json);
        });
    }

    @Test
    void integerNullsInIsNullOrEqualsArePlannedAsTheyRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE ? IS NULL OR attempts = ?", (c, ps) -> {
            ps.setNull(1, Types.INTEGER);
            ps.setNull(2, Types.INTEGER);
        });
    }

    @Test
    void integersInIsNullOrEqualsArePlannedAsTheyRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE ? IS NULL OR attempts = ?", (c, ps) -> {
            ps.setInt(1, 3);
            ps.setInt(2, 3);
        });
    }

    // setNull(i, Types.OTHER) and setNull(i, Types.TIMESTAMP) leave the type to the server, so a bare "? IS NULL"
    // fails in the code itself (could not determine data type of parameter $1); code that runs casts that one.
    @Test
    void otherNullsArePlannedAsTheyRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE ?::int IS NULL OR attempts = ?", (c, ps) -> {
            ps.setNull(1, Types.OTHER);
            ps.setNull(2, Types.OTHER);
        });
    }

    @Test
    void timestampNullsInIsNullOrLaterArePlannedAsTheyRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE CAST(? AS timestamp) IS NULL OR run_at > ?",
                (c, ps) -> {
                    ps.setNull(1, Types.TIMESTAMP);
                    ps.setNull(2, Types.TIMESTAMP);
                });
    }

    @Test
    void timestampsInIsNullOrLaterArePlannedAsTheyRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        Timestamp noon = Timestamp.valueOf("2024-01-01 12:00:00");
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE CAST(? AS timestamp) IS NULL OR run_at > ?",
                (c, ps) -> {
                    ps.setTimestamp(1, noon);
                    ps.setTimestamp(2, noon);
                });
    }

    @Test
    void timestampIntoATimestampColumnIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE run_at < ?",
                (c, ps) -> ps.setTimestamp(1, Timestamp.valueOf("2024-01-01 12:00:00")));
    }

    @Test
    void timestampWithACalendarIntoATimestampColumnIsPlannedInTheCalendarsZone(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE run_at < ?",
                (c, ps) -> ps.setTimestamp(1, Timestamp.valueOf("2024-01-01 12:00:00"), TOKYO));
    }

    @Test
    void timestampIntoATimestamptzColumnIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE run_at_tz < ?",
                (c, ps) -> ps.setTimestamp(1, Timestamp.valueOf("2024-01-01 12:00:00")));
    }

    @Test
    void timestampWithACalendarIntoATimestamptzColumnIsPlannedAsItRan(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE run_at_tz < ?",
                (c, ps) -> ps.setTimestamp(1, Timestamp.valueOf("2024-01-01 12:00:00"), TOKYO));
    }

    @Test
    void offsetDateTimeIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE run_at_tz < ?",
                (c, ps) -> ps.setObject(1, OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(9))));
    }

    @Test
    void localDateTimeIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE run_at < ?",
                (c, ps) -> ps.setObject(1, LocalDateTime.of(2024, 1, 1, 12, 0)));
    }

    @Test
    void uuidIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE token = ?",
                (c, ps) -> ps.setObject(1, UUID.fromString("c4ca4238-a0b9-2382-0dcc-509a6f75849b")));
    }

    @Test
    void bigDecimalIsPlannedAsItRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE amount = ?",
                (c, ps) -> ps.setBigDecimal(1, new BigDecimal("1.25")));
    }

    @Test
    void bytesArePlannedAsTheyRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE blob = ?", (c, ps) -> ps.setBytes(1, new byte[] {7}));
    }

    @Test
    void intLongAndBooleanArePlannedAsTheyRan(DataSource dataSource, CapturedStatements captured) throws SQLException {
        check(dataSource, captured, "SELECT id FROM typed_jobs WHERE attempts = ? AND id > ? AND flag = ?", (c, ps) -> {
            ps.setInt(1, 3);
            ps.setLong(2, 10_000L);
            ps.setBoolean(3, true);
        });
    }

    @Test
    void aStreamAlreadyReadIsNamedAsWhyTheStatementCannotBePlannedAgain(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        codeRuns(dataSource, "SELECT id FROM typed_jobs WHERE tags @> ARRAY[?]",
                (c, ps) -> ps.setCharacterStream(1, new StringReader("t1")));

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSort())
                .isInstanceOf(QueueTestkitException.class)
                .isNotInstanceOf(AssertionError.class)
                .hasMessage(CannotReplan.unbindable(captured.groups().get(0), 1,
                        captured.groups().get(0).bindings().get(0), "it was bound with setCharacterStream, whose stream"
                        + " the driver read to the end when the statement ran; a stream cannot be read twice. Bind"
                        + " the value itself (setString, setBytes) to plan the statement again"));
    }

    @Test
    void anArrayTheCodeFreedIsNamedAsWhyTheStatementCannotBePlannedAgain(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM typed_jobs WHERE id = ANY(?)")) {
            java.sql.Array ids = c.createArrayOf("bigint", new Object[] {1L, 2L});
            ps.setArray(1, ids);
            ps.executeQuery().close();
            ids.free();
        }

        assertThatThrownBy(() -> assertThatStatements(captured).everyPlan().hasNoSort())
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageContaining("The statement itself ran fine when the code ran it, but planning it again"
                        + " failed:\nCannot bind parameter 1 again with setArray: the driver refused the value the code"
                        + " bound (")
                .hasMessageContaining("an Array, Blob or Clob freed after the statement ran cannot be bound again.");
    }

    @Test
    void aTemporaryTableOfTheCodesSessionIsNamedAsWhyTheStatementCannotBePlannedAgain(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE picked AS SELECT id FROM typed_jobs WHERE state = 'queued'");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM picked")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(200);
            }
        }

        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("picked").everyPlan().hasNoSort())
                .isInstanceOf(QueueTestkitException.class)
                .hasMessageStartingWith("Could not plan the captured statement select count(*) from picked (run once)"
                        + " again with the parameters of its first execution, bound as the code bound them. The"
                        + " statement itself ran fine when the code ran it, but planning it again failed:\n"
                        + "PostgreSQL could not explain the statement: relation \"picked\" does not exist")
                .hasMessageContaining("\nPlanning again happens on a new connection after the code ran: a temporary"
                        + " table, a prepared statement or anything else only the code's own session had is gone"
                        + " there.");
    }
}
