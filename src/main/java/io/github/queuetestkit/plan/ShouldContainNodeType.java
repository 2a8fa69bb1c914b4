package io.github.queuetestkit.plan;

import java.util.List;
import java.util.stream.Collectors;

/** Wording of {@link PlanAssert#containsNodeType}. */
final class ShouldContainNodeType {

    private ShouldContainNodeType() {
    }

    static String create(String planName, List<String> missing, Plan plan) {
        String present = plan.nodes().map(PlanNode::operationName).distinct().collect(Collectors.joining(", "));
        return PlanMessages.failure("Expecting " + planName + " to contain " + String.join(" and ", missing)
                + ", but it has no such node; its nodes are: " + present + ".", plan, List.of());
    }
}
