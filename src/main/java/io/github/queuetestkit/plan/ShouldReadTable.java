package io.github.queuetestkit.plan;

import io.github.queuetestkit.plan.internal.PlanJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of a table assertion whose table the plan does not read at all: such a check would prove nothing, so it
 * fails and says what the plan does read and why the table may be out of its sight (a view's tables, pruned
 * partitions, functions, triggers and rules).
 */
final class ShouldReadTable extends BasicErrorMessageFactory {

    private ShouldReadTable(String message) {
        super("%s", unquotedString(message));
    }

    /** {@link PlanAssert#usesIndexOn}: the table must be read, through an index. */
    static ShouldReadTable throughIndex(String planName, NamedRelation table, Plan plan) {
        return new ShouldReadTable(PlanMessages.failure("Expecting " + planName + " to read " + PlanMessages.quoted(table.name())
                + " through an index, but it does not read it at all." + why(table, plan), plan, List.of()));
    }

    /** {@link PlanAssert#hasNoSeqScanOn}: a plan that does not read the table proves nothing about its scans. */
    static ShouldReadTable withoutSeqScan(String planName, NamedRelation table, Plan plan) {
        return new ShouldReadTable(PlanMessages.failure("Expecting " + planName + " to have no Seq Scan on " + PlanMessages.quoted(
                table.name()) + ", but it does not read " + PlanMessages.quoted(table.name()) + " at all, so the"
                + " check would prove nothing." + why(table, plan), plan, List.of()));
    }

    private static String why(NamedRelation table, Plan plan) {
        List<String> lines = new ArrayList<>();
        List<PlanNode> scans = plan.nodesWhere(n -> n.relationName() != null);
        lines.add(scans.isEmpty() ? "The plan reads no table."
                : "The plan reads: " + scans.stream().map(PlanNode::headline).distinct()
                        .collect(Collectors.joining("; ")) + ".");
        List<String> stoodFor = table.stoodFor();
        if (table.kindName().equals("view")) {
            lines.add(PlanMessages.quoted(table.name()) + " is a view; it stands for the tables it reads ("
                    + String.join(", ", stoodFor) + "), and the plan reads none of them.");
        } else if (table.kindName().equals("partitioned table")) {
            lines.add(PlanMessages.quoted(table.name()) + " is a partitioned table; the plan reads none of its"
                    + " partitions" + (stoodFor.isEmpty() ? " (it has none)" : " (" + String.join(", ", stoodFor)
                    + ")") + ": the statement's conditions may have pruned them all.");
        }
        List<String> functions = plan.nodesOfType("Function Scan").stream()
                .map(n -> String.valueOf(n.properties().get("Function Name")) + "()").distinct().toList();
        if (!functions.isEmpty()) {
            lines.add("It calls " + String.join(", ", functions) + " (Function Scan): a plan does not show the"
                    + " statements inside a function.");
        }
        List<String> triggers = PlanJson.triggers(plan.json()).stream().map(t -> t.name() + " on " + t.relation()
                + " (" + t.calls() + (t.calls() == 1 ? " call)" : " calls)")).toList();
        if (!triggers.isEmpty()) {
            lines.add("Triggers fired: " + String.join(", ", triggers) + ": the statements they run are not in the"
                    + " plan.");
        }
        lines.add("A plan shows only the tables the statement itself reads or writes; what it reaches through"
                + " functions, triggers or rules is not in it. Assert on those statements themselves (plan the"
                + " function's query with assertThatPlan, or list what ran with ServerStatements), or name a table"
                + " the statement reads.");
        return "\n" + String.join("\n", lines);
    }
}
