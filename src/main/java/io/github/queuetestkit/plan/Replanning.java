package io.github.queuetestkit.plan;

import io.github.queuetestkit.QueueTestkitException;
import io.github.queuetestkit.plan.internal.PlanSource;
import io.github.queuetestkit.plan.internal.WithoutIndex;
import java.util.List;

/**
 * The plan checks that plan the statement again, on the database the plans came from: without an index (does it
 * earn its keep?) or with the planner forced (can it serve at all?). {@link PlanAssert} keeps the verdicts on the
 * plans it was given and hands these here.
 */
final class Replanning {

    private Replanning() {
    }

    /** @see PlanAssert#needsIndex(String) */
    static PlanAssert needsIndex(PlanAssert assertion, String index) {
        assertion.usesIndex(index);
        NamedRelation named = NamedRelation.index("needsIndex(" + PlanMessages.quoted(index) + ")", index,
                assertion.catalog(), assertion.actualPlan());
        List<Plan> without = plansWithout(assertion, "needsIndex", index);
        List<Plan> taken = assertion.plans().all();
        return assertion.eachPlan((plan, name) -> {
            if (plan.nodes().noneMatch(named.readerIn(plan))) {
                return null;
            }
            PlanComparison comparison = new PlanComparison(plan, without.get(taken.indexOf(plan)));
            return comparison.worseOn().isEmpty() ? ShouldNeedIndex.index(name, index, comparison) : null;
        });
    }

    /** @see PlanAssert#hasNoSeqScanOnThanksTo(String, String) */
    static PlanAssert hasNoSeqScanOnThanksTo(PlanAssert assertion, String table, String index) {
        assertion.noSeqScanOn(table);
        String called = "hasNoSeqScanOnThanksTo(" + PlanMessages.quoted(table) + ", " + PlanMessages.quoted(index)
                + ")";
        NamedRelation named = NamedRelation.table(called, table, assertion.catalog(), assertion.actualPlan());
        NamedRelation indexed = NamedRelation.index(called, index, assertion.catalog(), assertion.actualPlan());
        // an index of another table (of the same name in another schema, say) cannot keep a Seq Scan off this one;
        // a partitioned index can, for the partitions of its table
        indexed.indexedTable(assertion.catalog()).filter(t -> !named.standsFor(t) && !t.standsFor(named))
                .ifPresent(t -> {
                    throw new QueueTestkitException(UnknownRelation.indexOfAnotherTable(called, index,
                            t.qualifiedName(), table));
                });
        List<Plan> without = plansWithout(assertion, "hasNoSeqScanOnThanksTo", index);
        List<Plan> taken = assertion.plans().all();
        return assertion.eachPlan((plan, name) -> {
            if (plan.nodes().anyMatch(n -> named.isOn(n) && n.nodeType().equals("Seq Scan"))) {
                return null;
            }
            PlanComparison comparison = new PlanComparison(plan, without.get(taken.indexOf(plan)));
            return comparison.worseOn().isEmpty() ? ShouldNeedIndex.seqScan(name, table, index, comparison) : null;
        });
    }

    /** @see PlanAssert#canBeServedByIndex(String) */
    static PlanAssert canBeServedByIndex(PlanAssert assertion, String index) {
        String called = "canBeServedByIndex(" + PlanMessages.quoted(index) + ")";
        PlanSource source = requireSource(assertion, called);
        NamedRelation named = NamedRelation.index(called, index, assertion.catalog(), assertion.actualPlan());
        Plans forced = assertion.plans().request().withPlannerForcedToAvoidSeqScanAndSort().explainWith(source);
        return assertion.eachPlan(forced, (plan, name) -> plan.nodes().anyMatch(named.readerIn(plan)) ? null
                : ShouldBeServableByIndex.create(name, index, plan));
    }

    private static List<Plan> plansWithout(PlanAssert assertion, String called, String index) {
        return WithoutIndex.explain(requireSource(assertion, called + "(" + PlanMessages.quoted(index) + ")"),
                assertion.plans().request(), index);
    }

    private static PlanSource requireSource(PlanAssert assertion, String called) {
        return assertion.plans().source().orElseThrow(() -> new QueueTestkitException(called + " plans the statement"
                + " again, so it needs the database the plan came from; a plan parsed from JSON cannot be planned"
                + " again. Take the plan with assertThatPlan(dataSource, sql, parameters...)."));
    }
}
