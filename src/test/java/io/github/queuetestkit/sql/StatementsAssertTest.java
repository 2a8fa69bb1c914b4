package io.github.queuetestkit.sql;

import static io.github.queuetestkit.QueueTestkitAssertions.assertThatStatements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.QueueTestkitSoftAssertions;
import io.github.queuetestkit.junit.PostgresTest;
import io.github.queuetestkit.postgres.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@PostgresTest(init = "db/capture-schema.sql")
class StatementsAssertTest {

    // The N+1 of the background-job incident: one query per client instead of one for all.
    private static void readPerClient(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM records WHERE client_id = ?")) {
            for (int client = 1; client <= 3; client++) {
                ps.setInt(1, client);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong("id");
                    }
                }
            }
        }
    }

    // The batched-follow-up-jobs incident: one enqueue per row.
    private static void enqueueOneByOne(DataSource dataSource, int count) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue, user_id) VALUES ('report', ?)")) {
            for (int i = 0; i < count; i++) {
                ps.setInt(1, i);
                ps.executeUpdate();
            }
        }
    }

    private static void enqueueBatched(DataSource dataSource, int count) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue, user_id) VALUES ('report', ?)")) {
            for (int i = 0; i < count; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void run(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.execute();
        }
    }

    // graphile-worker / pg-boss style: the dequeue is a writing CTE under a SELECT.
    @Test
    void updatesMatchesADequeueWrittenAsACteUnderASelect(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("INSERT INTO jobs (queue) SELECT 'cte' FROM generate_series(1, 3)");
        run(dataSource, "WITH picked AS (SELECT id FROM jobs WHERE state = 'queued' AND queue = 'cte' ORDER BY run_at"
                + " LIMIT 2 FOR UPDATE SKIP LOCKED), taken AS (UPDATE jobs j SET state = 'running' FROM picked"
                + " WHERE j.id = picked.id RETURNING j.id) SELECT id FROM taken");

        CapturedStatement dequeue = captured.statements().get(0);
        assertThat(dequeue.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(dequeue.kinds()).containsExactly(StatementKind.SELECT, StatementKind.UPDATE);
        assertThat(dequeue.writes()).containsExactly(new TableWrite(StatementKind.UPDATE, "jobs"));
        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE queue = 'cte' AND state = 'running'"))
                .isEqualTo(2);
        assertThatStatements(captured).updates("jobs").hasExactly(1).hasAtMostRoundTrips(1);
        assertThatStatements(captured).selectsFrom("jobs").hasExactly(1);
        assertThatStatements(captured).deletesFrom("jobs").hasNone();
        assertThatThrownBy(() -> assertThatStatements(captured).updates("jobs").hasNone())
                .hasMessageContaining("Expecting exactly 0 updates of \"jobs\", but 1 ran in 1 round trip:");
    }

    // pg-boss archive style: one statement deletes from one table and inserts into another.
    @Test
    void aCteThatMovesRowsDeletesFromOneTableAndInsertsIntoTheOther(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("INSERT INTO jobs (queue, user_id, state) VALUES ('move', 41, 'done')");
        run(dataSource, "WITH moved AS (DELETE FROM jobs WHERE state = 'done' AND queue = 'move'"
                + " RETURNING user_id, run_at) INSERT INTO last_dequeues (user_id, latest_dequeue)"
                + " SELECT user_id, run_at FROM moved ON CONFLICT DO NOTHING");

        assertThatStatements(captured).deletesFrom("jobs").hasExactly(1);
        assertThatStatements(captured).insertsInto("last_dequeues").hasExactly(1);
        assertThatStatements(captured).updates("last_dequeues").hasNone();
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasExactly(1))
                .hasMessageContaining("No captured statement is among inserts into \"jobs\"");
    }

    // The unique-job upsert (river, oban, good_job): an insert that may update instead.
    @Test
    void anUpsertIsAnInsertAndAnUpdateOfItsTable(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        String upsert = "INSERT INTO jobs (id, queue) VALUES (?, 'unique') ON CONFLICT (id)"
                + " DO UPDATE SET run_at = EXCLUDED.run_at";
        run(dataSource, upsert, 9001L);
        run(dataSource, upsert, 9001L);

        assertThatStatements(captured).insertsInto("jobs").hasExactly(2);
        assertThatStatements(captured).updates("jobs").hasExactly(2);
        captured.clear();
        run(dataSource, "INSERT INTO jobs (id, queue) VALUES (?, 'unique') ON CONFLICT (id) DO NOTHING", 9001L);
        assertThatStatements(captured).insertsInto("jobs").hasExactly(1);
        assertThatStatements(captured).updates("jobs").hasNone();
    }

    @Test
    void aMergeMatchesTheFilterOfEachOfItsActions(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        run(dataSource, "MERGE INTO jobs t USING (VALUES (?::bigint, 'merged')) AS s (id, queue) ON t.id = s.id"
                + " WHEN MATCHED AND t.state = 'done' THEN DELETE"
                + " WHEN MATCHED THEN UPDATE SET queue = s.queue"
                + " WHEN NOT MATCHED THEN INSERT (id, queue) VALUES (s.id, s.queue)", 9100L);

        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE id = 9100 AND queue = 'merged'")).isEqualTo(1);
        assertThat(captured.statements().get(0).kinds()).containsExactly(StatementKind.MERGE, StatementKind.DELETE,
                StatementKind.UPDATE, StatementKind.INSERT);
        assertThatStatements(captured).insertsInto("jobs").hasExactly(1);
        assertThatStatements(captured).updates("jobs").hasExactly(1);
        assertThatStatements(captured).deletesFrom("jobs").hasExactly(1);
        assertThatStatements(captured).filteredBy(new StatementFilter.OnTable(StatementKind.MERGE, "jobs"))
                .hasExactly(1);
        assertThatThrownBy(() -> assertThatStatements(captured)
                .filteredBy(new StatementFilter.OnTable(StatementKind.MERGE, "jobs")).hasNone())
                .hasMessageContaining("Expecting exactly 0 merges into \"jobs\", but 1 ran in 1 round trip:");
        assertThatStatements(captured).insertsInto("users").hasNone();
    }

    // que's lock query: a recursive CTE taking advisory locks reads jobs and writes nothing.
    @Test
    void aRecursiveAdvisoryLockCteAndSelectForUpdateWriteNothing(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        run(dataSource, "WITH RECURSIVE cte AS (SELECT (j).*, pg_try_advisory_lock((j).id) AS locked"
                + " FROM (SELECT j FROM jobs AS j ORDER BY id LIMIT 1) AS t1"
                + " UNION ALL (SELECT (j).*, pg_try_advisory_lock((j).id) AS locked FROM (SELECT (SELECT j FROM jobs"
                + " AS j WHERE j.id > cte.id ORDER BY id LIMIT 1) AS j FROM cte WHERE NOT cte.locked LIMIT 1) AS t1))"
                + " SELECT id FROM cte WHERE locked LIMIT 1");
        run(dataSource, "SELECT id FROM jobs ORDER BY id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED");
        run(dataSource, "SELECT pg_advisory_unlock_all()");

        assertThatStatements(captured).selectsFrom("jobs").hasExactly(2);
        assertThatStatements(captured).updates("jobs").hasNone();
        assertThatThrownBy(() -> assertThatStatements(captured).updates("jobs").hasAtMost(1))
                .hasMessageContaining("No captured statement is among updates of \"jobs\"");
    }

    // graphile-worker's add_job: the INSERT runs inside a function, where SQL text cannot see it.
    @Test
    void anInsertAfterARecursiveCtesSearchClauseIsAnInsertIntoItsTable(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        run(dataSource, "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)"
                + " SEARCH DEPTH FIRST BY n SET ord INSERT INTO jobs (queue) SELECT 'search-' || n FROM t");

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone())
                .hasMessageContaining("with recursive t(n) as");
    }

    @Test
    void aTableStatementSelectsFromItsTable(DataSource dataSource, CapturedStatements captured) throws SQLException {
        run(dataSource, "TABLE records");

        assertThatStatements(captured).selectsFrom("records").hasExactly(1);
    }

    @Test
    void aWriteFilterThatMatchedNothingPointsToTheServerSideView(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION enqueue_job(q text) RETURNS bigint AS"
                + " $$ INSERT INTO jobs (queue) VALUES (q) RETURNING id $$ LANGUAGE sql");
        run(dataSource, "SELECT enqueue_job(?)", "report");

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1))
                .hasMessage(ShouldMatchSomeStatement.writeMatchedNothing("inserts into \"jobs\"", "jobs",
                        captured.statements(), captured.secrets()).create());
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasExactly(1))
                .hasMessageContaining("No captured statement is among inserts into \"jobs\"");
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMostRowsPerStatement(1))
                .hasMessageContaining("SQL text cannot show writes made inside functions, triggers or rules");
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNoNPlusOne(1))
                .hasMessageContaining("ServerStatements.snapshot(dataSource)");
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMost(1))
                .hasMessageContaining("If the code must not write jobs, assert hasNone()");
    }

    // The function's INSERT is as invisible to a zero bound as to any other: "no insert" would be a false pass.
    @Test
    void aZeroBoundFailsWhenACalledFunctionMayHaveMadeTheWrite(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION enqueue_job(q text) RETURNS bigint AS"
                + " $$ INSERT INTO jobs (queue) VALUES (q) RETURNING id $$ LANGUAGE sql");
        run(dataSource, "SELECT enqueue_job(?)", "report");
        Map<CapturedStatement, List<String>> unseen = Map.of(captured.statements().get(0),
                List.of("function public.enqueue_job"));
        String message = ShouldMatchSomeStatement.writeMayBeUnseen("inserts into \"jobs\"", "jobs", unseen,
                captured.secrets()).create();

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone()).hasMessage(message)
                .hasMessageContaining("SELECT enqueue_job(?)  ['report']  (through function public.enqueue_job)");
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(0))
                .hasMessage(message);
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasExactly(0))
                .hasMessage(message);
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMost(0))
                .hasMessage(message);
    }

    @Test
    void aZeroBoundFailsWhenATriggerOfAWrittenTableMayWriteTheTable(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE trigger_cars (id int PRIMARY KEY)");
        db.execute("CREATE FUNCTION enqueue_car_report() RETURNS trigger AS $$ BEGIN INSERT INTO jobs (queue, user_id)"
                + " VALUES ('report', NEW.id); RETURN NEW; END $$ LANGUAGE plpgsql");
        db.execute("CREATE TRIGGER car_report AFTER INSERT ON trigger_cars FOR EACH ROW"
                + " EXECUTE FUNCTION enqueue_car_report()");
        run(dataSource, "INSERT INTO trigger_cars (id) VALUES (?)", 1);

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone())
                .hasMessageContaining("INSERT INTO trigger_cars (id) VALUES (?)  [1]"
                        + "  (through trigger car_report on trigger_cars)");
        // The trigger fires on INSERT only, and its code names no users table.
        assertThatStatements(captured).deletesFrom("trigger_cars").hasNone();
        assertThatStatements(captured).insertsInto("users").hasNone();
    }

    // A rule's INSERT shows neither in SQL text nor in pg_stat_statements: the message says so.
    @Test
    void aZeroBoundFailsWhenARuleOfAWrittenTableMayWriteTheTable(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE job_requests (queue text)");
        db.execute("CREATE RULE to_jobs AS ON INSERT TO job_requests DO INSTEAD INSERT INTO jobs (queue)"
                + " VALUES (NEW.queue)");
        run(dataSource, "INSERT INTO job_requests (queue) VALUES (?)", "report");

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(0))
                .hasMessageContaining("(through rule to_jobs on job_requests)")
                .hasMessageContaining("a rule's write does not show there");
    }

    @Test
    void aZeroBoundFailsForADoBlockThatWritesTheTable(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        run(dataSource, "DO $$ BEGIN INSERT INTO jobs (queue) VALUES ('report'); END $$");

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone())
                .hasMessageContaining("(through a DO block)");
        assertThatStatements(captured).insertsInto("users").hasNone();
    }

    // Deleting an account deletes its jobs, and their events, through foreign keys: no SQL text shows those deletes.
    @Test
    void aZeroBoundFailsWhenAForeignKeysActionMayWriteTheTable(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE fk_accounts (id int PRIMARY KEY)");
        db.execute("CREATE TABLE fk_jobs (id int PRIMARY KEY, account_id int REFERENCES fk_accounts ON DELETE CASCADE)");
        db.execute("CREATE TABLE fk_job_events (job_id int REFERENCES fk_jobs ON DELETE CASCADE)");
        db.execute("CREATE TABLE fk_notes (account_id int REFERENCES fk_accounts ON DELETE SET NULL)");
        db.execute("INSERT INTO fk_accounts VALUES (1), (2)");
        db.execute("INSERT INTO fk_jobs VALUES (10, 1)");
        run(dataSource, "DELETE FROM fk_accounts WHERE id = ?", 1);

        assertThatThrownBy(() -> assertThatStatements(captured).deletesFrom("fk_jobs").hasNone())
                .hasMessageContaining("DELETE FROM fk_accounts WHERE id = ?  [1]  (through foreign key"
                        + " fk_jobs_account_id_fkey on fk_jobs (ON DELETE CASCADE))");
        assertThatThrownBy(() -> assertThatStatements(captured).deletesFrom("fk_job_events").hasAtMostRoundTrips(0))
                .hasMessageContaining("(through foreign key fk_jobs_account_id_fkey on fk_jobs (ON DELETE CASCADE))");
        assertThatThrownBy(() -> assertThatStatements(captured).updates("fk_notes").hasExactly(0))
                .hasMessageContaining("(through foreign key fk_notes_account_id_fkey on fk_notes (ON DELETE SET NULL))")
                .hasMessageNotContaining("fk_jobs_account_id_fkey");
        // a referential action deletes or updates; it never inserts, and it reaches only the referencing tables
        assertThatStatements(captured).insertsInto("fk_jobs").hasNone();
        assertThatStatements(captured).deletesFrom("users").hasNone();
    }

    // Each action does what it says to the table it names: SET NULL updates fk2_notes and deletes nothing, a table
    // whose name ends like another's is another table, and an ON UPDATE action is not set off by a delete.
    @Test
    void aForeignKeysActionCountsOnlyForWhatItDoesToTheTableItReaches(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE fk2_accounts (id int PRIMARY KEY)");
        db.execute("CREATE TABLE fk2_notes (id int PRIMARY KEY,"
                + " account_id int REFERENCES fk2_accounts ON DELETE SET NULL)");
        db.execute("CREATE TABLE p_fk2_notes (note_id int REFERENCES fk2_notes ON DELETE CASCADE)");
        db.execute("CREATE TABLE fk2_note_tags (note_id int REFERENCES fk2_notes ON UPDATE CASCADE)");
        run(dataSource, "DELETE FROM fk2_accounts WHERE id = ?", 1);

        assertThatThrownBy(() -> assertThatStatements(captured).updates("fk2_notes").hasNone())
                .hasMessageContaining("(through foreign key fk2_notes_account_id_fkey on fk2_notes (ON DELETE SET NULL))");
        assertThatStatements(captured).deletesFrom("fk2_notes").hasNone();
        assertThatStatements(captured).deletesFrom("p_fk2_notes").hasNone();
        assertThatStatements(captured).updates("fk2_note_tags").hasNone();
    }

    // An enqueue function that inserts through an updatable view over jobs writes jobs; a delete through a view over
    // accounts sets off the accounts' keys' actions.
    @Test
    void writesThroughAViewAreFollowedToTheTableAndItsKeys(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE VIEW report_jobs AS SELECT * FROM jobs WHERE queue = 'report'");
        db.execute("CREATE OR REPLACE FUNCTION enqueue_report() RETURNS void AS"
                + " $$ INSERT INTO report_jobs (queue) VALUES ('report') $$ LANGUAGE sql");
        db.execute("CREATE TABLE fk3_accounts (id int PRIMARY KEY)");
        db.execute("CREATE TABLE fk3_jobs (account_id int REFERENCES fk3_accounts ON DELETE CASCADE)");
        db.execute("CREATE VIEW fk3_active_accounts AS SELECT * FROM fk3_accounts");
        run(dataSource, "SELECT enqueue_report()");
        run(dataSource, "DELETE FROM fk3_active_accounts WHERE id = ?", 1);

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone())
                .hasMessageContaining("(through function public.enqueue_report)");
        assertThatThrownBy(() -> assertThatStatements(captured).deletesFrom("fk3_jobs").hasNone())
                .hasMessageContaining("(through foreign key fk3_jobs_account_id_fkey on fk3_jobs (ON DELETE CASCADE))");
    }

    // Deleting an account deletes its jobs through the key, and each deleted job's trigger writes an audit row.
    @Test
    void aTriggerOnATableAForeignKeysActionReachesIsFollowed(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE TABLE fk4_accounts (id int PRIMARY KEY)");
        db.execute("CREATE TABLE fk4_jobs (account_id int REFERENCES fk4_accounts ON DELETE CASCADE)");
        db.execute("CREATE TABLE fk4_audit (note text)");
        db.execute("CREATE FUNCTION fk4_audit_delete() RETURNS trigger AS $$ BEGIN INSERT INTO fk4_audit VALUES"
                + " ('deleted'); RETURN OLD; END $$ LANGUAGE plpgsql");
        db.execute("CREATE TRIGGER fk4_jobs_audit AFTER DELETE ON fk4_jobs FOR EACH ROW EXECUTE FUNCTION"
                + " fk4_audit_delete()");
        run(dataSource, "DELETE FROM fk4_accounts WHERE id = ?", 1);

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("fk4_audit").hasNone())
                .hasMessageContaining("(through trigger fk4_jobs_audit on fk4_jobs, set off by foreign key"
                        + " fk4_jobs_account_id_fkey on fk4_jobs (ON DELETE CASCADE))");
    }

    // enqueue_later pins its search_path (SET search_path = fk_app5): its unqualified call reaches fk_app5.push_task.
    @Test
    void callsInsideAFunctionWithItsOwnSearchPathAreLookedUpThere(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE SCHEMA IF NOT EXISTS fk_app5");
        db.execute("CREATE OR REPLACE FUNCTION fk_app5.push_task(q text) RETURNS void AS"
                + " $$ INSERT INTO public.jobs (queue) VALUES (q) $$ LANGUAGE sql");
        db.execute("CREATE OR REPLACE FUNCTION public.enqueue_later(q text) RETURNS void AS"
                + " $$ BEGIN PERFORM push_task(q); END $$ LANGUAGE plpgsql SET search_path = fk_app5, pg_temp");
        run(dataSource, "SELECT enqueue_later(?)", "later");

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone())
                .hasMessageContaining("(through function public.enqueue_later)");
    }

    // add_thing(q) is a STABLE count; add_thing(q, p) inserts; add_later(q, delay default) inserts and may be called
    // with one argument.
    @Test
    void anOverloadThatTakesOtherArgumentCountsIsNotTheOneCalled(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION add_thing(q text) RETURNS bigint AS"
                + " $$ SELECT count(*) FROM jobs WHERE queue = q $$ LANGUAGE sql STABLE");
        db.execute("CREATE OR REPLACE FUNCTION add_thing(q text, p jsonb) RETURNS void AS"
                + " $$ INSERT INTO jobs (queue, payload) VALUES (q, p) $$ LANGUAGE sql");
        run(dataSource, "SELECT add_thing(?)", "counted");

        assertThatStatements(captured).insertsInto("jobs").hasNone();

        db.execute("CREATE OR REPLACE FUNCTION add_later(q text, delay interval DEFAULT '1 minute') RETURNS void AS"
                + " $$ INSERT INTO jobs (queue, run_at) VALUES (q, now() + delay) $$ LANGUAGE sql");
        run(dataSource, "SELECT add_later(?)", "later");

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone())
                .hasMessageContaining("(through function public.add_later)")
                .hasMessageNotContaining("add_thing");
    }

    // The code's session found enqueue_task in schema fk_app; the kit's own connection would not have.
    @Test
    void aFunctionIsLookedUpOnTheSearchPathOfTheCodesSession(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE SCHEMA IF NOT EXISTS fk_app");
        db.execute("CREATE OR REPLACE FUNCTION fk_app.enqueue_task(q text) RETURNS void AS"
                + " $$ INSERT INTO public.jobs (queue) VALUES (q) $$ LANGUAGE sql");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO fk_app, public");
            statement.execute("SELECT enqueue_task('tasks')");
            statement.execute("RESET search_path");
        }

        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasNone())
                .hasMessageContaining("(through function fk_app.enqueue_task)");
    }

    // Built-ins, a STABLE function and a trigger whose code writes another table cannot write jobs: zero stands.
    @Test
    void aZeroBoundPassesWhenNoCapturedCodeCanWriteTheTable(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("CREATE OR REPLACE FUNCTION pending_count() RETURNS bigint AS"
                + " $$ SELECT count(*) FROM jobs WHERE state = 'queued' $$ LANGUAGE sql STABLE");
        db.execute("INSERT INTO jobs (user_id) VALUES (7)");
        run(dataSource, "SELECT pending_count(), now(), pg_try_advisory_xact_lock(?)", 1);
        run(dataSource, "UPDATE jobs SET started_at = now() WHERE user_id = ?", 7);

        assertThatStatements(captured).insertsInto("jobs").hasNone().hasAtMostRoundTrips(0);
        assertThatStatements(captured).deletesFrom("jobs").hasExactly(0);
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("last_dequeues").hasNone())
                .hasMessageContaining("(through trigger jobs_last_dequeue on jobs)");
    }

    @Test
    void exactlyNOfAReadFilterThatMatchedNothingSaysNoneRan(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("users").hasExactly(2))
                .hasMessage(ShouldHaveAtMostStatements.noneRan(2, "selects from \"users\"", captured.statements(),
                        captured.secrets()).create())
                .hasMessageContaining("but none ran. Captured statements (3):");
        assertThatStatements(captured).selectsFrom("users").hasAtMost(5);
    }

    @Test
    void rejectsATableWriteOfAKindThatWritesNothingOrWithoutATable() {
        assertThatThrownBy(() -> new TableWrite(StatementKind.SELECT, "jobs"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("must be INSERT, UPDATE, DELETE, MERGE or COPY, got SELECT");
        assertThatThrownBy(() -> new TableWrite(StatementKind.INSERT, " "))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("needs a table name");
        assertThat(new TableWrite(StatementKind.INSERT, "public.jobs").isOn("jobs")).isTrue();
        assertThat(new TableWrite(StatementKind.INSERT, "public.jobs").isOn("other.jobs")).isFalse();
    }

    @Test
    void failsOnTooManyStatementsListingThemGroupedWithCountsNormalizedAndRaw(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("records").hasAtMost(1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting at most 1 selects from \"records\", but 3 ran in 3 round trips:")
                .hasMessageContaining("3x in 3 round trips: select * from records where client_id = ?")
                .hasMessageContaining("#1 SELECT * FROM records WHERE client_id = ?  [1]")
                .hasMessageContaining("#3 SELECT * FROM records WHERE client_id = ?  [3]");
        assertThatStatements(captured).selectsFrom("records").hasExactly(3).hasAtMost(3);
    }

    @Test
    void detectsNPlusOneAndPerRowInsertsButAcceptsABatch(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        enqueueOneByOne(dataSource, 4);
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1))
                .hasMessageContaining("Expecting inserts into \"jobs\" in at most 1 round trip (a JDBC batch is one),"
                        + " but they took 4:")
                .hasMessageContaining("4x in 4 round trips: insert into jobs(queue, user_id) values (...)");
        assertThatThrownBy(() -> assertThatStatements(captured).hasNoNPlusOne(1))
                .hasMessageContaining("Expecting none of statements to run in more than 1 round trip (N+1), but 1"
                        + " statement did");
        captured.clear();
        enqueueBatched(dataSource, 4);
        assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1).hasExactly(4).hasNoNPlusOne(1);
    }

    // One IN list per client, its ids bound as text and cast: each list length must not look like another statement.
    @Test
    void detectsAnNPlusOneWhoseInListsCastTheirValues(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (int length = 1; length <= 3; length++) {
                String list = String.join(", ", Collections.nCopies(length, "?::bigint"));
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM records WHERE id IN (" + list + ")")) {
                    for (int i = 1; i <= length; i++) {
                        ps.setString(i, String.valueOf(i));
                    }
                    ps.executeQuery().close();
                }
            }
        }

        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("records").hasNoNPlusOne(1))
                .hasMessageContaining("3x in 3 round trips: select * from records where id in (...)");
    }

    @Test
    void failsWhenAStatementReturnsMoreRowsThanAllowed(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        readPerClient(dataSource);
        assertThatStatements(captured).selectsFrom("records").hasAtMostRowsPerStatement(100);
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("records").hasAtMostRowsPerStatement(50))
                .hasMessageContaining("Expecting each of selects from \"records\" to return or change at most 50 rows,"
                        + " but 3 statements did not:")
                .hasMessageContaining("#1 (100 rows) select * from records where client_id = ?");
    }

    // The dequeue that lost its LIMIT: it sets every queued job running and the worker reads the first id.
    @Test
    void countsEveryRowAWriteReturnedThoughTheCodeReadOnlyTheFirst(PostgresDatabase db, DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        db.execute("INSERT INTO jobs (queue) SELECT 'unbounded' FROM generate_series(1, 50)");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE jobs SET state = 'running' WHERE queue = 'unbounded' AND state = 'queued' RETURNING id");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
        }

        CapturedStatement dequeue = captured.statements().get(0);
        assertThat(dequeue.rowsReturned()).isEqualTo(1);
        assertThat(dequeue.rows()).isEqualTo(50);
        assertThat(dequeue.rowsKnown()).isTrue();
        assertThatThrownBy(() -> assertThatStatements(captured).updates("jobs").hasAtMostRowsPerStatement(1))
                .hasMessageContaining("to return or change at most 1 rows, but 1 statement did not:")
                .hasMessageContaining("#1 (50 rows) update jobs set state = ?");
    }

    // pgjdbc's reWriteBatchedInserts=true answers SUCCESS_NO_INFO (-2) for every entry of the batch it rewrote.
    @Test
    void aBatchTheDriverRewroteCountsTheRowsOfItsValuesListPerEntry(PostgresDatabase db) throws Exception {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
        pg.setUser(db.username());
        pg.setPassword(db.password());
        RecordingDataSource recording = RecordingDataSource.wrap(pg);
        CapturedStatements captured = recording.capture(() -> {
            try (Connection c = recording.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (queue) VALUES (?)")) {
                for (int i = 0; i < 2000; i++) {
                    ps.setString(1, "rewritten");
                    ps.addBatch();
                }
                assertThat(ps.executeBatch()).containsOnly(Statement.SUCCESS_NO_INFO);
            }
        });

        assertThat(db.queryForLong("SELECT count(*) FROM jobs WHERE queue = 'rewritten'")).isEqualTo(2000);
        assertThat(captured.statements().get(0).rowsAffected()).isEqualTo(2000);
        assertThat(captured.statements().get(0).rowsKnown()).isTrue();
        assertThatStatements(captured).insertsInto("jobs").hasAtMostRowsPerStatement(2000);
        assertThatThrownBy(() -> assertThatStatements(captured).insertsInto("jobs").hasAtMostRowsPerStatement(1000))
                .hasMessageContaining("#1 (2000 rows) insert into jobs(queue) values (...)");
    }

    @Test
    void aResultTheCodeStoppedReadingPartWayThroughAFetchSizeHasRowsNotKnown(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM records ORDER BY id")) {
                ps.setFetchSize(10);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            c.rollback();
        }

        assertThat(captured.statements().get(0).rowsKnown()).isFalse();
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("records").hasAtMostRowsPerStatement(500))
                .hasMessageContaining("but the rows of 1 statement are not known, so the check cannot pass:")
                .hasMessageContaining("#1 (at least 10 rows) select * from records order by id")
                .hasMessageContaining("rows not known: the code stopped reading a result fetched 10 rows at a time");
    }

    @Test
    void aResultReadToItsEndThroughAFetchSizeCountsEveryRow(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM records ORDER BY id")) {
                ps.setFetchSize(10);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
            }
            c.rollback();
        }

        assertThat(captured.statements().get(0).rowsKnown()).isTrue();
        assertThat(captured.statements().get(0).rows()).isEqualTo(300);
        assertThatStatements(captured).selectsFrom("records").hasAtMostRowsPerStatement(300);
    }

    @Test
    void rejectsAFilterOnATableNoStatementOrDatabaseHasEvenForZero(DataSource dataSource,
            CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).selectsFrom("recrods").hasAtMost(0))
                .hasMessageContaining("No captured statement is among selects from \"recrods\" and the database has no"
                        + " table recrods")
                .hasMessageContaining("Captured statements (3):")
                .hasMessageContaining("select * from records where client_id = ?");
        assertThatThrownBy(() -> assertThatStatements(captured).deletesFrom("recrods").hasNone())
                .hasMessageContaining("has no table recrods");
    }

    @Test
    void acceptsZeroOnATableThatExistsButNothingTouched(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        readPerClient(dataSource);
        assertThatStatements(captured).deletesFrom("jobs").hasNone().hasAtMost(0).hasAtMostRoundTrips(0);
        assertThatStatements(captured).updates("users").hasExactly(0);
    }

    @Test
    void rejectsAPatternThatMatchesNothingUnlessNoneIsExpected(DataSource dataSource, CapturedStatements captured)
            throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).matching("from recrods").hasAtMost(5))
                .hasMessageContaining("No captured statement is among statements matching /from recrods/")
                .hasMessageContaining("Use hasNone() to assert that it never runs")
                .hasMessageContaining("3x in 3 round trips: select * from records where client_id = ?");
        assertThatStatements(captured).matching("for update").hasNone();
        assertThatStatements(captured).matching("where client_id = \\?").hasExactly(3);
    }

    @Test
    void neverPrintsParametersMarkedSecret(DataSource dataSource, CapturedStatements captured) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, password) VALUES (?, ?)")) {
            for (String name : new String[] {"bob", "eve"}) {
                ps.setString(1, name);
                ps.setString(2, "s3cret-" + name);
                ps.executeUpdate();
            }
        }
        CapturedStatements byColumn = captured.withSecrets(SecretParameters.columnsMatching("(?i)password|token"));
        assertThatThrownBy(() -> assertThatStatements(byColumn).insertsInto("users").hasAtMost(1))
                .hasMessageContaining("['bob', <secret>]")
                .hasMessageNotContaining("s3cret");
        CapturedStatements byPosition = captured.withSecrets(SecretParameters.atPositions(1, 2));
        assertThat(byPosition.describe()).contains("[<secret>, <secret>]").doesNotContain("s3cret", "bob");
        assertThat(captured.statements().get(0).parameters()).containsExactly("bob", "s3cret-bob");
    }

    @Test
    void rejectsBadSecretsAndPatternsWithOurOwnException() {
        assertThatThrownBy(() -> SecretParameters.atPositions(0))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("Positions count from 1");
        assertThatThrownBy(() -> StatementFilter.matching("from (jobs"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("'from (jobs'");
    }

    @Test
    void softAssertionsCollectEveryFailure(DataSource dataSource, CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        enqueueOneByOne(dataSource, 2);
        QueueTestkitSoftAssertions softly = new QueueTestkitSoftAssertions();
        softly.assertThatStatements(captured).selectsFrom("records").hasAtMost(1);
        softly.assertThatStatements(captured).insertsInto("jobs").hasAtMostRoundTrips(1);
        softly.assertThatStatements(captured).matching("records").hasAtMost(3);
        assertThat(softly.errorsCollected()).hasSize(2);
        assertThat(softly.errorsCollected().get(0)).hasMessageContaining("at most 1 selects from \"records\"");
        assertThat(softly.errorsCollected().get(1)).hasMessageContaining("but they took 2");
    }

    @Test
    void describedAsPrefixesTheFailure(DataSource dataSource, CapturedStatements captured) throws SQLException {
        readPerClient(dataSource);
        assertThatThrownBy(() -> assertThatStatements(captured).as("report job").selectsFrom("records").hasAtMost(1))
                .hasMessageStartingWith("[report job] Expecting at most 1");
    }
}
