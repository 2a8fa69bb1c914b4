package io.github.queuetestkit.plan;

import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link PlanAssert#canBeServedByIndex}: even a forced planner does not read the index. */
final class ShouldBeServableByIndex extends BasicErrorMessageFactory {

    private ShouldBeServableByIndex(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param planName e.g. "the plan"
     * @param index the index as the assertion named it
     * @param forced the plan taken with the planner forced
     */
    static ShouldBeServableByIndex create(String planName, String index, Plan forced) {
        return new ShouldBeServableByIndex(PlanMessages.failure("Expecting index " + PlanMessages.quoted(index)
                + " to be able to serve the statement, but even with the planner forced (enable_seqscan=off,"
                + " enable_sort=off) no node of " + planName + " reads it: the index does not fit the statement's"
                + " conditions or order.", forced, forced.nodesWhere(PlanNode::isTableScan)));
    }
}
