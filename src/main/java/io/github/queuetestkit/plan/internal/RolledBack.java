package io.github.queuetestkit.plan.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * Runs work in a transaction that is always rolled back: a new one on an auto-commit connection, a savepoint
 * inside the caller's transaction otherwise. The connection is left in the state it was found in.
 */
final class RolledBack {

    private RolledBack() {
    }

    static <T> T run(Connection connection, PlanSource.Work<T> work) throws SQLException {
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
            } catch (SQLException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    throw e;
                }
            }
        }
    }
}
