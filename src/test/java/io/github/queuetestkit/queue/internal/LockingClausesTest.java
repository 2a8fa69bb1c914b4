package io.github.queuetestkit.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
        "SELECT id FROM jobs\n  FOR UPDATE\n  SKIP LOCKED\n  LIMIT $1"
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
        ""
    })
    void statementsThatCanQueueOrWhoseLocksAreNotInTheirText(String sql) {
        assertThat(LockingClauses.onlySkipOrFailOnLockedRows(sql)).isFalse();
    }
}
