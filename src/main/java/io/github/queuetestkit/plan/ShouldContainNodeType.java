package io.github.queuetestkit.plan;

import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link PlanAssert#containsNodeType}. */
final class ShouldContainNodeType extends BasicErrorMessageFactory {

    private ShouldContainNodeType(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldContainNodeType create(String planName, List<String> missing, Plan plan) {
        String present = plan.nodes().map(PlanNode::operationName).distinct().collect(Collectors.joining(", "));
        return new ShouldContainNodeType(PlanMessages.failure("Expecting " + planName + " to contain " + String.join(" and ", missing)
                + ", but it has no such node; its nodes are: " + present + ".", plan, List.of()));
    }
}
