package io.github.queuetestkit.plan;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link PlanAssert#usesIndex}, {@link PlanAssert#usesIndexOn} and {@link PlanAssert#usesIndexOnlyScan}. */
final class ShouldUseIndex extends BasicErrorMessageFactory {

    private ShouldUseIndex(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param table the index's table, or null when unknown (a stored plan)
     * @param tableScans how the plan reads that table (or every table scan when the table is unknown)
     */
    static ShouldUseIndex index(String planName, String index, NamedRelation table, List<PlanNode> tableScans, Plan plan) {
        String found;
        List<PlanNode> namesakes = table == null ? List.of()
                : plan.nodesWhere(n -> n.isTableScan() && table.name().equalsIgnoreCase(n.relationName()));
        if (tableScans.isEmpty() && !namesakes.isEmpty()) {
            // the index resolved on the plan's search_path to another schema's table than the one the statement
            // reads (a schema-qualified table): "does not read it at all" would contradict the plan printed below
            found = "it reads another table of that name: " + String.join(", ", namesakes.stream()
                    .map(n -> n.tableSchema() == null ? n.relationName() + " of another schema"
                            : n.tableSchema() + "." + n.relationName()).distinct().toList())
                    + ", with " + PlanMessages.join(namesakes, PlanMessages::scanFacts) + "; the index is on "
                    + table.qualifiedName() + (index.contains(".") ? ""
                            : " (an unqualified index name is looked up on the plan's search_path; qualify it to mean"
                                    + " another schema's index)");
        } else if (tableScans.isEmpty()) {
            found = table == null ? "it reads no table"
                    : "it does not read " + PlanMessages.quoted(table.name()) + " at all";
        } else {
            found = "no node reads it; " + (table == null ? "the tables are read by " : PlanMessages.quoted(table.name())
                    + " is read by ") + PlanMessages.join(tableScans, n -> PlanMessages.scanFacts(n, table));
        }
        return new ShouldUseIndex(PlanMessages.failure("Expecting " + planName + " to use index " + PlanMessages.quoted(index)
                + (table == null ? "" : " on " + PlanMessages.quoted(table.name())) + ", but " + found + ".", plan,
                tableScans));
    }

    static ShouldUseIndex anyIndexOn(String planName, NamedRelation table, List<PlanNode> tableScans, Plan plan) {
        return new ShouldUseIndex(PlanMessages.failure("Expecting " + planName + " to read " + PlanMessages.quoted(table.name())
                + " through an index, but it reads it with " + PlanMessages.join(tableScans,
                        n -> PlanMessages.scanFacts(n, table)) + ".", plan, tableScans));
    }

    /**
     * @param index the index asked for, or null for "any index"
     * @param scans the scans of that index (or every scan when any index would do) that are not index-only
     */
    static ShouldUseIndex indexOnly(String planName, String index, List<PlanNode> scans, Plan plan) {
        String wanted = index == null ? "an Index Only Scan" : "an Index Only Scan of " + PlanMessages.quoted(index);
        String found = scans.isEmpty() ? (index == null ? "it has none and reads no table"
                : "no node reads that index") : "it reads with " + PlanMessages.join(scans, PlanMessages::scanFacts);
        return new ShouldUseIndex(PlanMessages.failure("Expecting " + planName + " to use " + wanted + ", but " + found + ".", plan, scans));
    }
}
