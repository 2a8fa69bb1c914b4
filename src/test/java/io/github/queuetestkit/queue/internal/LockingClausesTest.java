package io.github.queuetestkit.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements take their row locks only with SKIP LOCKED or NOWAIT, on the shapes queue code writes. */
class LockingClausesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
        "select id from jobs order by id for update skip locked limit 1",
        "SELECT id FROM jobs FOR NO KEY UPDATE SKIP LOCKED",
        "SELECT id FROM jobs FOR SHARE NOWAIT",
        "SELECT id FROM jobs FOR KEY SHARE SKIP LOCKED",
        "SELECT j.id FROM jobs j JOIN users u ON u.id = j.user_id FOR UPDATE OF j SKIP LOCKED",
        "SELECT j.id FROM q.jobs j, users u FOR UPDATE OF q.jobs, u SKIP LOCKED",
        "SELECT j.id FROM jobs j FOR UPDATE OF j SKIP LOCKED FOR SHARE OF u NOWAIT",
        "UPDATE jobs SET state = 'running' WHERE id = (SELECT id FROM jobs WHERE state = 'pending'"
                + " ORDER BY priority, run_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id",
        "WITH next AS (SELECT id FROM jobs WHERE state = 'pending' LIMIT 10 FOR UPDATE SKIP LOCKED)"
                + " DELETE FROM jobs USING next WHERE jobs.id = next.id RETURNING jobs.*",
        "SELECT 'FOR UPDATE', id FROM jobs FOR UPDATE SKIP LOCKED",
        "SELECT id FROM \"for\" FOR UPDATE /* the row */ SKIP /* or not */ LOCKED",
        "SELECT id FROM jobs\n  FOR UPDATE\n  SKIP LOCKED\n  LIMIT $1",
        // River
        "WITH locked_jobs AS (SELECT * FROM river_job WHERE state = 'available' AND queue = $1 ORDER BY priority"
                + " ASC, scheduled_at ASC, id ASC LIMIT $2 FOR UPDATE SKIP LOCKED) UPDATE river_job SET state ="
                + " 'running', attempt = river_job.attempt + 1 FROM locked_jobs WHERE river_job.id = locked_jobs.id"
                + " RETURNING river_job.*",
        // graphile-worker's get_job: two locked tables, both written
        "with j as (select jobs.queue_name, jobs.id from graphile_worker.jobs where jobs.locked_at is null and"
                + " (jobs.queue_name is null or exists (select 1 from graphile_worker.job_queues where"
                + " job_queues.queue_name = jobs.queue_name and job_queues.locked_at is null for update skip locked))"
                + " and run_at <= now() order by priority asc, run_at asc, id asc limit 1 for update skip locked),"
                + " q as (update graphile_worker.job_queues set locked_by = $1, locked_at = now() from j where"
                + " job_queues.queue_name = j.queue_name) update graphile_worker.jobs set attempts = jobs.attempts + 1,"
                + " locked_by = $1, locked_at = now() from j where jobs.id = j.id returning *",
        // Oban's fetch, as Ecto writes it
        "UPDATE \"public\".\"oban_jobs\" AS o0 SET \"state\" = $1, \"attempted_at\" = $2, \"attempted_by\" = $3,"
                + " \"attempt\" = o0.\"attempt\" + $4 FROM (SELECT so0.\"id\" AS \"id\", so0.\"state\" AS \"state\""
                + " FROM \"public\".\"oban_jobs\" AS so0 WHERE (so0.\"state\" = 'available') AND (so0.\"queue\" = $5)"
                + " ORDER BY so0.\"priority\", so0.\"scheduled_at\", so0.\"id\" LIMIT $6 FOR UPDATE SKIP LOCKED) AS s1"
                + " WHERE (o0.\"id\" = s1.\"id\") RETURNING o0.\"id\", o0.\"state\"",
        // pg-boss's fetch
        "WITH next AS (SELECT id FROM pgboss.job WHERE name = $1 AND state < 'active' AND start_after < now()"
                + " ORDER BY priority desc, created_on, id LIMIT $2 FOR UPDATE SKIP LOCKED) UPDATE pgboss.job j SET"
                + " state = 'active', started_on = now(), retry_count = CASE WHEN state = 'retry' THEN retry_count + 1"
                + " ELSE retry_count END FROM next WHERE name = $1 AND j.id = next.id RETURNING j.*",
        // a dequeue that deletes what it takes and logs it with a plain insert
        "WITH taken AS (DELETE FROM ONLY queue.jobs WHERE id IN (SELECT id FROM ONLY queue.jobs ORDER BY id LIMIT 5"
                + " FOR UPDATE SKIP LOCKED) RETURNING *) INSERT INTO job_log SELECT id, now() FROM taken"
    })
    void statementsThatNeverQueueBehindALockedRow(String sql) {
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE",
        "SELECT id FROM jobs FOR NO KEY UPDATE",
        "SELECT j.id FROM jobs j FOR UPDATE OF j SKIP LOCKED FOR SHARE OF u",
        "SELECT j.id FROM jobs j FOR SHARE OF u FOR UPDATE OF j SKIP LOCKED",
        "UPDATE jobs SET state = 'running' WHERE id = 5",
        "UPDATE jobs SET state = 'running' WHERE id = (SELECT min(id) FROM jobs WHERE state = 'pending')",
        "DELETE FROM jobs WHERE id = $1",
        "SELECT 'FOR UPDATE SKIP LOCKED' FROM jobs FOR UPDATE",
        "SELECT id FROM jobs FOR UPDATE /* SKIP LOCKED */",
        "SELECT id FROM jobs FOR UPDATE -- SKIP LOCKED\n",
        "SELECT id FROM jobs FOR UPDATE SKIP",
        "SELECT take_job($1)",
        "DO $$ BEGIN PERFORM id FROM jobs FOR UPDATE SKIP LOCKED; END $$",
        "SELECT id, user_id, created_at FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPD",
        "SELECT pg_advisory_xact_lock(42)",
        // delayed_job's reserve on PostgreSQL: a plain FOR UPDATE, so workers queue behind the head row
        "UPDATE \"delayed_jobs\" SET locked_at = $1, locked_by = $2 WHERE id IN (SELECT \"delayed_jobs\".\"id\""
                + " FROM \"delayed_jobs\" WHERE ((run_at <= $3 AND (locked_at IS NULL OR locked_at < $4) OR"
                + " locked_by = $5) AND failed_at IS NULL) ORDER BY priority ASC, run_at ASC LIMIT $6 FOR UPDATE)"
                + " RETURNING *",
        // locks the jobs it takes with SKIP LOCKED, and updates the row of the user it belongs to
        "WITH next AS (SELECT id, user_id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE users SET taken = taken + 1"
                + " FROM next WHERE users.id = next.user_id",
        ""
    })
    void statementsThatCanQueueOrWhoseLocksAreNotInTheirText(String sql) {
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows(sql)).isFalse();
    }

    private static final String TAKE = "UPDATE jobs SET state = 'running' WHERE id = (SELECT id FROM jobs"
            + " WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id";

    @Test
    void dequeueFunctionThatTakesItsJobWithSkipLockedSkips() {
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM take_job($1)",
                List.of("BEGIN\n  RETURN QUERY " + TAKE + ";\nEND"), false)).isTrue();
        // a log of what it took is a plain insert, which does not queue behind a row
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("DECLARE taken bigint;"
                + " BEGIN " + TAKE + " INTO taken; INSERT INTO job_log (job_id) VALUES (taken); RETURN taken; END"),
                false)).isTrue();
        // the two-step dequeue: lock with SKIP LOCKED, then update the row it locked
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("DECLARE v bigint; BEGIN"
                + " SELECT id INTO v FROM queue.jobs WHERE state = 'pending' ORDER BY id LIMIT 1"
                + " FOR UPDATE SKIP LOCKED;"
                + " UPDATE queue.jobs SET state = 'running' WHERE id = v; DELETE FROM ONLY jobs WHERE id = -v;"
                + " RETURN v; END"), false)).isTrue();
        // a SQL-standard body, as pg_get_functiondef prints it
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM take_job()", List.of(
                "CREATE OR REPLACE FUNCTION public.take_job()\n RETURNS SETOF jobs\n LANGUAGE sql\nBEGIN ATOMIC\n"
                        + " UPDATE jobs SET state = 'running'::text WHERE (jobs.id = ( SELECT jobs_1.id"
                        + " FROM jobs jobs_1 ORDER BY jobs_1.id LIMIT 1 FOR UPDATE OF jobs_1 SKIP LOCKED))"
                        + " RETURNING jobs.id;\nEND"),
                false)).isTrue();
    }

    @Test
    void functionsThatCanQueueOrCannotBeReadDoNotSkip() {
        // takes its job with a plain FOR UPDATE
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM take_job()",
                List.of("BEGIN RETURN QUERY " + TAKE.replace(" SKIP LOCKED", "") + "; END"), false)).isFalse();
        // a trigger of the jobs table that updates a shared row: the dequeue's own text skips, its trigger queues
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows(TAKE,
                List.of("BEGIN UPDATE dequeue_counts SET n = n + 1 WHERE id = 1; RETURN NEW; END"), false)).isFalse();
        // the two-step dequeue that then updates a row of another table
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("DECLARE v bigint; BEGIN"
                + " SELECT id INTO v FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;"
                + " UPDATE users SET taken = taken + 1 WHERE id = 1; RETURN v; END"), false)).isFalse();
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("BEGIN " + TAKE
                + "; INSERT INTO seen (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET n = seen.n + 1; END"), false))
                .isFalse();
        // dynamic SQL built without a literal cannot be read
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM take_job($1)",
                List.of("BEGIN RETURN QUERY EXECUTE sql; END"), false)).isFalse();
        // a function in another procedural language
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM take_job()", List.of(), true)).isFalse();
        // nothing that locks or writes rows at all
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT pending_count()",
                List.of("SELECT count(*) FROM jobs WHERE state = 'pending'"), false)).isFalse();
        // the statement's own clause queues, whatever its functions do
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT id, take_job() FROM jobs FOR UPDATE",
                List.of("BEGIN RETURN QUERY " + TAKE + "; END"), false)).isFalse();
    }

    /** queue_classic's lock_head (3.x): dynamic SQL from literals and quote_literal(), NOWAIT in a retry loop. */
    private static final String LOCK_HEAD = """
            DECLARE
              unlocked bigint;
              relative_top integer;
              job_count integer;
            BEGIN
              EXECUTE 'SELECT count(*) FROM '
                || '(SELECT * FROM queue_classic_jobs '
                || ' WHERE locked_at IS NULL'
                || ' AND q_name = '
                || quote_literal(q_name)
                || ' AND scheduled_at <= '
                || quote_literal(now())
                || ' LIMIT '
                || quote_literal(top_boundary)
                || ') limited'
              INTO job_count;
              SELECT TRUNC(random() * (top_boundary - 1)) INTO relative_top;
              IF job_count < top_boundary THEN
                relative_top = 0;
              END IF;
              LOOP
                BEGIN
                  EXECUTE 'SELECT id FROM queue_classic_jobs '
                    || ' WHERE locked_at IS NULL'
                    || ' AND q_name = '
                    || quote_literal(q_name)
                    || ' AND scheduled_at <= '
                    || quote_literal(now())
                    || ' ORDER BY id ASC'
                    || ' LIMIT 1'
                    || ' OFFSET ' || quote_literal(relative_top)
                    || ' FOR UPDATE NOWAIT'
                  INTO unlocked;
                  EXIT;
                EXCEPTION
                  WHEN lock_not_available THEN
                    -- do nothing. loop again and hope we get a lock
                END;
              END LOOP;
              RETURN QUERY EXECUTE 'UPDATE queue_classic_jobs '
                || ' SET locked_at = (CASE WHEN locked_at IS NULL THEN now() ELSE locked_at END), '
                || ' locked_by = pg_backend_pid() '
                || ' WHERE id = $1'
                || ' AND locked_at is NULL'
                || ' RETURNING *'
                USING unlocked;
              RETURN;
            END;
            """;

    @Test
    void dynamicSqlIsReadFromTheLiteralsThatBuildIt() {
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM lock_head($1, $2)", List.of(LOCK_HEAD),
                false)).isTrue();
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM take_job()",
                List.of("BEGIN RETURN QUERY EXECUTE format('" + TAKE.replace("'", "''") + "'); END"), false)).isTrue();
        // format()'s placeholders and its arguments, the table named in the text
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job($1)", List.of("DECLARE v bigint; BEGIN"
                + " EXECUTE format('SELECT id FROM jobs WHERE queue = %L AND state = %L ORDER BY id LIMIT 1"
                + " FOR UPDATE OF %s SKIP LOCKED', q, 'pending', 'jobs') INTO v;"
                + " UPDATE jobs SET state = 'running' WHERE id = v; RETURN v; END"), false)).isTrue();
        // a cursor loop, an E'' string and a dollar-quoted one
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_jobs(10)", List.of("DECLARE r record; BEGIN"
                + " FOR r IN EXECUTE E'SELECT id FROM jobs WHERE state = \\'pending\\' LIMIT $1 FOR UPDATE SKIP LOCKED'"
                + " USING n LOOP RETURN NEXT r.id; END LOOP; END"), false)).isTrue();
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("BEGIN RETURN QUERY"
                + " EXECUTE $q$" + TAKE + "$q$; END"), false)).isTrue();
        // pgmq's read(): the statement built into a variable first, its table named at run time (the triggers of
        // every table then come with the bodies, see writesTableNamedAtRunTime)
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM pgmq.read($1, $2, $3)", List.of(PGMQ_READ),
                false)).isTrue();
        // the two-step dequeue whose lock and update name one table at run time, from the same argument
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job('jobs')", List.of("DECLARE v bigint;"
                + " BEGIN EXECUTE format('SELECT id FROM %I LIMIT 1 FOR UPDATE SKIP LOCKED', t) INTO v;"
                + " EXECUTE format('UPDATE %1$I SET state = %2$L WHERE id = $1', t, 'running') USING v; RETURN v;"
                + " END"), false)).isTrue();
        // built in steps
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("DECLARE q text := 'SELECT id"
                + " FROM jobs ORDER BY id LIMIT 1'; v bigint; BEGIN q := q || ' FOR UPDATE SKIP LOCKED';"
                + " EXECUTE q INTO v; RETURN v; END"), false)).isTrue();
    }

    /** pgmq 1.x's read(), as its extension script creates it. */
    private static final String PGMQ_READ = """
            DECLARE
                sql TEXT;
                qtable TEXT := pgmq.format_table_name(queue_name, 'q');
            BEGIN
                sql := FORMAT(
                    $QUERY$
                    WITH cte AS
                    (
                        SELECT msg_id
                        FROM pgmq.%I
                        WHERE vt <= clock_timestamp() AND CASE
                            WHEN %L != '{}'::jsonb THEN (message @> %2$L)::integer
                            ELSE 1
                        END = 1
                        ORDER BY msg_id ASC
                        LIMIT $1
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE pgmq.%I m
                    SET
                        vt = clock_timestamp() + %L,
                        read_ct = read_ct + 1
                    FROM cte
                    WHERE m.msg_id = cte.msg_id
                    RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message;
                    $QUERY$,
                    qtable, conditional, qtable, make_interval(secs => vt)
                );
                RETURN QUERY EXECUTE sql USING qty;
            END;
            """;

    @Test
    void dynamicSqlThatQueuesOrCannotBeReadDoesNotSkip() {
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT * FROM lock_head($1, $2)",
                List.of(LOCK_HEAD.replace(" FOR UPDATE NOWAIT", " FOR UPDATE")), false)).isFalse();
        // the wait policy left to a variable
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("DECLARE v bigint; BEGIN"
                + " EXECUTE 'SELECT id FROM jobs LIMIT 1 FOR UPDATE ' || policy INTO v; RETURN v; END"), false))
                .isFalse();
        // a skipping dequeue that also counts in a shared row through dynamic SQL
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of("BEGIN " + TAKE
                + "; EXECUTE 'UPDATE dequeue_counts SET n = n + 1 WHERE id = 1'; END"), false)).isFalse();
        // the two-step dequeue whose update names its table at run time from another argument than the lock's
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job('jobs')", List.of("DECLARE v bigint;"
                + " BEGIN EXECUTE format('SELECT id FROM %I LIMIT 1 FOR UPDATE SKIP LOCKED', t) INTO v;"
                + " EXECUTE format('UPDATE %I SET n = n + 1 WHERE id = 1', counts) USING v; RETURN v; END"),
                false)).isFalse();
        // a single-statement dequeue that also counts in a shared row
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("WITH next AS (SELECT id FROM jobs WHERE state ="
                + " 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED), counted AS (UPDATE dequeue_counts"
                + " SET n = n + 1 WHERE id = 1) UPDATE jobs SET state = 'running' FROM next WHERE jobs.id = next.id"))
                .isFalse();
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("WITH next AS (SELECT j.id FROM jobs j JOIN users u"
                + " ON u.id = j.user_id LIMIT 1 FOR UPDATE OF j SKIP LOCKED) INSERT INTO user_counts (user_id, n)"
                + " SELECT user_id, 1 FROM next ON CONFLICT (user_id) DO UPDATE SET n = user_counts.n + 1"))
                .isFalse();
        // a statement in a parameter, and one of two values of a variable that queues
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job($1)", List.of("BEGIN RETURN QUERY"
                + " EXECUTE statement; END"), false)).isFalse();
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job(true)", List.of("DECLARE q text; BEGIN"
                + " IF skip THEN q := 'SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED';"
                + " ELSE q = 'SELECT id FROM jobs LIMIT 1 FOR UPDATE'; END IF; RETURN QUERY EXECUTE q; END"), false))
                .isFalse();
    }

    @Test
    void dynamicSqlWritingATableNamedAtRunTimeMayFireTheTriggersOfAnyTable() {
        assertThat(LockingClauses.writesTableNamedAtRunTime(PGMQ_READ)).isTrue();
        assertThat(LockingClauses.writesTableNamedAtRunTime("BEGIN EXECUTE 'INSERT INTO ' || quote_ident(t)"
                + " || ' VALUES (1)'; END")).isTrue();
        assertThat(LockingClauses.writesTableNamedAtRunTime(LOCK_HEAD)).isFalse();
        assertThat(LockingClauses.writesTableNamedAtRunTime("BEGIN RETURN QUERY EXECUTE format('SELECT id FROM %I"
                + " LIMIT 1 FOR UPDATE SKIP LOCKED', t); END")).isFalse();
        assertThat(LockingClauses.writesTableNamedAtRunTime("UPDATE jobs SET state = 'running'")).isFalse();
    }

    @Test
    void dynamicSqlNamesTheTablesAndFunctionsWhoseTriggersAndBodiesAreRead() {
        String body = "BEGIN EXECUTE 'UPDATE jobs SET n = count_it(n) WHERE id = ' || quote_literal(v); END";
        assertThat(LockingClauses.triggerEvents(body)).isEqualTo(16);
        assertThat(LockingClauses.names(body)).contains("jobs");
        assertThat(LockingClauses.calledNames(body)).contains("count_it", "quote_literal");
        // a trigger's definition in a body is not dynamic SQL
        assertThat(LockingClauses.triggerEvents("BEGIN EXECUTE FUNCTION f(); END")).isZero();
    }

    @Test
    void anInsertThatLocksNothingWaitsOnlyOnAUniqueKeyOrItsConflictingRow() {
        assertThat(LockingClauses.insertsWithoutLocking("INSERT INTO jobs (key) VALUES ($1)")).isTrue();
        assertThat(LockingClauses.insertsWithoutLocking("INSERT INTO jobs (key) VALUES ($1) ON CONFLICT (key)"
                + " DO UPDATE SET n = jobs.n + 1")).isTrue();
        assertThat(LockingClauses.insertsWithoutLocking("INSERT INTO done SELECT * FROM jobs FOR UPDATE")).isFalse();
        assertThat(LockingClauses.insertsWithoutLocking("WITH d AS (DELETE FROM jobs WHERE id = $1 RETURNING *)"
                + " INSERT INTO done SELECT * FROM d")).isFalse();
        assertThat(LockingClauses.insertsWithoutLocking("SELECT 'INSERT'")).isFalse();
        // the clauses alone, whatever the statement writes
        assertThat(LockingClauses.locksOnlyWithSkipOrFail("WITH n AS (SELECT id FROM jobs FOR UPDATE SKIP LOCKED),"
                + " c AS (UPDATE counts SET n = n + 1) SELECT * FROM n")).isTrue();
    }

    /** The keys of the tables of the shapes below, as pg_index gives them. */
    private static final Map<String, List<List<String>>> KEYS = Map.of(
            "jobs", List.of(List.of("id")),
            "users", List.of(List.of("id")),
            "river_job", List.of(List.of("id")),
            "oban_jobs", List.of(List.of("id")),
            "job", List.of(List.of("id", "name")),
            "job_queues", List.of(List.of("queue_name")),
            "solid_queue_ready_executions", List.of(List.of("id"), List.of("job_id")),
            "logs", List.of());

    private static boolean skipsWithKeys(String statement, String... bodies) {
        return LockingClauses.onlySkipOrFailOnLockedRows(statement, List.of(bodies), false, KEYS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "UPDATE jobs SET state = 'running' WHERE id = (SELECT id FROM jobs WHERE state = 'pending'"
                + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id",
        "UPDATE jobs SET state = 'running' WHERE id IN (SELECT id FROM jobs LIMIT 10 FOR UPDATE SKIP LOCKED)",
        "UPDATE jobs SET state = 'running' WHERE id = ANY (ARRAY(SELECT id FROM jobs LIMIT 10 FOR UPDATE SKIP"
                + " LOCKED)) AND state = 'pending'",
        "WITH next AS (SELECT id FROM jobs LIMIT 10 FOR UPDATE SKIP LOCKED)"
                + " DELETE FROM jobs USING next WHERE jobs.id = next.id RETURNING jobs.*",
        "DELETE FROM jobs WHERE ctid = ANY (ARRAY(SELECT ctid FROM jobs LIMIT 5 FOR UPDATE SKIP LOCKED))",
        "WITH locked_jobs AS (SELECT * FROM river_job WHERE state = 'available' AND queue = $1 ORDER BY priority"
                + " ASC, scheduled_at ASC, id ASC LIMIT $2 FOR UPDATE SKIP LOCKED) UPDATE river_job SET state ="
                + " 'running', attempt = river_job.attempt + 1 FROM locked_jobs WHERE river_job.id = locked_jobs.id"
                + " RETURNING river_job.*",
        "UPDATE \"public\".\"oban_jobs\" AS o0 SET \"state\" = $1 FROM (SELECT so0.\"id\" AS \"id\""
                + " FROM \"public\".\"oban_jobs\" AS so0 WHERE (so0.\"state\" = 'available') AND (so0.\"queue\" = $5)"
                + " ORDER BY so0.\"priority\" LIMIT $6 FOR UPDATE SKIP LOCKED) AS s1"
                + " WHERE (o0.\"id\" = s1.\"id\") RETURNING o0.\"id\", o0.\"state\"",
        // pg-boss v10: the table's key is (name, id), and its update names both
        "WITH next AS (SELECT id FROM pgboss.job WHERE name = $1 AND state < 'active' ORDER BY priority desc,"
                + " created_on, id LIMIT $2 FOR UPDATE SKIP LOCKED) UPDATE pgboss.job j SET state = 'active'"
                + " FROM next WHERE name = $1 AND j.id = next.id RETURNING j.*",
        // graphile-worker: the queue row by its key, the job by its own
        "with j as (select jobs.queue_name, jobs.id from graphile_worker.jobs where jobs.locked_at is null and"
                + " (jobs.queue_name is null or exists (select 1 from graphile_worker.job_queues where"
                + " job_queues.queue_name = jobs.queue_name and job_queues.locked_at is null for update skip locked))"
                + " order by priority asc, run_at asc, id asc limit 1 for update skip locked),"
                + " q as (update graphile_worker.job_queues set locked_by = $1, locked_at = now() from j where"
                + " job_queues.queue_name = j.queue_name) update graphile_worker.jobs set attempts = jobs.attempts + 1,"
                + " locked_by = $1, locked_at = now() from j where jobs.id = j.id returning *",
        "MERGE INTO jobs j USING (SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) n ON j.id = n.id"
                + " WHEN MATCHED THEN UPDATE SET state = 'running'"
    })
    void writesThatNameTheLockedRowsByAUniqueKeyReachOnlyThem(String sql) {
        assertThat(skipsWithKeys(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // every job of the user it took, some of them held by other workers
        "WITH next AS (SELECT id, user_id FROM jobs WHERE state = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP"
                + " LOCKED), bump AS (UPDATE jobs SET priority = jobs.priority + 1 FROM next WHERE jobs.user_id ="
                + " next.user_id AND jobs.id > next.id) UPDATE jobs SET state = 'running' FROM next"
                + " WHERE jobs.id = next.id RETURNING jobs.*",
        "UPDATE jobs SET state = 'running' WHERE user_id = (SELECT user_id FROM jobs ORDER BY id LIMIT 1"
                + " FOR UPDATE SKIP LOCKED) AND state = 'pending'",
        "WITH next AS (SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE jobs SET n = n + 1",
        "WITH next AS (SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE jobs SET n = 1"
                + " FROM next WHERE (jobs.id = next.id OR jobs.parent = next.id)",
        "WITH next AS (SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) DELETE FROM jobs"
                + " WHERE id <> (SELECT id FROM next)",
        "WITH next AS (SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) DELETE FROM jobs"
                + " WHERE id >= (SELECT id FROM next)",
        // the key is (name, id): the id alone does not name one row
        "WITH next AS (SELECT id FROM pgboss.job LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE pgboss.job j"
                + " SET state = 'active' FROM next WHERE j.id = next.id",
        // an upsert into the locked table reaches the row of the key it inserts, whoever holds it
        "WITH next AS (SELECT id FROM jobs LIMIT 1 FOR UPDATE SKIP LOCKED) INSERT INTO jobs (id) SELECT id + 1000"
                + " FROM next ON CONFLICT (id) DO UPDATE SET n = jobs.n + 1",
        // a table without a unique key: no condition names one row
        "WITH next AS (SELECT id FROM logs LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE logs SET n = 1"
                + " FROM next WHERE logs.id = next.id"
    })
    void writesThatCanReachRowsTheStatementDidNotLockQueue(String sql) {
        assertThat(skipsWithKeys(sql)).isFalse();
        // by table alone, as when the keys are not known, each reads as skipping
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows(sql)).isTrue();
    }

    @Test
    void tablesLeftOutOfTheOfListAreNotLocked() {
        String countsTheUser = "WITH next AS (SELECT j.id, j.user_id FROM jobs j JOIN users u ON u.id = j.user_id"
                + " ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED), t AS (UPDATE users SET taken = taken + 1"
                + " FROM next WHERE users.id = next.user_id) UPDATE jobs SET state = 'running' FROM next"
                + " WHERE jobs.id = next.id";
        assertThat(skipsWithKeys(countsTheUser)).isFalse();
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows(countsTheUser)).isFalse();
        // without OF, the user's row is locked with SKIP LOCKED too
        assertThat(skipsWithKeys(countsTheUser.replace("FOR UPDATE OF j SKIP", "FOR UPDATE SKIP"))).isTrue();
        assertThat(skipsWithKeys(countsTheUser.replace("OF j SKIP", "OF j, u SKIP"))).isTrue();
        assertThat(skipsWithKeys(countsTheUser.replace("OF j SKIP", "OF u SKIP"))).isFalse();
        // a table without an alias is named by its name, schema left out
        assertThat(skipsWithKeys("WITH next AS (SELECT jobs.id FROM q.jobs JOIN users ON users.id = jobs.user_id"
                + " LIMIT 1 FOR UPDATE OF q.jobs SKIP LOCKED) UPDATE q.jobs SET state = 'running' FROM next"
                + " WHERE jobs.id = next.id")).isTrue();
        assertThat(skipsWithKeys("WITH next AS (SELECT jobs.id, users.id AS uid FROM jobs JOIN users ON users.id ="
                + " jobs.user_id LIMIT 1 FOR UPDATE OF jobs SKIP LOCKED) UPDATE users SET n = 1 FROM next"
                + " WHERE users.id = next.uid")).isFalse();
    }

    @Test
    void functionsWriteTheRowsTheyLockedByTheirKeyOrCursor() {
        assertThat(skipsWithKeys("SELECT take_job()", "DECLARE v bigint; BEGIN SELECT id INTO v FROM jobs"
                + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED; UPDATE jobs SET state = 'running' WHERE id = v;"
                + " RETURN v; END")).isTrue();
        assertThat(skipsWithKeys("SELECT take_job()", "DECLARE c CURSOR FOR SELECT id FROM jobs FOR UPDATE SKIP"
                + " LOCKED; r record; BEGIN OPEN c; FETCH c INTO r; UPDATE jobs SET state = 'running'"
                + " WHERE CURRENT OF c; RETURN r.id; END")).isTrue();
        assertThat(skipsWithKeys("SELECT take_job()", "DECLARE v jobs; BEGIN SELECT * INTO v FROM jobs"
                + " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED; UPDATE jobs SET state = 'cancelled'"
                + " WHERE user_id = v.user_id AND state = 'pending'; RETURN v.id; END")).isFalse();
        // solid_queue: the claimed executions leave the ready ones by their job ids
        assertThat(skipsWithKeys("SELECT claim()", "DECLARE ids bigint[]; BEGIN SELECT array_agg(job_id) INTO ids"
                + " FROM (SELECT job_id FROM solid_queue_ready_executions ORDER BY priority, job_id LIMIT 10 FOR UPDATE"
                + " SKIP LOCKED) s; DELETE FROM solid_queue_ready_executions WHERE job_id = ANY (ids); END")).isTrue();
    }

    @Test
    void withoutFunctionsTheStatementAloneDecides() {
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows(TAKE, List.of(), false)).isTrue();
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows("SELECT take_job()", List.of(), false)).isFalse();
    }

    @Test
    void triggerEventsAreTheWritesAStatementNames() {
        assertThat(LockingClauses.triggerEvents(TAKE)).isEqualTo(16);
        assertThat(LockingClauses.triggerEvents("WITH t AS (DELETE FROM jobs RETURNING *) INSERT INTO done"
                + " SELECT * FROM t")).isEqualTo(4 | 8);
        assertThat(LockingClauses.triggerEvents("MERGE INTO jobs USING x ON true WHEN MATCHED THEN DO NOTHING"))
                .isEqualTo(4 | 8 | 16);
        assertThat(LockingClauses.triggerEvents("SELECT 'UPDATE' FROM jobs")).isZero();
    }

    @Test
    void calledNamesAreTheWordsBeforeAnOpeningParenthesisAsPgProcHoldsThem() {
        assertThat(LockingClauses.calledNames("SELECT * FROM queue.Take_Job($1, 'x(y)') WHERE id IN (1) -- f(x)\n"
                + " AND \"Mixed\"(2) > now ()")).containsExactly("take_job", "in", "Mixed", "now");
        assertThat(LockingClauses.names("UPDATE \"Jobs\" SET state = 'f(x)'")).containsExactly("update", "Jobs", "set",
                "state");
    }
}
