package io.github.queuetestkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.SQLType;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exact wording of every statement-assertion failure, against fixed statements. */
class StatementMessagesTest {

    private static CapturedStatement statement(long sequence, long roundTrip, String sql, List<List<Object>> sets,
            int batchSize, long rowsAffected, long rowsReturned) {
        RowCounter counter = new RowCounter();
        for (long i = 0; i < rowsReturned; i++) {
            counter.increment();
        }
        return new CapturedStatement(sequence, roundTrip, sql, CapturedStatement.Via.PREPARED, sets, batchSize,
                rowsAffected, counter, 1_000, "main", false, null);
    }

    private static List<CapturedStatement> perClientSelects() {
        List<CapturedStatement> list = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            list.add(statement(i, i, "SELECT * FROM records WHERE client_id = ?", List.of(List.of(i)), 0, -1, 100));
        }
        list.add(statement(4, 4, "SELECT * FROM records WHERE id IN (1, 2)", List.of(), 0, -1, 2));
        return list;
    }

    @Test
    void atMostStatements() {
        assertThat(ShouldHaveAtMostStatements.create("at most", 1, "selects from \"records\"", perClientSelects(),
                SecretParameters.none()).create()).isEqualTo("""
                Expecting at most 1 selects from "records", but 4 ran in 4 round trips:
                  3x in 3 round trips: select * from records where client_id = ?
                      #1 SELECT * FROM records WHERE client_id = ?  [1]
                      #2 SELECT * FROM records WHERE client_id = ?  [2]
                      #3 SELECT * FROM records WHERE client_id = ?  [3]
                  1x in 1 round trip: select * from records where id in (...)
                      #4 SELECT * FROM records WHERE id IN (1, 2)""");
    }

    @Test
    void atMostRoundTripsShowsBatchesAndHidesSecrets() {
        List<CapturedStatement> inserts = List.of(
                statement(1, 1, "INSERT INTO users (name, password) VALUES (?, ?)",
                        List.of(List.of("a", "pw1"), List.of("b", "pw2"), List.of("c", "pw3"), List.of("d", "pw4")),
                        4, 4, 0),
                statement(2, 2, "INSERT INTO users (name, password) VALUES (?, ?)", List.of(List.of("e", "pw5")), 0,
                        1, 0));
        assertThat(ShouldHaveAtMostRoundTrips.create(1, "inserts into \"users\"", inserts,
                SecretParameters.columnsMatching("password")).create()).isEqualTo("""
                Expecting inserts into "users" in at most 1 round trip (a JDBC batch is one), but they took 2:
                  5x in 2 round trips: insert into users(name, password) values (...)
                      #1 INSERT INTO users (name, password) VALUES (?, ?)  ['a', <secret>] ['b', <secret>] \
                ['c', <secret>] ... (4 sets)  (batch of 4)
                      #2 INSERT INTO users (name, password) VALUES (?, ?)  ['e', <secret>]""");
    }

    @Test
    void rowsPerStatement() {
        assertThat(ShouldHaveAtMostRowsPerStatement.create(50, "selects from \"records\"",
                perClientSelects().subList(0, 1), SecretParameters.none()).create()).isEqualTo("""
                Expecting each of selects from "records" to return or change at most 50 rows, but 1 statement did not:
                  #1 (100 rows) select * from records where client_id = ?
                      SELECT * FROM records WHERE client_id = ?  [1]""");
    }

    @Test
    void rowsPerStatementNotKnownSaysWhyAndHowToKnowThem() {
        CapturedStatement batch = new CapturedStatement(1, 1, "INSERT INTO jobs (queue) SELECT ?",
                CapturedStatement.Via.PREPARED, List.of(), 3, 0, 3, new RowCounter(), 1_000, "main", false, null, 0,
                0, null);
        assertThat(batch.rowsKnown()).isFalse();
        assertThat(ShouldHaveAtMostRowsPerStatement.unknown(1000, "inserts into \"jobs\"", List.of(batch),
                SecretParameters.none()).create()).isEqualTo("""
                Expecting each of inserts into "jobs" to return or change at most 1000 rows, but the rows of 1 \
                statement are not known, so the check cannot pass:
                  #1 (at least 0 rows) insert into jobs(queue) select ?
                      INSERT INTO jobs (queue) SELECT ?  (batch of 3)
                      rows not known: the driver reported no row count (SUCCESS_NO_INFO) for 3 executions
                A driver that rewrites a batch (pgjdbc's reWriteBatchedInserts=true) reports no row counts, and a \
                result fetched a part at a time (setFetchSize) keeps its rest on the server until the code reads it. \
                Run the test without reWriteBatchedInserts, or let the code read the whole result.""");
    }

    @Test
    void nPlusOne() {
        List<StatementGroup> repeated = CapturedStatements.group(perClientSelects().subList(0, 3));
        assertThat(ShouldNotRepeatStatements.create(2, "statements", repeated, SecretParameters.none()).create())
                .isEqualTo("""
                Expecting none of statements to run in more than 2 round trips (N+1), but 1 statement did; batch them \
                or fetch in one query:
                  3x in 3 round trips: select * from records where client_id = ?
                      #1 SELECT * FROM records WHERE client_id = ?  [1]
                      #2 SELECT * FROM records WHERE client_id = ?  [2]
                      #3 SELECT * FROM records WHERE client_id = ?  [3]""");
    }

    @Test
    void patternAndTableMatchingNothing() {
        List<CapturedStatement> one = perClientSelects().subList(3, 4);
        assertThat(ShouldMatchSomeStatement.patternMatchedNothing("statements matching /recrods/", one,
                SecretParameters.none()).create()).isEqualTo("""
                No captured statement is among statements matching /recrods/, so there is nothing to count: is the \
                pattern right? It is searched in the normalized SQL (lower case, literals as ?, value lists as (...)). \
                Use hasNone() to assert that it never runs. Captured statements (1):
                  1x in 1 round trip: select * from records where id in (...)
                      #4 SELECT * FROM records WHERE id IN (1, 2)""");
        assertThat(ShouldMatchSomeStatement.unknownTable("selects from \"recrods\"", "recrods", List.of(),
                SecretParameters.none()).create()).isEqualTo("""
                No captured statement is among selects from "recrods" and the database has no table recrods: is the \
                table name right? Captured statements (0):
                  (none)""");
    }

    @Test
    void cannotReplanSaysTheStatementRanAndWhyItCannotBePlannedAgain() throws Exception {
        StatementGroup group = CapturedStatements.group(perClientSelects().subList(0, 1)).get(0);
        BoundParameter stream = new BoundParameter(PreparedStatement.class.getMethod("setCharacterStream", int.class,
                Reader.class), new Object[] {1, new StringReader("x")});

        assertThat(CannotReplan.unbindable(group, 1, stream, stream.whyNotReplayable().orElseThrow())).isEqualTo("""
                Could not plan the captured statement select * from records where client_id = ? (run once) again with \
                the parameters of its first execution, bound as the code bound them. The statement itself ran fine \
                when the code ran it, but parameter 1 (setCharacterStream) cannot be bound again: it was bound with \
                setCharacterStream, whose stream the driver read to the end when the statement ran; a stream cannot \
                be read twice. Bind the value itself (setString, setBytes) to plan the statement again.
                Narrow the check with a filter, e.g. assertThatStatements(captured).selectsFrom("jobs").everyPlan(), \
                to leave it out.""");
        assertThat(CannotReplan.failed(group, "PostgreSQL could not explain the statement: relation \"picked\" does"
                + " not exist (SQLSTATE 42P01)", "42P01")).isEqualTo("""
                Could not plan the captured statement select * from records where client_id = ? (run once) again with \
                the parameters of its first execution, bound as the code bound them. The statement itself ran fine \
                when the code ran it, but planning it again failed:
                PostgreSQL could not explain the statement: relation "picked" does not exist (SQLSTATE 42P01)
                Planning again happens on a new connection after the code ran: a temporary table, a prepared \
                statement or anything else only the code's own session had is gone there. Create it in the test's \
                setup (an init script) to plan the statement, or leave the statement out.
                Narrow the check with a filter, e.g. assertThatStatements(captured).selectsFrom("jobs").everyPlan(), \
                to leave it out.""");
        assertThat(CannotReplan.failed(group, "division by zero", "22012"))
                .doesNotContain("Planning again happens on a new connection");
    }

    @Test
    void cannotReplanAStatementWhoseFirstExecutionFailedNamesItsFirstSuccessfulOne() {
        List<CapturedStatement> tries = List.of(
                new CapturedStatement(1, 1, "SELECT * FROM records WHERE client_id = ?", CapturedStatement.Via.PREPARED,
                        List.of(List.<Object>of("x")), 0, -1, new RowCounter(), 1_000, "main", false,
                        "ERROR: invalid input syntax for type integer"),
                statement(2, 2, "SELECT * FROM records WHERE client_id = ?", List.of(List.of(1)), 0, -1, 100));
        StatementGroup group = CapturedStatements.group(tries).get(0);

        assertThat(group.firstSucceeded()).contains(tries.get(1));
        assertThat(CannotReplan.failed(group, "division by zero", "22012")).isEqualTo("""
                Could not plan the captured statement select * from records where client_id = ? (run 2 times) again \
                with the parameters of its first successful execution, bound as the code bound them. The statement \
                itself ran fine when the code ran it, but planning it again failed:
                division by zero
                Narrow the check with a filter, e.g. assertThatStatements(captured).selectsFrom("jobs").everyPlan(), \
                to leave it out.""");
    }

    @Test
    void aCheckWhosePlansOnlyCallFunctionsOfTheDatabaseSaysItWouldProveNothing() {
        String hidden = "\nNot checked (the plan only calls a function of the database's own, and shows none of the"
                + " statements inside it):\n  select enqueue_unique(...)  calls enqueue_unique";
        assertThat(ShouldHaveEveryPlanSatisfy.onlyFunctionCalls("plan", "hasNoSeqScan()", hidden, "").create())
                .isEqualTo("""

                Expecting every captured statement's plan to satisfy hasNoSeqScan(), but no planned statement's plan \
                shows the work it does, so the check would prove nothing.
                Not checked (the plan only calls a function of the database's own, and shows none of the statements \
                inside it):
                  select enqueue_unique(...)  calls enqueue_unique
                A function's statements run with plans of their own: check them with assertThatPlan on the SQL inside \
                the function, or see what it ran with the server-side view (ServerStatements).""");
    }

    @Test
    void aBindingShowsHowItWasBoundBeyondItsValue() throws Exception {
        Method setObject3 = PreparedStatement.class.getMethod("setObject", int.class, Object.class, int.class);
        Method setObject4 = PreparedStatement.class.getMethod("setObject", int.class, Object.class, int.class,
                int.class);
        Method setObjectSqlType = PreparedStatement.class.getMethod("setObject", int.class, Object.class,
                SQLType.class);
        Method setNull3 = PreparedStatement.class.getMethod("setNull", int.class, int.class, String.class);
        Method setNString = PreparedStatement.class.getMethod("setNString", int.class, String.class);
        Method setBinaryStream = PreparedStatement.class.getMethod("setBinaryStream", int.class, InputStream.class,
                long.class);
        Method byName = CallableStatement.class.getMethod("setString", String.class, String.class);

        assertThat(new BoundParameter(setObject3, new Object[] {1, "{}", Types.OTHER}).binding())
                .isEqualTo("Types.OTHER");
        assertThat(new BoundParameter(setObject4, new Object[] {1, 1.5, Types.NUMERIC, 2}).binding())
                .isEqualTo("Types.NUMERIC, scale or length 2");
        assertThat(new BoundParameter(setObjectSqlType, new Object[] {1, "{}", JDBCType.OTHER}).binding())
                .isEqualTo("JDBCType.OTHER");
        assertThat(new BoundParameter(setNull3, new Object[] {2, Types.OTHER, "job_state"}).binding())
                .isEqualTo("Types.OTHER, job_state");
        assertThat(new BoundParameter(setNString, new Object[] {1, "x"}).binding()).isEmpty();
        BoundParameter stream = new BoundParameter(setBinaryStream,
                new Object[] {1, new ByteArrayInputStream(new byte[3]), 3L});
        assertThat(stream.binding()).isEqualTo("setBinaryStream, 3");
        assertThat(stream.value()).isInstanceOf(InputStream.class);
        BoundParameter named = new BoundParameter(byName, new Object[] {"who", "x"});
        assertThat(named.position()).isZero();
        assertThat(named.whyNotReplayable()).hasValue("it was bound by name (setString(\"who\", ...)), which only a"
                + " CallableStatement takes");
        assertThat(BoundParameter.of(3, new byte[] {1, 2})).hasToString("setObject(3, <2 bytes>)");
    }

    @Test
    void writeFilterMatchingNothingPointsToTheServerSideView() {
        List<CapturedStatement> viaFunction = List.of(statement(1, 1, "SELECT enqueue_job(?)",
                List.of(List.of("report")), 0, -1, 1));
        assertThat(ShouldMatchSomeStatement.writeMatchedNothing("inserts into \"jobs\"", "jobs", viaFunction,
                SecretParameters.none()).create()).isEqualTo("""
                No captured statement is among inserts into "jobs", so there is nothing to count. SQL text cannot show \
                writes made inside functions, triggers or rules (SELECT enqueue_job(?), a trigger's INSERT): see those \
                of functions and triggers with the server-side view, ServerStatements.snapshot(dataSource) before the \
                code runs and .diff() after (README "Server-side view"); a rule's write does not show there, only the \
                statement that sets the rule off. If the code must not write jobs, assert hasNone(): it passes when \
                no captured statement may write unseen. Captured statements (1):
                  1x in 1 round trip: select enqueue_job(...)
                      #1 SELECT enqueue_job(?)  ['report']""");
    }

    @Test
    void zeroWritesNotProvenNamesTheStatementsThatMayWriteUnseen() {
        CapturedStatement call = statement(1, 1, "SELECT enqueue_job(?)", List.of(List.of("report")), 0, -1, 1);
        assertThat(ShouldMatchSomeStatement.writeMayBeUnseen("inserts into \"jobs\"", "jobs",
                Map.of(call, List.of("function public.enqueue_job")), SecretParameters.none()).create()).isEqualTo("""
                No captured statement is among inserts into "jobs", but that does not prove the code did not write \
                jobs: these captured statements may write rows their SQL text does not show (1):
                  SELECT enqueue_job(?)  ['report']  (through function public.enqueue_job)
                See the writes of functions, procedures, DO blocks and triggers with the server-side view, \
                ServerStatements.snapshot(dataSource) before the code runs and .diff() after (README "Server-side \
                view"); a rule's write does not show there, only the statement that sets the rule off.""");
    }

    @Test
    void exactlyNWhenNoneRanListsEveryCapturedStatement() {
        assertThat(ShouldHaveAtMostStatements.noneRan(2, "selects from \"users\"", perClientSelects().subList(3, 4),
                SecretParameters.none()).create()).isEqualTo("""
                Expecting exactly 2 selects from "users", but none ran. Captured statements (1):
                  1x in 1 round trip: select * from records where id in (...)
                      #4 SELECT * FROM records WHERE id IN (1, 2)""");
    }

    @Test
    void noPlannedStatementOnTheTable() {
        List<StatementGroup> planned = CapturedStatements.group(perClientSelects());

        assertThat(ShouldPlanStatementOn.create("hasNoSeqScanOn(\"jobs\")", "jobs", planned, "").create()).isEqualTo("""

                Expecting every captured statement's plan to satisfy hasNoSeqScanOn("jobs"), but no planned statement \
                reads or writes "jobs" (through its partitions, inheritance children or, for a view, its tables), so \
                the check would prove nothing.
                Planned:
                  select * from records where client_id = ?
                  select * from records where id in (...)
                Statements reach tables inside functions, triggers and rules without their plans showing them; see \
                the server-side view (ServerStatements) for those.""");
    }

    @Test
    void listingCutsLongGroupsAfterFiveRawStatements() {
        List<CapturedStatement> many = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            many.add(statement(i, i, "SELECT 1", List.of(), 0, -1, 1));
        }
        assertThat(StatementListing.of(many, SecretParameters.none()))
                .startsWith("  8x in 8 round trips: select ?\n      #1 SELECT 1\n")
                .endsWith("      #5 SELECT 1\n      ... and 3 more");
    }
}
