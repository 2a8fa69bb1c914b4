package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.base.SqlLexing;
import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.ExplainException;
import io.github.queuetestkit.plan.FactsComparison;
import io.github.queuetestkit.plan.Plan;
import io.github.queuetestkit.plan.PlanFacts;
import io.github.queuetestkit.plan.PlanAssert;
import io.github.queuetestkit.plan.PlanChecks;
import io.github.queuetestkit.plan.PlanType;
import io.github.queuetestkit.plan.Plans;
import io.github.queuetestkit.plan.SqlParameter;
import io.github.queuetestkit.sql.internal.SqlShape;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Plan assertions applied to every distinct statement the code under test ran: each is planned again with the
 * parameters of its first execution that did not fail, analyzed in a transaction that is rolled back (so a captured
 * dequeue or delete changes no row), on the database it ran against. Reach it with
 * {@link StatementsAssert#everyPlan()}.
 *
 * <p>A statement that ran with other parameter values or literals, or on another {@code search_path}, is checked with
 * each plan its executions got: its distinct executions (up to {@value #EXECUTIONS_EXAMINED}: the first with each value
 * of a parameter that takes few values, the rest spread over the run) are
 * planned without running, and the first of each other plan shape is analyzed and checked too, its failure headed with
 * the values that set it apart. A {@code search_path} the code's session set is set for the plan (PostgreSQL 18
 * reports it to the driver; before 18 it is read after the statements of a session that mentioned it). Baselines keep
 * each statement's first execution's plan.
 *
 * <p>The rollback does not undo sequences: {@code nextval} is not transactional, so planning a captured
 * {@code INSERT} into a table with a serial or identity key uses up a key value per plan taken, and the code's next
 * insert gets a higher id than it would have. Do not assert on ids or a sequence's value after a plan check; take them
 * before it, or compare rows by other columns.
 *
 * <pre>{@code
 * assertThatStatements(captured).everyPlan().hasNoSeqScanOn("jobs").hasNoSort();
 * assertThatStatements(captured).updates("jobs").everyPlan().satisfy(plan -> plan.rowsExaminedAtMost(10));
 * assertThatEveryPlan(captured).withCustomAndGenericPlans().hasNoSeqScanOn("jobs");
 * assertThatEveryPlan(captured).matchesBaseline(Path.of("src/test/resources/plans/dequeue.plans"));
 * }</pre>
 *
 * <p>What is planned is what the server executed: each parameter is bound again with the setter and type the code
 * used ({@code setObject(i, v, Types.OTHER)} for an enum, {@code setNull(i, Types.INTEGER)}, a timestamp with its
 * Calendar; see {@link BoundParameter}), and a row limit the driver applied outside the SQL
 * ({@code Statement.setMaxRows}) goes with the plan, so verdicts per row returned count the rows the code received.
 * By default each statement gets its custom plan; {@link #withGenericPlans()} and {@link #withCustomAndGenericPlans()}
 * ask for the generic plan, which the server may switch to once pgjdbc runs the statement as a server-side prepared
 * statement (from its {@code prepareThreshold}-th execution, 5 by default). A statement that cannot be planned again
 * (a parameter bound from a stream, a temporary table of the code's session) throws a {@link QueueTestkitException}
 * that says why and that the statement itself ran.
 *
 * <p>Planned: SELECT, INSERT, UPDATE, DELETE and MERGE statements (WITH statements are classified by their main
 * verb) that ran without failing at least once. Skipped, and named in failure messages: transaction control, SET, DDL,
 * COPY, CALL and statements that failed every time they ran. A failure names each statement at fault (normalized
 * SQL, how many times it ran) with its plan, the nodes at fault marked. A statement whose plan reads no table and
 * calls a function of the database's own ({@code SELECT enqueue_unique(?)}) is not counted as checked: the plan shows
 * none of the statements inside the function. Failures list it as not checked, and a check that has nothing else
 * fails. Secret parameters (see {@link CapturedStatements#withSecrets}) are replaced by {@code <secret>} wherever their
 * values appear in a failure, the plan included.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class EveryPlanAssert extends AbstractAssert<EveryPlanAssert, CapturedStatements>
        implements PlanChecks<EveryPlanAssert> {

    private static final Set<StatementKind> PLANNED = EnumSet.of(StatementKind.SELECT, StatementKind.INSERT,
            StatementKind.UPDATE, StatementKind.DELETE, StatementKind.MERGE);

    private static final System.Logger LOG = System.getLogger("io.github.queuetestkit.sql");

    private final List<StatementGroup> planned = new ArrayList<>();
    // Per planned group, the execution it is planned with: its first that did not fail.
    private final List<CapturedStatement> plannedWith = new ArrayList<>();
    private final List<StatementGroup> skipped = new ArrayList<>();
    private final DataSource target;
    private List<Taken> plans;
    // Per planned statement whose plans read no table, the functions of the database's own it calls: the plan shows
    // each call as one node and none of the statements inside, so the statement proves nothing and is not counted.
    private Map<Integer, List<String>> hiddenWork = Map.of();

    /**
     * How many of a statement's distinct executions (text, parameters, driver row limit) are planned without running
     * to find the plans they get, when there are more: the first with each value of a parameter that takes few values,
     * the rest spread over the run (see {@code Execution.sample}).
     */
    static final int EXECUTIONS_EXAMINED = 50;

    /**
     * The plans of one execution of a planned statement.
     *
     * @param group which planned statement (index into {@code planned})
     * @param plans its plans, analyzed
     * @param variant empty for the statement's first successful execution; else what sets this execution apart, for
     *     the failure's heading
     */
    private record Taken(int group, Plans plans, String variant) {
    }
    private List<PlanType> planTypes = List.of(PlanType.CUSTOM);
    private String newSessionSearchPath;
    private boolean tinyTablesAllowed;

    /**
     * Every statement of the capture, planned on the database it ran against; what
     * {@code QueueTestkitAssertions.assertThatEveryPlan} and its soft form use.
     *
     * @param actual the capture
     */
    public EveryPlanAssert(CapturedStatements actual) {
        this(actual, actual.statements(), actual.target());
    }

    /**
     * @param actual the capture
     * @param statements the statements to plan (already filtered)
     * @param target where to plan them
     */
    EveryPlanAssert(CapturedStatements actual, List<CapturedStatement> statements, DataSource target) {
        super(actual, EveryPlanAssert.class);
        this.target = target;
        for (StatementGroup group : CapturedStatements.group(statements)) {
            Optional<CapturedStatement> succeeded = group.firstSucceeded();
            if (PLANNED.contains(group.first().kind()) && succeeded.isPresent()) {
                planned.add(group);
                plannedWith.add(succeeded.get());
            } else {
                skipped.add(group);
            }
        }
    }

    /**
     * Checks each statement's custom plan, planned with its parameter values: the default.
     *
     * @return this assertion, for the checks called after it
     */
    public EveryPlanAssert withCustomPlans() {
        return withPlanTypes(List.of(PlanType.CUSTOM));
    }

    /**
     * Checks each statement's generic plan, planned without parameter values: the plan the server may switch to
     * once the driver runs the statement as a server-side prepared statement (pgjdbc's {@code prepareThreshold},
     * 5 executions by default). Prepared with the parameter types the statement ran with. Call it before the checks
     * it applies to.
     *
     * <pre>{@code
     * assertThatEveryPlan(captured).withGenericPlans().hasNoSeqScanOn("jobs");
     * }</pre>
     *
     * @return this assertion, for the checks called after it
     */
    public EveryPlanAssert withGenericPlans() {
        return withPlanTypes(List.of(PlanType.GENERIC));
    }

    /**
     * Checks both plans of each statement; a failure names the plan that failed. Call it before the checks it applies
     * to.
     *
     * @return this assertion, for the checks called after it
     */
    public EveryPlanAssert withCustomAndGenericPlans() {
        return withPlanTypes(List.of(PlanType.CUSTOM, PlanType.GENERIC));
    }

    // Returns myself, not a copy: AssertJ's soft assertions collect failures only from the proxy they handed out.
    private EveryPlanAssert withPlanTypes(List<PlanType> types) {
        if (!types.equals(planTypes)) {
            planTypes = types;
            plans = null;
        }
        return myself;
    }

    /** @return this assertion, without the tiny-table warning for every plan (see PlanAssert#allowingTinyTables) */
    public EveryPlanAssert allowingTinyTables() {
        tinyTablesAllowed = true;
        return myself;
    }


    /**
     * No Seq Scan of this table in the plans of the statements that read or write it (through its partitions,
     * inheritance children or, for a view, its tables); statements that do not touch it are left out, and the check
     * fails when no planned statement touches it, since it would prove nothing.
     *
     * @param table a table name, optionally schema-qualified
     * @return this assertion
     * @see PlanChecks#hasNoSeqScanOn(String)
     */
    @Override
    public EveryPlanAssert hasNoSeqScanOn(String table) {
        String what = "hasNoSeqScanOn(\"" + table + "\")";
        isNotNull();
        List<Taken> all = plans();
        List<Integer> touching = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).plans().touch(table)) {
                touching.add(i);
            }
        }
        if (!planned.isEmpty() && touching.isEmpty()) {
            throwAssertionError(ShouldPlanStatementOn.create(what, table, planned, skippedText()));
        }
        return satisfy(what, touching, plan -> plan.hasNoSeqScanOn(table));
    }





    /**
     * Compares every statement's plan facts with a baseline file, in the mode that {@code queuetestkit.baselines}
     * (system property, then environment variable) or {@code CI=true} chooses; see
     * {@link #matchesBaseline(Path, BaselineMode)}.
     *
     * <pre>{@code
     * assertThatEveryPlan(captured).matchesBaseline(Path.of("src/test/resources/plans/dequeue.plans"));
     * }</pre>
     *
     * @param file the baseline file, one per capture; created when it does not exist
     * @return this assertion
     */
    public EveryPlanAssert matchesBaseline(Path file) {
        return matchesBaseline(file, BaselineMode.fromSystem());
    }

    /**
     * Compares every statement's plan facts (see {@link PlanFacts}: shape, Seq Scans on tables of 10,000 rows or
     * more, sorts and whether they spill, rows examined per row returned, shared buffers) with the baseline file,
     * keyed by normalized SQL and plan type (custom by default; call {@link #withCustomAndGenericPlans()} first to
     * keep both). Costs, times and parameter values are never compared. Fails when a statement got worse (see
     * {@link FactsComparison} for the rules), showing the baseline and new facts side by side and the new plan with
     * the nodes at fault marked. Better or changed-but-not-worse plans pass and are logged, so the baseline can be
     * tightened.
     *
     * <p>A statement with no baseline is added to the file and passes in {@link BaselineMode#VERIFY}, fails in
     * {@link BaselineMode#CI}; {@link BaselineMode#UPDATE} rewrites the file from the plans just taken. Baselines of
     * statements that did not run are logged (and listed in a failure), never failed on; UPDATE removes them.
     *
     * @param file the baseline file, one per capture; created when it does not exist
     * @param mode verify, update or CI
     * @return this assertion
     * @throws BaselineFileException when the file does not parse (naming file and line) or was recorded on another
     *     PostgreSQL major than the one the plans were taken on
     */
    public EveryPlanAssert matchesBaseline(Path file, BaselineMode mode) {
        isNotNull();
        BaselineFile stored = BaselineFile.read(file);
        Map<BaselineFile.Key, PlanFacts> now = new TreeMap<>();
        Map<BaselineFile.Key, Integer> statementOf = new TreeMap<>();
        Map<BaselineFile.Key, Plan> planOf = new TreeMap<>();
        OptionalInt major = stored.major();
        // A baseline holds one plan per statement and plan type: its first successful execution's.
        for (Taken taken : plans()) {
            if (!taken.variant().isEmpty()) {
                continue;
            }
            int i = taken.group();
            OptionalInt server = PlanFacts.serverMajor(taken.plans());
            if (server.isPresent()) {
                major = server;
            }
            List<PlanFacts> facts = PlanFacts.of(taken.plans());
            for (int j = 0; j < facts.size(); j++) {
                BaselineFile.Key key = new BaselineFile.Key(planned.get(i).normalizedSql().replace('\n', ' '),
                        facts.get(j).type());
                now.put(key, facts.get(j));
                statementOf.put(key, i);
                planOf.put(key, taken.plans().all().get(j));
            }
        }
        if (mode == BaselineMode.UPDATE) {
            BaselineFile updated = new BaselineFile(major, now);
            if (!updated.equals(stored)) {
                updated.write(file);
                LOG.log(Level.INFO, "Plan baseline " + file + " rewritten (" + BaselineMode.SETTING + "=update)");
            }
            return myself;
        }
        if (stored.major().isPresent() && major.isPresent() && stored.major().getAsInt() != major.getAsInt()) {
            throw new BaselineFileException("Plan baseline " + file + " was recorded on PostgreSQL "
                    + stored.major().getAsInt() + ", but these plans were taken on PostgreSQL " + major.getAsInt()
                    + ": another major may plan differently, so they are not compared. Run the tests on the major the"
                    + " baseline was recorded on, or record it again on this one with -D" + BaselineMode.SETTING
                    + "=update and review the diff.");
        }
        List<String> worse = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<BaselineFile.Key, PlanFacts> added = new TreeMap<>();
        for (Map.Entry<BaselineFile.Key, PlanFacts> entry : now.entrySet()) {
            BaselineFile.Key key = entry.getKey();
            PlanFacts baseline = stored.entries().get(key);
            if (baseline == null) {
                missing.add(key.sql() + " (" + key.type().label() + " plan)");
                added.put(key, entry.getValue());
                continue;
            }
            FactsComparison comparison = FactsComparison.of(baseline, entry.getValue());
            int i = statementOf.get(key);
            StatementGroup group = planned.get(i);
            if (comparison.isWorse()) {
                String heading = "Statement " + (i + 1) + " of " + planned.size() + ", run "
                        + CannotReplan.times(group.executions()) + ", " + key.type().label() + " plan: "
                        + group.normalizedSql();
                worse.add(redact(group, ShouldMatchBaseline.regression(heading, comparison, planOf.get(key))));
            } else if (!comparison.better().isEmpty()) {
                LOG.log(Level.INFO, "Plan of " + key.sql() + " is better than its baseline in " + file + ": "
                        + String.join("; ", comparison.better()) + ". Tighten the baseline with -D"
                        + BaselineMode.SETTING + "=update.");
            } else if (!comparison.notes().isEmpty()) {
                LOG.log(Level.INFO, "Plan of " + key.sql() + " against its baseline in " + file + ": "
                        + String.join("; ", comparison.notes()));
            }
        }
        List<String> stale = new ArrayList<>();
        for (BaselineFile.Key key : stored.entries().keySet()) {
            if (!now.containsKey(key)) {
                stale.add(key.sql() + " (" + key.type().label() + " plan)");
            }
        }
        if (!stale.isEmpty()) {
            LOG.log(Level.WARNING, "Plan baseline " + file + " holds statements that did not run:"
                    + ShouldMatchBaseline.stale(stale));
        }
        if (mode == BaselineMode.VERIFY && !added.isEmpty()) {
            Map<BaselineFile.Key, PlanFacts> merged = new TreeMap<>(stored.entries());
            merged.putAll(added);
            new BaselineFile(major, merged).write(file);
            LOG.log(Level.WARNING, "Plan baseline " + file + ": recorded " + added.size() + " new statement(s);"
                    + " commit the file. In CI (CI=true or " + BaselineMode.SETTING + "=ci) a missing baseline fails.");
            missing.clear();
        }
        if (!worse.isEmpty() || !missing.isEmpty()) {
            throwAssertionError(ShouldMatchBaseline.create(file.toString(), planned.size(), worse, missing, stale));
        }
        return myself;
    }

    /**
     * Any plan assertions, on every statement's plan.
     *
     * @param requirements e.g. {@code plan -> plan.usesIndexOn("jobs").rowsExaminedAtMost(50)}
     * @return this assertion
     */
    public EveryPlanAssert satisfy(Consumer<PlanAssert> requirements) {
        return check("the requirements", requirements);
    }

    /**
     * Applies a check to every statement's plans; see {@link PlanChecks}.
     *
     * @param what the check as the user called it, named in the failure
     * @param requirements the check, on one statement's plans
     * @return this assertion
     */
    @Override
    public EveryPlanAssert check(String what, Consumer<PlanAssert> requirements) {
        isNotNull();
        if (planned.isEmpty()) {
            throwAssertionError(ShouldHaveEveryPlanSatisfy.nonePlanned(plansLabel(), what, skippedText(),
                    actual.count()));
        }
        List<Taken> all = plans();
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!hiddenWork.containsKey(all.get(i).group())) {
                shown.add(i);
            }
        }
        if (shown.isEmpty()) {
            throwAssertionError(ShouldHaveEveryPlanSatisfy.onlyFunctionCalls(plansLabel(), what, hiddenText(),
                    skippedText()));
        }
        return satisfy(what, shown, requirements);
    }

    /** Applies the requirements to the plans of the statements at {@code which}; the others are left out. */
    private EveryPlanAssert satisfy(String what, List<Integer> which, Consumer<PlanAssert> requirements) {
        isNotNull();
        if (planned.isEmpty()) {
            throwAssertionError(ShouldHaveEveryPlanSatisfy.nonePlanned(plansLabel(), what, skippedText(),
                    actual.count()));
        }
        List<Taken> all = plans();
        List<String> failures = new ArrayList<>();
        Set<Integer> failed = new TreeSet<>();
        for (int i : which) {
            Taken taken = all.get(i);
            PlanAssert plan = new PlanAssert(taken.plans());
            if (tinyTablesAllowed) {
                plan.allowingTinyTables();
            }
            try {
                requirements.accept(plan);
            } catch (AssertionError e) {
                StatementGroup group = planned.get(taken.group());
                failed.add(taken.group());
                failures.add(redact(group, "Statement " + (taken.group() + 1) + " of " + planned.size() + ", run "
                        + CannotReplan.times(group.executions()) + taken.variant() + ": " + group.normalizedSql()
                        + e.getMessage()));
            }
        }
        if (!failures.isEmpty()) {
            throwAssertionError(ShouldHaveEveryPlanSatisfy.create(plansLabel(), what, failures, failed.size(),
                    planned.size(), skippedText() + hiddenText()));
        }
        return myself;
    }

    private String plansLabel() {
        if (planTypes.size() > 1) {
            return "custom and generic plans";
        }
        return planTypes.get(0) == PlanType.GENERIC ? "generic plan" : "plan";
    }

    private List<Taken> plans() {
        if (plans == null) {
            List<Taken> taken = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                StatementGroup group = planned.get(i);
                List<Execution> distinct = Execution.distinct(group, planTypes.contains(PlanType.CUSTOM));
                // The first execution is explained in full first: that analyzes the tables whose statistics are
                // missing or stale (rows the test loaded), which the plain plans comparing the others rely on.
                taken.add(new Taken(i, explain(group, distinct.get(0)), ""));
                List<Execution> chosen = distinct.size() == 1 ? distinct : byPlanShape(group, distinct);
                for (int v = 1; v < chosen.size(); v++) {
                    Execution execution = chosen.get(v);
                    String variant = ", " + ShouldHaveEveryPlanSatisfy.variant(v + 1, chosen.size(),
                            distinct.size(), redact(group, execution.describe(ownSearchPath(execution).isPresent())));
                    taken.add(new Taken(i, explain(group, execution), variant));
                }
            }
            plans = taken;
            hiddenWork = hiddenWork(taken);
        }
        return plans;
    }

    /**
     * The executions of a statement that get plans of their own: the first successful one, then the first of each
     * other plan shape that planning without running finds among the distinct executions. Statistics skew makes the
     * planner pick another plan for another value (a common state, a big tenant), so planning only the first would
     * pass a statement whose later executions scanned the whole table.
     */
    private List<Execution> byPlanShape(StatementGroup group, List<Execution> distinct) {
        List<Execution> examined = Execution.sample(distinct, EXECUTIONS_EXAMINED);
        if (examined.size() < distinct.size()) {
            LOG.log(Level.INFO, "everyPlan(): " + group.normalizedSql() + " ran with " + distinct.size()
                    + " distinct texts or parameter sets; the plans of " + examined.size() + " of them (the first with"
                    + " each value of a parameter that takes few, the rest spread over the run) were compared to find"
                    + " the plans they got.");
        }
        Map<String, Execution> byShape = new LinkedHashMap<>();
        // One connection for them all: a new one per plan cost more than the planning.
        try (Connection connection = target.getConnection()) {
            List<Execution> unbindable = new ArrayList<>();
            for (Execution execution : examined) {
                if (execution != distinct.get(0) && execution.bindings().stream()
                        .anyMatch(b -> b != null && b.whyNotReplayable().isPresent())) {
                    // bound from a stream or reader, consumed by the code: it cannot be planned again
                    unbindable.add(execution);
                    continue;
                }
                byShape.putIfAbsent(EstimatedShape.of(connection, execution, ownSearchPath(execution).orElse(null)),
                        execution);
            }
            if (!unbindable.isEmpty()) {
                LOG.log(Level.WARNING, "everyPlan(): " + group.normalizedSql() + ": " + unbindable.size()
                        + " of its executions were bound from a stream or reader and cannot be planned again; their"
                        + " plans were not compared.");
            }
        } catch (SQLException e) {
            throw new QueueTestkitException(redact(group, CannotReplan.failed(group, e.getMessage(), e.getSQLState())),
                    e);
        }
        return List.copyOf(byShape.values());
    }

    /**
     * @return the search_path the code's session had when the execution ran, when it is known and not the one a new
     *     connection to the database gets: the plan is taken with it ({@code SET LOCAL}), so it reads the tables the
     *     code read
     */
    private Optional<String> ownSearchPath(Execution execution) {
        String path = execution.statement().searchPath().orElse(null);
        if (path == null) {
            return Optional.empty();
        }
        if (newSessionSearchPath == null) {
            try (Connection connection = target.getConnection(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT pg_catalog.current_setting('search_path')")) {
                rs.next();
                newSessionSearchPath = rs.getString(1);
            } catch (SQLException e) {
                throw new QueueTestkitException("everyPlan(): reading the search_path of a new connection to the"
                        + " database the statements ran against failed: " + e.getMessage(), e);
            }
        }
        return path.equals(newSessionSearchPath) ? Optional.empty() : Optional.of(path);
    }

    private Plans explain(StatementGroup group, Execution execution) {
        CapturedStatement statement = execution.statement();
        // A plain Statement has no placeholders: its ? is an operator, which the PreparedStatement that explains it
        // must read as one.
        String sql = statement.via() == CapturedStatement.Via.STATEMENT
                ? SqlLexing.questionMarksEscaped(statement.sql()) : statement.sql();
        Map<String, String> settings = ownSearchPath(execution).map(path -> Map.of("search_path", path))
                .orElse(Map.of());
        Explain request = new Explain(sql, parameters(group, execution.bindings()), true, planTypes, settings,
                statement.maxRows());
        try {
            return request.explain(target);
        } catch (ExplainException e) {
            throw new QueueTestkitException(redact(group, CannotReplan.failed(group, e.getMessage(),
                    e.sqlState().orElse(null))), e);
        } catch (QueueTestkitException e) {
            throw new QueueTestkitException(redact(group, CannotReplan.failed(group, e.getMessage(), null)), e);
        }
    }

    /** The statements whose plans read no table and that call functions of the database's own, with those names. */
    private Map<Integer, List<String>> hiddenWork(List<Taken> taken) {
        Map<Integer, List<String>> calls = new TreeMap<>();
        for (Taken one : taken) {
            if (!one.variant().isEmpty()) {
                continue;
            }
            int i = one.group();
            boolean readsNoTable = one.plans().all().stream().allMatch(plan -> plan.tables().isEmpty());
            List<String> called = readsNoTable ? SqlShape.functionCalls(plannedWith.get(i).sql()) : List.of();
            if (!called.isEmpty()) {
                calls.put(i, called);
            }
        }
        if (calls.isEmpty()) {
            return Map.of();
        }
        Set<String> own = OwnFunctions.among(target, calls.values().stream().flatMap(List::stream).distinct()
                .toList());
        Map<Integer, List<String>> hidden = new TreeMap<>();
        calls.forEach((i, called) -> {
            List<String> ownCalled = called.stream().filter(own::contains).toList();
            if (!ownCalled.isEmpty()) {
                hidden.put(i, ownCalled);
            }
        });
        return hidden;
    }

    private String hiddenText() {
        if (hiddenWork.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nNot checked (the plan only calls a function of the database's own,"
                + " and shows none of the statements inside it):");
        hiddenWork.forEach((i, functions) -> out.append("\n  ").append(planned.get(i).normalizedSql())
                .append("  calls ").append(String.join(", ", functions)));
        return out.toString();
    }

    /** The execution's parameters, each bound again with the setter call the code made. */
    private List<Object> parameters(StatementGroup group, List<BoundParameter> bindings) {
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i++) {
            BoundParameter binding = bindings.get(i);
            if (binding == null) {
                parameters.add(null);
                continue;
            }
            Optional<String> why = binding.whyNotReplayable();
            if (why.isPresent()) {
                throw new QueueTestkitException(redact(group, CannotReplan.unbindable(group, i + 1, binding,
                        why.get())));
            }
            parameters.add(SqlParameter.bound(binding.value(), binding.binding(), binding::bindTo));
        }
        return parameters;
    }

    /** Replaces the values of secret parameters wherever they appear: the custom plan inlines them in conditions. */
    private String redact(StatementGroup group, String text) {
        CapturedStatement first = group.firstSucceeded().orElse(group.first());
        Set<Integer> hidden = actual.secrets().hiddenIndexes(first.shape().placeholderColumns());
        if (hidden.isEmpty()) {
            return text;
        }
        String out = text;
        // every execution's values: a failure may show any execution's plan
        for (List<Object> values : group.parameterSets()) {
            for (int position : hidden) {
                if (position <= values.size()) {
                    Object value = values.get(position - 1);
                    if (value != null && !value.toString().isEmpty()) {
                        out = out.replace(value.toString(), "<secret>");
                    }
                }
            }
        }
        return out;
    }

    private String skippedText() {
        if (skipped.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nNot planned (not SELECT, INSERT, UPDATE, DELETE or MERGE, or failed"
                + " every time):");
        skipped.forEach(group -> out.append("\n  ").append(group.normalizedSql()));
        return out.toString();
    }
}
