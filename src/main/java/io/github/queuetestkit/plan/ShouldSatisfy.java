package io.github.queuetestkit.plan;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/** Wording of {@link PlanAssert#satisfies(java.util.function.Consumer)}. */
final class ShouldSatisfy extends BasicErrorMessageFactory {

    private ShouldSatisfy(String message) {
        super("%s", unquotedString(message));
    }

    static ShouldSatisfy create(String planName, AssertionError failure, Plan plan) {
        return new ShouldSatisfy(PlanMessages.failure("Expecting " + planName + " to satisfy the given requirements, but: "
                + failure.getMessage().strip(), plan, List.of()));
    }
}
