package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitSoftAssertions;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.CapturedStatement;
import io.github.queuetestkit.sql.CapturedStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PostgresTest
class JobsAssertTest {

    private Jobs reports;

    @BeforeEach
    void carReports(DataSource dataSource) throws Exception {
        TestQueues.execute(dataSource, "DROP TABLE IF EXISTS car_jobs",
                "CREATE TABLE car_jobs (id bigserial PRIMARY KEY, kind text NOT NULL, args jsonb NOT NULL,"
                        + " state text NOT NULL DEFAULT 'pending')",
                "INSERT INTO car_jobs (kind, args) VALUES ('car_report', '{\"car_id\": 7}'),"
                        + " ('car_report', '{\"car_id\": 8}'), ('car_report', '{\"car_id\": 8}'),"
                        + " ('car_user', '{\"car_id\": 8}')",
                "INSERT INTO car_jobs (kind, args, state) VALUES ('car_report', '{\"car_id\": 7}', 'done')");
        reports = Jobs.in(dataSource).inTable("car_jobs").where("kind = 'car_report' AND state = 'pending'")
                .keyedBy("args->>'car_id'");
    }

    @Test
    void countsJobsMatchingTheFilter() {
        assertThatJobs(reports).hasCount(3);
        assertThatThrownBy(() -> assertThatJobs(reports).hasCount(2))
                .hasMessageContaining("Expecting jobs in table \"car_jobs\" where kind = 'car_report' AND state ="
                        + " 'pending' keyed by args->>'car_id' to number 2,\nbut found 3.");
    }

    @Test
    void catchesOneFollowUpJobPerRowInsteadOfPerKey() {
        assertThatThrownBy(() -> assertThatJobs(reports).hasAtMostOnePerKey())
                .hasMessageContaining("to have at most one job per key")
                .hasMessageContaining("these keys have more than one job (key=jobs): [8=2]");
    }

    @Test
    void checksExactlyOneForEachGivenKey() {
        assertThatJobs(reports).hasExactlyOnePerKey(7);
        assertThatThrownBy(() -> assertThatJobs(reports).hasExactlyOnePerKey(7, 8, 9))
                .hasMessageContaining("to have exactly one job for each of keys [7, 8, 9]")
                .hasMessageContaining("(key=jobs): {8=2, 9=0}");
    }

    @Test
    void findsDuplicatesOfKindAndKeyAmongPendingJobs(DataSource dataSource) {
        Jobs pending = Jobs.in(dataSource).inTable("car_jobs").where("state = 'pending'").keyedBy("args->>'car_id'")
                .kindBy("kind");
        assertThatThrownBy(() -> assertThatJobs(pending).hasNoDuplicateKindAndKey())
                .hasMessageContaining("(pair=jobs): [car_report / 8=2]");
        assertThatJobs(pending.where("state = 'pending' AND id <> 3")).hasNoDuplicateKindAndKey();
    }

