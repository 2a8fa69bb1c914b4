package io.github.queuetestkit.plan;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of the necessity control: {@link PlanAssert#needsIndex} and {@link PlanAssert#hasNoSeqScanOnThanksTo}.
 * Both show the plan that wins when the index is gone, and the figures of both plans.
 */
final class ShouldNeedIndex extends BasicErrorMessageFactory {

    private ShouldNeedIndex(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldNeedIndex index(String planName, String index, PlanComparison comparison) {
        return new ShouldNeedIndex(message("Expecting " + planName + " to need index " + PlanMessages.quoted(index), index, comparison,
                comparison.with().nodesUsingIndex(index)));
    }

    static ShouldNeedIndex seqScan(String planName, String table, String index, PlanComparison comparison) {
        return new ShouldNeedIndex(message("Expecting " + planName + " to avoid a Seq Scan on " + PlanMessages.quoted(table)
                + " thanks to index " + PlanMessages.quoted(index), index, comparison,
                comparison.with().nodesUsingIndex(index)));
    }

    private static String message(String expecting, String index, PlanComparison comparison, List<PlanNode> marked) {
        Plan without = comparison.without();
        List<PlanNode> scans = without.nodesWhere(PlanNode::isTableScan);
        String sentence = expecting + ": planned without it (dropped in a transaction that was rolled back), the plan"
                + " should be measurably worse (at least " + PlanComparison.FACTOR + "x the shared buffers, rows"
                + " examined or total cost), but it is not: " + comparison.figures() + " (with -> without). Without it"
                + " the plan reads " + (scans.isEmpty() ? "no table" : PlanMessages.join(scans, PlanMessages::scanFacts))
                + ": the index is redundant for this statement, or the data too small to need it.";
        return PlanMessages.failure(sentence, comparison.with(), marked) + "\nPlan without "
                + PlanMessages.quoted(index) + " (the plan that wins when it is gone):\n" + without.render(scans);
    }
}
