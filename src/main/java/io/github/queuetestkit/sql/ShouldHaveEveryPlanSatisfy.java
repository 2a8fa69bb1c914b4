package io.github.queuetestkit.sql;

import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * Wording of a check over every captured statement's plan: the statements whose plans failed it, each with its own
 * plan failure, or no statement that could be planned at all.
 */
final class ShouldHaveEveryPlanSatisfy extends BasicErrorMessageFactory {

    private ShouldHaveEveryPlanSatisfy(String message) {
        super("%s", unquotedString(message));
    }

    /**
     * @param plans "plan", "generic plan" or "custom and generic plans"
     * @param what the check, e.g. {@code hasNoSort()}
     * @param failures one entry per statement that failed, with its plan failure
     * @param planned how many statements were planned
     * @param skipped the "Not planned" listing, or empty
     */
    static ShouldHaveEveryPlanSatisfy create(String plans, String what, List<String> failures, int planned,
            String skipped) {
        return new ShouldHaveEveryPlanSatisfy("\nExpecting every captured statement's " + plans + " to satisfy " + what
                + ", but " + failures.size() + " of " + planned + " did not." + skipped + "\n\n"
                + String.join("\n\n", failures));
    }

    /**
     * @param plans "plan", "generic plan" or "custom and generic plans"
     * @param what the check
     * @param skipped the "Not planned" listing, or empty
     * @param captured how many statements were captured
     */
    /**
     * @param plans "plan", "generic plan" or "custom and generic plans"
     * @param what the check
     * @param hidden the "Not checked" listing of statements that only call functions of the database's own
     * @param skipped the "Not planned" listing, or empty
     */
    static ShouldHaveEveryPlanSatisfy onlyFunctionCalls(String plans, String what, String hidden, String skipped) {
        return new ShouldHaveEveryPlanSatisfy("\nExpecting every captured statement's " + plans + " to satisfy " + what
                + ", but no planned statement's plan shows the work it does, so the check would prove nothing." + hidden
                + skipped + "\nA function's statements run with plans of their own: check them with assertThatPlan on"
                + " the SQL inside the function, or see what it ran with the server-side view (ServerStatements).");
    }

    static ShouldHaveEveryPlanSatisfy nonePlanned(String plans, String what, String skipped, int captured) {
        return new ShouldHaveEveryPlanSatisfy("\nExpecting every captured statement's " + plans + " to satisfy " + what
                + ", but no statement could be planned." + skipped + "\nCaptured: " + captured + " statements.");
    }
}
