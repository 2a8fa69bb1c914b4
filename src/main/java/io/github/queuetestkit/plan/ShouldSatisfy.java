package io.github.queuetestkit.plan;

import java.util.List;

/** Wording of {@link PlanAssert#satisfies(java.util.function.Consumer)}. */
final class ShouldSatisfy {

    private ShouldSatisfy() {
    }

    static String create(String planName, AssertionError failure, Plan plan) {
        return PlanMessages.failure("Expecting " + planName + " to satisfy the given requirements, but: "
                + failure.getMessage().strip(), plan, List.of());
    }
}