    @Test
    void eventuallyWaitsForAnAsynchronousEnqueuer(DataSource dataSource) {
        CompletableFuture<Void> enqueuer = CompletableFuture.runAsync(() -> {
            try {
                TestQueues.execute(dataSource, "SELECT pg_sleep(0.3)",
                        "INSERT INTO car_jobs (kind, args) VALUES ('car_report', '{\"car_id\": 9}')");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, CompletableFuture.delayedExecutor(0, TimeUnit.MILLISECONDS));

        assertThatJobs(reports).eventually().hasExactlyOnePerKey(9);
        enqueuer.join();
    }

    // "At most one per key" already held on the empty selection, so eventually() used to pass at the first poll,
    // before the enqueuer wrote its duplicate.
    @Test
    void eventuallyAnAtMostCheckWaitsForAJobThenChecks(DataSource dataSource) {
        CompletableFuture<Void> enqueuer = CompletableFuture.runAsync(() -> {
            try {
                TestQueues.execute(dataSource, "SELECT pg_sleep(0.3)", "INSERT INTO car_jobs (kind, args) VALUES"
                        + " ('car_report', '{\"car_id\": 90}'), ('car_report', '{\"car_id\": 90}')");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThatThrownBy(() -> assertThatJobs(carsFrom(dataSource, 90)).eventually().hasAtMostOnePerKey())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("these keys have more than one job (key=jobs): [90=2]");
        } finally {
            enqueuer.join();
        }
    }

    @Test
    void anAtMostCheckOnASelectionMatchingNoJobFailsSayingNothingWasEnqueued(DataSource dataSource) {
        Jobs none = carsFrom(dataSource, 100).kindBy("kind");

        assertThatThrownBy(() -> assertThatJobs(none).hasAtMostOnePerKey())
                .hasMessage(ShouldHaveJobs.noneMatched(none, "have at most one job per key").create());
        assertThatThrownBy(() -> assertThatJobs(none).hasNoDuplicateKindAndKey())
                .hasMessage(ShouldHaveJobs.noneMatched(none, "have no two jobs with the same (kind, key)").create())
                .hasMessageContaining("table \"car_jobs\" has no row where (args->>'car_id')::int >= 100");
        assertThatJobs(none).hasCount(0);
    }

    @Test
    void eventuallyAnAtMostCheckFailsWhenNoJobMatchesInTime(DataSource dataSource) {
        Jobs none = carsFrom(dataSource, 100);

        assertThatThrownBy(() -> assertThatJobs(none).within(Duration.ofMillis(200)).hasAtMostOnePerKey())
                .hasMessage(ShouldHaveJobs.noneMatchedWithin(none, Duration.ofMillis(200),
                        "have at most one job per key").create());
    }

    @Test
    void exactlyOnePerKeyWithNoKeysIsRejected() {
        assertThatThrownBy(() -> assertThatJobs(reports).hasExactlyOnePerKey())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("hasExactlyOnePerKey() needs the keys to check, and none was given, so it would check"
                        + " nothing: name them, hasExactlyOnePerKey(\"7\", \"8\"); for at most one job per key"
                        + " whatever the keys, use hasAtMostOnePerKey()");
    }

    // A concatenated (kind || key) was NULL as a whole for every job without a key, so a cleanup and a digest job
    // read as one duplicated pair, printed null=2.
    @Test
    void jobsWithoutAKeyAreNoDuplicatesOfKindAndKeyAsInAUniqueIndex(DataSource dataSource) throws Exception {
        TestQueues.execute(dataSource, "INSERT INTO car_jobs (kind, args) VALUES ('cleanup', '{}'), ('digest', '{}'),"
                + " ('digest', '{}'), ('car_report', '{\"car_id\": 70}'), ('car_user', '{\"car_id\": 70}')");
        Jobs pending = Jobs.in(dataSource).inTable("car_jobs").where("state = 'pending' AND id > 5")
                .keyedBy("args->>'car_id'").kindBy("kind");

        assertThatJobs(pending).hasNoDuplicateKindAndKey();
        TestQueues.execute(dataSource, "INSERT INTO car_jobs (kind, args) VALUES ('car_user', '{\"car_id\": 70}')");
        assertThatThrownBy(() -> assertThatJobs(pending).hasNoDuplicateKindAndKey())
                .hasMessage(ShouldHaveJobs.create(pending, "have no two jobs with the same (kind, key)",
                        "these (kind / key) pairs have more than one job (pair=jobs): [car_user / 70=2]").create());
    }

    @Test
    void atMostOnePerKeyShowsJobsWithoutAKeyAsNullApartFromTheTextNull(DataSource dataSource) throws Exception {
        TestQueues.execute(dataSource, "INSERT INTO car_jobs (kind, args) VALUES ('cleanup', '{}'), ('digest', '{}'),"
                + " ('car_report', '{\"car_id\": \"null\"}'), ('car_report', '{\"car_id\": \"null\"}')");
        Jobs pending = Jobs.in(dataSource).inTable("car_jobs").where("state = 'pending' AND id > 5")
                .keyedBy("args->>'car_id'");

        assertThatThrownBy(() -> assertThatJobs(pending).hasAtMostOnePerKey())
                .hasMessage(ShouldHaveJobs.create(pending, "have at most one job per key", "these keys have more than"
                        + " one job (key=jobs): [null=2, NULL=2]; NULL is the jobs whose key is NULL (SQL NULL, not"
                        + " the text 'null'): a key expression that names a missing field gives NULL").create());
    }

    @Test
    void eventuallyTimesOutSayingWhatWasAwaitedAndTheLastValueSeen() {
        assertThatThrownBy(() -> assertThatJobs(reports).within(Duration.ofMillis(200)).hasCount(10))
                .hasMessageContaining("Waited PT0.2S for jobs in table \"car_jobs\"")
                .hasMessageContaining("to number 10,\nbut the last value seen was: found 3.");
    }

    @Test
    void rejectsAKeyExpressionThatDoesNotExistWithServerMessageAndPosition(DataSource dataSource) {
        Jobs wrong = reports.keyedBy("args->>'car_id' || no_such_column");
        assertThatThrownBy(() -> assertThatJobs(wrong).hasAtMostOnePerKey())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("ERROR: column \"no_such_column\" does not exist")
                .hasMessageContaining("^ position 28")
                .hasMessageContaining("Check the table, column and expression names");
    }

    @Test
    void rejectsPerKeyChecksWithoutAKey(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(dataSource).inTable("car_jobs")).hasAtMostOnePerKey())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("hasAtMostOnePerKey needs a key: call Jobs.keyedBy(");
    }

    @Test
    void quotesTheTableName(DataSource dataSource) {
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(dataSource).inTable("Car_Jobs")).hasCount(0))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("relation \"Car_Jobs\" does not exist");
        assertThatJobs(Jobs.in(dataSource).inTable("public.car_jobs")).hasCount(5);
    }

