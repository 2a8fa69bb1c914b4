package io.github.queuetestkit.queue;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatEveryPlan;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatJobs;
import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import io.github.queuetestkit.sql.CapturedStatements;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * "Enqueued in at most N round trips" against the shapes real queues take: enqueues the SQL text cannot show
 * (functions, triggers, rules, procedures, DO blocks, COPY through the driver's API), and jobs tables that are not
 * simply {@code jobs} (a quoted mixed-case name, a name shared with another schema, a partition, a view).
 */
@PostgresTest
class EnqueueRoundTripsTest {

    @BeforeEach
    void schema(PostgresDatabase db) {
        db.execute("DROP SCHEMA IF EXISTS archive CASCADE");
        db.execute("DROP TABLE IF EXISTS jobs, \"Jobs\", pjobs, cars, job_requests CASCADE");
        db.execute("CREATE TABLE jobs (id bigserial PRIMARY KEY, key text, state text NOT NULL DEFAULT 'pending')");
        db.execute("CREATE OR REPLACE FUNCTION enqueue(p_key text) RETURNS bigint AS"
                + " $$ INSERT INTO jobs (key) VALUES (p_key) RETURNING id $$ LANGUAGE sql");
        db.execute("CREATE OR REPLACE FUNCTION pending_jobs_count() RETURNS bigint AS"
                + " $$ SELECT count(*) FROM jobs WHERE state = 'pending' $$ LANGUAGE sql STABLE");
    }

    private static void run(DataSource dataSource, String sql, Object... perExecution) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (perExecution.length == 0) {
                ps.execute();
            }
            for (Object parameter : perExecution) {
                ps.setObject(1, parameter);
                ps.execute();
            }
        }
    }

    @Test
    void aZeroBoundFailsForJobsEnqueuedThroughAFunction(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        run(dataSource, "SELECT enqueue(?)", "k0", "k1", "k2", "k3", "k4");

        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(0, captured))
                .hasMessageContaining("to be enqueued in at most 0 round trips")
                .hasMessageContaining("5 jobs match now")
                .hasMessageContaining("(5):\n    SELECT enqueue(?)  ['k0']  (through function public.enqueue)");
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("no captured statement inserts into the table (5 jobs match now)")
                .hasMessageNotContaining("pass 0");
    }

    @Test
    void aZeroBoundFailsForJobsEnqueuedByATriggerOfAnotherTable(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE cars (id int PRIMARY KEY)");
        db.execute("CREATE OR REPLACE FUNCTION car_report() RETURNS trigger AS $$ BEGIN PERFORM enqueue(NEW.id::text);"
                + " RETURN NEW; END $$ LANGUAGE plpgsql");
        db.execute("CREATE TRIGGER car_report AFTER INSERT ON cars FOR EACH ROW EXECUTE FUNCTION car_report()");
        run(dataSource, "INSERT INTO cars (id) VALUES (?)", 1, 2);

        // The trigger's code names no jobs table: it calls enqueue(), which does.
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(0, captured))
                .hasMessageContaining("INSERT INTO cars (id) VALUES (?)  [1]  (through trigger car_report on cars)");
    }

    // A rule's INSERT is not in pg_stat_statements either, so the message cannot send the user there alone.
    @Test
    void aZeroBoundFailsForJobsEnqueuedByARuleAndSaysTheServerSideViewCannotCountThem(PostgresDatabase db,
            DataSource dataSource, CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE job_requests (key text)");
        db.execute("CREATE RULE to_jobs AS ON INSERT TO job_requests DO INSTEAD INSERT INTO jobs (key)"
                + " VALUES (NEW.key)");
        run(dataSource, "INSERT INTO job_requests (key) VALUES (?)", "k0", "k1", "k2");

        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("(through rule to_jobs on job_requests)")
                .hasMessageContaining("A rule's INSERT does not show there, only the statement that sets the rule"
                        + " off: assert that statement's round trips instead.");
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(0, captured))
                .hasMessageContaining("3 jobs match now");
    }

    @Test
    void aZeroBoundFailsForJobsEnqueuedByAProcedureOrADoBlock(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE PROCEDURE enqueue_proc(p_key text) AS"
                + " $$ INSERT INTO jobs (key) VALUES (p_key) $$ LANGUAGE sql");
        run(dataSource, "CALL enqueue_proc(?)", "k0");
        run(dataSource, "DO $$ BEGIN INSERT INTO jobs (key) VALUES ('k1'); END $$");

        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(0, captured))
                .hasMessageContaining("2 jobs match now")
                .hasMessageContaining("CALL enqueue_proc(?)  ['k0']  (through procedure public.enqueue_proc)")
                .hasMessageContaining("DO $$ BEGIN INSERT INTO jobs (key) VALUES ('k1'); END $$  []"
                        + "  (through a DO block)");
    }

    // COPY through pgjdbc's CopyManager never passes through a Statement, so nothing is captured: the count tells.
    @Test
    void aZeroBoundFailsForJobsCopiedInThroughTheDriversCopyApi(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY jobs (key) FROM STDIN",
                    new StringReader("k0\nk1\nk2\n"));
        }

        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(0, captured))
                .hasMessageContaining("3 jobs match now. No captured statement can write rows its SQL text does not"
                        + " show, so those jobs came from outside the capture: a COPY through CopyManager");
    }

    // The real "enqueues nothing": the code reads jobs, calls built-ins and a STABLE function, and no job matches.
    @Test
    void aZeroBoundPassesWhenTheCodeEnqueuesNothing(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        run(dataSource, "SELECT pending_jobs_count(), now(), pg_try_advisory_xact_lock(?)", 1);
        run(dataSource, "UPDATE jobs SET state = 'done' WHERE key = ?", "k0");

        assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(0, captured);
        assertThatStatements(captured).insertsInto("jobs").hasNone();
    }

    @Test
    void aQuotedMixedCaseTableIsNotTheTableItsNameFoldsTo(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE \"Jobs\" (id bigserial PRIMARY KEY, key text)");
        run(dataSource, "INSERT INTO \"Jobs\" (key) VALUES (?)", "k0", "k1", "k2");
        run(dataSource, "INSERT INTO jobs (key) VALUES (?)", "other");
        Jobs mixedCase = Jobs.in(db.dataSource()).inTable("Jobs");

        assertThatJobs(mixedCase).hasCount(3);
        assertThatThrownBy(() -> assertThatJobs(mixedCase).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("3 round trips wrote to the table:")
                .hasMessageNotContaining("INSERT INTO jobs");
        assertThatJobs(Jobs.in(db.dataSource())).wereEnqueuedInAtMostRoundTrips(1, captured);
    }

    @Test
    void aTableOfTheSameNameInAnotherSchemaIsNotTheJobsTable(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE SCHEMA archive");
        db.execute("CREATE TABLE archive.jobs (id bigint PRIMARY KEY, key text)");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (key) VALUES (?)")) {
            for (int i = 0; i < 3; i++) {
                ps.setString(1, "k" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        run(dataSource, "INSERT INTO archive.jobs (id, key) VALUES (?, 'done')", 1, 2, 3);

        assertThatJobs(Jobs.in(db.dataSource()).inTable("jobs").keyedBy("key")).hasCount(3)
                .wereEnqueuedInAtMostRoundTrips(1, captured);
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource()).inTable("archive.jobs"))
                .wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("3 round trips wrote to the table:");
    }

    // pg-boss v10 style: a queue is a partition of the jobs table, and the code inserts into the parent.
    @Test
    void insertsIntoAPartitionedParentCountForItsPartitionButNotForASiblingsRows(PostgresDatabase db,
            DataSource dataSource, CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE pjobs (id bigserial, queue text NOT NULL, key text) PARTITION BY LIST (queue)");
        db.execute("CREATE TABLE pjobs_email PARTITION OF pjobs FOR VALUES IN ('email')");
        db.execute("CREATE TABLE pjobs_sms PARTITION OF pjobs FOR VALUES IN ('sms')");
        run(dataSource, "INSERT INTO pjobs (queue, key) VALUES ('email', ?)", "k0", "k1", "k2", "k3");
        run(dataSource, "INSERT INTO pjobs_sms (queue, key) VALUES ('sms', ?)", "k4", "k5");
        Jobs email = Jobs.in(db.dataSource()).inTable("pjobs_email");

        assertThatJobs(email).hasCount(4);
        assertThatThrownBy(() -> assertThatJobs(email).wereEnqueuedInAtMostRoundTrips(0, captured))
                .hasMessageContaining("4 round trips wrote to the table:")
                .hasMessageNotContaining("pjobs_sms");
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource()).inTable("pjobs"))
                .wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("6 round trips wrote to the table:");
    }

    @Test
    void insertsIntoATableCountForAViewOverIt(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE VIEW pending_jobs AS SELECT * FROM jobs WHERE state = 'pending'");
        run(dataSource, "INSERT INTO jobs (key) VALUES (?)", "k0", "k1", "k2", "k3");
        Jobs pending = Jobs.in(db.dataSource()).inTable("pending_jobs").keyedBy("key");

        assertThatJobs(pending).hasCount(4).hasAtMostOnePerKey();
        assertThatThrownBy(() -> assertThatJobs(pending).wereEnqueuedInAtMostRoundTrips(1, captured))
                .hasMessageContaining("4 round trips wrote to the table:");
    }

    // The table and filter are read before anything is counted, so a typo cannot pass as "no enqueue".
    @Test
    void aMisspelledTableOrFilterColumnFailsAsConfigurationWhateverTheBound(PostgresDatabase db,
            DataSource dataSource, CapturedStatements captured) throws SQLException {
        run(dataSource, "INSERT INTO jobs (key) VALUES (?)", "k0", "k1", "k2");

        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource()).inTable("jobz"))
                .wereEnqueuedInAtMostRoundTrips(0, captured))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("relation \"jobz\" does not exist");
        assertThatThrownBy(() -> assertThatJobs(Jobs.in(db.dataSource()).where("stat = 'pending'"))
                .wereEnqueuedInAtMostRoundTrips(3, captured))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("column \"stat\" does not exist");
    }

    // As the README writes it: Jobs over the injected (recording) DataSource. The kit's own queries stay out.
    @Test
    void theAssertionsOwnQueriesAreNotCaptured(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        enqueueBatched(dataSource);
        Jobs jobs = Jobs.in(dataSource).keyedBy("key");

        assertThatJobs(jobs).hasCount(3).hasAtMostOnePerKey().wereEnqueuedInAtMostRoundTrips(1, captured);
        assertThat(captured.statements()).hasSize(1);
        assertThatStatements(captured).hasAtMostRoundTrips(1);
        assertThatStatements(captured).selectsFrom("jobs").hasNone();
        assertThatEveryPlan(captured).allowingTinyTables().hasNoSeqScanOn("jobs");
    }

    private static void enqueueBatched(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (key) VALUES (?)")) {
            for (int i = 0; i < 3; i++) {
                ps.setString(1, "k" + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
