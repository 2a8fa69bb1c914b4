package io.github.queuetestkit.plan;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of {@link PlanAssert#hasNoSeqScan()}, {@link PlanAssert#hasNoSeqScanOn}, {@link PlanAssert#hasNoSort()}
 * and {@link PlanAssert#doesNotContainNodeType}.
 */
final class ShouldNotContainNodes extends BasicErrorMessageFactory {

    private ShouldNotContainNodes(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldNotContainNodes seqScan(String planName, NamedRelation table, List<PlanNode> found, Plan plan) {
        String what = "Seq Scan" + (table == null ? "" : " on " + PlanMessages.quoted(table.name()));
        return new ShouldNotContainNodes(PlanMessages.failure("Expecting " + planName + " to have no " + what + ", but it has " + found.size()
                + ": " + PlanMessages.join(found, n -> PlanMessages.scanFacts(n, table)) + ".", plan, found));
    }

    static ShouldNotContainNodes sort(String planName, List<PlanNode> found, Plan plan) {
        return new ShouldNotContainNodes(PlanMessages.failure("Expecting " + planName + " to have no Sort, but it has " + found.size() + ": "
                + PlanMessages.join(found, ShouldNotContainNodes::sortFacts) + ".", plan, found));
    }

    static ShouldNotContainNodes nodeType(String planName, List<String> types, List<PlanNode> found, Plan plan) {
        return new ShouldNotContainNodes(PlanMessages.failure("Expecting " + planName + " to contain no " + String.join(" or ", types)
                + " node, but it has " + found.size() + ": " + PlanMessages.join(found, PlanNode::headline) + ".", plan,
                found));
    }

    /** "Sort by priority DESC, run_at (10,000 rows in, quicksort in Memory 1,234kB)" */
    static String sortFacts(PlanNode sort) {
        StringBuilder s = new StringBuilder(sort.operationName()).append(" by ")
                .append(String.join(", ", sort.sortKeys()));
        if (!sort.wasExecuted()) {
            return s.append(sort.actual().isPresent() ? " (never executed)" : " (estimated "
                    + PlanMessages.rows(Math.round(sort.estimatedRows())) + ")").toString();
        }
        long in = sort.children().isEmpty() ? 0
                : sort.children().get(0).actual().map(a -> Math.round(a.totalRows())).orElse(0L);
        s.append(" (").append(PlanMessages.rows(in)).append(" in");
        if (sort.sortMethod() != null) {
            s.append(", ").append(sort.sortMethod()).append(" in ").append(sort.sortSpaceType()).append(' ')
                    .append(PlanMessages.number(sort.sortSpaceUsedKb())).append("kB");
        }
        return s.append(')').toString();
    }
}
