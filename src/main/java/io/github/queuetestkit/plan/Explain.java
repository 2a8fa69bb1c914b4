package io.github.queuetestkit.plan;

import io.github.queuetestkit.InvalidConfigurationException;
import io.github.queuetestkit.plan.internal.ExplainRunner;
import io.github.queuetestkit.plan.internal.PlanSchemas;
import io.github.queuetestkit.plan.internal.PlanSource;
import io.github.queuetestkit.plan.internal.StatisticsRefresh;
import io.github.queuetestkit.plan.internal.UniqueLookups;
import io.github.queuetestkit.plan.internal.VerdictFacts;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.apiguardian.api.API;

/**
 * What to explain and how: the statement, its parameters, whether to execute it (ANALYZE), which plans (custom,
 * generic or both), and settings for the transaction. Immutable: every {@code withX} returns a new request.
 *
 * <p>ANALYZE runs the statement, so every plan is taken inside a transaction that is rolled back (a savepoint
 * rolled back when the connection is already in a transaction): asserting on a {@code FOR UPDATE SKIP LOCKED}
 * dequeue or an {@code UPDATE ... RETURNING} never changes rows (sequences excepted: {@code nextval} is not
 * transactional, so an analyzed {@code INSERT} into a serial or identity column uses up its values). Custom and
 * generic plans each get their own rolled-back transaction, so the second does not see what the first changed. Each
 * waits at most 5 s for a lock ({@code lock_timeout}; {@link #withSetting} sets another): a row that another open
 * transaction holds, the code's own included, fails the plan with an {@link ExplainException} naming the sessions that
 * hold table locks, instead of waiting forever.
 *
 * <p>Before the verdict, the tables the plan reads are checked: one never analyzed, or changed by more than
 * autoanalyze's threshold (50 rows + 10%) since its last ANALYZE, is analyzed (committed, or under a savepoint in the
 * caller's transaction) and the statement planned again; failure messages name the tables analyzed.
 *
 * <pre>{@code
 * Plans plans = Explain.of("SELECT * FROM jobs WHERE queue = ? ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED", "q1")
 *         .withCustomAndGenericPlans()
 *         .explain(dataSource);
 * assertThatPlan(dataSource, Explain.of(sql, 5).withoutExecuting()).hasNoSeqScan();
 * }</pre>
 *
 * @param sql the statement, with JDBC {@code ?} placeholders
 * @param parameters one per placeholder: a value, bound as a prepared statement binds it ({@code setObject(i, v)}),
 *     or a {@link SqlParameter} bound as it says ({@code setObject(i, v, Types.OTHER)}, {@code setNull(i, type)}, ...)
 * @param analyze whether to execute it (EXPLAIN ANALYZE, with BUFFERS)
 * @param types which plans to take, in order: custom, generic or both
 * @param settings settings applied with {@code SET LOCAL} in the rolled-back transaction, in order
 * @param driverRowLimit the row limit the driver applies outside the SQL ({@code Statement.setMaxRows}), 0 for none:
 *     the server plans and runs the statement without it, so plans keep their rows and report the rows the code
 *     receives apart ({@link Plan#rowsReceived()})
 * @param statistics planner statistics put in place inside each explain's transaction and rolled back with it
 *     ({@link #withStatistics}), or null for the database's own
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Explain(String sql, List<Object> parameters, boolean analyze, List<PlanType> types,
        Map<String, String> settings, long driverRowLimit, StatisticsDump statistics) {

    /** Checks and copies the values. */
    public Explain {
        Objects.requireNonNull(sql, "sql");
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        types = List.copyOf(types);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("at least one plan type");
        }
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (driverRowLimit < 0) {
            throw new InvalidConfigurationException("Driver row limit " + driverRowLimit + " is negative. Pass what"
                    + " Statement.setMaxRows got: a positive number of rows, or 0 for no limit.");
        }
    }

    /**
     * A request without a driver row limit.
     *
     * @param sql the statement, with JDBC {@code ?} placeholders
     * @param parameters one per placeholder
     * @param analyze whether to execute it
     * @param types which plans to take
     * @param settings settings applied with {@code SET LOCAL}
     */
    public Explain(String sql, List<Object> parameters, boolean analyze, List<PlanType> types,
            Map<String, String> settings) {
        this(sql, parameters, analyze, types, settings, 0, null);
    }

    /**
     * A request on the database's own statistics.
     *
     * @param sql the statement, with JDBC {@code ?} placeholders
     * @param parameters one per placeholder
     * @param analyze whether to execute it
     * @param types which plans to take
     * @param settings settings applied with {@code SET LOCAL}
     * @param driverRowLimit the driver's row limit, 0 for none
     */
    public Explain(String sql, List<Object> parameters, boolean analyze, List<PlanType> types,
            Map<String, String> settings, long driverRowLimit) {
        this(sql, parameters, analyze, types, settings, driverRowLimit, null);
    }

    /**
     * An analyzed custom plan of the statement: the default.
     *
     * @param sql the statement, with {@code ?} placeholders
     * @param parameters one per placeholder: a value, or a {@link SqlParameter} such as
     *     {@code SqlParameter.typed("queued", Types.OTHER)} for an enum column
     * @return the request
     */
    public static Explain of(String sql, Object... parameters) {
        List<Object> values = new ArrayList<>();
        if (parameters == null) {
            values.add(null);
        } else {
            Collections.addAll(values, parameters);
        }
        return new Explain(sql, values, true, List.of(PlanType.CUSTOM), Map.of());
    }

    /**
     * Plain EXPLAIN: plans without running the statement, so there are estimates but no actual rows, loops, buffers
     * or times; assertions that need them refuse such a plan.
     *
     * @return a new request
     */
    public Explain withoutExecuting() {
        return new Explain(sql, parameters, false, types, settings, driverRowLimit, statistics);
    }

    /** @return a new request for the custom plan only (planned with the parameter values): the default */
    public Explain withCustomPlan() {
        return new Explain(sql, parameters, analyze, List.of(PlanType.CUSTOM), settings, driverRowLimit, statistics);
    }

    /**
     * The generic plan, made without parameter values, which drivers switch to after a few executions of the same
     * prepared statement. Taken with {@code PREPARE} and {@code EXPLAIN EXECUTE} under
     * {@code plan_cache_mode = force_generic_plan}. The PREPARE declares the parameter types the server resolves for
     * the parameters as bound (the driver describes the statement with them, as when the code runs it), so
     * {@code ? IS NULL OR col = ?} with typed nulls and enums bound as {@code Types.OTHER} prepare as they run; the
     * values follow as literals in the server's own text for those types.
     *
     * @return a new request for the generic plan only
     */
    public Explain withGenericPlan() {
        return new Explain(sql, parameters, analyze, List.of(PlanType.GENERIC), settings, driverRowLimit, statistics);
    }

    /** @return a new request for both plans; an assertion then checks both and names the one that failed */
    public Explain withCustomAndGenericPlans() {
        return new Explain(sql, parameters, analyze, List.of(PlanType.CUSTOM, PlanType.GENERIC), settings,
                driverRowLimit, statistics);
    }

    /**
     * @param name a setting, e.g. {@code work_mem} or {@code enable_seqscan}
     * @param value its value for the explained statement only ({@code SET LOCAL} in the rolled-back transaction)
     * @return a new request with the setting
     */
    public Explain withSetting(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new Explain(sql, parameters, analyze, types, copy, driverRowLimit, statistics);
    }

    /**
     * The row limit the code's driver applied outside the SQL: {@code Statement.setMaxRows(n)}. The server plans and
     * runs the statement without it (a protocol-level row limit never reaches the planner), so the plan keeps its own
     * rows and {@link Plan#rowsReceived()} reports the at most {@code n} the code received; verdicts per row returned
     * ({@link PlanAssert#rowsExaminedPerRowReturnedAtMost}) use those, and their failures say the limit came from the
     * driver.
     *
     * <pre>{@code
     * assertThatPlan(dataSource, Explain.of("SELECT * FROM jobs ORDER BY run_at").withDriverRowLimit(5))
     *         .rowsExaminedPerRowReturnedAtMost(2);   // fails when 5 rows cost a read of the whole table
     * }</pre>
     *
     * @param maxRows what {@code setMaxRows} got; 0 for no limit
     * @return a new request with the limit
     * @throws InvalidConfigurationException for a negative limit
     */
    public Explain withDriverRowLimit(long maxRows) {
        return new Explain(sql, parameters, analyze, types, settings, maxRows, statistics);
    }

    /**
     * Plans with production's planner statistics instead of the database's own: the dump's
     * {@code pg_restore_relation_stats} and {@code pg_restore_attribute_stats} calls run inside each explain's
     * transaction, before the statement, and roll back with it, so later plans and tests see the database's own
     * statistics again. The kit's own refresh (ANALYZE of stale tables) happens before and cannot undo them. Needs
     * PostgreSQL 18; the dump's tables and columns must exist.
     *
     * <pre>{@code
     * StatisticsDump production = StatisticsDump.fromClasspath("stats/jobs-production.sql");
     * assertThatPlan(dataSource, Explain.of(DEQUEUE, "mailers").withStatistics(production)).usesIndex("jobs_dequeue");
     * }</pre>
     *
     * <p>The planner scales the restored row count to the table's real size on disk, so selectivity (most common
     * values, histograms) carries over but absolute counts do not: load data at scale too. An empty table takes no
     * statistics.
     *
     * @param dump what {@code pg_dump --statistics-only} wrote
     * @return a new request that plans with those statistics
     */
    public Explain withStatistics(StatisticsDump dump) {
        return new Explain(sql, parameters, analyze, types, settings, driverRowLimit,
                Objects.requireNonNull(dump, "dump"));
    }

    /**
     * Forces the planner away from sequential scans and sorts ({@code enable_seqscan = off}, {@code enable_sort = off},
     * {@code SET LOCAL} in the rolled-back transaction). This asks a different question from the default: not "does
     * the planner choose X at this data" but "can X serve this statement at all". A plan that passes only when forced
     * will not be chosen in production at this data; failure messages say the planner was forced. Prefer the natural
     * plan with data at scale; {@link PlanAssert#canBeServedByIndex} is the same question for one index.
     *
     * <pre>{@code
     * assertThatPlan(dataSource, Explain.of(sql, "q1").withPlannerForcedToAvoidSeqScanAndSort()).usesIndex("jobs_dequeue");
     * }</pre>
     *
     * @return a new request with both settings off
     */
    public Explain withPlannerForcedToAvoidSeqScanAndSort() {
        return withSetting("enable_seqscan", "off").withSetting("enable_sort", "off");
    }

    /**
     * Explains on a new connection from the DataSource, closed afterwards. A recording DataSource from
     * {@code @PostgresTest} is bypassed, so plans never show up in captured statements.
     *
     * @param dataSource where to explain
     * @return the plans
     * @throws ExplainException when the statement cannot be explained
     */
    public Plans explain(DataSource dataSource) {
        return explainWith(PlanSource.of(dataSource));
    }

    /**
     * Explains on the given connection, which is left as it was: in its transaction if it was in one (the plan is
     * taken under a savepoint rolled back), in auto-commit if it was.
     *
     * @param connection where to explain
     * @return the plans
     * @throws ExplainException when the statement cannot be explained
     */
    public Plans explain(Connection connection) {
        return explainWith(PlanSource.of(connection));
    }

    Plans explainWith(PlanSource source) {
        List<Plan> taken = ExplainRunner.explain(source, this);
        // Stale statistics describe data that no longer exists: analyze those tables and plan again.
        StatisticsRefresh.Refreshed refreshed = StatisticsRefresh.refresh(source, tablesOf(taken));
        List<Plan> plans = refreshed.analyzed().isEmpty() ? taken : ExplainRunner.explain(source, this);
        // The facts a failure prints are read now, with the plans, so formatting a failure never touches the database.
        VerdictFacts facts = refreshed.facts() != null ? refreshed.facts()
                : VerdictFacts.capture(source, tablesOf(plans));
        return new Plans(UniqueLookups.attach(source, PlanSchemas.attach(source, this, plans)), this, source,
                refreshed.analyzed(), facts);
    }

    private static List<String> tablesOf(List<Plan> plans) {
        return plans.stream().flatMap(p -> p.tables().stream()).distinct().toList();
    }
}
