package io.github.queuetestkit.sql.internal;

import static io.github.queuetestkit.sql.StatementKind.COPY;
import static io.github.queuetestkit.sql.StatementKind.DELETE;
import static io.github.queuetestkit.sql.StatementKind.INSERT;
import static io.github.queuetestkit.sql.StatementKind.MERGE;
import static io.github.queuetestkit.sql.StatementKind.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.queuetestkit.sql.StatementKind;
import io.github.queuetestkit.sql.TableWrite;
import org.junit.jupiter.api.Test;

class SqlShapeTest {

    private static TableWrite write(StatementKind operation, String table) {
        return new TableWrite(operation, table);
    }

    @Test
    void foldsInListsOfDifferentLengthsToOneNormalizedStatement() {
        SqlShape three = SqlShape.of("SELECT * FROM records WHERE id IN (1, 2, 3)");
        SqlShape two = SqlShape.of("select *   from records\n where id in (?,?)");
        assertThat(three.normalized()).isEqualTo("select * from records where id in (...)");
        assertThat(two.normalized()).isEqualTo(three.normalized());
    }

    @Test
    void jsonbArrayAndRangeOperatorsPrintAsWritten() {
        assertThat(SqlShape.of("SELECT id FROM jobs WHERE args @> ?::jsonb AND tags && ARRAY['a'] AND args #>> '{a,b}'"
                + " = 'x' AND ? <@ tags AND during << ? AND doc @@ ? AND args #> '{a}' IS NOT NULL").normalized())
                .isEqualTo("select id from jobs where args @> ?::jsonb and tags && array[...] and args #>> ? = ?"
                        + " and ? <@ tags and during << ? and doc @@ ? and args #> ? is not null");
    }

