package io.github.queuetestkit.plan.internal;

import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.ExplainException;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanType;
import io.github.queuetestkit.plan.SqlParameter;
import io.github.queuetestkit.postgres.internal.SqlScript;
import io.github.queuetestkit.base.Identifiers;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Takes the plans an {@link Explain} asks for, each in its own rolled-back transaction. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class ExplainRunner {

    /** Statements EXPLAIN accepts, by first keyword. */
    private static final Set<String> EXPLAINABLE = Set.of("select", "insert", "update", "delete", "merge", "with",
            "values", "table");

    private static final AtomicLong PREPARED = new AtomicLong();

    /**
     * How long a plan waits for a lock before it gives up: ANALYZE runs the statement on another connection, so a row
     * the code's still-open transaction holds would otherwise keep it waiting forever (the thread that would commit
     * is the one waiting). {@link Explain#withSetting} can set another.
     */
    static final String LOCK_TIMEOUT = "5s";

    /** SQLSTATE of "lock not available": a lock_timeout ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The sessions of this database, other than ours, holding a lock on a table that blocks a write or a row lock. */
    private static final String LOCK_HOLDERS = "SELECT a.pid, a.state, left(regexp_replace(a.query, '\\s+', ' ',"
            + " 'g'), 200), string_agg(DISTINCT l.relation::regclass::text, ', ')"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation"
            + " WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid() AND c.relkind IN ('r', 'p')"
            + " AND l.mode <> 'AccessShareLock'"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " GROUP BY a.pid, a.state, a.query, a.xact_start ORDER BY a.xact_start";

    private ExplainRunner() {
    }

    /**
     * @param source where to explain
     * @param request what to explain
     * @return one plan per requested type, in request order
     * @throws ExplainException when the statement cannot be explained
     */
    public static List<Plan> explain(PlanSource source, Explain request) {
        return explain(source, request, false);
    }

    /**
     * Plans the request again without executing it, with {@code VERBOSE}: the only EXPLAIN that names each table's
     * schema. Its plans are read for that alone (see {@link PlanSchemas}); their conditions are schema-qualified.
     *
     * @param source where to explain
     * @param request what to explain; never executed here
     * @return one plan per requested type, in request order
     */
    public static List<Plan> explainVerboseWithoutExecuting(PlanSource source, Explain request) {
        return explain(source, request, true);
    }

    private static List<Plan> explain(PlanSource source, Explain request, boolean verbose) {
        JdbcSql sql = JdbcSql.parse(request.sql());
        check(sql, request);
        try {
            return source.use(connection -> {
                List<Plan> plans = new ArrayList<>();
                for (PlanType type : request.types()) {
                    String name = "queuetestkit_plan_" + PREPARED.incrementAndGet();
                    boolean[] prepared = {false};
                    try {
                        plans.add(RolledBack.run(connection, c -> explainOne(c, sql, request, type, name, prepared,
                                verbose)));
                    } catch (SQLException | RuntimeException e) {
                        // The EXPLAIN's own error is the one to report; a failed clean-up only rides along.
                        if (prepared[0]) {
                            try {
                                deallocate(connection, name);
                            } catch (SQLException cleanup) {
                                e.addSuppressed(cleanup);
                            }
                        }
                        if (e instanceof SQLException sqlError && LOCK_NOT_AVAILABLE.equals(sqlError.getSQLState())) {
                            // Read now, while the holder still holds it, so the message can name it.
                            throw new LockTimeout(sqlError, lockHolders(connection));
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
        SqlScript script = SqlScript.parse("the statement", request.sql());
        if (script.statements().size() > 1) {
            SqlScript.Statement second = script.statements().get(1);
            int[] at = script.lineAndColumn(second.offset() + (second.sql().length() - second.sql().stripLeading()
                    .length()));
            throw new ExplainException("The statement holds " + script.statements().size() + " statements (the second"
                    + " at line " + at[0] + ", column " + at[1] + ": " + second.sql().strip().replaceAll("\\s+", " ")
                    + "); EXPLAIN takes one, and the driver would run the others as they are.\n  " + request.sql()
                    + "\nAssert on each statement on its own, one assertThatPlan per statement.", null, null);
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
            boolean[] prepared, boolean verbose) throws SQLException {
        setLocal(c, "lock_timeout", LOCK_TIMEOUT);
        for (Map.Entry<String, String> setting : request.settings().entrySet()) {
            setLocal(c, setting.getKey(), setting.getValue());
        }
        if (request.statistics() != null) {
            StatisticsRestore.apply(c, request.statistics());
        }
        String options = verbose ? "EXPLAIN (VERBOSE, FORMAT JSON) "
                : request.analyze() ? "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " : "EXPLAIN (FORMAT JSON) ";
        String json;
        if (type == PlanType.CUSTOM) {
            setLocal(c, "plan_cache_mode", "force_custom_plan");
            try (PreparedStatement statement = c.prepareStatement(options + request.sql())) {
                bind(statement, request.parameters());
                json = single(statement.executeQuery());
            } catch (SQLException e) {
                throw new PositionedSqlException(e, options.length());
            }
        } else {
            json = explainGeneric(c, sql, request, options, name, prepared);
        }
        return PlanJson.parse(json, request.sql(), type, request.parameters())
                .withDriverRowLimit(request.driverRowLimit());
    }

    /**
     * Binds each parameter as the code does: a {@link SqlParameter} with its own binder (the setter and type the code
     * used), a plain value with {@code setObject}.
     */
    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof SqlParameter typed) {
                typed.bindTo(statement, i + 1);
            } else {
                statement.setObject(i + 1, parameter);
            }
        }
    }

    /**
     * A generic plan needs the plan cache, which only named prepared statements use: PREPARE it with the parameter
     * types the server resolves for the parameters as bound, force the generic plan, EXPLAIN EXECUTE it with the
     * values as literals of those types, deallocate.
     */
    private static String explainGeneric(Connection c, JdbcSql sql, Explain request, String options, String name,
            boolean[] prepared) throws SQLException {
        setLocal(c, "plan_cache_mode", "force_generic_plan");
        List<Object> parameters = request.parameters();
        List<String> types = parameters.isEmpty() ? List.of() : parameterTypes(c, request);
        List<String> literals = parameters.isEmpty() ? List.of() : literals(c, types, parameters);
        String prepare = "PREPARE " + name + (types.isEmpty() ? "" : "(" + String.join(", ", types) + ")") + " AS ";
        try (Statement statement = c.createStatement()) {
            try {
                statement.execute(prepare + sql.nativeSql());
            } catch (SQLException e) {
                throw new PositionedSqlException(e, prepare.length());
            }
            prepared[0] = true;
            String arguments = literals.isEmpty() ? "" : "(" + String.join(", ", literals) + ")";
            try (ResultSet rs = statement.executeQuery(options + "EXECUTE " + name + arguments)) {
                return single(rs);
            }
        }
    }

    /**
     * The parameter types the server resolves for the statement with the parameters bound as given, as when the code
     * ran it: without them, PREPARE infers its own, and fails where the code did not ({@code $1 IS NULL OR col = $2}
     * with typed nulls) or plans another statement (an enum bound as {@code Types.OTHER}). pgjdbc describes the
     * statement with the bound types and reads back what the server resolved.
     */
    private static List<String> parameterTypes(Connection c, Explain request) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(request.sql())) {
            bind(statement, request.parameters());
            ParameterMetaData described = statement.getParameterMetaData();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= request.parameters().size(); i++) {
                types.add(typeName(described.getParameterTypeName(i)));
            }
            return types;
        } catch (SQLException e) {
            throw new PositionedSqlException(e, 0);
        }
    }

    /**
     * @param driverName a parameter type as pgjdbc names it: {@code int4}, {@code _int8}, {@code job_state}, or
     *     already quoted when qualified or case-sensitive ({@code "Ops"."JobKind"})
     * @return it as PREPARE takes it; {@code unknown} (PREPARE infers it) when the driver named none
     */
    static String typeName(String driverName) {
        if (driverName == null) {
            return "unknown";
        }
        // Quoted, a bare type name means exactly that pg_type row: "char" is not character(1), "_int8" is bigint[].
        return driverName.startsWith("\"") ? driverName : Identifiers.quote(driverName);
    }

    /**
     * The values as literals the PREPAREd types read back exactly: the server's own text of each value bound as the
     * code binds it (a timestamp bound with a Calendar in another zone, an array, a PGobject), on the same connection,
     * so the session settings that shape the text (DateStyle, TimeZone) are the ones that read it.
     */
    private static List<String> literals(Connection c, List<String> types, List<Object> parameters)
            throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < types.size(); i++) {
            // A type the driver could not name is left to PREPARE to infer; its value goes as text, as before.
            String type = types.get(i).equals("unknown") ? "text" : types.get(i);
            select.append(i > 0 ? ", " : "").append("CAST(? AS ").append(type).append(")::text");
        }
        List<String> literals = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(select.toString())) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                for (int i = 1; i <= types.size(); i++) {
                    String text = rs.getString(i);
                    literals.add(text == null ? "NULL" : escapedLiteral(text));
                }
            }
        } catch (SQLException e) {
            // Not the user's SQL: a position in this probe would point nowhere in it, so only the words go on.
            throw new SQLException("reading the parameters back as " + types + " failed: " + e.getMessage(),
                    e.getSQLState(), e);
        }
        return literals;
    }

    /** An E'' literal reads the same whatever standard_conforming_strings says. */
    private static String escapedLiteral(String text) {
        return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
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

    /** SQLSTATE of "operator does not exist" and "function does not exist". */
    private static final String UNDEFINED_FUNCTION = "42883";

    /** Who holds table locks in this database, one line each; empty when nobody does or it cannot be read. */
    private static List<String> lockHolders(Connection connection) {
        List<String> holders = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(LOCK_HOLDERS)) {
            while (rs.next()) {
                holders.add("pid " + rs.getInt(1) + " (" + rs.getString(2) + ") holds " + rs.getString(4)
                        + "; its last statement: " + rs.getString(3));
            }
        } catch (SQLException e) {
            // The lock timeout is the error to report; who held the lock only adds to it.
            holders.add("(could not read pg_locks: " + e.getMessage() + ")");
        }
        return holders;
    }

    /**
     * @param where the server's context of the wait, e.g. {@code while updating tuple (0,1) in relation "jobs"}, or
     *     null
     * @param holders the sessions holding table locks, one line each
     * @param timeout the lock_timeout that ran out
     * @return why planning stopped waiting, who held the lock, and what to do
     */
    static String lockTimedOut(String where, List<String> holders, String timeout) {
        StringBuilder message = new StringBuilder("\nIt waited ").append(timeout).append(" for a lock")
                .append(where == null ? "" : " (" + where + ")").append(" and gave up. ");
        if (holders.isEmpty()) {
            message.append("No other session of the database holds a table lock any more.");
        } else {
            message.append("Sessions of the database holding table locks:");
            holders.forEach(holder -> message.append("\n  ").append(holder));
        }
        return message.append("\nPlanning runs the statement again on another connection, so it waits for the rows and"
                + " tables the code's open transaction has locked (\"idle in transaction\" above), and that transaction"
                + " cannot go on while the test waits. Commit (or roll back) the code's transaction before the plan"
                + " check, or check the plans before the code takes its locks.").toString();
    }

    private static ExplainException translate(SQLException e, JdbcSql sql, Explain request) {
        List<String> holders = null;
        if (e instanceof LockTimeout timedOut) {
            holders = timedOut.holders;
            e = timedOut.original;
        }
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
        if (holders != null) {
            String timeout = request.settings().getOrDefault("lock_timeout", LOCK_TIMEOUT);
            message.append(lockTimedOut(server == null ? null : server.getWhere(), holders, timeout));
        } else if (server != null && UNDEFINED_FUNCTION.equals(server.getSQLState()) && server.getMessage() != null
                && server.getMessage().contains("character varying")) {
            // a String parameter arrives as varchar, for which an enum or other column type has no operator
            message.append("\nA parameter given as a Java String is sent as character varying, which PostgreSQL does"
                    + " not compare with the column's type (an enum, say). Give it with its type,"
                    + " SqlParameter.typed(value, Types.OTHER), so the server reads it as the column's type, or cast it"
                    + " in the SQL (?::the_type).");
        } else {
            message.append("\nFix the statement, or create what it names in the test's setup, and run again.");
        }
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
        return values.stream().map(v -> v instanceof SqlParameter p ? p.toString() : value(v))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * @param value one parameter value
     * @return it as messages show it: a string quoted, an array with its elements, null as null
     */
    public static String value(Object value) {
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        if (value != null && value.getClass().isArray()) {
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                elements.add(value(java.lang.reflect.Array.get(value, i)));
            }
            return "{" + String.join(", ", elements) + "}";
        }
        return String.valueOf(value);
    }

    /** A plan's lock_timeout ran out; carries who held table locks right after. */
    private static final class LockTimeout extends SQLException {
        private static final long serialVersionUID = 1L;
        private final transient SQLException original;
        private final transient List<String> holders;

        LockTimeout(SQLException original, List<String> holders) {
            super(original.getMessage(), original.getSQLState(), original);
            this.original = original;
            this.holders = holders;
        }
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
