package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.base.Identifiers;
import io.github.queuetestkit.postgres.internal.RelationCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Plans a statement as if an index did not exist: the index is dropped inside a transaction that is rolled back
 * (PostgreSQL's DDL is transactional), so the database is unchanged afterwards. {@code DROP INDEX} takes an ACCESS
 * EXCLUSIVE lock on the table until the rollback; a short {@code lock_timeout} turns a lock held by another session
 * into a clear error instead of a hung test.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class WithoutIndex {

    /** How long to wait for the table's ACCESS EXCLUSIVE lock. */
    public static final String LOCK_TIMEOUT = "2s";

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private WithoutIndex() {
    }

    /**
     * @param source where to plan
     * @param request what to plan (the same request as the plans being judged)
     * @param index the index to plan without, as the user named it
     * @return the plans taken without it, one per requested type
     * @throws QueueTestkitException when the lock cannot be had within {@link #LOCK_TIMEOUT}
     */
    public static List<Plan> explain(PlanSource source, Explain request, String index) {
        try {
            return source.use(connection -> {
                try {
                    return RolledBack.run(connection, c -> {
                        try (PreparedStatement s = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                            s.setString(1, LOCK_TIMEOUT);
                            s.executeQuery().close();
                        }
                        try (Statement s = c.createStatement()) {
                            s.execute(dropStatement(c, index));
                        }
                        return ExplainRunner.explain(PlanSource.of(c), request);
                    });
                } catch (SQLException e) {
                    if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                        throw new QueueTestkitException(lockMessage(connection, index, e), e);
                    }
                    throw e;
                }
            });
        } catch (SQLException e) {
            throw new QueueTestkitException("Could not plan without index " + index + " (dropped in a transaction that"
                    + " is rolled back): " + e.getMessage(), e);
        }
    }

    /** An index behind a primary key, unique or exclusion constraint can only go with its constraint. */
    private static String dropStatement(Connection c, String index) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT i.oid::regclass::text, t.oid::regclass::text, con.conname,"
                + " p.inhparent::regclass::text, t.relname FROM pg_class i JOIN pg_index x ON x.indexrelid = i.oid"
                + " JOIN pg_class t ON t.oid = x.indrelid LEFT JOIN pg_constraint con ON con.conindid = i.oid"
                + " AND con.conrelid = t.oid AND con.contype IN ('p', 'u', 'x')"
                + " LEFT JOIN pg_inherits p ON p.inhrelid = i.oid WHERE i.oid = to_regclass(?)")) {
            s.setString(1, RelationCatalog.regclassText(index));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new QueueTestkitException("No index " + index + " to plan without.");
                }
                String parent = rs.getString(4);
                if (parent != null) {
                    throw new QueueTestkitException("Cannot plan without index " + index + ": it is the index of"
                            + " partition " + rs.getString(5) + " attached to partitioned index " + parent
                            + ", and PostgreSQL drops it only with its parent. Name the partitioned index instead ("
                            + parent + "), which stands for the indexes of every partition.");
                }
                String constraint = rs.getString(3);
                return constraint == null ? "DROP INDEX " + rs.getString(1)
                        : "ALTER TABLE " + rs.getString(2) + " DROP CONSTRAINT " + Identifiers.quote(constraint)
                                + " CASCADE";
            }
        }
    }

    private static String lockMessage(Connection connection, String index, SQLException e) {
        StringBuilder s = new StringBuilder("Could not plan without index " + index + ": dropping it (in a transaction"
                + " that is rolled back) needs an ACCESS EXCLUSIVE lock on its table, and another session held a lock"
                + " on it for longer than lock_timeout = " + LOCK_TIMEOUT + " (" + e.getMessage() + ").");
        List<String> holders = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement("SELECT l.pid, l.mode, a.state, left(a.query, 100)"
                + " FROM pg_index x JOIN pg_locks l ON l.relation = x.indrelid JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE x.indexrelid = to_regclass(?) AND l.granted AND l.pid <> pg_backend_pid() ORDER BY l.pid")) {
            q.setString(1, RelationCatalog.regclassText(index));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    holders.add("pid " + rs.getInt(1) + " holds " + rs.getString(2) + " (" + rs.getString(3) + "): "
                            + rs.getString(4));
                }
            }
        } catch (SQLException lookup) {
            e.addSuppressed(lookup);
        }
        if (!holders.isEmpty()) {
            s.append("\nHolding locks on the table now:\n  ").append(String.join("\n  ", holders));
        }
        return s.append("\nCommit or roll back the test's open transactions on that table before asserting, or")
                .append(" assert on the connection that holds them (the index is then dropped under its savepoint).")
                .toString();
    }
}
