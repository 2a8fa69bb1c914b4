package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.ExplainException;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanType;
import io.github.queuetestkit.postgres.internal.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Takes the plans an {@link Explain} asks for, each in its own rolled-back transaction. */
public final class ExplainRunner {

    /** Statements EXPLAIN accepts, by first keyword. */
    private static final Set<String> EXPLAINABLE = Set.of("select", "insert", "update", "delete", "merge", "with",
            "values", "table");

    private static final AtomicLong PREPARED = new AtomicLong();

    private ExplainRunner() {
    }

    /**
     * @param source where to explain
     * @param request what to explain
     * @return one plan per requested type, in request order
     * @throws ExplainException when the statement cannot be explained
     */
    public static List<Plan> explain(PlanSource source, Explain request) {
        JdbcSql sql = JdbcSql.parse(request.sql());
        check(sql, request);
        try {
            return source.use(connection -> {
                List<Plan> plans = new ArrayList<>();
                for (PlanType type : request.types()) {
                    String name = "queuetestkit_plan_" + PREPARED.incrementAndGet();
                    boolean[] prepared = {false};
                    try {
                        plans.add(RolledBack.run(connection, c -> explainOne(c, sql, request, type, name, prepared)));
                    } catch (SQLException | RuntimeException e) {
                        // The EXPLAIN's own error is the one to report; a failed clean-up only rides along.
                        if (prepared[0]) {
                            try {
                                deallocate(connection, name);
                            } catch (SQLException cleanup) {
                                e.addSuppressed(cleanup);
                            }
                        }
                        throw e;
                    }
                    if (prepared[0]) {
                        deallocate(connection, name);
                    }
                }
                return plans;
            });
        } catch (SQLException e) {
            throw translate(e, sql, request);
        }
    }

    private static void check(JdbcSql sql, Explain request) {
        String keyword = sql.firstKeyword();
        if (!EXPLAINABLE.contains(keyword)) {
            throw new ExplainException("Cannot explain " + (keyword.isEmpty() ? "an empty statement"
                    : "a " + keyword.toUpperCase(java.util.Locale.ROOT) + " statement") + ": EXPLAIN shows plans of"
                    + " SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, TABLE and WITH statements.\n  " + request.sql()
                    + "\nCreate tables and indexes in the test's setup (an init script or PostgresDatabase.execute) and"
                    + " assert on the query that uses them.", null, null);
        }
        int given = request.parameters().size();
        if (sql.placeholders() != given) {
            throw new ExplainException("The statement has " + count(sql.placeholders(), "placeholder") + " (?) but "
                    + count(given, "parameter") + (given == 1 ? " was" : " were") + " given " + values(request.parameters())
                    + ":\n  " + request.sql() + "\nPass one value per ?, in order (write ?? for a literal ?, e.g. the"
                    + " jsonb ?? operator).", null, null);
        }
    }

    private static Plan explainOne(Connection c, JdbcSql sql, Explain request, PlanType type, String name,
            boolean[] prepared) throws SQLException {
        for (Map.Entry<String, String> setting : request.settings().entrySet()) {
            setLocal(c, setting.getKey(), setting.getValue());
        }
        String options = request.analyze() ? "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " : "EXPLAIN (FORMAT JSON) ";
        String json;
        if (type == PlanType.CUSTOM) {
            setLocal(c, "plan_cache_mode", "force_custom_plan");
            try (PreparedStatement statement = c.prepareStatement(options + request.sql())) {
                List<Object> parameters = request.parameters();
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                json = single(statement.executeQuery());
            } catch (SQLException e) {
                throw new PositionedSqlException(e, options.length());
            }
        } else {
            json = explainGeneric(c, sql, request, options, name, prepared);
        }
        return PlanJson.parse(json, request.sql(), type, request.parameters());
    }

