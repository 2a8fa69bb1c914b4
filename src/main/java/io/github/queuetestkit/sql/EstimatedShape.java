package io.github.queuetestkit.sql;

import io.github.queuetestkit.base.SqlLexing;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The shape of the custom plan an execution gets, from a plain EXPLAIN on one connection: what tells the executions
 * of a statement apart by plan, cheaply. A full {@code Explain} also refreshes statistics and reads the facts its
 * failures print, which for tens of executions cost many times the planning itself; the executions whose shape is new
 * are then explained in full. Only the custom plan can differ by parameter value: the generic plan ignores them.
 */
final class EstimatedShape {

    private EstimatedShape() {
    }

    /**
     * @param connection a connection of the kit's own, in auto-commit; left so
     * @param execution the execution
     * @param searchPath the search_path to plan on, or null for the connection's own
     * @return the custom plan's shape ({@link Plan#shape()})
     * @throws SQLException when the server cannot plan it
     */
    static String of(Connection connection, Execution execution, String searchPath) throws SQLException {
        CapturedStatement statement = execution.statement();
        String sql = statement.via() == CapturedStatement.Via.STATEMENT
                ? SqlLexing.questionMarksEscaped(statement.sql()) : statement.sql();
        connection.setAutoCommit(false);
        try {
            setLocal(connection, "lock_timeout", "5s");
            setLocal(connection, "plan_cache_mode", "force_custom_plan");
            if (searchPath != null) {
                setLocal(connection, "search_path", searchPath);
            }
            String json;
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
                List<BoundParameter> bindings = execution.bindings();
                for (int i = 0; i < bindings.size(); i++) {
                    BoundParameter binding = bindings.get(i);
                    if (binding == null) {
                        explain.setObject(i + 1, null);
                    } else {
                        binding.bindTo(explain, i + 1);
                    }
                }
                try (ResultSet rs = explain.executeQuery()) {
                    rs.next();
                    json = rs.getString(1);
                }
            }
            return Plan.parse(json, sql, PlanType.CUSTOM).shape();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static void setLocal(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT pg_catalog.set_config(?, ?, true)")) {
            set.setString(1, name);
            set.setString(2, value);
            set.executeQuery().close();
        }
    }
}
