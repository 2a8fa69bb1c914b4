package io.github.queuetestkit.sql;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.Explain;
import io.github.queuetestkit.plan.PlanAssert;
import io.github.queuetestkit.plan.Plans;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Plan assertions applied to every distinct statement the code under test ran: each is planned again with the
 * parameters of its first execution, analyzed in a transaction that is rolled back (so a captured dequeue or
 * delete changes nothing), on the database it ran against. Reach it with {@link StatementsAssert#everyPlan()}.
 *
 * <pre>{@code
 * assertThatStatements(captured).everyPlan().hasNoSeqScanOn("jobs").hasNoSort();
 * assertThatStatements(captured).updates("jobs").everyPlan().satisfy(plan -> plan.rowsExaminedAtMost(10));
 * }</pre>
 *
 * <p>Planned: SELECT, INSERT, UPDATE, DELETE and MERGE statements (WITH statements are classified by their main
 * verb) that did not fail. Skipped, and named in failure messages: transaction control, SET, DDL, COPY, CALL and
 * statements that failed. A failure names each statement at fault (normalized SQL, how many times it ran) with its
 * plan, the nodes at fault marked. Secret parameters (see {@link CapturedStatements#withSecrets}) are replaced by
 * {@code <secret>} wherever their values appear in a failure, the plan included.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class EveryPlanAssert extends AbstractAssert<EveryPlanAssert, CapturedStatements> {

    private static final Set<StatementKind> PLANNED = EnumSet.of(StatementKind.SELECT, StatementKind.INSERT,
            StatementKind.UPDATE, StatementKind.DELETE, StatementKind.MERGE);

    private final List<StatementGroup> planned = new ArrayList<>();
    private final List<StatementGroup> skipped = new ArrayList<>();
    private final DataSource target;
    private List<Plans> plans;
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
            boolean plannable = PLANNED.contains(group.first().kind()) && group.first().failure().isEmpty();
            (plannable ? planned : skipped).add(group);
        }
    }

    /** @return this assertion, without the tiny-table warning for every plan (see PlanAssert#allowingTinyTables) */
    public EveryPlanAssert allowingTinyTables() {
        tinyTablesAllowed = true;
        return myself;
    }

    /**
     * @return this assertion
     * @see PlanAssert#hasNoSeqScan()
     */
    public EveryPlanAssert hasNoSeqScan() {
        return satisfy("hasNoSeqScan()", PlanAssert::hasNoSeqScan);
    }

    /**
     * @param table a table name
     * @return this assertion
     * @see PlanAssert#hasNoSeqScanOn(String)
     */
    public EveryPlanAssert hasNoSeqScanOn(String table) {
        String what = "hasNoSeqScanOn(\"" + table + "\")";
        isNotNull();
        List<Plans> all = plans();
        List<Integer> touching = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).touch(table)) {
                touching.add(i);
            }
        }
        if (!planned.isEmpty() && touching.isEmpty()) {
            failWithMessage("%s", ShouldPlanStatementOn.create(what, table, planned, skippedText()));
        }
        return satisfy(what, touching, plan -> plan.hasNoSeqScanOn(table));
    }

    /**
     * @return this assertion
     * @see PlanAssert#hasNoSort()
     */
    public EveryPlanAssert hasNoSort() {
        return satisfy("hasNoSort()", PlanAssert::hasNoSort);
    }

    /**
     * @param max the budget per statement
     * @return this assertion
     * @see PlanAssert#rowsExaminedAtMost(long)
     */
    public EveryPlanAssert rowsExaminedAtMost(long max) {
        return satisfy("rowsExaminedAtMost(" + max + ")", plan -> plan.rowsExaminedAtMost(max));
    }

    /**
     * @param max the highest ratio per statement
     * @return this assertion
     * @see PlanAssert#rowsExaminedPerRowReturnedAtMost(double)
     */
    public EveryPlanAssert rowsExaminedPerRowReturnedAtMost(double max) {
        return satisfy("rowsExaminedPerRowReturnedAtMost(" + max + ")", plan -> plan.rowsExaminedPerRowReturnedAtMost(max));
    }

    /**
     * @param max the budget per statement, in 8 kB blocks
     * @return this assertion
     * @see PlanAssert#sharedBuffersAtMost(long)
     */
    public EveryPlanAssert sharedBuffersAtMost(long max) {
        return satisfy("sharedBuffersAtMost(" + max + ")", plan -> plan.sharedBuffersAtMost(max));
    }

    /**
     * Any plan assertions, on every statement's plan.
     *
     * @param requirements e.g. {@code plan -> plan.usesIndexOn("jobs").rowsExaminedAtMost(50)}
     * @return this assertion
     */
    public EveryPlanAssert satisfy(Consumer<PlanAssert> requirements) {
        return satisfy("the requirements", requirements);
    }

    private EveryPlanAssert satisfy(String what, Consumer<PlanAssert> requirements) {
        isNotNull();
        List<Integer> every = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            every.add(i);
        }
        return satisfy(what, every, requirements);
    }

    /** Applies the requirements to the plans of the statements at {@code which}; the others are left out. */
    private EveryPlanAssert satisfy(String what, List<Integer> which, Consumer<PlanAssert> requirements) {
        isNotNull();
        if (planned.isEmpty()) {
            failWithMessage("%s", "\nExpecting every captured statement's plan to satisfy " + what + ", but no statement"
                    + " could be planned." + skippedText() + "\nCaptured: " + actual.count() + " statements.");
        }
        List<Plans> all = plans();
        List<String> failures = new ArrayList<>();
        for (int i : which) {
            PlanAssert plan = new PlanAssert(all.get(i));
            if (tinyTablesAllowed) {
                plan.allowingTinyTables();
            }
            try {
                requirements.accept(plan);
            } catch (AssertionError e) {
                StatementGroup group = planned.get(i);
                failures.add(redact(group, "Statement " + (i + 1) + " of " + planned.size() + ", run "
                        + times(group.executions()) + ": " + group.normalizedSql() + e.getMessage()));
            }
        }
        if (!failures.isEmpty()) {
            failWithMessage("%s", "\nExpecting every captured statement's plan to satisfy " + what + ", but "
                    + failures.size() + " of " + planned.size() + " did not." + skippedText() + "\n\n"
                    + String.join("\n\n", failures));
        }
        return myself;
    }

    private List<Plans> plans() {
        if (plans == null) {
            List<Plans> taken = new ArrayList<>();
            for (StatementGroup group : planned) {
                try {
                    taken.add(Explain.of(group.sql(), group.parameters().toArray()).explain(target));
                } catch (QueueTestkitException e) {
                    throw new QueueTestkitException(redact(group, "Could not plan the captured statement "
                            + group.normalizedSql() + " (run " + times(group.executions()) + ") again with the parameters"
                            + " of its first execution: " + e.getMessage() + "\nNarrow the check with a filter, e.g."
                            + " assertThatStatements(captured).selectsFrom(\"jobs\").everyPlan(), to leave it out."), e);
                }
            }
            plans = taken;
        }
        return plans;
    }

    /** Replaces the values of secret parameters wherever they appear: the custom plan inlines them in conditions. */
    private String redact(StatementGroup group, String text) {
        CapturedStatement first = group.first();
        Set<Integer> hidden = actual.secrets().hiddenIndexes(first.shape().placeholderColumns());
        String out = text;
        for (int position : hidden) {
            if (position <= first.parameters().size()) {
                Object value = first.parameters().get(position - 1);
                if (value != null && !value.toString().isEmpty()) {
                    out = out.replace(value.toString(), "<secret>");
                }
            }
        }
        return out;
    }

    private String skippedText() {
        if (skipped.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nNot planned (not SELECT, INSERT, UPDATE, DELETE or MERGE, or failed):");
        skipped.forEach(group -> out.append("\n  ").append(group.normalizedSql()));
        return out.toString();
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