    /**
     * A generic plan needs the plan cache, which only named prepared statements use: PREPARE it, force the generic
     * plan, EXPLAIN EXECUTE it with the parameters as literals (coerced to the types PREPARE inferred), deallocate.
     */
    private static String explainGeneric(Connection c, JdbcSql sql, Explain request, String options, String name,
            boolean[] prepared) throws SQLException {
        setLocal(c, "plan_cache_mode", "force_generic_plan");
        String prepare = "PREPARE " + name + " AS ";
        try (Statement statement = c.createStatement()) {
            try {
                statement.execute(prepare + sql.nativeSql());
            } catch (SQLException e) {
                throw new PositionedSqlException(e, prepare.length());
            }
            prepared[0] = true;
            String arguments = request.parameters().isEmpty() ? ""
                        : request.parameters().stream().map(ExplainRunner::literal)
                                .collect(Collectors.joining(", ", "(", ")"));
            try (ResultSet rs = statement.executeQuery(options + "EXECUTE " + name + arguments)) {
                return single(rs);
            }
        }
    }

    /** PREPARE survives ROLLBACK, so it is deallocated after the rollback, when the connection is usable again. */
    private static void deallocate(Connection c, String name) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("DEALLOCATE " + name);
        }
    }

    private static void setLocal(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            statement.setString(1, name);
            statement.setString(2, value);
            statement.executeQuery().close();
        }
    }

    private static String single(ResultSet rs) throws SQLException {
        try (rs) {
            StringBuilder json = new StringBuilder();
            while (rs.next()) {
                json.append(rs.getString(1));
            }
            return json.toString();
        }
    }

    /**
     * @param value a parameter value
     * @return it as an SQL literal without a type, so the server coerces it to the inferred parameter type
     */
    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return Identifiers.literal("\\x" + HexFormat.of().formatHex(bytes));
        }
        if (value.getClass().isArray()) {
            // Object[] and primitive arrays alike (pgjdbc binds both), as an array literal the server coerces.
            StringBuilder elements = new StringBuilder("{");
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                Object v = java.lang.reflect.Array.get(value, i);
                elements.append(i > 0 ? "," : "").append(v == null ? "NULL"
                        : '"' + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + '"');
            }
            return Identifiers.literal(elements.append('}').toString());
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return Identifiers.literal(timestamp.toLocalDateTime().toString());
        }
        return Identifiers.literal(String.valueOf(value));
    }

    private static ExplainException translate(SQLException e, JdbcSql sql, Explain request) {
        int prefix = 0;
        SQLException cause = e;
        if (e instanceof PositionedSqlException positioned) {
            prefix = positioned.prefixLength;
            cause = positioned.original;
        }
        StringBuilder message = new StringBuilder("PostgreSQL could not explain the statement: ");
        ServerErrorMessage server = cause instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server != null) {
            message.append(server.getMessage()).append(" (SQLSTATE ").append(server.getSQLState()).append(')');
            int index = server.getPosition() > 0 ? sql.originalIndex(server.getPosition(), prefix) : -1;
            if (index >= 0) {
                message.append('\n').append(JdbcSql.caret(request.sql(), index));
            } else {
                message.append("\n  ").append(request.sql());
            }
            if (server.getDetail() != null) {
                message.append("\nDetail: ").append(server.getDetail());
            }
            if (server.getHint() != null) {
                message.append("\nHint: ").append(server.getHint());
            }
        } else {
            message.append(cause.getMessage()).append("\n  ").append(request.sql());
        }
        if (!request.parameters().isEmpty()) {
            message.append("\nParameters: ").append(values(request.parameters()));
        }
        message.append("\nFix the statement, or create what it names in the test's setup, and run again.");
        return new ExplainException(message.toString(), cause.getSQLState(), cause);
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * @param values parameter values
     * @return them as messages show them: strings quoted, nulls as null
     */
    public static String values(List<Object> values) {
        return values.stream().map(v -> v instanceof String s ? "'" + s + "'" : String.valueOf(v))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Carries how many characters preceded the user's SQL in the text sent, to map the server's position. */
    private static final class PositionedSqlException extends SQLException {
        private static final long serialVersionUID = 1L;
        private final transient SQLException original;
        private final int prefixLength;

        PositionedSqlException(SQLException original, int prefixLength) {
            super(original.getMessage(), original.getSQLState(), original);
            this.original = original instanceof PositionedSqlException p ? p.original : original;
            this.prefixLength = original instanceof PositionedSqlException p ? p.prefixLength : prefixLength;
        }
    }
}