    @Test
    void roundTripSeamComparesTheCounterWithTheLimit() {
        assertThatJobs(reports).wereEnqueuedInAtMostRoundTrips(1, table -> 1);
        assertThatThrownBy(() -> assertThatJobs(reports).wereEnqueuedInAtMostRoundTrips(1, table -> 3))
                .hasMessageContaining("to be enqueued in at most 1 round trips,\nbut 3 round trips wrote to the table");
    }

    @Test
    void roundTripsAreCountedFromCapturedStatements(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        String enqueue = "INSERT INTO car_jobs (kind, args) VALUES ('car_report', ?::jsonb)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(enqueue)) {
            for (int car = 20; car < 23; car++) {
                insert.setString(1, "{\"car_id\": " + car + "}");
                insert.addBatch();
            }
            insert.executeBatch();
        }
        Jobs fresh = Jobs.in(dataSource).inTable("car_jobs").where("(args->>'car_id')::int >= 20")
                .keyedBy("args->>'car_id'");

        assertThatJobs(fresh).hasAtMostOnePerKey().wereEnqueuedInAtMostRoundTrips(1, captured);

        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(enqueue)) {
            for (int car = 30; car < 32; car++) {
                insert.setString(1, "{\"car_id\": " + car + "}");
                insert.executeUpdate();
            }
        }
        assertThatThrownBy(() -> assertThatJobs(fresh).wereEnqueuedInAtMostRoundTrips(1, captured))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll("to be enqueued in at most 1 round trips", "3 round trips wrote to the table:",
                        "INSERT INTO car_jobs");
    }

    private static void run(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.execute();
        }
    }

    private Jobs carsFrom(DataSource dataSource, int firstCar) {
        return Jobs.in(dataSource).inTable("car_jobs").where("(args->>'car_id')::int >= " + firstCar)
                .keyedBy("args->>'car_id'");
    }

    @Test
    void anEnqueueWrittenAsACteUnderASelectCountsItsRoundTrips(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        String enqueue = "WITH job AS (INSERT INTO car_jobs (kind, args) VALUES ('car_report', ?::jsonb)"
                + " RETURNING id) SELECT id FROM job";
        run(dataSource, enqueue, "{\"car_id\": 40}");
        assertThatJobs(carsFrom(dataSource, 40)).wereEnqueuedInAtMostRoundTrips(1, captured);

        run(dataSource, enqueue, "{\"car_id\": 41}");
        assertThatThrownBy(() -> assertThatJobs(carsFrom(dataSource, 40)).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContainingAll("to be enqueued in at most 1 round trips", "2 round trips wrote to the table:",
                        "WITH job AS (INSERT INTO car_jobs");
    }

    @Test
    void anUpsertEnqueueCountsAndAnUpdateOnlyStatementDoesNot(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        String upsert = "INSERT INTO car_jobs (id, kind, args) VALUES (?, 'car_report', ?::jsonb)"
                + " ON CONFLICT (id) DO UPDATE SET args = EXCLUDED.args";
        run(dataSource, upsert, 500L, "{\"car_id\": 50}");
        run(dataSource, "UPDATE car_jobs SET state = 'running' WHERE (args->>'car_id')::int = 50");
        assertThatJobs(carsFrom(dataSource, 50)).wereEnqueuedInAtMostRoundTrips(1, captured);

        run(dataSource, upsert, 500L, "{\"car_id\": 51}");
        assertThatThrownBy(() -> assertThatJobs(carsFrom(dataSource, 50)).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContainingAll("2 round trips wrote to the table:", "ON CONFLICT (id) DO UPDATE")
                .hasMessageNotContaining("UPDATE car_jobs SET state");
    }

    // graphile-worker's add_job: the enqueue is a function call, so no captured statement shows the INSERT; with 0
    // it must not pass either, as the function may have enqueued (here it did).
    @Test
    void anEnqueueNoCapturedStatementShowsFailsWhateverTheBound(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION add_car_job(car int) RETURNS bigint AS $$ INSERT INTO car_jobs"
                + " (kind, args) VALUES ('car_report', jsonb_build_object('car_id', car)) RETURNING id $$ LANGUAGE sql");
        run(dataSource, "SELECT add_car_job(?)", 60);
        Jobs cars = carsFrom(dataSource, 60);
        List<CapturedStatement> enqueue = captured.statements();
        Map<CapturedStatement, List<String>> unseen = Map.of(enqueue.get(0), List.of("function public.add_car_job"));

        assertThatThrownBy(() -> assertThatJobs(cars).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessage(ShouldHaveJobs.noEnqueueSeen(cars, 1, 1, unseen, enqueue, captured.secrets()).create())
                .hasMessageNotContaining("pass 0");
        assertThatThrownBy(() -> assertThatJobs(cars).wereEnqueuedInAtMostRoundTrips(0, captured))
                .hasMessage(ShouldHaveJobs.enqueueNotRuledOut(cars, 1, unseen, enqueue, captured.secrets()).create())
                .hasMessage("\nExpecting jobs in table \"car_jobs\" where (args->>'car_id')::int >= 60 keyed by"
                        + " args->>'car_id' to be enqueued in at most 0 round trips,\nbut no captured statement inserts"
                        + " into the table, and that does not prove that nothing was enqueued: 1 job matches now."
                        + " Captured statements that may write rows their SQL text does not show (1):"
                        + "\n    SELECT add_car_job(?)  [60]  (through function public.add_car_job)"
                        + "\nCount the enqueues of functions, procedures, DO blocks and triggers with the server-side"
                        + " view, ServerStatements.snapshot(dataSource) before the code runs and .diff() after (README"
                        + " \"Server-side view\"). A rule's INSERT does not show there, only the statement that sets"
                        + " the rule off: assert that statement's round trips instead.");
    }

    // One enqueue the text shows, then the rest through add_car_job: the count of visible inserts alone (1) passed.
    @Test
    void enqueuesThroughAFunctionBesideAVisibleOneCountAsRoundTripsThatMayHaveEnqueued(PostgresDatabase db,
            DataSource dataSource, CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION add_car_job(car int) RETURNS bigint AS $$ INSERT INTO car_jobs"
                + " (kind, args) VALUES ('car_report', jsonb_build_object('car_id', car)) RETURNING id $$ LANGUAGE sql");
        db.execute("CREATE OR REPLACE FUNCTION start_car_job(car int) RETURNS void AS $$ UPDATE car_jobs SET kind ="
                + " kind WHERE (args->>'car_id')::int = car $$ LANGUAGE sql");
        run(dataSource, "INSERT INTO car_jobs (kind, args) VALUES ('car_report', jsonb_build_object('car_id', ?::int))",
                70);
        run(dataSource, "SELECT add_car_job(?)", 71);
        run(dataSource, "SELECT add_car_job(?)", 72);
        run(dataSource, "SELECT start_car_job(?)", 70);
        Jobs cars = carsFrom(dataSource, 70);

        assertThatThrownBy(() -> assertThatJobs(cars).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessage("\nExpecting jobs in table \"car_jobs\" where (args->>'car_id')::int >= 70 keyed by"
                        + " args->>'car_id' to be enqueued in at most 1 round trips,\nbut 1 round trip wrote to the table"
                        + " and 2 more may have, where their SQL text does not show it (1 + 2 > 1)."
                        + "\nWrote to the table:"
                        + "\n    INSERT INTO car_jobs (kind, args) VALUES ('car_report', jsonb_build_object('car_id',"
                        + " ?::int))  [70]"
                        + "\nMay have written it:"
                        + "\n    SELECT add_car_job(?)  [71]  (through function public.add_car_job)"
                        + "\n    SELECT add_car_job(?)  [72]  (through function public.add_car_job)"
                        + "\nCount the enqueues of functions, procedures, DO blocks and triggers with the server-side"
                        + " view, ServerStatements.snapshot(dataSource) before the code runs and .diff() after (README"
                        + " \"Server-side view\"). A rule's INSERT does not show there, only the statement that sets"
                        + " the rule off: assert that statement's round trips instead.");
        // a function that only updates the table (start_car_job) enqueues nothing
        assertThatJobs(cars).wereEnqueuedInAtMostRoundTrips(3, captured);
    }

    // A worker completes a job: it updates the jobs table and inserts into a history table. That enqueues nothing.
    @Test
    void aFunctionThatInsertsIntoAnotherTableIsNoEnqueue(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE IF NOT EXISTS car_job_history (job_id bigint)");
        db.execute("CREATE OR REPLACE FUNCTION complete_car_job(job bigint) RETURNS void AS $$ UPDATE car_jobs SET"
                + " kind = kind WHERE id = job; INSERT INTO car_job_history (job_id) VALUES (job) $$ LANGUAGE sql");
        run(dataSource, "INSERT INTO car_jobs (kind, args) VALUES ('car_report', jsonb_build_object('car_id', ?::int))",
                80);
        run(dataSource, "SELECT complete_car_job(?)", 1L);

        assertThatJobs(carsFrom(dataSource, 80)).wereEnqueuedInAtMostRoundTrips(1, captured);
    }

    // A statement that failed wrote nothing: neither the INSERT that hit the unique key nor the add_job call whose
    // argument did not parse enqueued.
    @Test
    void statementsThatFailedAreNotCountedAsEnqueues(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION add_car_job(car int) RETURNS bigint AS $$ INSERT INTO car_jobs"
                + " (kind, args) VALUES ('car_report', jsonb_build_object('car_id', car)) RETURNING id $$ LANGUAGE sql");
        run(dataSource, "INSERT INTO car_jobs (id, kind, args) VALUES (?, 'car_report', '{\"car_id\": 90}')", 9000L);
        assertThatThrownBy(() -> run(dataSource, "INSERT INTO car_jobs (id, kind, args) VALUES (?, 'car_report',"
                + " '{\"car_id\": 91}')", 9000L)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> run(dataSource, "SELECT add_car_job(?::int)", "not a number"))
                .isInstanceOf(SQLException.class);

        assertThatJobs(carsFrom(dataSource, 90)).wereEnqueuedInAtMostRoundTrips(1, captured);
    }

    @Test
    void softAssertionsCollectEveryFailure() {
        QueueTestkitSoftAssertions softly = new QueueTestkitSoftAssertions();
        softly.assertThatJobs(reports).hasCount(1);
        softly.assertThatJobs(reports).hasAtMostOnePerKey();
        assertThat(softly.errorsCollected()).hasSize(2);
    }
}
