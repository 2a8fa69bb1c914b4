package io.github.queuetestkit.plan;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link PlanAssert#sortsOnlyInMemory()}. */
final class ShouldSortInMemory extends BasicErrorMessageFactory {

    private ShouldSortInMemory(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldSortInMemory create(String planName, List<PlanNode> spilled, Plan plan) {
        return new ShouldSortInMemory(PlanMessages.failure("Expecting every sort of " + planName + " to stay in memory, but "
                + spilled.size() + (spilled.size() == 1 ? " spilled" : " spilled") + " to disk: "
                + PlanMessages.join(spilled, ShouldNotContainNodes::sortFacts)
                + " (raise work_mem, sort fewer rows, or read them in order from an index).", plan, spilled));
    }
}