    @Test
    void foldsInListsOfCastSignedAndRowValuesLikePlainOnes() {
        assertThat(SqlShape.of("SELECT * FROM cars WHERE id IN (?::uuid, ?::uuid, ?::uuid)").normalized())
                .isEqualTo(SqlShape.of("SELECT * FROM cars WHERE id IN (?::uuid)").normalized())
                .isEqualTo("select * from cars where id in (...)");
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE id IN (cast(? as bigint), CAST(? AS bigint))").normalized())
                .isEqualTo("select * from jobs where id in (...)");
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE id IN (-1, -2, 3)").normalized())
                .isEqualTo("select * from jobs where id in (...)");
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE (queue, key) IN ((?, ?), (?, ?))").normalized())
                .isEqualTo(SqlShape.of("SELECT * FROM jobs WHERE (queue, key) IN (('a', 1))").normalized())
                .isEqualTo("select * from jobs where (queue, key) in (...)");
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE at IN (?::timestamp with time zone, ?::varchar(10)::text,"
                + " ?::public.\"State\"[])").normalized()).isEqualTo("select * from jobs where at in (...)");
    }

    @Test
    void keepsExpressionsThatAreNotValueListsApart() {
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE id IN (? - ?, 2)").normalized())
                .isEqualTo("select * from jobs where id in (? - ?, ?)");
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE (?::int IS NULL OR id = ?)").normalized())
                .isEqualTo("select * from jobs where (?::int is null or id = ?)");
    }

    @Test
    void aRecursiveCtesSearchOrCycleClauseDoesNotHideTheMainWrite() {
        SqlShape search = SqlShape.of("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)"
                + " SEARCH DEPTH FIRST BY n SET ord INSERT INTO jobs (queue) SELECT n::text FROM t");
        assertThat(search.kind()).isEqualTo(INSERT);
        assertThat(search.writes()).containsExactly(write(INSERT, "jobs"));
        SqlShape cycle = SqlShape.of("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)"
                + " CYCLE n SET is_cycle USING path DELETE FROM jobs WHERE id IN (SELECT n FROM t)");
        assertThat(cycle.writes()).containsExactly(write(DELETE, "jobs"));
        assertThat(cycle.tables()).containsExactly("jobs");
    }

    @Test
    void aTableStatementNamesItsTable() {
        assertThat(SqlShape.of("TABLE jobs").tables()).containsExactly("jobs");
        assertThat(SqlShape.of("TABLE ONLY public.jobs").tables()).containsExactly("public.jobs");
        assertThat(SqlShape.of("SELECT * FROM records UNION ALL TABLE jobs").tables())
                .containsExactly("records", "jobs");
        assertThat(SqlShape.of("WITH x AS (SELECT 1) TABLE x").tables()).isEmpty();
        assertThat(SqlShape.of("CREATE TABLE jobs (id int)").tables()).isEmpty();
    }

    @Test
    void foldsLiteralsStringsAndDollarParametersToPlaceholders() {
        assertThat(SqlShape.of("UPDATE jobs SET state = 'done', run_at = now() + interval '1 day' WHERE id = $1")
                .normalized()).isEqualTo("update jobs set state = ?, run_at = now() + interval ? where id = ?");
        assertThat(SqlShape.of("SELECT 1.5e3, E'it\\'s', $tag$ x ; $tag$").normalized())
                .isEqualTo("select ?, ?, ?");
    }

    @Test
    void foldsMultiRowValuesOfAnySizeAndArrays() {
        String one = SqlShape.of("INSERT INTO jobs (queue, user_id) VALUES (?, ?)").normalized();
        String three = SqlShape.of("INSERT INTO jobs (queue, user_id) VALUES (?, ?), (?, ?), ('a', 3)").normalized();
        assertThat(three).isEqualTo(one).isEqualTo("insert into jobs(queue, user_id) values (...)");
        assertThat(SqlShape.of("SELECT * FROM jobs WHERE id = ANY(ARRAY[1,2,3])").normalized())
                .isEqualTo("select * from jobs where id = any (array[...])");
    }

    @Test
    void ignoresKeywordsInsideStringsCommentsAndQuotedIdentifiers() {
        SqlShape shape = SqlShape.of("/* FROM secret */ SELECT 'FROM users' AS \"from\" -- JOIN users\n FROM jobs");
        assertThat(shape.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(shape.tables()).containsExactly("jobs");
        assertThat(shape.normalized()).isEqualTo("select ? as \"from\" from jobs");
    }

    @Test
    void classifiesTheMainStatementAfterCtesAndSkipsCteNames() {
        SqlShape dequeue = SqlShape.of("WITH picked AS (SELECT id FROM jobs WHERE state = 'queued' ORDER BY run_at"
                + " LIMIT 1 FOR UPDATE SKIP LOCKED) UPDATE jobs j SET state = 'running' FROM picked"
                + " WHERE j.id = picked.id RETURNING j.id");
        assertThat(dequeue.kind()).isEqualTo(StatementKind.UPDATE);
        assertThat(dequeue.writes()).containsExactly(write(UPDATE, "jobs"));
        assertThat(dequeue.tables()).containsExactly("jobs");
    }

    @Test
    void readsJoinsCommaListsSchemasAndQuotedTables() {
        SqlShape shape = SqlShape.of("SELECT * FROM public.jobs j, records r JOIN \"Users\" u ON u.id = r.id"
                + " CROSS JOIN LATERAL unnest(?) AS x WHERE extract(epoch FROM j.run_at) > 0");
        assertThat(shape.tables()).containsExactly("public.jobs", "records", "Users");
        assertThat(shape.names("jobs")).isTrue();
        assertThat(shape.names("\"Users\"")).isTrue();
        assertThat(shape.names("users")).isFalse();
        assertThat(shape.names("other.jobs")).isFalse();
    }

    @Test
    void writesOfPlainInsertDeleteAndUpdate() {
        assertThat(SqlShape.of("INSERT INTO jobs AS j (queue) SELECT queue FROM records").writes())
                .containsExactly(write(INSERT, "jobs"));
        assertThat(SqlShape.of("DELETE FROM jobs WHERE id IN (SELECT id FROM records)").writes())
                .containsExactly(write(DELETE, "jobs"));
        assertThat(SqlShape.of("INSERT INTO users (name) VALUES (?)").writes()).containsExactly(write(INSERT, "users"));
        assertThat(SqlShape.of("UPDATE ONLY jobs SET state = 'done' WHERE id = ?").writes())
                .containsExactly(write(UPDATE, "jobs"));
        assertThat(SqlShape.of("SELECT * FROM jobs").writes()).isEmpty();
    }

    // graphile-worker, pg-boss: the dequeue is an UPDATE in a CTE; the main statement is a SELECT.
    @Test
    void aWritingCteUnderASelectIsASelectThatUpdates() {
        SqlShape shape = SqlShape.of("WITH x AS (UPDATE jobs SET state = 'running' WHERE id = ? RETURNING *)"
                + " SELECT * FROM x");
        assertThat(shape.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(shape.kinds()).containsExactly(StatementKind.SELECT, UPDATE);
        assertThat(shape.writes()).containsExactly(write(UPDATE, "jobs"));
        assertThat(shape.writes(UPDATE, "jobs")).isTrue();
        assertThat(shape.writes(INSERT, "jobs")).isFalse();
        assertThat(shape.tables()).containsExactly("jobs");
    }

    // pg-boss's archive: rows deleted from one table and inserted into another in one statement.
    @Test
    void aCteThatMovesRowsDeletesOneTableAndInsertsTheOther() {
        SqlShape shape = SqlShape.of("WITH moved AS (DELETE FROM jobs WHERE state = 'done' RETURNING *)"
                + " INSERT INTO jobs_done SELECT * FROM moved");
        assertThat(shape.kind()).isEqualTo(INSERT);
        assertThat(shape.writes()).containsExactly(write(DELETE, "jobs"), write(INSERT, "jobs_done"));
        assertThat(shape.writes(INSERT, "jobs")).isFalse();
        assertThat(shape.writes(DELETE, "jobs_done")).isFalse();
        assertThat(shape.tables()).containsExactly("jobs", "jobs_done");
    }

    @Test
    void everyWritingCteOfAListCounts() {
        SqlShape shape = SqlShape.of("WITH a AS (INSERT INTO jobs (queue) VALUES (?) RETURNING id),"
                + " b AS NOT MATERIALIZED (UPDATE users SET name = ? WHERE id = ? RETURNING id),"
                + " c AS (SELECT id FROM records) SELECT * FROM a, b, c");
        assertThat(shape.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(shape.writes()).containsExactly(write(INSERT, "jobs"), write(UPDATE, "users"));
        assertThat(shape.tables()).containsExactly("jobs", "users", "records");
        assertThat(shape.writes("records")).isFalse();
    }

    @Test
    void writesInANestedWithAndAfterASemicolonCount() {
        SqlShape nested = SqlShape.of("WITH outer_cte AS (WITH inner_cte AS (DELETE FROM jobs RETURNING id)"
                + " SELECT id FROM inner_cte) SELECT * FROM outer_cte");
        assertThat(nested.writes()).containsExactly(write(DELETE, "jobs"));
        assertThat(nested.tables()).containsExactly("jobs");
        SqlShape two = SqlShape.of("SELECT 1; UPDATE jobs SET state = 'x'; DELETE FROM users");
        assertThat(two.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(two.writes()).containsExactly(write(UPDATE, "jobs"), write(DELETE, "users"));
    }

    // river, oban, good_job: unique jobs inserted with an upsert.
    @Test
    void anUpsertInsertsAndUpdatesItsTableAndDoNothingOnlyInserts() {
        SqlShape upsert = SqlShape.of("INSERT INTO river_job (kind, args, unique_key) SELECT unnest(?::text[]),"
                + " unnest(?::jsonb[]), unnest(?::bytea[]) ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL"
                + " DO UPDATE SET kind = EXCLUDED.kind RETURNING river_job.*, (xmax != 0) AS skipped");
        assertThat(upsert.kind()).isEqualTo(INSERT);
        assertThat(upsert.kinds()).containsExactly(INSERT, UPDATE);
        assertThat(upsert.writes()).containsExactly(write(INSERT, "river_job"), write(UPDATE, "river_job"));
        SqlShape onConstraint = SqlShape.of("INSERT INTO \"public\".\"oban_jobs\" AS o0 (\"args\", \"worker\")"
                + " VALUES ($1, $2) ON CONFLICT ON CONSTRAINT oban_jobs_unique DO UPDATE SET \"args\" = $3");
        assertThat(onConstraint.writes()).containsExactly(write(INSERT, "public.oban_jobs"),
                write(UPDATE, "public.oban_jobs"));
        SqlShape nothing = SqlShape.of("INSERT INTO pgboss.job (id, name, data) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING RETURNING id");
        assertThat(nothing.writes()).containsExactly(write(INSERT, "pgboss.job"));
        assertThat(nothing.writes(UPDATE, "job")).isFalse();
    }

    @Test
    void aMergeWritesItsTargetOncePerActionAndReadsItsSource() {
        SqlShape merge = SqlShape.of("MERGE INTO jobs t USING incoming s ON t.id = s.id"
                + " WHEN MATCHED AND s.state = 'stale' THEN UPDATE SET state = s.state"
                + " WHEN MATCHED THEN DELETE"
                + " WHEN NOT MATCHED THEN INSERT (id, state) VALUES (s.id, s.state)");
        assertThat(merge.kind()).isEqualTo(MERGE);
        assertThat(merge.kinds()).containsExactly(MERGE, UPDATE, DELETE, INSERT);
        assertThat(merge.writes()).containsExactly(write(MERGE, "jobs"), write(UPDATE, "jobs"),
                write(DELETE, "jobs"), write(INSERT, "jobs"));
        assertThat(merge.writes("incoming")).isFalse();
        assertThat(merge.tables()).containsExactly("jobs", "incoming");
        SqlShape updateOnly = SqlShape.of("MERGE INTO jobs USING (SELECT id FROM records) AS s ON jobs.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET state = 'x' WHEN NOT MATCHED THEN DO NOTHING");
        assertThat(updateOnly.writes()).containsExactly(write(MERGE, "jobs"), write(UPDATE, "jobs"));
        assertThat(updateOnly.writes(INSERT, "jobs")).isFalse();
        assertThat(updateOnly.tables()).containsExactly("jobs", "records");
    }

    // river, oban, pg-boss: lock the next jobs in a CTE, update them in the main statement FROM the CTE.
    @Test
    void anUpdateFromAnotherTableWritesOnlyItsTarget() {
        SqlShape river = SqlShape.of("WITH locked_jobs AS (SELECT * FROM river_job WHERE state = 'available'"
                + " AND queue = @queue ORDER BY priority ASC, scheduled_at ASC, id ASC LIMIT @max_to_lock"
                + " FOR UPDATE SKIP LOCKED) UPDATE river_job SET state = 'running', attempt = river_job.attempt + 1"
                + " FROM locked_jobs WHERE river_job.id = locked_jobs.id RETURNING river_job.*");
        assertThat(river.kind()).isEqualTo(UPDATE);
        assertThat(river.writes()).containsExactly(write(UPDATE, "river_job"));
        assertThat(river.tables()).containsExactly("river_job");
        SqlShape pgBoss = SqlShape.of("WITH next AS (SELECT id FROM pgboss.job WHERE name = $1 AND state < 'active'"
                + " ORDER BY priority DESC, created_on, id LIMIT $2 FOR UPDATE SKIP LOCKED)"
                + " UPDATE pgboss.job j SET state = 'active', started_on = now() FROM next WHERE j.id = next.id"
                + " RETURNING j.id, name, data");
        assertThat(pgBoss.writes()).containsExactly(write(UPDATE, "pgboss.job"));
        SqlShape other = SqlShape.of("UPDATE jobs j SET user_id = r.client_id FROM records r WHERE r.id = j.id");
        assertThat(other.writes()).containsExactly(write(UPDATE, "jobs"));
        assertThat(other.writes("records")).isFalse();
        assertThat(other.tables()).containsExactly("jobs", "records");
    }

    // graphile-worker's get_job: two writing statements (job queue and job) and a reading CTE.
    @Test
    void aDequeueUpdatingTwoTablesWritesBoth() {
        SqlShape shape = SqlShape.of("with j as (select jobs.job_queue_id, jobs.id from graphile_worker._private_jobs"
                + " as jobs where jobs.locked_at is null and jobs.run_at <= now() order by priority asc, run_at asc"
                + " limit 1 for update skip locked), q as (update graphile_worker._private_job_queues as job_queues"
                + " set locked_by = $1::text, locked_at = now() from j where job_queues.id = j.job_queue_id)"
                + " update graphile_worker._private_jobs as jobs set attempts = jobs.attempts + 1,"
                + " locked_by = $1::text, locked_at = now() from j where jobs.id = j.id returning *");
        assertThat(shape.writes()).containsExactly(write(UPDATE, "graphile_worker._private_job_queues"),
                write(UPDATE, "graphile_worker._private_jobs"));
        assertThat(shape.writes(UPDATE, "_private_jobs")).isTrue();
    }

    // delayed_job, db-scheduler, oban: UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED).
    @Test
    void aLockingSubqueryUnderAnUpdateIsRead() {
        SqlShape delayedJob = SqlShape.of("UPDATE \"delayed_jobs\" SET locked_at = '2026-01-01', locked_by = 'host'"
                + " WHERE id IN (SELECT \"delayed_jobs\".\"id\" FROM \"delayed_jobs\" WHERE (run_at <= now()"
                + " AND (locked_at IS NULL) AND failed_at IS NULL) ORDER BY priority ASC, run_at ASC LIMIT 1"
                + " FOR UPDATE) RETURNING *");
        assertThat(delayedJob.writes()).containsExactly(write(UPDATE, "delayed_jobs"));
        SqlShape dbScheduler = SqlShape.of("UPDATE scheduled_tasks st1 SET picked = ?, picked_by = ?,"
                + " version = version + 1 WHERE (st1.task_name, st1.task_instance) IN (SELECT st2.task_name,"
                + " st2.task_instance FROM scheduled_tasks st2 WHERE picked = ? AND execution_time <= ?"
                + " ORDER BY execution_time ASC FOR UPDATE SKIP LOCKED LIMIT ?) RETURNING st1.*");
        assertThat(dbScheduler.writes()).containsExactly(write(UPDATE, "scheduled_tasks"));
    }

    @Test
    void lockingClausesAreNoWrites() {
        SqlShape forUpdate = SqlShape.of("SELECT * FROM jobs WHERE state = 'queued' LIMIT 5 FOR UPDATE SKIP LOCKED");
        assertThat(forUpdate.writes()).isEmpty();
        assertThat(forUpdate.kinds()).containsExactly(StatementKind.SELECT);
        assertThat(SqlShape.of("SELECT id FROM jobs FOR NO KEY UPDATE OF jobs NOWAIT").writes()).isEmpty();
        // que's lock: a recursive CTE taking advisory locks only reads.
        SqlShape que = SqlShape.of("WITH RECURSIVE jobs AS (SELECT (j).*, pg_try_advisory_lock((j).id) AS locked"
                + " FROM (SELECT j FROM public.que_jobs AS j WHERE queue = $1 ORDER BY priority, run_at, id LIMIT 1)"
                + " AS t1 UNION ALL (SELECT (j).*, pg_try_advisory_lock((j).id) AS locked FROM (SELECT (SELECT j"
                + " FROM public.que_jobs AS j WHERE (priority, run_at, id) > (jobs.priority, jobs.run_at, jobs.id)"
                + " ORDER BY priority, run_at, id LIMIT 1) AS j FROM jobs WHERE jobs.id IS NOT NULL LIMIT 1) AS t1))"
                + " SELECT id FROM jobs WHERE locked LIMIT 1");
        assertThat(que.writes()).isEmpty();
        assertThat(que.tables()).containsExactly("public.que_jobs");
    }

    @Test
    void aDeleteUsingAnotherTableWritesOnlyItsTarget() {
        SqlShape shape = SqlShape.of("DELETE FROM ONLY solid_queue_ready_executions AS r USING solid_queue_jobs j"
                + " WHERE r.job_id = j.id AND j.finished_at IS NOT NULL");
        assertThat(shape.writes()).containsExactly(write(DELETE, "solid_queue_ready_executions"));
        assertThat(shape.writes("solid_queue_jobs")).isFalse();
        assertThat(shape.tables()).containsExactly("solid_queue_ready_executions", "solid_queue_jobs");
    }

    @Test
    void anInsertFromASelectWritesOnlyItsTarget() {
        SqlShape shape = SqlShape.of("INSERT INTO jobrunr_jobs (id, state, jobAsJson) SELECT id, 'ENQUEUED', payload"
                + " FROM staged_jobs s JOIN records r ON r.id = s.record_id");
        assertThat(shape.writes()).containsExactly(write(INSERT, "jobrunr_jobs"));
        assertThat(shape.tables()).containsExactly("jobrunr_jobs", "staged_jobs", "records");
    }

    @Test
    void copyFromWritesAndCopyToReads() {
        SqlShape in = SqlShape.of("COPY jobs (queue, user_id) FROM STDIN WITH (FORMAT csv)");
        assertThat(in.kind()).isEqualTo(COPY);
        assertThat(in.writes()).containsExactly(write(COPY, "jobs"));
        assertThat(in.tables()).containsExactly("jobs");
        SqlShape out = SqlShape.of("COPY public.jobs TO STDOUT");
        assertThat(out.writes()).isEmpty();
        assertThat(out.tables()).containsExactly("public.jobs");
        assertThat(SqlShape.of("COPY (SELECT * FROM jobs) TO STDOUT").writes()).isEmpty();
    }

    @Test
    void quotedAndSchemaQualifiedTargetsMatchAsUsersWriteThem() {
        SqlShape shape = SqlShape.of("WITH job AS (INSERT INTO \"Queue\".\"Jobs\" (\"Kind\") VALUES (?) RETURNING id)"
                + " SELECT id FROM job");
        assertThat(shape.writes()).containsExactly(write(INSERT, "Queue.Jobs"));
        assertThat(shape.writes(INSERT, "\"Jobs\"")).isTrue();
        assertThat(shape.writes(INSERT, "\"Queue\".\"Jobs\"")).isTrue();
        assertThat(shape.writes(INSERT, "jobs")).isFalse();
        assertThat(shape.writes(INSERT, "other.\"Jobs\"")).isFalse();
    }

    @Test
    void keywordsInStringsCommentsAndDollarQuotesAreNoWrites() {
        SqlShape shape = SqlShape.of("/* UPDATE jobs SET x = 1 */ SELECT 'update', $$ delete from jobs $$,"
                + " E'insert into jobs' -- merge into jobs\n FROM records WHERE note <> 'DELETE FROM users'");
        assertThat(shape.writes()).isEmpty();
        assertThat(shape.kinds()).containsExactly(StatementKind.SELECT);
        assertThat(shape.tables()).containsExactly("records");
    }

    // Functions, triggers and rules write where SQL text cannot see; DDL defining them writes nothing when it runs.
    @Test
    void functionCallsAndDdlShowNoWrites() {
        assertThat(SqlShape.of("SELECT graphile_worker.add_job('send_email', json_build_object('id', 1))").writes())
                .isEmpty();
        assertThat(SqlShape.of("CREATE RULE archive AS ON DELETE TO jobs DO INSTEAD UPDATE jobs SET state = 'gone'"
                + " WHERE id = OLD.id").writes()).isEmpty();
        assertThat(SqlShape.of("CREATE TRIGGER t AFTER UPDATE OF started_at ON jobs FOR EACH ROW EXECUTE FUNCTION f()")
                .writes()).isEmpty();
        assertThat(SqlShape.of("ALTER TABLE jobs ADD FOREIGN KEY (user_id) REFERENCES users ON DELETE CASCADE")
                .writes()).isEmpty();
    }

    @Test
    void malformedStatementsGiveAShapeWithoutWrites() {
        assertThat(SqlShape.of("INSERT INTO \"\" VALUES (1)").writes()).isEmpty();
        assertThat(SqlShape.of("UPDATE").writes()).isEmpty();
        assertThat(SqlShape.of("WITH x AS (DELETE FROM").writes()).isEmpty();
        assertThat(SqlShape.of("MERGE INTO jobs USING s ON true WHEN MATCHED THEN").writes())
                .containsExactly(write(MERGE, "jobs"));
    }

    @Test
    void onlyWithClausesDefineCteNames() {
        SqlShape shape = SqlShape.of("SELECT now()::timestamp with time zone AS t, o.n FROM unnest(?::int[])"
                + " WITH ORDINALITY AS o(v, n) JOIN jobs AS j ON j.id = o.v");
        assertThat(shape.tables()).containsExactly("jobs");
        SqlShape recursive = SqlShape.of("WITH RECURSIVE chain(id, parent) AS (SELECT id, 0 FROM jobs"
                + " UNION ALL SELECT j.id, c.id FROM jobs j JOIN chain c ON j.id = c.parent) SELECT * FROM chain");
        assertThat(recursive.tables()).containsExactly("jobs");
    }

    @Test
    void mapsPlaceholdersToTheColumnsTheyAreComparedWithOrInsertedInto() {
        assertThat(SqlShape.of("INSERT INTO users (name, password) VALUES (?, ?)").placeholderColumns())
                .containsExactly("name", "password");
        assertThat(SqlShape.of("UPDATE users SET password = ? WHERE id = ? AND name LIKE ?").placeholderColumns())
                .containsExactly("password", "id", "name");
        assertThat(SqlShape.of("SELECT lower(?) FROM users WHERE u.token = ?").placeholderColumns())
                .containsExactly(null, "token");
    }
}
