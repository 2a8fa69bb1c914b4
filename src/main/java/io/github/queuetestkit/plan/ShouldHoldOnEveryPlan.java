package io.github.queuetestkit.plan;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The message of a plan assertion that failed: the failure of each plan that failed (custom, generic), then the
 * verdict facts read when the plans were taken (see {@link PlanFooter}), so every plan failure ends the same way.
 */
final class ShouldHoldOnEveryPlan extends BasicErrorMessageFactory {

    private ShouldHoldOnEveryPlan(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param failures the failure of each plan that failed, in plan order
     * @param plans the plans judged, whose facts end the message
     * @param tinyTablesAllowed whether the user said small data is the point
     */
    static ShouldHoldOnEveryPlan create(List<ErrorMessageFactory> failures, Plans plans, boolean tinyTablesAllowed) {
        return new ShouldHoldOnEveryPlan(String.join("\n", failures.stream().map(ErrorMessageFactory::create)
                .toList()) + PlanFooter.of(plans, tinyTablesAllowed));
    }
}
