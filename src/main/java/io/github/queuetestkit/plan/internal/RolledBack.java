package io.github.queuetestkit.plan.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs work in a transaction that is always rolled back: a new one on an auto-commit connection, a savepoint
 * inside the caller's transaction otherwise. The connection is left in the state it was found in, session-level
 * advisory locks included: a rollback does not release those, and a dequeue that takes its job with
 * {@code pg_try_advisory_lock} (Que, good_job) would otherwise leave the job locked by the test's session after its
 * plan was taken.
 */
final class RolledBack {

    /** The session's advisory locks; after a rollback only session-level ones are left. */
    private static final String ADVISORY_LOCKS = "SELECT classid, objid, objsubid, mode FROM pg_locks"
            + " WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted";

    /** Most releases of one lock: a statement may take a session lock once per row it reads. */
    private static final int MOST_RELEASES = 100_000;

    private RolledBack() {
    }

    static <T> T run(Connection connection, PlanSource.Work<T> work) throws SQLException {
        Set<AdvisoryLock> held = advisoryLocks(connection);
        boolean autoCommit = connection.getAutoCommit();
        Savepoint savepoint = null;
        if (autoCommit) {
            connection.setAutoCommit(false);
        } else {
            savepoint = connection.setSavepoint();
        }
        SQLException failure = null;
        try {
            return work.run(connection);
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            try {
                if (savepoint == null) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } else {
                    connection.rollback(savepoint);
                    connection.releaseSavepoint(savepoint);
                }
                for (AdvisoryLock taken : advisoryLocks(connection)) {
                    if (!held.contains(taken)) {
                        taken.release(connection);
                    }
                }
            } catch (SQLException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    throw e;
                }
            }
        }
    }

    private static Set<AdvisoryLock> advisoryLocks(Connection connection) throws SQLException {
        Set<AdvisoryLock> locks = new LinkedHashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(ADVISORY_LOCKS)) {
            while (rs.next()) {
                locks.add(new AdvisoryLock(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4)));
            }
        }
        return locks;
    }

    /**
     * An advisory lock as {@code pg_locks} shows it: a bigint key split into {@code classid} (high half) and
     * {@code objid} (low half) with {@code objsubid} 1, or two int keys with {@code objsubid} 2.
     */
    private record AdvisoryLock(long classid, long objid, int objsubid, String mode) {

        /**
         * Releases every hold of this lock the session has: it was not held before the rolled-back work, so all of
         * them are the work's (a session lock is counted, and released once per time it was taken).
         */
        void release(Connection connection) throws SQLException {
            String function = mode.equals("ShareLock") ? "pg_advisory_unlock_shared" : "pg_advisory_unlock";
            boolean bigint = objsubid == 1;
            try (PreparedStatement unlock = connection.prepareStatement("SELECT " + function
                    + (bigint ? "(?::int8)" : "(?::int4, ?::int4)"))) {
                if (bigint) {
                    unlock.setLong(1, classid << 32 | objid);
                } else {
                    unlock.setInt(1, (int) classid);
                    unlock.setInt(2, (int) objid);
                }
                for (int i = 0; i < MOST_RELEASES; i++) {
                    try (ResultSet rs = unlock.executeQuery()) {
                        if (!rs.next() || !rs.getBoolean(1)) {
                            return;
                        }
                    }
                }
            }
        }
    }
}
